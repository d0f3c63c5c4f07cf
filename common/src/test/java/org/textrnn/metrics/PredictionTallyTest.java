package org.textrnn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics of a small example worked out by hand (below), against what the tally computes. */
class PredictionTallyTest {

    /*
     * Three classes A=0, B=1, C=2; eight documents (true class, probabilities of A, B, C):
     *
     *   #  true  p(A)  p(B)  p(C)  predicted  p(true)  rank of true class
     *   1  A     0.70  0.20  0.10  A          0.70     0
     *   2  A     0.50  0.40  0.10  A          0.50     0
     *   3  A     0.20  0.50  0.30  B          0.20     2  (B and C more probable)
     *   4  B     0.10  0.80  0.10  B          0.80     0
     *   5  B     0.60  0.30  0.10  A          0.30     1
     *   6  B     0.25  0.50  0.25  B          0.50     0
     *   7  C     0.30  0.30  0.40  C          0.40     0
     *   8  C     0.10  0.60  0.30  B          0.30     1
     *
     * Confusion [true][predicted]:  A: 2 1 0   B: 1 2 0   C: 0 1 1
     * accuracy = (2 + 2 + 1) / 8 = 0.625
     * predicted A 3 times, B 4, C 1; support A 3, B 3, C 2
     * precision A 2/3, B 2/4, C 1/1; recall A 2/3, B 2/3, C 1/2
     * F1 A = 2/3; B = 2 * (1/2) * (2/3) / (1/2 + 2/3) = 4/7; C = 2 * 1 * (1/2) / (3/2) = 2/3
     * macro F1 = (2/3 + 4/7 + 2/3) / 3 = 40/63 = 0.634921
     * weighted F1 = (3 * 2/3 + 3 * 4/7 + 2 * 2/3) / 8 = 53/84 = 0.630952
     * log loss = -(ln .7 + ln .5 + ln .2 + ln .8 + ln .3 + ln .5 + ln .4 + ln .3) / 8
     *          = -ln(0.001008) / 8 = 6.899787 / 8 = 0.862473
     * top-1 = 5/8 = 0.625; top-2 = 7/8 = 0.875 (only #3 misses); top-3 = 1
     */
    static PredictionTally example() {
        PredictionTally t = new PredictionTally(3);
        t.add(0, new double[] {0.70, 0.20, 0.10});
        t.add(0, new double[] {0.50, 0.40, 0.10});
        t.add(0, new double[] {0.20, 0.50, 0.30});
        t.add(1, new double[] {0.10, 0.80, 0.10});
        t.add(1, new double[] {0.60, 0.30, 0.10});
        t.add(1, new double[] {0.25, 0.50, 0.25});
        t.add(2, new double[] {0.30, 0.30, 0.40});
        t.add(2, new double[] {0.10, 0.60, 0.30});
        return t;
    }

    @Test
    void handCheckedExample() {
        PredictionTally t = example();
        ClassificationMetrics m = t.metrics();
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{2, 1, 0}, {1, 2, 0}, {0, 1, 1}});
        assertThat(m.accuracy()).isEqualTo(0.625);
        assertThat(m.precision(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.precision(1)).isCloseTo(0.5, within(1e-12));
        assertThat(m.precision(2)).isCloseTo(1.0, within(1e-12));
        assertThat(m.recall(0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall(1)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall(2)).isCloseTo(0.5, within(1e-12));
        assertThat(m.f1(1)).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(m.macroF1()).isCloseTo(40.0 / 63, within(1e-12));
        assertThat(m.weightedF1()).isCloseTo(53.0 / 84, within(1e-12));
        assertThat(t.logLoss()).isCloseTo(-Math.log(0.001008) / 8, within(1e-12)).isCloseTo(0.862473, within(1e-6));
        assertThat(t.topKAccuracy(1)).isEqualTo(0.625);
        assertThat(t.topKAccuracy(2)).isEqualTo(0.875);
        assertThat(t.topKAccuracy(3)).isEqualTo(1.0);
        assertThat(t.topKAccuracy(5)).isEqualTo(1.0);
        assertThat(m.zeroRecallClasses()).isEmpty();
    }

    @Test
    void describeRoundsAndNamesEverything() {
        Map<String, Object> d = example().describe(List.of("A", "B", "C"), 2);
        assertThat(d).containsEntry("documents", 8L).containsEntry("accuracy", 0.625).containsEntry("macro_f1", 0.634921)
                .containsEntry("weighted_f1", 0.630952).containsEntry("log_loss", 0.862473)
                .containsEntry("top_k_accuracy", Map.of("1", 0.625, "2", 0.875));
        assertThat(List.copyOf(d.keySet())).containsExactly("documents", "accuracy", "macro_f1", "weighted_f1", "log_loss",
                "top_k_accuracy", "per_class", "confusion");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) d.get("per_class");
        assertThat(perClass.get("B")).containsEntry("precision", 0.5).containsEntry("recall", 0.666667)
                .containsEntry("f1", 0.571429).containsEntry("support", 3L);
        assertThat(perClass.get("C")).containsEntry("precision", 1.0).containsEntry("recall", 0.5).containsEntry("support", 2L);
    }

    @Test
    void partialTalliesMergeIntoTheWhole() {
        PredictionTally a = new PredictionTally(3);
        a.add(0, new double[] {0.70, 0.20, 0.10});
        a.add(0, new double[] {0.50, 0.40, 0.10});
        a.add(0, new double[] {0.20, 0.50, 0.30});
        PredictionTally b = new PredictionTally(3);
        b.add(1, new double[] {0.10, 0.80, 0.10});
        b.add(1, new double[] {0.60, 0.30, 0.10});
        b.add(1, new double[] {0.25, 0.50, 0.25});
        b.add(2, new double[] {0.30, 0.30, 0.40});
        b.add(2, new double[] {0.10, 0.60, 0.30});
        PredictionTally whole = example();
        a.merge(b);
        assertThat(a.documents()).isEqualTo(8);
        assertThat(a.metrics().confusion()).isDeepEqualTo(whole.metrics().confusion());
        assertThat(a.logLoss()).isCloseTo(whole.logLoss(), within(1e-12));
        assertThat(a.topKAccuracy(2)).isEqualTo(whole.topKAccuracy(2));
        assertThatThrownBy(() -> a.merge(new PredictionTally(4))).hasMessage("cannot merge tallies of 4 and 3 classes");
    }

    @Test
    void tiesGoToTheLowestIndexAndCertainMistakesAreClipped() {
        PredictionTally t = new PredictionTally(3);
        assertThat(t.add(1, new double[] {0.4, 0.4, 0.2})).as("tie between A and B").isEqualTo(0);
        assertThat(t.topKAccuracy(1)).isEqualTo(0.0);
        assertThat(t.topKAccuracy(2)).isEqualTo(1.0);
        t.add(2, new double[] {1.0, 0.0, 0.0});
        assertThat(t.logLoss()).isCloseTo((-Math.log(0.4) - Math.log(PredictionTally.EPSILON)) / 2, within(1e-9));
        t.add(2, new double[] {0.9, 0.1});
        assertThat(t.metrics().confusion()[2][0]).as("a probability vector without the last class").isEqualTo(2);
        assertThat(t.metrics().zeroRecallClasses()).containsExactly(1, 2);
        assertThatThrownBy(() -> t.add(3, new double[] {1, 0, 0})).hasMessage("true class 3 is outside 0..2");
        assertThatThrownBy(() -> t.topKAccuracy(0)).hasMessage("k must be >= 1, found 0");
    }
}
