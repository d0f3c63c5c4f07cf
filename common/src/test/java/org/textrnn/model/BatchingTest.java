package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Padding invariance: with textrnn's layers a document's probabilities are the same (within 1e-5 in
 * float32) whether it is scored alone, in a padded minibatch or in a length bucket, whatever shares
 * its batch, for both cells, one and two directions, every pooling.
 */
class BatchingTest {

    static final int MAX_LENGTH = 9;
    static int[][] tokens;
    static int[] lengths;

    /** Documents of lengths 0..12 (cut to MAX_LENGTH), random tokens. */
    @BeforeAll
    static void documents() {
        Random r = new Random(5);
        tokens = new int[40][];
        lengths = new int[40];
        for (int i = 0; i < tokens.length; i++) {
            lengths[i] = r.nextInt(13);
            tokens[i] = new int[MAX_LENGTH];
            for (int t = 0; t < Math.min(lengths[i], MAX_LENGTH); t++) {
                tokens[i][t] = 2 + r.nextInt(18);
            }
            // what follows a document in its row is padding: give it tokens too, they must not matter
            for (int t = Math.min(lengths[i], MAX_LENGTH); t < MAX_LENGTH; t++) {
                tokens[i][t] = 2 + r.nextInt(18);
            }
        }
    }

    /** A 2-layer network whose parameters are all random (biases too, as after training). */
    static MultiLayerNetwork network(ModelConfig.Cell cell, boolean bidirectional, ModelConfig.Pooling pooling) {
        ModelConfig c = new ModelConfig(20, 3, MAX_LENGTH, 6, true, cell, 2, 5, bidirectional, pooling,
                0.6, 0.5, true, 0.005, 1e-4, 8, 0.1, 0.25, 7, null);
        MultiLayerNetwork net = NetworkFactory.create(c, null);
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.rand(net.params().dataType(), net.params().shape()).subi(0.5));
        return net;
    }

    private static float[] alone(MultiLayerNetwork net, Batching b, int i) {
        int steps = Batching.steps(lengths[i], MAX_LENGTH);
        // the document cut to its own length: no padding at all
        int[] cut = java.util.Arrays.copyOf(tokens[i], steps);
        return b.predict(net, new int[][] {cut}, new int[] {lengths[i]}, steps, 1)[0];
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                d = Math.max(d, Math.abs(a[i][c] - b[i][c]));
            }
        }
        return d;
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shapes() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> all = new java.util.ArrayList<>();
        for (ModelConfig.Cell cell : ModelConfig.Cell.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (ModelConfig.Pooling pooling : ModelConfig.Pooling.values()) {
                    all.add(org.junit.jupiter.params.provider.Arguments.of(cell, bi, pooling));
                }
            }
        }
        return all.stream();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} bidirectional={1} pooling={2}")
    @org.junit.jupiter.params.provider.MethodSource("shapes")
    void aDocumentsPredictionDependsOnItAlone(ModelConfig.Cell cell, boolean bidirectional, ModelConfig.Pooling pooling) {
        MultiLayerNetwork net = network(cell, bidirectional, pooling);
        float[][] each = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            each[i] = alone(net, Batching.PADDED, i);
        }
        for (Batching b : Batching.values()) {
            for (int batchSize : new int[] {1, 3, 16, 100}) {
                float[][] together = b.predict(net, tokens, lengths, MAX_LENGTH, batchSize);
                assertThat(together).hasNumberOfRows(tokens.length);
                assertThat(maxDifference(together, each)).as(b + ", batch " + batchSize).isLessThan(1e-5);
            }
        }
        // more padding than the model's max length changes nothing either
        int[][] longer = new int[tokens.length][];
        int[] cut = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            longer[i] = java.util.Arrays.copyOf(tokens[i], MAX_LENGTH + 7);
            cut[i] = Math.min(lengths[i], MAX_LENGTH);
        }
        float[][] padded = Batching.PADDED.predict(net, longer, cut, MAX_LENGTH + 7, 16);
        assertThat(maxDifference(padded, each)).as("padded to " + (MAX_LENGTH + 7)).isLessThan(1e-5);
    }

    @Test
    void stepsAndNames() {
        assertThat(Batching.steps(0, 9)).isEqualTo(1);
        assertThat(Batching.steps(4, 9)).isEqualTo(4);
        assertThat(Batching.steps(30, 9)).isEqualTo(9);
        for (Batching b : Batching.values()) {
            assertThat(Batching.parse(b.id())).isEqualTo(b);
        }
        assertThat(Batching.LENGTH_BUCKETS.id()).isEqualTo("length-buckets");
        assertThatThrownBy(() -> Batching.parse("sorted")).hasMessage("batching must be one of padded, length-buckets; found 'sorted'");
    }
}
