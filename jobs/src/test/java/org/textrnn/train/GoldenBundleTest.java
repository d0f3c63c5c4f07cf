package org.textrnn.train;

import org.textrnn.bundle.ModelBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.model.Batching;
import org.textrnn.text.Tokenizer;

/**
 * Bundles written before the recurrent-core change (bundle format 1: DL4J's built-in biLSTM, the
 * SameDiff GRU) still load and score exactly as they did: the golden bundles in
 * {@code src/test/resources/golden/} against the probabilities recorded with them (see the README there).
 */
class GoldenBundleTest {

    private static Path golden(String name) throws Exception {
        return Path.of(GoldenBundleTest.class.getResource("/golden/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void aFormatOneBundleLoadsAndScoresAsItDid(String cell) throws Exception {
        ModelBundle bundle = ModelBundle.load(golden("bundle-format1-" + cell).toString(), new Configuration());
        assertThat(bundle.description().format()).isEqualTo(1);
        assertThat(bundle.batching()).isEqualTo(Batching.PADDED);
        assertThat(bundle.recurrentLayers()).isEqualTo(ModelBundle.DL4J_LAYERS);

        List<String> texts = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(golden("bundle-format1-" + cell + "-expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            texts.add(f[0]);
            float[] p = new float[f.length - 1];
            for (int c = 0; c < p.length; c++) {
                p[c] = Float.parseFloat(f[c + 1]);
            }
            expected.add(p);
        }
        assertThat(texts).hasSize(40);

        Tokenizer tokenizer = bundle.tokenizer().create();
        SequenceEncoder encoder = bundle.encoder();
        int[][] tokens = new int[texts.size()][];
        int[] lengths = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            SequenceEncoder.Encoded e = encoder.encode(tokenizer.tokenize(texts.get(i)));
            tokens[i] = e.tokens();
            lengths[i] = e.length();
        }
        float[][] actual = bundle.batching().predict(bundle.network(), tokens, lengths, bundle.maxLength(), 7);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(actual[i]).as("classes of document " + i).hasSize(bundle.labels().size()).hasSameSizeAs(expected.get(i));
            for (int c = 0; c < actual[i].length; c++) {
                assertThat(actual[i][c]).as("document " + i + " (" + texts.get(i) + "), class " + c).isCloseTo(expected.get(i)[c], within(1e-6f));
            }
        }
    }
}
