package org.textrnn.model.rnn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The DL4J layer of a {@link SequenceRnn}. Per call it plans the minibatch ({@link BatchPlan}:
 * sequences sorted by length, time-major, so the sequences still running at a step are a prefix of
 * the rows), gathers the input into that layout once per direction (reversed within each sequence
 * for the backward direction), runs {@link RecurrentKernel} and scatters the states back.
 *
 * <p>What the forward pass computes for training is kept in the kernels' buffers, which live
 * outside DL4J's workspaces and are reused from minibatch to minibatch; {@link #backpropGradient}
 * uses them when they belong to the current input, else it runs the forward pass again.
 */
public final class SequenceRnnLayer extends BaseLayer<SequenceRnn> {

    private static final long serialVersionUID = 1L;

    private transient RecurrentKernel[] kernels;
    private transient BatchPlan plan;
    /** The input (and mask) whose training forward pass the kernels hold, or null. */
    private transient INDArray forwardOf;
    private transient INDArray forwardMask;

    public SequenceRnnLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return layerConf().isLastStep() ? new Pair<>(null, currentMaskState) : new Pair<>(maskArray, currentMaskState);
    }

    private RecurrentKernel[] kernels(DataType type) {
        SequenceRnn c = layerConf();
        if (kernels == null || kernels[0].dataType() != type) {
            kernels = new RecurrentKernel[c.directions()];
            for (int d = 0; d < kernels.length; d++) {
                kernels[d] = RecurrentKernel.create(c.getCell(), (int) c.getNIn(), (int) c.getNOut(), type);
            }
        }
        return kernels;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (input == null) {
            throw new IllegalStateException("layer " + index + ": no input set");
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        forward();
        forwardOf = training ? input : null;
        forwardMask = training ? maskArray : null;
        return output(workspaceMgr);
    }

    /** Plans the batch and runs every direction's forward pass over {@link #input}. */
    private void forward() {
        SequenceRnn c = layerConf();
        if (input.rank() != 3 || input.size(1) != c.getNIn()) {
            throw new IllegalStateException("layer " + index + " (" + c.getCell().id() + "): expected input [minibatch, " + c.getNIn()
                    + ", steps], found " + java.util.Arrays.toString(input.shape()));
        }
        plan = BatchPlan.of(input.size(0), input.size(2), maskArray);
        RecurrentKernel[] ks = kernels(input.dataType());
        INDArray rows = BatchPlan.rowsByStep(input);
        for (int d = 0; d < ks.length; d++) {
            ks[d].forward(rows, plan, d == 1, params, SequenceRnnParams.direction(d));
        }
    }

    /** The layer's output from the kernels' states, in the activations workspace. */
    private INDArray output(LayerWorkspaceMgr workspaceMgr) {
        SequenceRnn c = layerConf();
        int h = (int) c.getNOut();
        int mb = plan.minibatch();
        INDArray[] parts = new INDArray[kernels.length];
        for (int d = 0; d < kernels.length; d++) {
            parts[d] = c.isLastStep() ? kernels[d].finalStates(plan) : kernels[d].states(plan, d == 1);
        }
        INDArray joined = parts.length == 1 ? parts[0] : Nd4j.concat(1, parts);
        if (c.isLastStep()) {
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, joined);
        }
        // [mb*T, dirs*h] rows (b, t) -> [mb, dirs*h, T]
        INDArray seq = joined.reshape('c', mb, plan.steps(), (long) h * parts.length).permute(0, 2, 1);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, seq, 'c');
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (forwardOf != input || forwardMask != maskArray || plan == null) {
            forward();
        }
        forwardOf = null;
        forwardMask = null;
        SequenceRnn c = layerConf();
        int h = (int) c.getNOut();
        // [mb, dirs*h] final-state gradients, or every step's as rows (b, t) [mb*T, dirs*h]
        INDArray epsRows = c.isLastStep() ? epsilon : BatchPlan.rowsByStep(epsilon);
        INDArray dx = null;
        for (int d = 0; d < kernels.length; d++) {
            INDArray eps = epsRows.get(NDArrayIndex.all(), NDArrayIndex.interval(d * h, (d + 1) * h));
            INDArray part = kernels[d].backward(eps, c.isLastStep(), plan, d == 1, params, gradientViews, SequenceRnnParams.direction(d));
            dx = dx == null ? part : dx.addi(part);
        }
        Gradient g = new DefaultGradient(gradientsFlattened);
        for (String k : SequenceRnnParams.INSTANCE.paramKeys(c)) {
            g.gradientForVariable().put(k, gradientViews.get(k));
        }
        // [mb*T, nIn] rows (b, t) -> [mb, nIn, T]
        INDArray eps = dx.reshape('c', plan.minibatch(), plan.steps(), c.getNIn()).permute(0, 2, 1);
        INDArray out = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, eps, 'c');
        return new Pair<>(g, backpropDropOutIfPresent(out));
    }

    @Override
    public void clear() {
        super.clear();
        forwardOf = null;
        forwardMask = null;
    }
}
