package org.textrnn.model;

import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.common.primitives.Pair;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GRU layer of bundles of format 1 (before {@link org.textrnn.model.rnn.SequenceRnn}): kept so
 * that those bundles still load and score exactly as before; new networks never use it.
 *
 * <p>A GRU layer for DL4J (which has none), optionally bidirectional, as a {@link SameDiffLayer}.
 *
 * <p>Input [minibatch, nIn, T], output [minibatch, nOut × directions, T] (forward then backward
 * units), or with {@code lastStepOnly} each sequence's last valid step [minibatch, nOut × directions]. The cell is the PyTorch/cuDNN GRU: r = σ(x W_r + h U_r + b_r), z = σ(x W_z + h U_z + b_z),
 * n = tanh(x W_n + r ⊙ (h U_n) + b_n), h' = (1 − z) ⊙ n + z ⊙ h.
 *
 * <p>Limits and why:
 * <ul>
 *   <li>the time steps T are fixed at configuration (the prepared max length): the cell is unrolled
 *       from primitive ops, because DL4J's native {@code gru} op computes wrong gradients;</li>
 *   <li>with a features mask, state and output are zero at masked steps (h_t = m_t · cell(x_t, h_{t−1})).
 *       Padding is at the end, so the backward direction, which walks from T−1 down, meets the padding
 *       first, keeps a zero state through it and starts on the last real token;</li>
 *   <li>one parameter per gate and direction, each used once, and the output returned as
 *       {@code 0.5·y + 0.5·stopGradient(y)}: DL4J M2.1 doubles every SameDiffLayer gradient, and this
 *       halves it back while keeping the forward pass identical (see DEPENDENCIES.md).</li>
 * </ul>
 * Initialisation: Xavier for all weight matrices, zero biases.
 */
@Deprecated
public class GruLayer extends SameDiffLayer {

    private static final long serialVersionUID = 1L;
    private static final String[] GATES = {"r", "z", "n"};

    private long nIn;
    private long nOut;
    private int timeSteps;
    private boolean bidirectional;
    private boolean lastStepOnly;

    /** For JSON deserialization. */
    public GruLayer() {
    }

    /**
     * @param nIn           input features
     * @param nOut          hidden units per direction
     * @param timeSteps     the fixed sequence length T
     * @param bidirectional also run backwards and concatenate
     */
    public GruLayer(long nIn, long nOut, int timeSteps, boolean bidirectional) {
        this(nIn, nOut, timeSteps, bidirectional, false);
    }

    /**
     * @param lastStepOnly output only each sequence's last valid step, [minibatch, nOut × directions]
     *                     (DL4J's {@code LastTimeStep} wrapper cannot wrap a SameDiff layer)
     */
    public GruLayer(long nIn, long nOut, int timeSteps, boolean bidirectional, boolean lastStepOnly) {
        if (nOut < 1 || timeSteps < 1) {
            throw new IllegalArgumentException("GRU needs nOut >= 1 and timeSteps >= 1, found " + nOut + " and " + timeSteps);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.timeSteps = timeSteps;
        this.bidirectional = bidirectional;
        this.lastStepOnly = lastStepOnly;
    }

    public boolean isLastStepOnly() {
        return lastStepOnly;
    }

    public void setLastStepOnly(boolean lastStepOnly) {
        this.lastStepOnly = lastStepOnly;
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    public int getTimeSteps() {
        return timeSteps;
    }

    public void setTimeSteps(int timeSteps) {
        this.timeSteps = timeSteps;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    public void setBidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
    }

    private String[] directions() {
        return bidirectional ? new String[] {"f", "b"} : new String[] {"f"};
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long size = nOut * directions().length;
        return lastStepOnly ? InputType.feedForward(size) : InputType.recurrent(size, timeSteps);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return lastStepOnly ? new Pair<>(null, currentMaskState) : new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        for (String d : directions()) {
            for (String g : GATES) {
                params.addWeightParam(d + "W" + g, nIn, nOut);
                params.addWeightParam(d + "U" + g, nOut, nOut);
                params.addBiasParam(d + "b" + g, 1, nOut);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String d : directions()) {
                for (String g : GATES) {
                    initWeights((int) nIn, (int) nOut, WeightInit.XAVIER, params.get(d + "W" + g));
                    initWeights((int) nOut, (int) nOut, WeightInit.XAVIER, params.get(d + "U" + g));
                    params.get(d + "b" + g).assign(0);
                }
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable[] xs = sd.unstack(input, 2, timeSteps);
        SDVariable[] ms = mask == null ? null : sd.unstack(mask.castTo(input.dataType()), 1, timeSteps);
        SDVariable zeros = xs[0].mmul(sd.constant(Nd4j.zeros(input.dataType(), nIn, nOut)));
        SDVariable[] forward = direction(sd, "f", xs, ms, zeros, p, false);
        SDVariable[] backward = bidirectional ? direction(sd, "b", xs, ms, zeros, p, true) : null;
        SDVariable y;
        if (lastStepOnly) {
            y = lastStep(sd, forward, ms);
            if (bidirectional) {
                y = sd.concat(1, y, lastStep(sd, backward, ms));
            }
        } else {
            y = sd.stack(2, forward);
            if (bidirectional) {
                y = sd.concat(1, y, sd.stack(2, backward));
            }
        }
        SDVariable frozen = new StopGradient(sd, y).outputVariable();
        return y.mul(0.5).add(frozen.mul(0.5));
    }

    /**
     * Σ_t out_t · (m_t − m_{t+1}): with right padding only the last valid step has weight 1. The
     * weights come from the mask alone, so every per-step output is still consumed.
     */
    private SDVariable lastStep(SameDiff sd, SDVariable[] outs, SDVariable[] ms) {
        if (ms == null) {
            SDVariable sum = outs[timeSteps - 1];
            for (int t = 0; t < timeSteps - 1; t++) {
                sum = sum.add(outs[t].mul(0.0));
            }
            return sum;
        }
        SDVariable sum = null;
        for (int t = 0; t < timeSteps; t++) {
            SDVariable w = t + 1 < timeSteps ? ms[t].sub(ms[t + 1]) : ms[t];
            SDVariable term = outs[t].mul(sd.expandDims(w, 1));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    /** Outputs per time step (in time order) of one direction. */
    private SDVariable[] direction(SameDiff sd, String d, SDVariable[] xs, SDVariable[] ms, SDVariable h0,
                                   Map<String, SDVariable> p, boolean reverse) {
        SDVariable[] outs = new SDVariable[timeSteps];
        SDVariable h = h0;
        for (int i = 0; i < timeSteps; i++) {
            int t = reverse ? timeSteps - 1 - i : i;
            SDVariable x = xs[t];
            SDVariable r = sd.nn().sigmoid(x.mmul(p.get(d + "Wr")).add(h.mmul(p.get(d + "Ur"))).add(p.get(d + "br")));
            SDVariable z = sd.nn().sigmoid(x.mmul(p.get(d + "Wz")).add(h.mmul(p.get(d + "Uz"))).add(p.get(d + "bz")));
            SDVariable n = sd.nn().tanh(x.mmul(p.get(d + "Wn")).add(r.mul(h.mmul(p.get(d + "Un")))).add(p.get(d + "bn")));
            SDVariable next = z.rsub(1.0).mul(n).add(z.mul(h));
            if (ms != null) {
                next = next.mul(sd.expandDims(ms[t], 1));
            }
            outs[t] = next;
            h = next;
        }
        return outs;
    }
}
