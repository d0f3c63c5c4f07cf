package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.metrics.ClassificationMetrics;

/** The report's red flags and evaluate's --fail-on-regression verdict: zero-recall classes and a model below the best baseline. */
class GuardrailsTest {

    static final List<String> LABELS = List.of("ham", "spam", "other");

    /** A confusion matrix ({@code [actual][predicted]}) of three classes, 10 documents each, {@code right[c]} of class c right. */
    static ClassificationMetrics rightOf(int... right) {
        long[][] confusion = new long[3][3];
        for (int c = 0; c < 3; c++) {
            confusion[c][c] = right[c];
            confusion[c][(c + 1) % 3] = 10 - right[c];
        }
        return new ClassificationMetrics(confusion);
    }

    static Map<String, ClassificationMetrics> baselines(Object... nameAndMetrics) {
        Map<String, ClassificationMetrics> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMetrics.length; i += 2) {
            m.put((String) nameAndMetrics[i], (ClassificationMetrics) nameAndMetrics[i + 1]);
        }
        return m;
    }

    @Test
    void aModelAboveEveryBaselineIsNotFlagged() {
        Guardrails g = Guardrails.check(rightOf(9, 9, 9), LABELS, baselines("naive_bayes", rightOf(6, 6, 6), "logistic_regression",
                rightOf(8, 8, 8)), "accuracy", 0);
        assertThat(g.flagged()).isFalse();
        assertThat(g.belowBaseline()).isFalse();
        assertThat(g.zeroRecall()).isEmpty();
        assertThat(g.best()).isEqualTo(Guardrails.MODEL);
        assertThat(g.scores()).containsExactly(Map.entry("model", 0.9), Map.entry("naive_bayes", 0.6), Map.entry("logistic_regression", 0.8));
        assertThat(g.messages()).isEmpty();
    }

    @Test
    void aModelBelowTheBestBaselineIsFlaggedNamingBothScores() {
        Guardrails g = Guardrails.check(rightOf(7, 7, 7), LABELS, baselines("naive_bayes", rightOf(6, 6, 6), "logistic_regression",
                rightOf(8, 8, 8)), "accuracy", 0);
        assertThat(g.flagged()).isTrue();
        assertThat(g.belowBaseline()).isTrue();
        assertThat(g.best()).isEqualTo("logistic_regression");
        assertThat(g.messages()).containsExactly("the model's accuracy 0.7000 is below the best baseline's 0.8000");
    }

    @Test
    void theMarginRaisesTheBarAndIsNamed() {
        Map<String, ClassificationMetrics> b = baselines("naive_bayes", rightOf(8, 8, 8));
        Guardrails within = Guardrails.check(rightOf(9, 8, 8), LABELS, b, "accuracy", 0.05);
        // 0.8333 beats 0.8, but not 0.8 plus 0.05
        assertThat(within.best()).isEqualTo(Guardrails.MODEL);
        assertThat(within.belowBaseline()).isTrue();
        assertThat(within.messages()).containsExactly("the model's accuracy 0.8333 is below the best baseline's 0.8000 plus the margin 0.0500");
        assertThat(Guardrails.check(rightOf(9, 8, 8), LABELS, b, "accuracy", 0.03).belowBaseline()).as("0.8333 >= 0.83").isFalse();
        // a negative margin tolerates a model somewhat below the baselines
        assertThat(Guardrails.check(rightOf(7, 8, 8), LABELS, b, "accuracy", -0.05).belowBaseline()).as("0.7667 >= 0.75").isFalse();
    }

    @Test
    void aTieIsNeitherBelowTheBaselineNorTheBaselinesBest() {
        Guardrails g = Guardrails.check(rightOf(8, 8, 8), LABELS, baselines("naive_bayes", rightOf(8, 8, 8), "logistic_regression",
                rightOf(8, 8, 8)), "accuracy", 0);
        assertThat(g.belowBaseline()).isFalse();
        assertThat(g.best()).isEqualTo(Guardrails.MODEL);
        // between baselines the first of the best wins
        assertThat(Guardrails.check(rightOf(1, 1, 1), LABELS, baselines("naive_bayes", rightOf(8, 8, 8), "logistic_regression",
                rightOf(8, 8, 8)), "accuracy", 0).best()).isEqualTo("naive_bayes");
    }

    @Test
    void withoutBaselinesOnlyZeroRecallFlags() {
        Guardrails g = Guardrails.check(rightOf(1, 1, 1), LABELS, Map.of(), "accuracy", 0.5);
        assertThat(g.belowBaseline()).isFalse();
        assertThat(g.flagged()).isFalse();
        assertThat(g.scores()).containsOnlyKeys(Guardrails.MODEL);
        assertThat(g.best()).isEqualTo(Guardrails.MODEL);
    }

    @Test
    void classesNeverPredictedRightAreFlaggedByLabelButAbsentClassesAreNot() {
        long[][] confusion = {{5, 5, 0}, {10, 0, 0}, {0, 0, 0}}; // spam never right; other absent from the data
        Guardrails g = Guardrails.check(new ClassificationMetrics(confusion), LABELS, Map.of(), "accuracy", 0);
        assertThat(g.zeroRecall()).containsExactly("spam");
        assertThat(g.flagged()).isTrue();
        assertThat(g.messages()).containsExactly("zero recall (never predicted right): spam");

        long[][] two = {{0, 10, 0}, {10, 0, 0}, {0, 0, 10}};
        Guardrails both = Guardrails.check(new ClassificationMetrics(two), LABELS, baselines("naive_bayes", rightOf(8, 8, 8)), "accuracy", 0);
        assertThat(both.messages()).containsExactly("zero recall (never predicted right): ham, spam",
                "the model's accuracy 0.3333 is below the best baseline's 0.8000");
    }

    @Test
    void macroF1IsTheOtherMetric() {
        // the model is more accurate than the baseline but ignores a class: by macro-F1 it is below
        long[][] skewed = {{10, 0, 0}, {0, 10, 0}, {5, 5, 0}};
        long[][] even = {{6, 2, 2}, {2, 6, 2}, {2, 2, 6}};
        ClassificationMetrics model = new ClassificationMetrics(skewed);
        ClassificationMetrics baseline = new ClassificationMetrics(even);
        assertThat(Guardrails.check(model, LABELS, baselines("naive_bayes", baseline), "accuracy", 0).belowBaseline()).isFalse();
        Guardrails byF1 = Guardrails.check(model, LABELS, baselines("naive_bayes", baseline), "macro-f1", 0);
        assertThat(byF1.scores().get(Guardrails.MODEL)).isEqualTo(model.macroF1());
        assertThat(byF1.scores().get("naive_bayes")).isEqualTo(baseline.macroF1());
        assertThat(byF1.belowBaseline()).isTrue();
        assertThat(byF1.messages()).contains(String.format(java.util.Locale.ROOT, "the model's macro-f1 %.4f is below the best baseline's %.4f",
                model.macroF1(), baseline.macroF1()));
        assertThat(Guardrails.score(model, "accuracy")).isEqualTo(model.accuracy());
        assertThat(Guardrails.score(model, "macro-f1")).isEqualTo(model.macroF1());
    }

    @Test
    void theDescriptionIsWhatMetricsJsonHolds() {
        Guardrails g = Guardrails.check(rightOf(7, 7, 0), LABELS, baselines("naive_bayes", rightOf(8, 8, 8)), "accuracy", 0.01);
        Map<String, Object> d = g.describe();
        assertThat(d.keySet()).containsExactly("flagged", "zero_recall_classes", "metric", "margin", "scores", "best", "below_baseline",
                "messages");
        assertThat(d).containsEntry("flagged", true).containsEntry("zero_recall_classes", List.of("other")).containsEntry("metric", "accuracy")
                .containsEntry("margin", 0.01).containsEntry("best", "naive_bayes").containsEntry("below_baseline", true)
                .containsEntry("messages", g.messages());
        // scores rounded to 6 decimals, the model first
        assertThat(d.get("scores")).isEqualTo(Map.of("model", 0.466667, "naive_bayes", 0.8));
        assertThat(((Map<?, ?>) d.get("scores")).keySet().stream().map(String::valueOf).toList()).containsExactly("model", "naive_bayes");
        assertThat(g.messages()).containsExactly("zero recall (never predicted right): other",
                "the model's accuracy 0.4667 is below the best baseline's 0.8000 plus the margin 0.0100");
    }
}
