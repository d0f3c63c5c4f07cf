package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.textrnn.TextrnnException;

/**
 * --average-epochs: the network kept is the arithmetic mean of the last N epochs' weights (checked
 * against means computed here in plain Java), the trained network is left alone, and the weights
 * travel through the checkpoint file.
 */
class EpochAverageTest {

    static final Configuration CONF = new Configuration();

    @TempDir
    Path tmp;

    /** A small network (3 -> 4 -> 2, 26 weights) whose weights are {@code w}. */
    static MultiLayerNetwork network(double[] w) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.setParams(Nd4j.createFromArray(w).reshape(1, w.length));
        return net;
    }

    /** The weights of epoch {@code e}: distinct, irregular values. */
    static double[] weights(int e) {
        double[] w = new double[26];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.sin(7.1 * e + 1.3 * i) * (e + 1) + 0.01 * i;
        }
        return w;
    }

    /** The plain-Java mean of the weights of epochs {@code from..to}. */
    static double[] mean(int from, int to) {
        double[] m = new double[26];
        for (int e = from; e <= to; e++) {
            double[] w = weights(e);
            for (int i = 0; i < m.length; i++) {
                m[i] += w[i] / (to - from + 1);
            }
        }
        return m;
    }

    static double[] params(MultiLayerNetwork net) {
        return net.params().toDoubleVector();
    }

    @Test
    void oneEpochKeepsTheTrainedNetworkItself() {
        EpochAverage a = new EpochAverage(1);
        MultiLayerNetwork net = network(weights(1));
        assertThat(a.add(net)).isSameAs(net);
        assertThat(a.held()).isZero();
    }

    @Test
    void theKeptNetworkIsTheMeanOfTheLastNEpochsAndTheTrainedOneIsUntouched() {
        EpochAverage a = new EpochAverage(3);
        for (int e = 1; e <= 5; e++) {
            MultiLayerNetwork trained = network(weights(e));
            MultiLayerNetwork kept = a.add(trained);
            assertThat(kept).isNotSameAs(trained);
            assertThat(params(trained)).as("the trained network after epoch " + e).containsExactly(weights(e));
            assertThat(params(kept)).as("the mean of epochs " + Math.max(1, e - 2) + ".." + e)
                    .containsExactly(mean(Math.max(1, e - 2), e), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(a.held()).isEqualTo(Math.min(3, e));
        }
        // the kept network is a working copy: same configuration, same outputs as a network built with the mean
        MultiLayerNetwork kept = a.add(network(weights(6)));
        var x = Nd4j.createFromArray(new double[][] {{0.5, -1, 2}});
        assertThat(kept.output(x).toDoubleVector()).containsExactly(network(mean(4, 6)).output(x).toDoubleVector(),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theWeightsGoThroughTheCheckpointAndTheResumedAverageGoesOnAsTheUninterruptedOne() throws IOException {
        EpochAverage whole = new EpochAverage(2);
        EpochAverage before = new EpochAverage(2);
        for (int e = 1; e <= 3; e++) {
            whole.add(network(weights(e)));
            before.add(network(weights(e)));
        }
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(tmp.toString());
        before.write(folder, CONF);
        assertThat(tmp.resolve(EpochAverage.FILE)).exists();
        assertThat(tmp.resolve("." + EpochAverage.FILE + ".crc")).as("no checksum side file to leave behind on a rename").doesNotExist();

        EpochAverage resumed = EpochAverage.read(folder, 2, 3, CONF);
        assertThat(resumed.held()).isEqualTo(2);
        assertThat(params(resumed.add(network(weights(4))))).containsExactly(params(whole.add(network(weights(4)))));
    }

    @Test
    void aCheckpointWithoutOrWithOtherWeightsIsRefused() throws IOException {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(tmp.toString());
        assertThat(EpochAverage.read(folder, 1, 7, CONF).held()).as("nothing to read without averaging").isZero();
        assertThat(EpochAverage.read(folder, 3, 0, CONF).held()).as("nothing to read before the first epoch").isZero();
        assertThatThrownBy(() -> EpochAverage.read(folder, 3, 7, CONF)).isInstanceOf(TextrnnException.class)
                .hasMessage("--resume: the checkpoint in " + folder + " has no " + EpochAverage.FILE
                        + " (the weights of its last 3 epochs, which --average-epochs 3 averages); train it again with --overwrite");

        EpochAverage two = new EpochAverage(3);
        two.add(network(weights(1)));
        two.add(network(weights(2)));
        two.write(folder, CONF);
        assertThat(EpochAverage.read(folder, 3, 2, CONF).held()).isEqualTo(2);
        assertThatThrownBy(() -> EpochAverage.read(folder, 3, 5, CONF)).isInstanceOf(TextrnnException.class)
                .hasMessage("--resume: " + new org.apache.hadoop.fs.Path(folder, EpochAverage.FILE) + " holds 2 epochs' weights, where"
                        + " --average-epochs 3 after epoch 5 needs 3; train it again with --overwrite");
        assertThat(Files.list(tmp)).hasSize(1);
        assertThatThrownBy(() -> new EpochAverage(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
