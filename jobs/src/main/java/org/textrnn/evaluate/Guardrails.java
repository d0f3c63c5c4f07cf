package org.textrnn.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.textrnn.metrics.ClassificationMetrics;

/**
 * What the report flags in red, and what makes {@code evaluate --fail-on-regression} exit with
 * {@link EvaluateCommand#REGRESSION}: a class that occurs in the evaluated data but is never
 * predicted right (zero recall), or a model whose {@code metric} is below the best baseline's plus
 * {@code margin}.
 *
 * @param zeroRecall   labels of the classes with zero recall
 * @param scores       the metric of every model evaluated, the network ({@value #MODEL}) first
 * @param best         the name of the best of them by the metric
 * @param belowBaseline whether the network is below the best baseline plus the margin
 */
public record Guardrails(List<String> zeroRecall, String metric, double margin, Map<String, Double> scores, String best,
                         boolean belowBaseline) {

    public static final String MODEL = "model";

    static Guardrails check(ClassificationMetrics model, List<String> labels, Map<String, ClassificationMetrics> baselines,
                            String metric, double margin) {
        List<String> zero = new ArrayList<>();
        model.zeroRecallClasses().forEach(c -> zero.add(labels.get(c)));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(MODEL, score(model, metric));
        baselines.forEach((name, m) -> scores.put(name, score(m, metric)));
        String best = MODEL;
        double bestBaseline = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (e.getValue() > scores.get(best)) {
                best = e.getKey();
            }
            if (!e.getKey().equals(MODEL)) {
                bestBaseline = Math.max(bestBaseline, e.getValue());
            }
        }
        boolean below = !baselines.isEmpty() && scores.get(MODEL) < bestBaseline + margin;
        return new Guardrails(List.copyOf(zero), metric, margin, scores, best, below);
    }

    static double score(ClassificationMetrics m, String metric) {
        return metric.equals("macro-f1") ? m.macroF1() : m.accuracy();
    }

    public boolean flagged() {
        return !zeroRecall.isEmpty() || belowBaseline;
    }

    /** One sentence per flag, for the log, the report and the command line. */
    public List<String> messages() {
        List<String> m = new ArrayList<>();
        if (!zeroRecall.isEmpty()) {
            m.add("zero recall (never predicted right): " + String.join(", ", zeroRecall));
        }
        if (belowBaseline) {
            double bestBaseline = scores.entrySet().stream().filter(e -> !e.getKey().equals(MODEL))
                    .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
            m.add(String.format(java.util.Locale.ROOT, "the model's %s %.4f is below the best baseline's %.4f%s", metric,
                    scores.get(MODEL), bestBaseline, margin == 0 ? "" : String.format(java.util.Locale.ROOT, " plus the margin %.4f", margin)));
        }
        return m;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flagged", flagged());
        m.put("zero_recall_classes", zeroRecall);
        m.put("metric", metric);
        m.put("margin", margin);
        Map<String, Object> s = new LinkedHashMap<>();
        scores.forEach((k, v) -> s.put(k, ClassificationMetrics.round(v)));
        m.put("scores", s);
        m.put("best", best);
        m.put("below_baseline", belowBaseline);
        m.put("messages", messages());
        return m;
    }
}
