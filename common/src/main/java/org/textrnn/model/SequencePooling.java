package org.textrnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pools the recurrent outputs of every valid step into one vector: the concatenation, in this
 * order, of any of
 * <ul>
 *   <li>{@code last}: each direction's state at the document's end: the forward units at the last
 *       valid step and (bidirectional) the backward units at the first, PyTorch's {@code h_n};</li>
 *   <li>{@code mean}: the mean over the valid steps;</li>
 *   <li>{@code max}: the maximum over the valid steps.</li>
 * </ul>
 * Input [minibatch, F, T] (NCW) with a features mask [minibatch, T] (1: a token; none: every step
 * valid); output [minibatch, F × parts]. Padded steps take no part, so the output of a document does
 * not depend on its padding. A document without a valid step pools to zeros. The layer has no
 * parameters; forward and backward passes are plain loops over the (small) pooled arrays.
 */
public class SequencePooling extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    private boolean last;
    private boolean mean;
    private boolean max;
    private boolean bidirectional;

    /** For JSON deserialization. */
    public SequencePooling() {
    }

    public SequencePooling(boolean last, boolean mean, boolean max, boolean bidirectional) {
        if (!last && !mean && !max) {
            throw new IllegalArgumentException("pooling needs at least one of last, mean, max");
        }
        this.last = last;
        this.mean = mean;
        this.max = max;
        this.bidirectional = bidirectional;
    }

    public boolean isLast() {
        return last;
    }

    public void setLast(boolean last) {
        this.last = last;
    }

    public boolean isMean() {
        return mean;
    }

    public void setMean(boolean mean) {
        this.mean = mean;
    }

    public boolean isMax() {
        return max;
    }

    public void setMax(boolean max) {
        this.max = max;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    public void setBidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
    }

    /** How many vectors of F are concatenated. */
    public int parts() {
        return (last ? 1 : 0) + (mean ? 1 : 0) + (max ? 1 : 0);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("layer " + layerIndex + " (pooling): expected a recurrent input, found " + inputType);
        }
        return InputType.feedForward(r.getSize() * parts());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, SequencePooling.class, inputType, getOutputType(-1, inputType))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencePooling p && super.equals(o) && p.last == last && p.mean == mean && p.max == max
                && p.bidirectional == bidirectional;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), last, mean, max, bidirectional);
    }

    /** The valid steps of each row: [first, end) from a prefix or any 0/1 mask; the whole row without one. */
    static boolean[][] valid(INDArray mask, int mb, int steps) {
        boolean[][] v = new boolean[mb][steps];
        double[] m = mask == null ? null : mask.dup('c').data().asDouble();
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < steps; t++) {
                v[b][t] = m == null || m[b * steps + t] != 0;
            }
        }
        return v;
    }

    /** The DL4J layer. */
    static final class Impl extends AbstractLayer<SequencePooling> {

        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public void clearNoiseWeightParams() {
        }

        @Override
        public Type type() {
            return Type.SUBSAMPLING;
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
            this.maskArray = maskArray;
            this.maskState = currentMaskState;
            return new Pair<>(null, currentMaskState); // the output is one vector per document
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (input.rank() != 3) {
                throw new IllegalStateException("layer " + index + " (pooling): expected input [minibatch, features, steps], found "
                        + java.util.Arrays.toString(input.shape()));
            }
            int mb = (int) input.size(0);
            int f = (int) input.size(1);
            int width = f * layerConf().parts();
            double[] x = input.dup('c').data().asDouble();
            double[] out = new double[mb * width];
            forEachTerm(x, mb, f, (o, i, w) -> out[o] += w * x[i]);
            INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), new long[] {mb, width}, 'c');
            return ret.assign(Nd4j.create(out, new long[] {mb, width}, 'c').castTo(input.dataType()));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            int mb = (int) input.size(0);
            int f = (int) input.size(1);
            int steps = (int) input.size(2);
            double[] x = input.dup('c').data().asDouble();
            double[] eps = epsilon.dup('c').data().asDouble();
            double[] dx = new double[mb * f * steps];
            forEachTerm(x, mb, f, (o, i, w) -> dx[i] += w * eps[o]);
            INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), new long[] {mb, f, steps}, 'c');
            ret.assign(Nd4j.create(dx, new long[] {mb, f, steps}, 'c').castTo(input.dataType()));
            return new Pair<>(new DefaultGradient(), ret);
        }

        /** One term of the pooling, a linear map of the input: output {@code o} takes {@code weight} × input {@code i}. */
        interface Term {
            void add(int o, int i, double weight);
        }

        /**
         * Every term of the pooling of input {@code x} [mb, f, steps] (C order) into [mb, f × parts]:
         * last takes one step, mean every valid step at 1/count, max its first largest valid step. The
         * forward pass sums the terms, the backward pass sends each output gradient back along them.
         */
        private void forEachTerm(double[] x, int mb, int f, Term term) {
            int steps = (int) input.size(2);
            boolean[][] valid = valid(maskArray, mb, steps);
            SequencePooling c = layerConf();
            int width = f * c.parts();
            for (int b = 0; b < mb; b++) {
                int first = first(valid[b]);
                if (first < 0) {
                    continue;
                }
                int lastStep = lastValid(valid[b]);
                double share = 1.0 / count(valid[b]);
                for (int u = 0; u < f; u++) {
                    int row = (b * f + u) * steps;
                    int o = b * width + u;
                    if (c.isLast()) {
                        term.add(o, row + (backward(c, u, f) ? first : lastStep), 1);
                        o += f;
                    }
                    if (c.isMean()) {
                        for (int t = 0; t < steps; t++) {
                            if (valid[b][t]) {
                                term.add(o, row + t, share);
                            }
                        }
                        o += f;
                    }
                    if (c.isMax()) {
                        term.add(o, row + argmax(x, row, valid[b]), 1);
                    }
                }
            }
        }

        /** Whether unit u of F is a backward-direction unit (the second half of a bidirectional output). */
        private static boolean backward(SequencePooling c, int u, int f) {
            return c.isBidirectional() && u >= f / 2;
        }

        private static int first(boolean[] valid) {
            for (int t = 0; t < valid.length; t++) {
                if (valid[t]) {
                    return t;
                }
            }
            return -1;
        }

        private static int lastValid(boolean[] valid) {
            for (int t = valid.length - 1; t >= 0; t--) {
                if (valid[t]) {
                    return t;
                }
            }
            return -1;
        }

        private static int count(boolean[] valid) {
            int n = 0;
            for (boolean v : valid) {
                n += v ? 1 : 0;
            }
            return n;
        }

        /** The first step with the largest value among the valid ones (ties: the earliest, as its gradient goes there alone). */
        private static int argmax(double[] x, int row, boolean[] valid) {
            int best = -1;
            for (int t = 0; t < valid.length; t++) {
                if (valid[t] && (best < 0 || x[row + t] > x[row + best])) {
                    best = t;
                }
            }
            return best;
        }
    }
}
