package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.vocab.Vocabulary;

class WordDropoutTest {

    @Test
    void replacesTokensWhereTheDrawIsBelowPAndNeverPaddingOrUnk() {
        INDArray ids = Nd4j.createFromArray(new float[][] {{5, 6, 1, 0}, {7, 2, 3, 0}});
        INDArray uniform = Nd4j.createFromArray(new float[][] {{0.1f, 0.9f, 0.1f, 0.1f}, {0.29f, 0.31f, 0.0f, 0.5f}});
        WordDropout.drop(ids, uniform, 0.3);
        assertThat(ids.toFloatMatrix()).isEqualTo(new float[][] {{1, 6, 1, 0}, {1, 2, 1, 0}});
    }

    @Test
    void dropsAboutPOfTheTokensInTrainingAndNoneInInference() {
        ModelConfig c = new ModelConfig(50, 2, 40, 4, true, ModelConfig.Cell.LSTM, 1, 3, false, ModelConfig.Pooling.MEAN, 0, 0, false,
                0.01, 0, 0, 1, 0, 7, null, 0.25);
        MultiLayerNetwork net = NetworkFactory.create(c, null);
        assertThat(net.getLayer(0).conf().getLayer()).isInstanceOf(WordDropout.class);
        assertThat(NetworkFactory.embeddingLayer(net).getIndex()).isEqualTo(1);
        INDArray ids = Nd4j.zeros(DataType.FLOAT, 200, 40);
        for (int b = 0; b < 200; b++) {
            for (int t = 0; t < 30; t++) { // the last 10 steps are padding
                ids.putScalar(b, t, 2 + (b * 31 + t) % 48);
            }
        }
        INDArray trained = net.feedForwardToLayer(0, ids, true).get(1);
        INDArray inferred = net.feedForwardToLayer(0, ids, false).get(1);
        assertThat(inferred).isEqualTo(ids);
        long unk = 0;
        for (int b = 0; b < 200; b++) {
            for (int t = 0; t < 40; t++) {
                float v = trained.getFloat(b, t);
                if (t >= 30) {
                    assertThat(v).as("padding stays").isEqualTo(Vocabulary.PAD);
                } else if (v == Vocabulary.UNK) {
                    unk++;
                } else {
                    assertThat(v).isEqualTo(ids.getFloat(b, t));
                }
            }
        }
        // 6,000 tokens at p = 0.25: 1,500 expected, sd about 34
        assertThat(unk).isBetween(1350L, 1650L);
    }

    @Test
    void aNetworkWithWordDropoutTrainsAndSurvivesItsJson() {
        ModelConfig c = new ModelConfig(20, 3, 6, 4, true, ModelConfig.Cell.GRU, 1, 3, true, ModelConfig.Pooling.LAST_MEAN_MAX, 0.1, 0,
                true, 0.01, 1e-4, 0, 1, 0.25, 3, null, 0.2);
        MultiLayerNetwork net = NetworkFactory.create(c, null);
        INDArray x = Nd4j.createFromArray(new float[][] {{2, 3, 4, 5, 0, 0}, {6, 7, 8, 9, 10, 11}});
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1}});
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 0, 1}});
        net.fit(x, y, mask, null);
        MultiLayerNetwork copy = new MultiLayerNetwork(
                org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
        copy.init(net.params().dup(), false);
        assertThat(((WordDropout) copy.getLayer(0).conf().getLayer()).getProbability()).isEqualTo(0.2);
        assertThat(copy.output(x, false, mask, null)).isEqualTo(net.output(x, false, mask, null));
    }

    @Test
    void probabilityMustBeBelowOne() {
        assertThatThrownBy(() -> new WordDropout(1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new ModelConfig(20, 3, 6, 4, true, ModelConfig.Cell.GRU, 1, 3, true, ModelConfig.Pooling.LAST, 0, 0,
                true, 0.01, 1e-4, 0, 1, 0.25, 3, null, -0.1)).hasMessageContaining("--word-dropout must be in [0, 1), found -0.1");
    }
}
