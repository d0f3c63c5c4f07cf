package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BatchingTest {

    static final int MAX_LENGTH = 9;
    static MultiLayerNetwork net;
    static int[][] tokens;
    static int[] lengths;

    /** A 2-layer biLSTM whose parameters are all random (biases too, as after training), and documents of lengths 0..12. */
    @BeforeAll
    static void network() {
        ModelConfig c = new ModelConfig(20, 3, MAX_LENGTH, 6, true, ModelConfig.Cell.LSTM, 2, 5, true, ModelConfig.Pooling.LAST,
                0.6, 0.5, true, 0.005, 1e-4, 8, 0.1, 0.25, 7, null);
        net = NetworkFactory.create(c, null);
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.rand(net.params().dataType(), net.params().shape()).subi(0.5));
        Random r = new Random(5);
        tokens = new int[40][];
        lengths = new int[40];
        for (int i = 0; i < tokens.length; i++) {
            lengths[i] = r.nextInt(13);
            tokens[i] = new int[MAX_LENGTH];
            for (int t = 0; t < Math.min(lengths[i], MAX_LENGTH); t++) {
                tokens[i][t] = 2 + r.nextInt(18);
            }
        }
    }

    private static float[] alone(Batching b, int i) {
        return b.predict(net, new int[][] {tokens[i]}, new int[] {lengths[i]}, MAX_LENGTH, 1)[0];
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

    @Test
    void aDocumentsPredictionDoesNotDependOnItsBatch() {
        for (Batching b : Batching.values()) {
            float[][] each = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                each[i] = alone(b, i);
            }
            for (int batchSize : new int[] {1, 3, 16, 100}) {
                float[][] together = b.predict(net, tokens, lengths, MAX_LENGTH, batchSize);
                assertThat(together).hasNumberOfRows(tokens.length);
                assertThat(maxDifference(together, each)).as(b + ", batch " + batchSize).isLessThan(1e-5);
            }
        }
    }

    @Test
    void lengthBucketsPredictAsIfNothingWerePadded() {
        // what the padding changes: DL4J's bidirectional layer reads a padded document's padding
        // backwards before the document, and with trained (non-zero) biases that moves the state
        float[][] padded = Batching.PADDED.predict(net, tokens, lengths, MAX_LENGTH, 16);
        float[][] buckets = Batching.LENGTH_BUCKETS.predict(net, tokens, lengths, MAX_LENGTH, 16);
        assertThat(maxDifference(padded, buckets)).as("padded and bucketed predictions differ").isGreaterThan(1e-3);
        for (int i = 0; i < tokens.length; i++) {
            int steps = Batching.steps(lengths[i], MAX_LENGTH);
            int[] cut = java.util.Arrays.copyOf(tokens[i], steps);
            // a model of exactly this document's length, padded: no padding at all
            float[] unpadded = Batching.PADDED.predict(net, new int[][] {cut}, new int[] {lengths[i]}, steps, 1)[0];
            assertThat(maxDifference(new float[][] {buckets[i]}, new float[][] {unpadded})).as("document " + i).isLessThan(1e-5);
        }
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
