package org.textrnn.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.textrnn.metrics.ClassificationMetrics;

/**
 * Writes the evaluation report: one self-contained HTML file (no network, no external script or
 * style) whose charts are inline SVG generated here, so they show with scripting off too. Every
 * string that comes from data or settings (labels, paths, configuration values) is HTML-escaped.
 *
 * <p>Charts are {@code <svg class="chart" data-marks="N">} elements whose N data marks (bars,
 * cells, points, lines) carry {@code class="mark"}; a few lines of embedded script check after
 * loading that the browser laid every mark out (a non-empty bounding box) and record the result in
 * {@code data-rendered} / {@code data-rendered-marks}, which the headless-browser test reads.
 * Guardrail hits are shown in red ({@code class="flag"}).
 */
public final class ReportWriter {

    static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"};
    private static final String MODEL_NAME = "textrnn model";

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
                .append(fmt(g.scores().get(g.best()))).append(")");
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
                    .append(esc(displayName(names.get(i)))).append(best ? " (best)" : "").append("</td><td>").append(fmt(m.get("accuracy")))
                    .append("</td><td>").append(fmt(m.get("macro_f1"))).append("</td><td>").append(fmt(m.get("weighted_f1")))
                    .append("</td><td>").append(fmt(m.get("log_loss"))).append("</td><td>");
            if (m.get("top_k_accuracy") instanceof Map<?, ?> topK) {
                List<String> parts = new ArrayList<>();
                topK.forEach((k, v) -> parts.add("top-" + k + " " + fmt(v)));
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
                    .append("</td><td>").append(fmt(p[c])).append("</td><td>").append(fmt(rc[c])).append("</td><td>").append(fmt(f[c]))
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
        h.append("<h3>GloVe coverage</h3>\n");
        Map<String, Object> g = r.glove();
        if (g == null) {
            h.append("<p class=\"note\" id=\"glove-none\">The model was trained without GloVe vectors.</p>\n");
        } else {
            h.append(bars("chart-glove", "Share covered by GloVe vectors", List.of("vocabulary entries", "training tokens"),
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

    // ---------------------------------------------------------------- charts

    /** One named series of values, drawn in one colour. NaN values are missing. */
    record Series(String name, String color, double[] values) {
    }

    /** The top of the y axis: yMax, or when that is NaN a round number above every value of the series (1 when none is positive). */
    static double axisMax(List<Series> series, double yMax) {
        if (!Double.isNaN(yMax)) {
            return yMax;
        }
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        return max <= 0 ? 1 : niceCeiling(max);
    }

    /** Grouped vertical bars: one group per category, one bar per series. yMax NaN: from the data. */
    static String bars(String id, String title, List<String> categories, List<Series> series, double yMax, String valueFormat) {
        double max = axisMax(series, yMax);
        int bar = Math.max(8, Math.min(22, 120 / Math.max(1, series.size())));
        int group = bar * series.size() + 14;
        int left = 48;
        int top = 28;
        int plotH = 180;
        int bottom = 20 + Math.min(110, 6 * longest(categories));
        int plotW = Math.max(group * categories.size(), 120);
        int legendW = 20 + 7 * Math.min(28, longest(series.stream().map(Series::name).toList()));
        int w = left + plotW + 16 + legendW;
        int hgt = top + plotH + bottom;
        int marks = 0;
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < categories.size(); c++) {
            for (int s = 0; s < series.size(); s++) {
                double v = c < series.get(s).values().length ? series.get(s).values()[c] : Double.NaN;
                if (Double.isNaN(v)) {
                    continue;
                }
                double bh = plotH * Math.min(1, Math.max(0, v / max));
                double x = left + c * group + 7 + s * bar;
                b.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s, %s: %s</title></rect>\n", x, top + plotH - bh, bar - 2, bh, series.get(s).color(),
                        esc(categories.get(c)), esc(series.get(s).name()), esc(String.format(Locale.ROOT, valueFormat, v))));
                marks++;
            }
        }
        StringBuilder svg = open(id, title, w, hgt, marks);
        axes(svg, left, top, plotW, plotH, 0, max);
        for (int c = 0; c < categories.size(); c++) {
            double cx = left + c * group + group / 2.0;
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%.1f,%d) rotate(-35)\" text-anchor=\"end\">%s</text>\n",
                    cx, top + plotH + 14, esc(shorten(categories.get(c), 18))));
        }
        svg.append(b);
        legend(svg, series.stream().map(Series::name).toList(), series.stream().map(Series::color).toList(), left + plotW + 16, top);
        return svg.append("</svg>\n").toString();
    }

    /** Lines with a point per x; yMax NaN: from the data. A series with no values is left out. */
    static String lines(String id, String title, double[] x, List<Series> series, double yMax) {
        double max = axisMax(series, yMax);
        int left = 48;
        int top = 28;
        int plotW = 360;
        int plotH = 180;
        int legendW = 160;
        double xMin = x.length == 0 ? 0 : x[0];
        double xMax = x.length == 0 ? 1 : x[x.length - 1];
        double span = xMax - xMin;
        StringBuilder b = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<String> colors = new ArrayList<>();
        int marks = 0;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            StringBuilder points = new StringBuilder();
            int n = 0;
            for (int i = 0; i < x.length && i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                double px = left + (span == 0 ? plotW / 2.0 : plotW * (x[i] - xMin) / span);
                double py = top + plotH - plotH * Math.min(1, Math.max(0, v / max));
                path.append(n == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                points.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, epoch %s: %s</title></circle>\n",
                        px, py, s.color(), esc(s.name()), fmtNumber(x[i]), fmt(v)));
                n++;
            }
            if (n == 0) {
                continue;
            }
            if (n > 1) {
                b.append("<path class=\"mark\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(s.color())
                        .append("\" stroke-width=\"2\"><title>").append(esc(s.name())).append("</title></path>\n");
                marks++;
            }
            b.append(points);
            marks += n;
            names.add(s.name());
            colors.add(s.color());
        }
        StringBuilder svg = open(id, title, left + plotW + 16 + legendW, top + plotH + 40, marks);
        axes(svg, left, top, plotW, plotH, 0, max);
        for (int i = 0; i < x.length; i++) {
            if (x.length <= 12 || i % (x.length / 10 + 1) == 0 || i == x.length - 1) {
                double px = left + (span == 0 ? plotW / 2.0 : plotW * (x[i] - xMin) / span);
                svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", px,
                        top + plotH + 16, fmtNumber(x[i])));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
                left + plotW / 2.0, top + plotH + 34));
        svg.append(b);
        legend(svg, names, colors, left + plotW + 16, top);
        return svg.append("</svg>\n").toString();
    }

    /** A heat map of a confusion matrix, coloured by the share of each row; zero-recall rows outlined in red. */
    static String heatMap(String id, List<String> labels, long[][] confusion, List<String> zeroRecall) {
        int n = labels.size();
        int cell = Math.max(14, Math.min(44, 440 / Math.max(1, n)));
        int labelSpace = 12 + 6 * Math.min(20, longest(labels));
        int left = labelSpace + 8;
        int top = 28 + labelSpace;
        int w = left + n * cell + 20;
        int hgt = top + n * cell + 20;
        StringBuilder svg = open(id, "Confusion matrix (rows: true, columns: predicted)", w, hgt, n * n);
        for (int a = 0; a < n; a++) {
            long row = 0;
            for (long v : confusion[a]) {
                row += v;
            }
            boolean zero = zeroRecall.contains(labels.get(a));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick%s\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                    zero ? " flagtext" : "", left - 6, top + a * cell + cell / 2.0 + 4, esc(shorten(labels.get(a), 20))));
            for (int p = 0; p < n; p++) {
                long v = confusion[a][p];
                double share = row == 0 ? 0 : (double) v / row;
                int shade = (int) Math.round(255 - 200 * share);
                String fill = String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade);
                String stroke = zero && a == p ? " stroke=\"#c00000\" stroke-width=\"3\"" : " stroke=\"#ffffff\"";
                svg.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>"
                                + "<title>true %s, predicted %s: %d (%.1f%% of the row)</title></rect>\n", left + p * cell, top + a * cell, cell, cell,
                        fill, stroke, esc(labels.get(a)), esc(labels.get(p)), v, 100 * share));
                if (cell >= 22) {
                    svg.append(String.format(Locale.ROOT, "<text class=\"cell\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%d</text>\n",
                            left + p * cell + cell / 2.0, top + a * cell + cell / 2.0 + 4, share > 0.6 ? "#ffffff" : "#222222", v));
                }
            }
        }
        for (int p = 0; p < n; p++) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" transform=\"translate(%.1f,%d) rotate(-60)\" text-anchor=\"start\">%s</text>\n",
                    left + p * cell + cell / 2.0 + 4, top - 6, esc(shorten(labels.get(p), 20))));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String id, String title, int width, int h, int marks) {
        int w = Math.max(width, 12 + 8 * title.length()); // room for the title
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<figure><svg class=\"chart\" id=\"%s\" data-marks=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", id, marks, w, h, w, h, esc(title)));
        svg.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"4\" y=\"16\">%s</text>\n", esc(title)));
        return svg;
    }

    private static void axes(StringBuilder svg, int left, int top, int plotW, int plotH, double min, double max) {
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            double v = min + (max - min) * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", left, y, left + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left - 4, y + 4,
                    fmtNumber(v)));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, top, left, top + plotH));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", left, top + plotH, left + plotW,
                top + plotH));
    }

    private static void legend(StringBuilder svg, List<String> names, List<String> colors, int x, int y) {
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"key\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>\n", x, y + i * 16, colors.get(i), x + 14, y + i * 16 + 9,
                    esc(shorten(names.get(i), 28))));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** HTML-escapes text for element content and (double- or single-quoted) attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
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

    private static String fmt(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? "&ndash;" : String.format(Locale.ROOT, "%.4f", d);
        }
        return o == null ? "&ndash;" : esc(String.valueOf(o));
    }

    private static String fmtNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least v. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * p >= v) {
                return f * p;
            }
        }
        return 10 * p;
    }

    private static int longest(List<String> s) {
        int m = 0;
        for (String x : s) {
            m = Math.max(m, x.length());
        }
        return m;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
            h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
            h3 { font-size: 15px; } .facts { color: #555; } .note { color: #666; font-size: 13px; }
            table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
            td { font-variant-numeric: tabular-nums; } table.kv th { background: #f6f6f6; font-weight: normal; white-space: nowrap; }
            table.kv td { word-break: break-all; max-width: 800px; }
            tr.best td { font-weight: bold; } .ok { color: #155724; background: #e6f4ea; border: 1px solid #8fd19e; padding: 8px 12px; }
            .flag, tr.flag td { color: #a00000; background: #fde8e8; } div.flag { border: 2px solid #c00000; padding: 8px 12px; }
            figure { display: inline-block; margin: 8px 16px 8px 0; vertical-align: top; }
            svg.chart text { font: 11px system-ui, sans-serif; fill: #333; } svg.chart text.title { font-size: 13px; font-weight: bold; }
            svg.chart text.flagtext { fill: #c00000; font-weight: bold; } svg.chart text.cell { font-size: 11px; }
            svg.chart line.grid { stroke: #eee; } svg.chart line.axis { stroke: #888; }
            """;

    /** Checks in the browser that every chart's marks were laid out; the headless-browser test reads the result. */
    private static final String CHECK_SCRIPT = """
            (function () {
              var charts = document.querySelectorAll('svg.chart'), ok = 0;
              for (var i = 0; i < charts.length; i++) {
                var svg = charts[i], marks = svg.querySelectorAll('.mark'), drawn = 0;
                for (var j = 0; j < marks.length; j++) {
                  var b = marks[j].getBBox();
                  if (b.width > 0 || b.height > 0) { drawn++; }
                }
                var box = svg.getBoundingClientRect();
                var rendered = box.width > 0 && box.height > 0 && drawn === Number(svg.getAttribute('data-marks'));
                svg.setAttribute('data-rendered-marks', String(drawn));
                svg.setAttribute('data-rendered', String(rendered));
                if (rendered) { ok++; }
              }
              document.body.setAttribute('data-charts', String(charts.length));
              document.body.setAttribute('data-charts-rendered', String(ok));
            })();
            """;
}
