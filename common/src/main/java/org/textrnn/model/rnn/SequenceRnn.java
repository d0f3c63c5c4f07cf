package org.textrnn.model.rnn;

import java.util.Collection;
import java.util.Locale;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * textrnn's recurrent layer, for a DL4J {@code MultiLayerNetwork}: an LSTM or GRU cell with the
 * semantics of PyTorch's {@code nn.LSTM} / {@code nn.GRU}, uni- or bidirectional, that reads only
 * the valid steps of each sequence.
 *
 * <p>Input [minibatch, nIn, T] (DL4J's NCW) with an optional features mask [minibatch, T] whose ones
 * come first (textrnn pads at the end). A sequence of length L is run forwards over steps 0..L-1 and,
 * when bidirectional, backwards over L-1..0: the backward direction starts at the document's last
 * token, never in the padding, and nothing is computed on padded steps. Output either every step,
 * [minibatch, nOut × directions, T] (forward units then backward units; zero at padded steps), or
 * with {@code lastStep} PyTorch's {@code h_n}: [minibatch, nOut × directions], the forward state at
 * the last token and the backward state at the first.
 *
 * <p>Cells (σ = logistic, ⊙ elementwise; x_t W_k is one GEMM over all steps, h U_k one GEMM per step):
 * <ul>
 *   <li>LSTM, gates k = i, f, o, g: i, f, o = σ(x_t W_k + h_{t-1} U_k + b_k), g = tanh(...);
 *       c_t = f ⊙ c_{t-1} + i ⊙ g; h_t = o ⊙ tanh(c_t). PyTorch's two biases b_ih + b_hh are the one
 *       b_k here.</li>
 *   <li>GRU, gates k = r, z, n: r, z = σ(x_t W_k + h_{t-1} U_k + b_k); n = tanh(x_t W_n + b_n +
 *       r ⊙ (h_{t-1} U_n + b_hn)); h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}. b holds b_ih (plus b_hh for r and z);
 *       bh is b_hn.</li>
 * </ul>
 * Parameters per direction d ("f", "b"), gate-major: {@code dW} [G, nIn, nOut], {@code dU}
 * [G, nOut, nOut], {@code db} [G, nOut], and for the GRU {@code dbh} [nOut] (G = 4 for the LSTM,
 * 3 for the GRU).
 * Weights use the network's weight init, biases start at zero but the LSTM's forget gate at 1.
 * Forward and backward passes are written by hand in ND4J operations ({@link SequenceRnnLayer}), so
 * any ND4J backend (CPU, CUDA) runs them.
 */
public class SequenceRnn extends FeedForwardLayer {

    private static final long serialVersionUID = 1L;

    /** The recurrent cell: its gate count and its kernel (docs/development.md: adding a cell type). */
    public enum Cell {
        LSTM(4, RecurrentKernel.LstmKernel::new), GRU(3, RecurrentKernel.GruKernel::new);

        /** Makes a cell's kernel for one direction: input size, hidden size, data type. */
        interface KernelFactory {
            RecurrentKernel create(int nIn, int hidden, DataType type);
        }

        private final int gates;
        private final transient KernelFactory kernels;

        Cell(int gates, KernelFactory kernels) {
            this.gates = gates;
            this.kernels = kernels;
        }

        RecurrentKernel kernel(int nIn, int hidden, DataType type) {
            return kernels.create(nIn, hidden, type);
        }

        /** Gate blocks of nOut columns in W, U and b. */
        public int gates() {
            return gates;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Cell cell = Cell.LSTM;
    private boolean bidirectional;
    private boolean lastStep;

    /** For JSON deserialization. */
    public SequenceRnn() {
    }

    /**
     * @param nIn           input features per step
     * @param nOut          hidden units per direction
     * @param bidirectional also run each sequence backwards and concatenate
     * @param lastStep      output only the final states ({@code h_n}) instead of every step
     */
    public SequenceRnn(Cell cell, long nIn, long nOut, boolean bidirectional, boolean lastStep) {
        if (cell == null || nIn < 1 || nOut < 1) {
            throw new IllegalArgumentException("a recurrent layer needs a cell, nIn >= 1 and nOut >= 1; found " + cell + ", " + nIn + ", " + nOut);
        }
        this.cell = cell;
        this.nIn = nIn;
        this.nOut = nOut;
        this.bidirectional = bidirectional;
        this.lastStep = lastStep;
    }

    public Cell getCell() {
        return cell;
    }

    public void setCell(Cell cell) {
        this.cell = cell;
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    public void setBidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
    }

    public boolean isLastStep() {
        return lastStep;
    }

    public void setLastStep(boolean lastStep) {
        this.lastStep = lastStep;
    }

    /** 1 or 2. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return org.textrnn.model.LayerWiring.wire(new SequenceRnnLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return SequenceRnnParams.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("layer " + layerIndex + " (" + cell.id() + "): expected a recurrent input, found " + inputType);
        }
        long size = nOut * directions();
        return lastStep ? InputType.feedForward(size) : InputType.recurrent(size, r.getTimeSeriesLength());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
                throw new IllegalStateException("expected a recurrent input, found " + inputType);
            }
            nIn = r.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long perStep = (long) directions() * nOut * (cell.gates() * 2L + 4);
        return new LayerMemoryReport.Builder(layerName, SequenceRnn.class, inputType, getOutputType(-1, inputType))
                .standardMemory(params, params)
                .workingMemory(0, perStep, 0, perStep)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceRnn s && super.equals(o) && s.cell == cell && s.bidirectional == bidirectional && s.lastStep == lastStep;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), cell, bidirectional, lastStep);
    }
}
