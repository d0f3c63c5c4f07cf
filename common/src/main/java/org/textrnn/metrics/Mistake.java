package org.textrnn.metrics;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One wrongly classified document, as errors.csv lists it.
 *
 * @param excerpt         the document's kept tokens, decoded through the vocabulary ({@code <unk>} for
 *                        words outside it), cut to {@link #EXCERPT} characters
 * @param confidence      the probability the model gave its (wrong) prediction
 * @param trueProbability the probability it gave the true class
 */
public record Mistake(String docId, String excerpt, int actual, int predicted, double confidence, double trueProbability)
        implements Serializable {

    public static final int EXCERPT = 200;

    /** Most confident first; ties by document id, so the list does not depend on partitioning. */
    public static final Comparator<Mistake> MOST_CONFIDENT_FIRST = Comparator.comparingDouble(Mistake::confidence).reversed()
            .thenComparing(Mistake::docId);
}
