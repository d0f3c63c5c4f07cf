package org.textrnn.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy and per-class / macro / weighted precision, recall and F1 from a confusion matrix
 * ({@code confusion[actual][predicted]}). Undefined ratios (a class never predicted, or absent)
 * count as 0, as scikit-learn's {@code zero_division=0}; macro averages run over every class.
 */
public final class ClassificationMetrics {

    private final long[][] confusion;
    private final long total;

    public ClassificationMetrics(long[][] confusion) {
        this.confusion = confusion;
        long t = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                t += v;
            }
        }
        this.total = t;
    }

    public long total() {
        return total;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    public long support(int c) {
        long s = 0;
        for (long v : confusion[c]) {
            s += v;
        }
        return s;
    }

    /** Documents predicted as class {@code c}. */
    public long predicted(int c) {
        long s = 0;
        for (long[] row : confusion) {
            s += row[c];
        }
        return s;
    }

    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) confusion[c][c] / p;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) confusion[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < confusion.length; c++) {
            s += f1(c);
        }
        return confusion.length == 0 ? 0 : s / confusion.length;
    }

    public double weightedF1() {
        double s = 0;
        for (int c = 0; c < confusion.length; c++) {
            s += f1(c) * support(c);
        }
        return total == 0 ? 0 : s / total;
    }

    public int numClasses() {
        return confusion.length;
    }

    /** A copy of the matrix, {@code [actual][predicted]}. */
    public long[][] confusion() {
        long[][] copy = new long[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** Classes that occur (support above 0) but are never predicted right: a model that ignores them. */
    public List<Integer> zeroRecallClasses() {
        List<Integer> classes = new ArrayList<>();
        for (int c = 0; c < confusion.length; c++) {
            if (support(c) > 0 && confusion[c][c] == 0) {
                classes.add(c);
            }
        }
        return classes;
    }

    /** accuracy, macro_f1, weighted_f1, and per class (by label) precision, recall, f1, support. */
    public Map<String, Object> describe(List<String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documents", total);
        m.put("accuracy", round(accuracy()));
        m.put("macro_f1", round(macroF1()));
        m.put("weighted_f1", round(weightedF1()));
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < confusion.length; c++) {
            Map<String, Object> pc = new LinkedHashMap<>();
            pc.put("precision", round(precision(c)));
            pc.put("recall", round(recall(c)));
            pc.put("f1", round(f1(c)));
            pc.put("support", support(c));
            perClass.put(labels.get(c), pc);
        }
        m.put("per_class", perClass);
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> r = new ArrayList<>();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        m.put("confusion", rows);
        return m;
    }

    public static double round(double v) {
        return Math.round(v * 1_000_000.0) / 1_000_000.0;
    }
}
