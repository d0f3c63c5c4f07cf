package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J gradient checks of {@link GruLayer} with an embedding below it and masks, plus mask and serialization behaviour. */
class GruLayerTest {

    private static final int T = 5;

    @AfterEach
    void floatAgain() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** embedding(7 → 3) → GRU layers (hidden 4) → pooling → softmax(3), in double precision, no regularisation. */
    private static MultiLayerNetwork net(DataType dt, int t, boolean bidirectional, int layers, String pooling) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(11).dataType(dt).updater(new NoOp()).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(7).nOut(3).inputLength(t).hasBias(false).build());
        int nIn = 3;
        for (int i = 0; i < layers; i++) {
            b.layer(new GruLayer(nIn, 4, t, bidirectional, i == layers - 1 && pooling.equals("last")));
            nIn = bidirectional ? 8 : 4;
        }
        if (!pooling.equals("last")) {
            b.layer(new GlobalPoolingLayer.Builder(pooling.equals("max") ? PoolingType.MAX : PoolingType.AVG).build());
        }
        MultiLayerConfiguration conf = b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(nIn).nOut(3).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Three documents of lengths 5, 3 and 1 (token ids 1..6), padded with {@code pad} to length t. */
    private static INDArray[] batch(DataType dt, int t, int pad) {
        int[] lengths = {5, 3, 1};
        Random r = new Random(5);
        INDArray f = Nd4j.zeros(dt, 3, t);
        INDArray m = Nd4j.zeros(dt, 3, t);
        for (int i = 0; i < 3; i++) {
            for (int s = 0; s < t; s++) {
                f.putScalar(i, s, s < lengths[i] ? 1 + r.nextInt(6) : pad);
                m.putScalar(i, s, s < lengths[i] ? 1 : 0);
            }
        }
        INDArray y = Nd4j.zeros(dt, 3, 3);
        y.putScalar(0, 0, 1);
        y.putScalar(1, 2, 1);
        y.putScalar(2, 1, 1);
        return new INDArray[] {f, m, y};
    }

    private static boolean gradientsMatch(boolean bidirectional, int layers, String pooling) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork n = net(DataType.DOUBLE, T, bidirectional, layers, pooling);
        INDArray[] b = batch(DataType.DOUBLE, T, 0);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(n).input(b[0]).labels(b[2]).inputMask(b[1])
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @Test
    void gradientCheckUnidirectionalLastStep() {
        assertThat(gradientsMatch(false, 1, "last")).isTrue();
    }

    @Test
    void gradientCheckBidirectionalMean() {
        assertThat(gradientsMatch(true, 1, "mean")).isTrue();
    }

    @Test
    void gradientCheckStackedBidirectionalLastStep() {
        assertThat(gradientsMatch(true, 2, "last")).isTrue();
    }

    @Test
    void gradientCheckMax() {
        assertThat(gradientsMatch(false, 1, "max")).isTrue();
    }

    @Test
    void paddingChangesNothingAndMaskedStepsAreZero() {
        for (boolean bi : new boolean[] {false, true}) {
            for (String pooling : new String[] {"last", "mean", "max"}) {
                MultiLayerNetwork shortNet = net(DataType.FLOAT, T, bi, 2, pooling);
                MultiLayerNetwork longNet = net(DataType.FLOAT, T + 3, bi, 2, pooling);
                longNet.setParams(shortNet.params().dup());
                INDArray[] s = batch(DataType.FLOAT, T, 0);
                INDArray[] l = batch(DataType.FLOAT, T + 3, 6);
                INDArray a = shortNet.output(s[0], false, s[1], null);
                INDArray b = longNet.output(l[0], false, l[1], null);
                assertThat(b.equalsWithEps(a, 1e-6)).as("bidirectional=" + bi + " " + pooling + "\n" + a + "\n" + b).isTrue();
            }
            MultiLayerNetwork n = net(DataType.FLOAT, T, bi, 1, "mean");
            INDArray[] s = batch(DataType.FLOAT, T, 0);
            n.setLayerMaskArrays(s[1], null);
            INDArray gruOut = n.feedForward(s[0], false).get(2);
            assertThat(gruOut.shape()).containsExactly(3, bi ? 8 : 4, T);
            assertThat(gruOut.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, T)).sumNumber().doubleValue()).isZero();
        }
    }

    @Test
    void savesAndRestores() throws Exception {
        MultiLayerNetwork n = net(DataType.FLOAT, T, true, 2, "last");
        INDArray[] b = batch(DataType.FLOAT, T, 0);
        INDArray out = n.output(b[0], false, b[1], null);
        assertThat(MultiLayerConfiguration.fromJson(n.getLayerWiseConfigurations().toJson())).isEqualTo(n.getLayerWiseConfigurations());
        File f = Files.createTempFile("gru", ".zip").toFile();
        f.deleteOnExit();
        ModelSerializer.writeModel(n, f, true);
        assertThat(ModelSerializer.restoreMultiLayerNetwork(f, true).output(b[0], false, b[1], null)).isEqualTo(out);
    }

    @Test
    void learnsWhetherATokenOccurs() {
        int t = 8;
        int n = 200;
        Random r = new Random(1);
        INDArray f = Nd4j.zeros(DataType.FLOAT, n, t);
        INDArray m = Nd4j.zeros(DataType.FLOAT, n, t);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(t - 1);
            boolean has = i % 2 == 0;
            for (int s = 0; s < len; s++) {
                f.putScalar(i, s, 1 + r.nextInt(5)); // tokens 1..5, never 6
                m.putScalar(i, s, 1);
            }
            if (has) {
                f.putScalar(i, r.nextInt(len), 6);
            }
            y.putScalar(i, has ? 1 : 0, 1);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(0.02)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(7).nOut(4).inputLength(t).hasBias(false).build())
                .layer(new GruLayer(4, 8, t, true))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(16).nOut(2).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(f, y, m, null);
        for (int epoch = 0; epoch < 60; epoch++) {
            net.fit(ds);
        }
        INDArray predicted = net.output(f, false, m, null).argMax(1);
        double accuracy = predicted.eq(y.argMax(1)).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
    }
}
