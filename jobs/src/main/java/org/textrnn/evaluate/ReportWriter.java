package org.textrnn.evaluate;

import static org.textrnn.evaluate.Html.number;
import static org.textrnn.evaluate.ReportCharts.PALETTE;
import static org.textrnn.evaluate.ReportCharts.bars;
import static org.textrnn.evaluate.ReportCharts.heatMap;
import static org.textrnn.evaluate.ReportCharts.lines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.textrnn.evaluate.ReportCharts.Series;
import org.textrnn.metrics.ClassificationMetrics;

/**
 * Writes the evaluation report: one self-contained HTML file (no network, no external script or
 * style). This class assembles the page's sections from a {@link Report}; the charts are inline SVG
 * from {@link ReportCharts}, so they show with scripting off too; the style sheet and the script
 * are the classpath resources {@value #STYLE_RESOURCE} and {@value #SCRIPT_RESOURCE} next to this
 * class, read once and inlined into every page. Every string that comes from data or settings
 * (labels, paths, configuration values) is HTML-escaped.
 *
 * <p>The script checks after loading that the browser laid out every chart mark (a non-empty
 * bounding box) and records the result in {@code data-rendered} / {@code data-rendered-marks} of
 * each chart, which the headless-browser test reads. Guardrail hits are shown in red
 * ({@code class="flag"}).
 */
public final class ReportWriter {

    static final String STYLE_RESOURCE = "report.css";
    static final String SCRIPT_RESOURCE = "report.js";
    private static final String MODEL_NAME = "textrnn model";
    private static final String STYLE = inlineResource(STYLE_RESOURCE, "</style");
    /** Checks in the browser that every chart's marks were laid out; the headless-browser test reads the result. */
    private static final String CHECK_SCRIPT = inlineResource(SCRIPT_RESOURCE, "</script");

    private ReportWriter() {
    }

