package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's {@link GradientCheckUtil} (central finite differences, double precision) on textrnn's
 * whole network as {@link NetworkFactory} builds it, embedding included, for every cell ×
 * direction × layers (1-3) × pooling × batch norm, on a padded minibatch with a features mask:
 * lengths 5, 3, 2 and 4 in 5 steps, so every layer sees padding and the backward direction must
 * start at each document's own last token. Dropout, weight decay and clipping are off (they are
 * not part of the gradient).
 */
class RecurrentGradientCheckTest {

    private static final int VOCAB = 7;
    private static final int CLASSES = 3;
    private static final int STEPS = 5;
    private static final int[] LENGTHS = {5, 3, 2, 4};

    private static DataType defaultType;
    private static DataType defaultFloatType;

    @BeforeAll
    static void doublePrecision() {
        defaultType = Nd4j.dataType();
        defaultFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (ModelConfig.Cell cell : ModelConfig.Cell.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (int layers = 1; layers <= 3; layers++) {
                    for (ModelConfig.Pooling pooling : ModelConfig.Pooling.values()) {
                        for (boolean bn : new boolean[] {false, true}) {
                            // the concatenated poolings (one layer, SequencePooling, after the last recurrent layer) with batch norm
                            if (pooling.parts() == 1 || (layers == 1 && bn)) {
                                all.add(Arguments.of(cell, bi, layers, pooling, bn));
                            }
                        }
                    }
                }
            }
        }
        assertThat(all).hasSize(88);
        return all.stream();
    }

    @ParameterizedTest(name = "{0} bidirectional={1} layers={2} pooling={3} batchNorm={4}")
    @MethodSource("combinations")
    void gradientsMatchFiniteDifferencesWithPadding(ModelConfig.Cell cell, boolean bidirectional, int layers, ModelConfig.Pooling pooling,
                                                    boolean batchNorm) {
        ModelConfig c = new ModelConfig(VOCAB, CLASSES, STEPS, 2, true, cell, layers, 2, bidirectional, pooling, 0, 0, batchNorm,
                0.005, 0, 0, 0.1, 0, 11, null);
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.configuration(c, DataType.DOUBLE, new NoOp()));
        net.init();
        Random r = new Random(13);
        int mb = LENGTHS.length;
        INDArray x = Nd4j.zeros(DataType.DOUBLE, mb, STEPS);
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, mb, STEPS);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, mb, CLASSES);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < STEPS; t++) {
                // padding holds token ids too: they must not matter
                x.putScalar(b, t, t < LENGTHS[b] ? 2 + r.nextInt(VOCAB - 2) : r.nextInt(VOCAB));
                mask.putScalar(b, t, t < LENGTHS[b] ? 1 : 0);
            }
            y.putScalar(b, b % CLASSES, 1);
        }
        // batch norm's running mean and variance are statistics the forward pass updates, not trained by gradients
        java.util.Set<String> statistics = new java.util.HashSet<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                statistics.addAll(List.of(i + "_mean", i + "_var", i + "_log10stdev"));
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y).inputMask(mask)
                .excludeParams(statistics)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
        assertThat(ok).as("gradient check of %d parameters", net.numParams()).isTrue();
    }
}
