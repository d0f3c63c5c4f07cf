package org.textrnn.model.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SequenceRnn} against {@link ReferenceRnn}, a plain-Java implementation of PyTorch's
 * equations: every step's output and the final states, for sequences of different lengths in one
 * padded minibatch, each direction reading only its sequence's steps.
 */
class SequenceRnnReferenceTest {

    private static final int NIN = 3;
    private static final int H = 4;
    private static final int T = 7;
    private static final int[] LENGTHS = {7, 2, 5, 1, 5, 3};

    private static Layer layer(SequenceRnn.Cell cell, boolean bidirectional, boolean lastStep, long seed, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(type).seed(seed)
                .weightInit(WeightInit.XAVIER).list().layer(new SequenceRnn(cell, NIN, H, bidirectional, lastStep)).build());
        net.init();
        // every parameter random, biases included (they start at 0 and 1)
        net.setParams(Nd4j.rand(type, 1, net.numParams()).subi(0.5).muli(2.0));
        return net.getLayer(0);
    }

    /** Gate k's matrix of a [G, rows, H] parameter. */
    private static double[][] block(INDArray m, int gate) {
        return m.tensorAlongDimension(gate, 1, 2).toDoubleMatrix();
    }

    /** Gate k's bias of a [G, H] parameter. */
    private static double[] part(INDArray v, int gate) {
        return v.tensorAlongDimension(gate, 1).toDoubleVector();
    }

    /** The reference's states for one direction of one sequence (in time order). */
    private static double[][] reference(SequenceRnn.Cell cell, Layer l, String dir, double[][] xs) {
        INDArray w = l.getParam(dir + "W");
        INDArray u = l.getParam(dir + "U");
        INDArray b = l.getParam(dir + "b");
        double[] zero = new double[H];
        if (cell == SequenceRnn.Cell.LSTM) {
            // the layer's gates are i, f, o, g; the reference's order is i, f, g, o
            int[] blocks = {0, 1, 3, 2};
            double[][][] wx = new double[4][][];
            double[][][] wh = new double[4][][];
            double[][] bx = new double[4][];
            double[][] bh = new double[4][];
            for (int k = 0; k < 4; k++) {
                wx[k] = block(w, blocks[k]);
                wh[k] = block(u, blocks[k]);
                bx[k] = part(b, blocks[k]);
                bh[k] = zero;
            }
            return ReferenceRnn.lstm(xs, wx, wh, bx, bh);
        }
        double[][][] wx = {block(w, 0), block(w, 1), block(w, 2)};
        double[][][] wh = {block(u, 0), block(u, 1), block(u, 2)};
        double[][] bx = {part(b, 0), part(b, 1), part(b, 2)};
        double[][] bh = {zero, zero, l.getParam(dir + "bh").toDoubleVector()};
        return ReferenceRnn.gru(xs, wx, wh, bx, bh);
    }

    /** In double to 1e-6; in float (where tanh is computed as 2σ(2x) − 1) to 1e-5. */
    @ParameterizedTest(name = "{0} bidirectional={1} lastStep={2} {3}")
    @CsvSource({"LSTM,false,false,DOUBLE", "LSTM,true,false,DOUBLE", "LSTM,false,true,DOUBLE", "LSTM,true,true,DOUBLE",
                "GRU,false,false,DOUBLE", "GRU,true,false,DOUBLE", "GRU,false,true,DOUBLE", "GRU,true,true,DOUBLE",
                "LSTM,true,false,FLOAT", "LSTM,true,true,FLOAT", "GRU,true,false,FLOAT", "GRU,true,true,FLOAT"})
    void matchesTheReferenceOnAPaddedMinibatch(SequenceRnn.Cell cell, boolean bidirectional, boolean lastStep, DataType type) {
        Layer l = layer(cell, bidirectional, lastStep, 3, type);
        double tolerance = type == DataType.DOUBLE ? 1e-6 : 1e-5;
        int mb = LENGTHS.length;
        Random r = new Random(5);
        INDArray x = Nd4j.zeros(type, mb, NIN, T);
        INDArray mask = Nd4j.zeros(type, mb, T);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < T; t++) {
                for (int i = 0; i < NIN; i++) {
                    // padding gets values too: the layer must not read them
                    x.putScalar(new int[] {b, i, t}, r.nextGaussian());
                }
                mask.putScalar(b, t, t < LENGTHS[b] ? 1 : 0);
            }
        }
        l.setMaskArray(mask);
        INDArray out = l.activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        int dirs = bidirectional ? 2 : 1;
        assertThat(out.shape()).containsExactly(lastStep ? new long[] {mb, (long) dirs * H} : new long[] {mb, (long) dirs * H, T});
        for (int b = 0; b < mb; b++) {
            int len = LENGTHS[b];
            double[][] xs = new double[len][NIN];
            for (int t = 0; t < len; t++) {
                for (int i = 0; i < NIN; i++) {
                    xs[t][i] = x.getDouble(b, i, t);
                }
            }
            double[][] fwd = reference(cell, l, "f", xs);
            double[][] bwd = bidirectional ? ReferenceRnn.reversed(reference(cell, l, "b", ReferenceRnn.reversed(xs))) : null;
            for (int j = 0; j < H; j++) {
                if (lastStep) {
                    assertThat(out.getDouble(b, j)).as("h_n forward, sequence %d unit %d", b, j).isCloseTo(fwd[len - 1][j], within(tolerance));
                    if (bidirectional) {
                        assertThat(out.getDouble(b, H + j)).as("h_n backward (state at the first token), sequence %d", b)
                                .isCloseTo(bwd[0][j], within(tolerance));
                    }
                    continue;
                }
                for (int t = 0; t < T; t++) {
                    double f = t < len ? fwd[t][j] : 0.0;
                    assertThat(out.getDouble(b, j, t)).as("forward, sequence %d unit %d step %d", b, j, t).isCloseTo(f, within(tolerance));
                    if (bidirectional) {
                        double bw = t < len ? bwd[t][j] : 0.0;
                        assertThat(out.getDouble(b, H + j, t)).as("backward, sequence %d unit %d step %d", b, j, t).isCloseTo(bw, within(tolerance));
                    }
                }
            }
        }
    }
}