    /** The report as one HTML document. */
    public static String html(Report r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(r.title()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(r.title())).append("</h1>\n");
        h.append("<p class=\"facts\">");
        boolean first = true;
        for (Map.Entry<String, Object> e : r.facts().entrySet()) {
            h.append(first ? "" : " &middot; ").append("<b>").append(esc(e.getKey())).append("</b> ").append(esc(String.valueOf(e.getValue())));
            first = false;
        }
        h.append("</p>\n");
        verdict(h, r);
        models(h, r);
        training(h, r);
        confusion(h, r);
        perClass(h, r);
        data(h, r);
        sections(h, "configuration", "Configuration", r.configuration());
        sections(h, "provenance", "Provenance", r.provenance());
        h.append("<script>\n").append(CHECK_SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---------------------------------------------------------------- sections

    private static void verdict(StringBuilder h, Report r) {
        Guardrails g = r.guardrails();
        h.append("<section id=\"verdict\">\n");
        if (g.flagged()) {
            h.append("<div class=\"flag verdict\"><b>Flagged:</b><ul>");
            for (String m : g.messages()) {
                h.append("<li>").append(esc(m)).append("</li>");
            }
            h.append("</ul></div>\n");
        } else {
            h.append("<div class=\"ok verdict\">No guardrail hit: every class is recalled at least once")
                    .append(r.baselines().isEmpty() ? "" : " and the model is not below the best baseline").append(".</div>\n");
        }
        h.append("<p>Best by ").append(esc(g.metric())).append(": <b id=\"best-model\">").append(esc(displayName(g.best()))).append("</b> (")
                .append(number(g.scores().get(g.best()))).append(")");
        if (r.baselineNote() != null) {
            h.append(". No baseline: ").append(esc(r.baselineNote()));
        }
        h.append(".</p>\n</section>\n");
    }

    private static void models(StringBuilder h, Report r) {
        h.append("<section id=\"models\">\n<h2>Model and baselines</h2>\n<table>\n<tr><th>model</th><th>accuracy</th><th>macro F1</th>"
                + "<th>weighted F1</th><th>log loss</th><th>top-k accuracy</th></tr>\n");
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> metrics = new ArrayList<>();
        names.add(Guardrails.MODEL);
        metrics.add(r.modelMetrics());
        r.baselines().forEach((k, v) -> {
            names.add(k);
            metrics.add(v);
        });
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> m = metrics.get(i);
            boolean best = names.get(i).equals(r.guardrails().best());
            boolean flagged = i == 0 && r.guardrails().belowBaseline();
            h.append("<tr").append(flagged ? " class=\"flag\"" : best ? " class=\"best\"" : "").append("><td>")
                    .append(esc(displayName(names.get(i)))).append(best ? " (best)" : "").append("</td><td>").append(number(m.get("accuracy")))
                    .append("</td><td>").append(number(m.get("macro_f1"))).append("</td><td>").append(number(m.get("weighted_f1")))
                    .append("</td><td>").append(number(m.get("log_loss"))).append("</td><td>");
            if (m.get("top_k_accuracy") instanceof Map<?, ?> topK) {
                List<String> parts = new ArrayList<>();
                topK.forEach((k, v) -> parts.add("top-" + k + " " + number(v)));
                h.append(esc(String.join(", ", parts)));
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
        List<String> categories = List.of("accuracy", "macro F1", "weighted F1");
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> m = metrics.get(i);
            series.add(new Series(displayName(names.get(i)), PALETTE[i % PALETTE.length],
                    new double[] {num(m.get("accuracy")), num(m.get("macro_f1")), num(m.get("weighted_f1"))}));
        }
        h.append(bars("chart-models", "Model and baselines", categories, series, 1.0, "%.3f"));
        h.append("</section>\n");
    }

    private static void training(StringBuilder h, Report r) {
        h.append("<section id=\"training\">\n<h2>Training curves</h2>\n");
        if (r.epochs().isEmpty()) {
            h.append("<p class=\"note\">The bundle has no metrics.jsonl: no training curves.</p>\n</section>\n");
            return;
        }
        double[] x = new double[r.epochs().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = num(r.epochs().get(i).get("epoch"));
        }
        List<Series> loss = List.of(new Series("train loss", PALETTE[0], column(r.epochs(), "train_loss")),
                new Series("validation loss", PALETTE[1], column(r.epochs(), "validation_loss")));
        List<Series> quality = List.of(new Series("validation accuracy", PALETTE[2], column(r.epochs(), "validation_accuracy")),
                new Series("validation macro-F1", PALETTE[3], column(r.epochs(), "validation_macro_f1")));
        h.append(lines("chart-loss", "Loss per epoch", x, loss, Double.NaN));
        h.append(lines("chart-quality", "Validation accuracy and macro-F1 per epoch", x, quality, 1.0));
        h.append("</section>\n");
    }

    private static void confusion(StringBuilder h, Report r) {
        h.append("<section id=\"confusion\">\n<h2>Confusion matrix</h2>\n<p class=\"note\">Rows: true class; columns: predicted class; "
                + "colour: share of the row. Classes never predicted right are outlined in red.</p>\n");
        h.append(heatMap("chart-confusion", r.labels(), r.model().confusion(), r.guardrails().zeroRecall()));
        h.append("</section>\n");
    }

    private static void perClass(StringBuilder h, Report r) {
        ClassificationMetrics m = r.model();
        int n = r.labels().size();
        h.append("<section id=\"per-class\">\n<h2>Per class</h2>\n");
        double[] p = new double[n];
        double[] rc = new double[n];
        double[] f = new double[n];
        for (int c = 0; c < n; c++) {
            p[c] = m.precision(c);
            rc[c] = m.recall(c);
            f[c] = m.f1(c);
        }
        h.append(bars("chart-per-class", "Precision, recall and F1 per class", r.labels(),
                List.of(new Series("precision", PALETTE[0], p), new Series("recall", PALETTE[1], rc), new Series("F1", PALETTE[2], f)),
                1.0, "%.3f"));
        h.append("<table>\n<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>\n");
        for (int c = 0; c < n; c++) {
            boolean zero = r.guardrails().zeroRecall().contains(r.labels().get(c));
            h.append("<tr").append(zero ? " class=\"flag\"" : "").append("><td>").append(esc(r.labels().get(c))).append(zero ? " (zero recall)" : "")
                    .append("</td><td>").append(number(p[c])).append("</td><td>").append(number(rc[c])).append("</td><td>").append(number(f[c]))
                    .append("</td><td>").append(m.support(c)).append("</td><td>").append(m.predicted(c)).append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void data(StringBuilder h, Report r) {
        h.append("<section id=\"data\">\n<h2>Data</h2>\n");
        Map<String, Object> stats = r.prepareStats();
        if (stats != null && stats.get("splits") instanceof Map<?, ?> splits && !splits.isEmpty()) {
            List<String> points = List.of("min", "p50", "p90", "p95", "p99", "max");
            List<Series> lengths = new ArrayList<>();
            List<String> splitNames = new ArrayList<>();
            List<Double> oov = new ArrayList<>();
            int i = 0;
            for (Map.Entry<?, ?> e : splits.entrySet()) {
                Map<?, ?> s = (Map<?, ?>) e.getValue();
                splitNames.add(String.valueOf(e.getKey()));
                oov.add(num(s.get("oov_rate")));
                if (s.get("length") instanceof Map<?, ?> len) {
                    double[] v = new double[points.size()];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = num(len.get(points.get(k)));
                    }
                    lengths.add(new Series(String.valueOf(e.getKey()), PALETTE[i++ % PALETTE.length], v));
                }
            }
            if (!lengths.isEmpty()) {
                h.append(bars("chart-lengths", "Document length in tokens (before truncation), by split", points, lengths, Double.NaN, "%.0f"));
            }
            double[] o = oov.stream().mapToDouble(Double::doubleValue).toArray();
            h.append(bars("chart-oov", "Out-of-vocabulary token rate, by split", splitNames,
                    List.of(new Series("OOV rate", PALETTE[3], o)), Double.NaN, "%.3f"));
            Object max = stats.get("max_length") instanceof Map<?, ?> ml ? ml.get("value") + " (" + ml.get("rule") + ")" : null;
            if (max != null) {
                h.append("<p class=\"note\">Max length ").append(esc(String.valueOf(max))).append("; vocabulary ")
                        .append(esc(String.valueOf(stats.get("vocab_size")))).append(" entries.</p>\n");
            }
        } else {
            h.append("<p class=\"note\">No stats.json from prepare: no length and OOV distributions.</p>\n");
        }
        Map<String, Object> g = r.glove();
        String vectors = g != null && "word2vec".equals(g.get("vectors")) ? "Word2Vec" : "GloVe";
        h.append("<h3>").append(vectors).append(" coverage</h3>\n");
        if (g == null) {
            h.append("<p class=\"note\" id=\"glove-none\">The model was trained without GloVe vectors.</p>\n");
        } else {
            h.append(bars("chart-glove", "Share covered by " + vectors + " vectors", List.of("vocabulary entries", "training tokens"),
                    List.of(new Series("coverage", PALETTE[2], new double[] {num(g.get("vocabulary_coverage")), num(g.get("token_coverage"))})),
                    1.0, "%.3f"));
            table(h, g);
        }
        h.append("</section>\n");
    }

    private static void sections(StringBuilder h, String id, String title, Map<String, Map<String, Object>> sections) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(title).append("</h2>\n");
        for (Map.Entry<String, Map<String, Object>> s : sections.entrySet()) {
            if (s.getValue() == null) {
                continue;
            }
            h.append("<h3>").append(esc(s.getKey())).append("</h3>\n");
            table(h, s.getValue());
        }
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, Map<String, Object> values) {
        h.append("<table class=\"kv\">\n");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    // ---------------------------------------------------------------- helpers

    /** HTML-escapes text for element content and (double- or single-quoted) attribute values. */
    public static String esc(String s) {
        return Html.esc(s);
    }

    static String displayName(String name) {
        return switch (name) {
            case Guardrails.MODEL -> MODEL_NAME;
            case Baselines.NAIVE_BAYES -> "naive Bayes (TF-IDF)";
            case Baselines.LOGISTIC_REGRESSION -> "logistic regression (TF-IDF)";
            default -> name;
        };
    }

    private static double[] column(List<Map<String, Object>> rows, String key) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = num(rows.get(i).get(key));
        }
        return v;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /**
     * A UTF-8 resource next to this class, to inline into the page: it must not hold closer (the end
     * tag of the element it goes in, any case), which would end that element early.
     */
    static String inlineResource(String name, String closer) {
        try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report resource " + name + " is missing from the classpath (next to "
                        + ReportWriter.class.getName() + ")");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(Locale.ROOT).contains(closer)) {
                throw new IllegalStateException("the report resource " + name + " holds " + closer + ", which would end its element early");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report resource " + name, e);
        }
    }
}
