package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.TextrnnException;

class NetworkFactoryTest {

    static ModelConfig config(ModelConfig.Cell cell, int layers, boolean bidirectional, ModelConfig.Pooling pooling, boolean batchNorm,
                              int maxLength) {
        return new ModelConfig(20, 3, maxLength, 6, true, cell, layers, 5, bidirectional, pooling, 0.6, 0.5, batchNorm,
                0.005, 1e-4, 8, 0.1, 0.25, 7, null);
    }

    /** Two documents of lengths 3 and 5, padded to {@code maxLength}. */
    private static INDArray[] batch(int maxLength) {
        int[][] docs = {{4, 5, 6}, {7, 8, 9, 10, 11}};
        INDArray f = Nd4j.zeros(DataType.FLOAT, 2, maxLength);
        INDArray m = Nd4j.zeros(DataType.FLOAT, 2, maxLength);
        for (int i = 0; i < docs.length; i++) {
            for (int t = 0; t < docs[i].length; t++) {
                f.putScalar(i, t, docs[i][t]);
                m.putScalar(i, t, 1);
            }
        }
        return new INDArray[] {f, m};
    }

    @Test
    void everyOptionCombinationBuildsAndIgnoresPadding() {
        List<String> checked = new ArrayList<>();
        for (ModelConfig.Cell cell : ModelConfig.Cell.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (ModelConfig.Pooling pooling : ModelConfig.Pooling.values()) {
                    for (int layers : new int[] {1, 2, 3}) {
                        for (boolean bn : new boolean[] {false, true}) {
                            String name = cell + " bi=" + bi + " " + pooling + " layers=" + layers + " bn=" + bn;
                            MultiLayerNetwork shortNet = NetworkFactory.create(config(cell, layers, bi, pooling, bn, 6), null);
                            MultiLayerNetwork longNet = NetworkFactory.create(config(cell, layers, bi, pooling, bn, 9), null);
                            longNet.setParams(shortNet.params().dup());
                            INDArray[] s = batch(6);
                            INDArray[] l = batch(9);
                            INDArray outShort = shortNet.output(s[0], false, s[1], null);
                            INDArray outLong = longNet.output(l[0], false, l[1], null);
                            assertThat(outShort.shape()).as(name).containsExactly(2, 3);
                            assertThat(outShort.sum(1).getDouble(0)).as(name + " softmax").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                            assertThat(outLong.equalsWithEps(outShort, 1e-5)).as(name + ": more padding changes nothing\n" + outShort + "\n" + outLong).isTrue();
                            checked.add(name);
                        }
                    }
                }
            }
        }
        assertThat(checked).hasSize(168);
    }

    @Test
    void parameterCountMatchesTheRecipe() {
        // reference: embedding 50, 2-layer biLSTM 128, 8 classes, vocabulary 4674
        ModelConfig c = new ModelConfig(4674, 8, 29, 50, true, ModelConfig.Cell.LSTM, 2, 128, true, ModelConfig.Pooling.LAST,
                0.6, 0.5, true, 0.005, 1e-4, 8, 0.1, 0.25, 1, null);
        MultiLayerNetwork net = NetworkFactory.create(c, null);
        long lstm1 = 2 * (4L * 128 * (50 + 128) + 4 * 128);
        long lstm2 = 2 * (4L * 128 * (256 + 128) + 4 * 128);
        long bn = 4 * 256;
        long out = 256 * 8 + 8;
        assertThat(net.numParams()).isEqualTo(4674L * 50 + lstm1 + lstm2 + bn + out);
    }

    @Test
    void pretrainedRowsAreCopied() {
        float[][] pre = new float[20][];
        pre[4] = new float[] {1, 2, 3, 4, 5, 6};
        MultiLayerNetwork net = NetworkFactory.create(config(ModelConfig.Cell.LSTM, 1, false, ModelConfig.Pooling.MEAN, false, 6), pre);
        INDArray w = NetworkFactory.embeddingLayer(net).getParam(NetworkFactory.EMBEDDING_PARAM);
        assertThat(w.getRow(4).toFloatVector()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(w.getRow(5).toFloatVector()).isNotEqualTo(new float[] {1, 2, 3, 4, 5, 6});
    }

    @Test
    void frozenEmbeddingHasNoUpdatesAndNoWeightDecay() {
        ModelConfig frozen = new ModelConfig(20, 3, 6, 6, false, ModelConfig.Cell.LSTM, 1, 5, false, ModelConfig.Pooling.MEAN,
                0, 0, false, 0.005, 1e-4, 8, 0.1, 0.25, 7, null);
        var conf = NetworkFactory.configuration(frozen);
        var embedding = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(0).getLayer();
        assertThat(embedding.getRegularizationByParam(NetworkFactory.EMBEDDING_PARAM)).allSatisfy(r ->
                assertThat(r.score(org.nd4j.linalg.factory.Nd4j.ones(3, 3), 0, 0)).isZero());
        assertThat(embedding.getIUpdater()).isInstanceOf(org.nd4j.linalg.learning.config.NoOp.class);
        var lstm = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(1).getLayer();
        assertThat(lstm.getRegularizationByParam("fW")).isNotEmpty();
        assertThat(lstm.getRegularizationByParam("fb")).isEmpty();
    }

    @Test
    void badConfigurationsAreNamed() {
        assertThatThrownBy(() -> new ModelConfig(20, 1, 6, 6, true, ModelConfig.Cell.LSTM, 1, 5, false, ModelConfig.Pooling.LAST,
                0, 0, false, 0.005, 0, 0, 1, 0, 1, null)).isInstanceOf(TextrnnException.class)
                .hasMessage("a classifier needs at least 2 classes, found 1");
        assertThatThrownBy(() -> new ModelConfig(20, 3, 6, 6, true, ModelConfig.Cell.LSTM, 1, 5, false, ModelConfig.Pooling.LAST,
                1.0, 0, false, 0.005, 0, 0, 1, 0, 1, null)).hasMessage("--embedding-dropout must be in [0, 1), found 1.0");
        assertThatThrownBy(() -> new ModelConfig(20, 3, 6, 6, true, ModelConfig.Cell.LSTM, 1, 5, false, ModelConfig.Pooling.LAST,
                0, 0, false, 0.005, 0, 0, 1, 0, 1, new double[] {1, 2})).hasMessage("class weights: 2 given for 3 classes");
        assertThatThrownBy(() -> ModelConfig.parseEnum(ModelConfig.Cell.class, "cell", "rnn"))
                .hasMessage("--cell must be one of lstm, gru; found 'rnn'");
    }
}
