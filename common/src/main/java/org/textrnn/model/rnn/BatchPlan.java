package org.textrnn.model.rnn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a minibatch of sequences of different lengths is laid out for the recurrent kernels.
 *
 * <p>Sequences are ranked by length, longest first (ties keep their input order), and the kernels
 * work on packed time-major rows (as PyTorch's {@code PackedSequence}): step t holds the
 * {@link #active(int)} sequences still running, ranks 0..active−1, in rows {@code offset(t) + r}.
 * Each step is one contiguous block, the sequences of step t are a prefix of those of step t − 1,
 * and no padded step is stored or computed. For the backward direction step t of a sequence of
 * length L is its position L − 1 − t: the reversal happens in the gather.
 *
 * <p>Index arrays map between that layout and DL4J's rows by sequence ({@code b·T + t}, see
 * {@link #rowsByStep}); a padded position maps to {@link #zeroRow()}, a row the kernels keep zero.
 */
final class BatchPlan {

    private final int minibatch;
    private final int steps;
    private final int maxLength;
    private final int[] length;
    private final int[] order;
    private final int[] rank;
    private final int[] active;
    private final int[] offset;
    /** The index arrays below, by direction (0 forward, 1 reversed), computed once per plan. */
    private final int[][] gather = new int[2][];
    private final int[][] scatter = new int[2][];

    private BatchPlan(int minibatch, int steps, int[] length) {
        this.minibatch = minibatch;
        this.steps = steps;
        this.length = length;
        Integer[] boxed = new Integer[minibatch];
        for (int i = 0; i < minibatch; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare(length[b], length[a]));
        order = new int[minibatch];
        rank = new int[minibatch];
        for (int r = 0; r < minibatch; r++) {
            order[r] = boxed[r];
            rank[boxed[r]] = r;
        }
        maxLength = minibatch == 0 ? 0 : length[order[0]];
        active = new int[maxLength];
        for (int t = 0, r = minibatch; t < maxLength; t++) {
            while (r > 0 && length[order[r - 1]] <= t) {
                r--;
            }
            active[t] = r;
        }
        offset = new int[maxLength + 1];
        for (int t = 0; t < maxLength; t++) {
            offset[t + 1] = offset[t] + active[t];
        }
    }

    /**
     * @param mask [minibatch, steps] with each sequence's ones first, or null: every sequence is
     *             {@code steps} long
     */
    static BatchPlan of(long minibatch, long steps, INDArray mask) {
        int mb = Math.toIntExact(minibatch);
        int t = Math.toIntExact(steps);
        int[] length = new int[mb];
        if (mask == null) {
            Arrays.fill(length, t);
        } else {
            if (mask.length() != minibatch * steps) {
                throw new IllegalStateException("features mask of shape " + Arrays.toString(mask.shape()) + " for a minibatch of " + mb
                        + " sequences of " + t + " steps");
            }
            double[] sums = mask.reshape(mb, t).sum(1).toDoubleVector();
            for (int i = 0; i < mb; i++) {
                length[i] = (int) Math.max(0, Math.min(t, Math.round(sums[i])));
            }
        }
        return new BatchPlan(mb, t, length);
    }

    /** DL4J's [minibatch, features, T] as a c-ordered copy [minibatch·T, features], row b·T + t. */
    static INDArray rowsByStep(INDArray ncw) {
        return ncw.permute(0, 2, 1).dup('c').reshape('c', ncw.size(0) * ncw.size(2), ncw.size(1));
    }

    int minibatch() {
        return minibatch;
    }

    /** T of the input, padding included. */
    int steps() {
        return steps;
    }

    /** Steps of the longest sequence: the kernels run this many. */
    int maxLength() {
        return maxLength;
    }

    /** Packed rows in use: the sum of the lengths. */
    int rows() {
        return offset[maxLength];
    }

    /** First packed row of step t. */
    int offset(int t) {
        return offset[t];
    }

    /** The row index past the used rows that the kernels keep at zero. */
    int zeroRow() {
        return rows();
    }

    /** Sequences still running at step t (a prefix of the ranked rows). */
    int active(int t) {
        return active[t];
    }

    /** For each packed row, the row of {@link #rowsByStep} it reads. */
    int[] gather(boolean reverse) {
        int d = reverse ? 1 : 0;
        if (gather[d] != null) {
            return gather[d];
        }
        int[] idx = new int[rows()];
        for (int t = 0; t < maxLength; t++) {
            for (int r = 0; r < active[t]; r++) {
                int b = order[r];
                idx[offset[t] + r] = b * steps + (reverse ? length[b] - 1 - t : t);
            }
        }
        gather[d] = idx;
        return idx;
    }

    /** For each row b·T + t of {@link #rowsByStep}, the packed row holding it, or {@link #zeroRow()} for padding. */
    int[] scatter(boolean reverse) {
        int d = reverse ? 1 : 0;
        if (scatter[d] != null) {
            return scatter[d];
        }
        int[] idx = new int[minibatch * steps];
        for (int b = 0; b < minibatch; b++) {
            for (int t = 0; t < steps; t++) {
                int step = reverse ? length[b] - 1 - t : t;
                idx[b * steps + t] = t < length[b] ? offset[step] + rank[b] : zeroRow();
            }
        }
        scatter[d] = idx;
        return idx;
    }

    /** For each sequence in input order, the packed row of its last step (its final state), or {@link #zeroRow()} if empty. */
    int[] finalRows() {
        int[] idx = new int[minibatch];
        for (int b = 0; b < minibatch; b++) {
            idx[b] = length[b] == 0 ? zeroRow() : offset[length[b] - 1] + rank[b];
        }
        return idx;
    }

    /** Input index of the sequence ranked r, for each r. */
    int[] order() {
        return order.clone();
    }
}
