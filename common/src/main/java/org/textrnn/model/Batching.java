package org.textrnn.model;

import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How documents of different lengths share the network's minibatches. A bundle records the one it
 * was trained with, and score and evaluate use it unless told otherwise.
 *
 * <ul>
 *   <li>{@link #LENGTH_BUCKETS} (the default since bundle format 2): documents of the same length go
 *       together and a batch is as long as its documents, so nothing is padded at prediction time
 *       (and almost nothing in training, see {@code SequenceBatches}) and the network runs no padded
 *       time steps.</li>
 *   <li>{@link #PADDED}: every document is padded to the max length, with a features mask.</li>
 * </ul>
 * With textrnn's own layers ({@link org.textrnn.model.rnn.SequenceRnn}, bundle format 2) both give
 * the same probabilities: each direction reads only a document's own steps. Networks of bundle
 * format 1 (DL4J's built-in {@code Bidirectional(LSTM)}) read the padding backwards before the
 * document, so what they predict depends on that padding: such a bundle must be used with the
 * batching it was trained with (padded), as it always was.
 */
public enum Batching {
    PADDED, LENGTH_BUCKETS;

    /** Scoring with length buckets reads this many batches' worth of documents at a time and groups them by length. */
    private static final int WINDOW_BATCHES = 16;

    /** How many documents to read before {@link #predict}: one batch padded, several for length buckets to group. */
    public int window(int batchSize) {
        return this == LENGTH_BUCKETS ? batchSize * WINDOW_BATCHES : batchSize;
    }

    /** The name used in options and bundles: {@code padded}, {@code length-buckets}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Batching parse(String id) {
        for (Batching b : values()) {
            if (b.id().equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("batching must be one of padded, length-buckets; found '" + id + "'");
    }

    /** A document's length as the network sees it: at least one step (an empty document is one PAD), at most maxLength. */
    public static int steps(int length, int maxLength) {
        return Math.max(1, Math.min(length, maxLength));
    }

    /**
     * Class probabilities of documents, in their input order.
     *
     * @param tokens    each document's token indices (padded or not; only the first {@link #steps} are read)
     * @param lengths   each document's true length
     * @param batchSize the most documents per network call
     */
    public float[][] predict(MultiLayerNetwork net, int[][] tokens, int[] lengths, int maxLength, int batchSize) {
        int n = tokens.length;
        float[][] out = new float[n][];
        int[] order = order(lengths, maxLength);
        int from = 0;
        while (from < n) {
            int to = Math.min(n, from + batchSize);
            int width = maxLength;
            if (this == LENGTH_BUCKETS) {
                width = steps(lengths[order[from]], maxLength);
                to = from + 1;
                while (to < n && to - from < batchSize && steps(lengths[order[to]], maxLength) == width) {
                    to++;
                }
            }
            int rows = to - from;
            float[] features = new float[rows * width];
            float[] mask = new float[rows * width];
            for (int r = 0; r < rows; r++) {
                int i = order[from + r];
                int steps = steps(lengths[i], maxLength);
                for (int t = 0; t < width; t++) {
                    features[r * width + t] = t < tokens[i].length ? tokens[i][t] : 0;
                    mask[r * width + t] = t < steps ? 1f : 0f;
                }
            }
            INDArray f = Nd4j.create(features, new long[] {rows, width}, 'c');
            INDArray m = Nd4j.create(mask, new long[] {rows, width}, 'c');
            float[][] p = net.output(f, false, m, null).toFloatMatrix();
            for (int r = 0; r < rows; r++) {
                out[order[from + r]] = p[r];
            }
            from = to;
        }
        return out;
    }

    /** Input order when padded; by length (stable) for buckets. */
    private int[] order(int[] lengths, int maxLength) {
        Integer[] boxed = new Integer[lengths.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        if (this == LENGTH_BUCKETS) {
            Arrays.sort(boxed, (a, b) -> Integer.compare(steps(lengths[a], maxLength), steps(lengths[b], maxLength)));
        }
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }
}
