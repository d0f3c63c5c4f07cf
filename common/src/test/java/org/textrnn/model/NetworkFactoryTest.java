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
    void aFrozenEmbeddingStaysExactlyAsInitialisedThroughTrainingWhileTheRestLearns() {
        // word dropout, weight decay, clipping and a step schedule on: none of them may move a frozen row
        ModelConfig frozen = new ModelConfig(20, 3, 6, 6, false, ModelConfig.Cell.LSTM, 1, 5, true, ModelConfig.Pooling.MEAN_MAX,
                0.2, 0, true, 0.05, 1e-2, 1, 0.5, 0.25, 7, null, 0.3);
        float[][] pre = new float[20][];
        for (int i = 2; i < 20; i++) {
            pre[i] = new float[] {i, -i, 0.5f * i, 1, 2, 3};
        }
        MultiLayerNetwork net = NetworkFactory.create(frozen, pre);
        INDArray embeddingBefore = NetworkFactory.embeddingLayer(net).getParam(NetworkFactory.EMBEDDING_PARAM).dup();
        INDArray othersBefore = net.params().dup();
        INDArray features = Nd4j.create(new float[][] {{2, 3, 4, 5, 0, 0}, {6, 7, 8, 9, 10, 11}, {12, 13, 1, 0, 0, 0}, {14, 15, 16, 17, 18, 19}});
        INDArray mask = Nd4j.create(new float[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 1}});
        INDArray labels = Nd4j.create(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        var data = new org.nd4j.linalg.dataset.DataSet(features, labels, mask, null);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int step = 0; step < 5; step++) {
                net.fit(data);
            }
            net.incrementEpochCount();
        }
        INDArray embeddingAfter = NetworkFactory.embeddingLayer(net).getParam(NetworkFactory.EMBEDDING_PARAM);
        assertThat(embeddingAfter.toFloatMatrix()).as("every row, bit for bit").isEqualTo(embeddingBefore.toFloatMatrix());
        assertThat(net.params()).as("the other layers trained").isNotEqualTo(othersBefore);
        // and the same network with a trainable embedding moves its rows (the check can fail)
        ModelConfig trainable = frozen.forData(20, 3, 6, 6, true, null);
        MultiLayerNetwork moving = NetworkFactory.create(trainable, pre);
        for (int step = 0; step < 5; step++) {
            moving.fit(data);
        }
        assertThat(NetworkFactory.embeddingLayer(moving).getParam(NetworkFactory.EMBEDDING_PARAM).toFloatMatrix())
                .isNotEqualTo(embeddingBefore.toFloatMatrix());
        // no weight decay on the frozen rows either (it would only add to the reported loss)
        var embedding = (org.deeplearning4j.nn.conf.layers.BaseLayer) NetworkFactory.configuration(frozen).getConf(1).getLayer();
        assertThat(embedding).isInstanceOf(org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer.class);
        assertThat(embedding.getRegularizationByParam(NetworkFactory.EMBEDDING_PARAM)).allSatisfy(r ->
                assertThat(r.score(org.nd4j.linalg.factory.Nd4j.ones(3, 3), 0, 0)).isZero());
        var lstm = (org.deeplearning4j.nn.conf.layers.BaseLayer) NetworkFactory.configuration(frozen).getConf(3).getLayer();
        assertThat(lstm.getRegularizationByParam("fW")).isNotEmpty();
        assertThat(lstm.getRegularizationByParam("fb")).isEmpty();
    }

    @Test
    void anSgdEmbeddingStepsByItsRateTimesItsGradientWhileTheRestStaysOnAdam() {
        // no dropout, clipping or weight decay: one step is then exactly W - rate * dL/dW for the embedding, with L the
        // minibatch's mean loss (DL4J's gradient is of the summed loss; its updater divides it by the minibatch size)
        ModelConfig sgd = new ModelConfig(20, 3, 6, 6, true, ModelConfig.Cell.LSTM, 1, 5, true, ModelConfig.Pooling.MEAN_MAX,
                0, 0, false, 0.05, 0, 0, 1, 0, 7, null, 0, 0.5);
        assertThat(sgd.embeddingSgd()).isTrue();
        assertThat(sgd.describe()).containsEntry("embedding_updater", "sgd:0.5");
        INDArray features = Nd4j.create(new float[][] {{2, 3, 4, 5, 0, 0}, {6, 7, 8, 9, 10, 11}, {12, 13, 3, 0, 0, 0}});
        INDArray mask = Nd4j.create(new float[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}});
        INDArray labels = Nd4j.create(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        var data = new org.nd4j.linalg.dataset.DataSet(features, labels, mask, null);

        MultiLayerNetwork net = NetworkFactory.create(sgd, null);
        MultiLayerNetwork probe = net.clone();
        probe.setInput(features);
        probe.setLabels(labels);
        probe.setLayerMaskArrays(mask, null);
        probe.computeGradientAndScore();
        INDArray gEmbedding = probe.gradient().getGradientFor("0_" + NetworkFactory.EMBEDDING_PARAM).dup();
        INDArray gRecurrent = probe.gradient().getGradientFor("1_fW").dup();
        INDArray embeddingBefore = NetworkFactory.embeddingLayer(net).getParam(NetworkFactory.EMBEDDING_PARAM).dup();
        INDArray recurrentBefore = net.getLayer(1).getParam("fW").dup();
        net.fit(data);
        INDArray embeddingStep = NetworkFactory.embeddingLayer(net).getParam(NetworkFactory.EMBEDDING_PARAM).sub(embeddingBefore);
        assertThat(gEmbedding.getRow(3).norm2Number().doubleValue()).as("word 3 occurs twice: it has a gradient").isGreaterThan(0);
        assertThat(gEmbedding.getRow(15).norm2Number().doubleValue()).as("word 15 does not occur").isZero();
        assertThat(embeddingStep.equalsWithEps(gEmbedding.mul(-0.5 / 3), 1e-6)).as("step " + embeddingStep + "\ngradient " + gEmbedding).isTrue();
        // the recurrent layer's first Adam step is about the learning rate against the gradient's sign, whatever its size
        INDArray recurrentStep = net.getLayer(1).getParam("fW").sub(recurrentBefore);
        int big = 0;
        for (long i = 0; i < gRecurrent.length(); i++) {
            double g = gRecurrent.getDouble(i);
            if (Math.abs(g) > 1e-3) {
                assertThat(recurrentStep.getDouble(i)).isCloseTo(-0.05 * Math.signum(g), org.assertj.core.data.Offset.offset(5e-4));
                big++;
            }
        }
        assertThat(big).isGreaterThan(10);

        // the same network on Adam throughout does not step its embedding by the rate times the gradient (the check can fail)
        ModelConfig adam = new ModelConfig(20, 3, 6, 6, true, ModelConfig.Cell.LSTM, 1, 5, true, ModelConfig.Pooling.MEAN_MAX,
                0, 0, false, 0.05, 0, 0, 1, 0, 7, null, 0, 0);
        assertThat(adam.describe()).doesNotContainKey("embedding_updater");
        MultiLayerNetwork onAdam = NetworkFactory.create(adam, null);
        onAdam.setParams(probe.params().dup()); // the parameters before net's step
        onAdam.fit(data);
        INDArray adamStep = NetworkFactory.embeddingLayer(onAdam).getParam(NetworkFactory.EMBEDDING_PARAM).sub(embeddingBefore);
        assertThat(adamStep.equalsWithEps(gEmbedding.mul(-0.5 / 3), 1e-6)).isFalse();
        assertThat(Math.abs(adamStep.getDouble(3, 0))).isCloseTo(0.05, org.assertj.core.data.Offset.offset(5e-4));
        // a frozen embedding ignores the SGD rate
        ModelConfig frozenSgd = sgd.forData(20, 3, 6, 6, false, null);
        assertThat(frozenSgd.embeddingSgd()).isFalse();
        assertThat(frozenSgd.describe()).doesNotContainKey("embedding_updater");
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
