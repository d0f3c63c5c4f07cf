package org.textrnn.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.textrnn.metrics.ClassificationMetrics;
import org.textrnn.metrics.PredictionTally;

/**
 * Sample reports for the report tests. Every map is ordered (no {@code Map.of}, whose iteration
 * order changes from one JVM to the next), so each sample renders to the same HTML on every run.
 */
final class ReportSamples {

    static final List<String> LABELS = List.of("<script>alert(1)</script>", "a&b", "c\"d");

    private ReportSamples() {
    }

    /** A report with every section filled, labels that need escaping, and a class with zero recall. */
    static Report flagged() {
        PredictionTally t = new PredictionTally(3);
        t.add(0, new double[] {0.8, 0.1, 0.1});
        t.add(0, new double[] {0.3, 0.6, 0.1});
        t.add(1, new double[] {0.2, 0.7, 0.1});
        t.add(2, new double[] {0.5, 0.4, 0.1});
        PredictionTally nb = new PredictionTally(3);
        nb.add(0, new double[] {0.8, 0.1, 0.1});
        nb.add(0, new double[] {0.8, 0.1, 0.1});
        nb.add(1, new double[] {0.2, 0.7, 0.1});
        nb.add(2, new double[] {0.1, 0.1, 0.8});
        Map<String, ClassificationMetrics> baselineMetrics = new LinkedHashMap<>();
        baselineMetrics.put(Baselines.NAIVE_BAYES, nb.metrics());
        baselineMetrics.put(Baselines.LOGISTIC_REGRESSION, t.metrics());
        Map<String, Map<String, Object>> baselines = new LinkedHashMap<>();
        baselines.put(Baselines.NAIVE_BAYES, nb.describe(LABELS, 2));
        baselines.put(Baselines.LOGISTIC_REGRESSION, t.describe(LABELS, 2));
        Guardrails g = Guardrails.check(t.metrics(), LABELS, baselineMetrics, "accuracy", 0.0);
        List<Map<String, Object>> epochs = List.of(
                epoch(1, 1.05, 0.98, 0.50, 0.41), epoch(2, 0.81, 0.85, 0.61, 0.55),
                epoch(3, 0.66, 0.80, 0.66, 0.60), epoch(4, 0.59, 0.83, 0.65, 0.61));
        Map<String, Object> splits = ordered(
                "train", ordered("documents", 100, "oov_rate", 0.05,
                        "length", ordered("min", 2, "p50", 15, "p90", 22, "p95", 25, "p99", 29, "max", 40, "mean", 15.2)),
                "test", ordered("documents", 20, "oov_rate", 0.31,
                        "length", ordered("min", 3, "p50", 16, "p90", 23, "p95", 27, "p99", 31, "max", 35, "mean", 16.0)));
        Map<String, Object> stats = ordered("vocab_size", 120, "max_length", ordered("value", 29, "rule", "p99 of the training split's lengths"),
                "splits", splits);
        Map<String, Object> glove = ordered("dimension", 100, "vocabulary_coverage", 0.56, "token_coverage", 0.91);
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        config.put("evaluate", ordered("model", "work/<m1>", "top-k", 2));
        Map<String, Map<String, Object>> provenance = new LinkedHashMap<>();
        provenance.put("this run", ordered("run_id", "evaluate-test", "user", "o'neil"));
        return new Report("textrnn evaluation: <m1>", ordered("model", "work/<m1>"), LABELS, t.metrics(),
                t.describe(LABELS, 2), baselines, null, g, epochs, stats, glove, config, provenance);
    }

    /**
     * The sparse report: no baseline (with the note why), no metrics.jsonl, no stats.json, no GloVe,
     * an empty provenance section, and no guardrail hit.
     */
    static Report bare() {
        List<String> labels = List.of("neg", "pos");
        PredictionTally t = new PredictionTally(2);
        t.add(0, new double[] {0.9, 0.1});
        t.add(1, new double[] {0.2, 0.8});
        t.add(1, new double[] {0.6, 0.4});
        Guardrails g = Guardrails.check(t.metrics(), labels, Map.of(), "macro-f1", 0.0);
        Map<String, Map<String, Object>> config = new LinkedHashMap<>();
        config.put("evaluate", ordered("model", "work/m2", "baselines", false));
        config.put("train", null);
        Map<String, Map<String, Object>> provenance = new LinkedHashMap<>();
        provenance.put("model bundle", null);
        return new Report("textrnn evaluation: m2", ordered("model", "work/m2", "documents", 3), labels, t.metrics(), t.describe(labels, 1),
                Map.of(), "--baselines false", g, List.of(), null, null, config, provenance);
    }

    /** An insertion-ordered map of alternating keys and values. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> epoch(int e, double trainLoss, double validationLoss, double accuracy, double macroF1) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e);
        m.put("train_loss", trainLoss);
        m.put("validation_loss", validationLoss);
        m.put("validation_accuracy", accuracy);
        m.put("validation_macro_f1", macroF1);
        return m;
    }

    /** Marks each chart of {@link #flagged()} draws. */
    static Map<String, Integer> expectedMarks() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("chart-models", 9);     // 3 metrics x (model + 2 baselines)
        m.put("chart-loss", 10);      // 2 lines + 2 x 4 points
        m.put("chart-quality", 10);
        m.put("chart-confusion", 9);  // 3 x 3 cells
        m.put("chart-per-class", 9);  // 3 classes x precision, recall, F1
        m.put("chart-lengths", 12);   // 6 percentiles x 2 splits
        m.put("chart-oov", 2);
        m.put("chart-glove", 2);
        return m;
    }
}
