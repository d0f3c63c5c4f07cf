package org.textrnn.metrics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Running totals of probabilistic predictions against true labels, small enough to send from an
 * executor to the driver whatever the number of documents: the confusion matrix, the sum of the
 * log loss, and how often the true class had each rank. Partial tallies {@link #merge} into one.
 *
 * <p>Rules, as scikit-learn's: the predicted class is the most probable one (ties go to the lowest
 * index); log loss is the mean of {@code -ln p(true class)} with p clipped to
 * [{@value #EPSILON}, 1 - {@value #EPSILON}]; top-k accuracy counts a document when its true class is
 * among the k most probable, where the true class's rank is the number of classes more probable
 * than it, plus those equally probable with a lower index (the same tie rule as the prediction).
 */
public final class PredictionTally implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final double EPSILON = 1e-15;

    private final long[][] confusion;
    private final long[] rankCounts;
    private double logLossSum;
    private long documents;

    public PredictionTally(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, found " + numClasses);
        }
        this.confusion = new long[numClasses][numClasses];
        this.rankCounts = new long[numClasses];
    }

    public int numClasses() {
        return confusion.length;
    }

    /**
     * Adds one document. {@code probabilities} may be shorter than the number of classes (a model
     * that never saw the last classes); the missing ones count as probability 0.
     *
     * @return the predicted class
     */
    public int add(int actual, double[] probabilities) {
        if (actual < 0 || actual >= confusion.length) {
            throw new IllegalArgumentException("true class " + actual + " is outside 0.." + (confusion.length - 1));
        }
        int predicted = argMax(probabilities);
        double pTrue = actual < probabilities.length ? probabilities[actual] : 0;
        int rank = 0;
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] > pTrue || (probabilities[c] == pTrue && c < actual)) {
                rank++;
            }
        }
        confusion[actual][predicted]++;
        rankCounts[Math.min(rank, rankCounts.length - 1)]++;
        logLossSum += -Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, pTrue)));
        documents++;
        return predicted;
    }

    /** The most probable class; ties go to the lowest index. */
    public static int argMax(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Adds {@code other}'s counts to this tally and returns this. */
    public PredictionTally merge(PredictionTally other) {
        if (other.confusion.length != confusion.length) {
            throw new IllegalArgumentException("cannot merge tallies of " + other.confusion.length + " and " + confusion.length + " classes");
        }
        for (int a = 0; a < confusion.length; a++) {
            for (int p = 0; p < confusion.length; p++) {
                confusion[a][p] += other.confusion[a][p];
            }
            rankCounts[a] += other.rankCounts[a];
        }
        logLossSum += other.logLossSum;
        documents += other.documents;
        return this;
    }

    public long documents() {
        return documents;
    }

    public ClassificationMetrics metrics() {
        return new ClassificationMetrics(confusion);
    }

    /** Mean cross-entropy of the true class (natural log); 0 for no documents. */
    public double logLoss() {
        return documents == 0 ? 0 : logLossSum / documents;
    }

    /** Share of documents whose true class is among the {@code k} most probable. */
    public double topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, found " + k);
        }
        long hits = 0;
        for (int r = 0; r < Math.min(k, rankCounts.length); r++) {
            hits += rankCounts[r];
        }
        return documents == 0 ? 0 : (double) hits / documents;
    }

    /**
     * {@link ClassificationMetrics#describe} plus {@code log_loss} and {@code top_k_accuracy}
     * (by k, from 1 to {@code maxK} or the number of classes).
     */
    public Map<String, Object> describe(List<String> labels, int maxK) {
        Map<String, Object> m = metrics().describe(labels);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("weighted_f1")) {
                out.put("log_loss", ClassificationMetrics.round(logLoss()));
                Map<String, Object> topK = new LinkedHashMap<>();
                for (int k = 1; k <= Math.min(maxK, confusion.length); k++) {
                    topK.put(Integer.toString(k), ClassificationMetrics.round(topKAccuracy(k)));
                }
                out.put("top_k_accuracy", topK);
            }
        }
        return out;
    }
}
