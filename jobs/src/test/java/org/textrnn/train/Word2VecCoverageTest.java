package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.textrnn.io.Json;
import org.textrnn.model.GloveVectors;
import org.textrnn.model.ModelConfig;
import org.textrnn.model.NetworkFactory;
import org.textrnn.vocab.Vocabulary;

/** What the learned Word2Vec vectors become: the embedding's initial rows, their coverage, and the GloVe text a later run can reuse. */
class Word2VecCoverageTest {

    /** PAD, UNK, then the (count): the 10, cat 6, sat 3, mat 1. */
    static final Vocabulary VOCAB = Vocabulary.of(List.of(new AbstractMap.SimpleImmutableEntry<>("the", 10L),
            new AbstractMap.SimpleImmutableEntry<>("cat", 6L), new AbstractMap.SimpleImmutableEntry<>("sat", 3L),
            new AbstractMap.SimpleImmutableEntry<>("mat", 1L)), 4);

    /** Vectors Word2Vec learned: UNK's, the, sat (written as its float values), and a word the vocabulary does not have. */
    static Map<String, float[]> learned() {
        Map<String, float[]> v = new HashMap<>();
        v.put(Vocabulary.UNK_TOKEN, new float[] {0.5f, -0.5f, 0.25f});
        v.put("the", new float[] {0.1f, 0.2f, 0.3f});
        v.put("sat", new float[] {-1.0e-7f, 3.4028235e38f, 0.33333334f});
        v.put("dog", new float[] {9f, 9f, 9f});
        return v;
    }

    @Test
    void rowsAreTheVectorsOfTheVocabularysEntriesAndUnkButNeverPad() {
        float[][] rows = Word2VecPretraining.rows(VOCAB, learned());
        assertThat(rows.length).isEqualTo(6);
        assertThat(rows[Vocabulary.PAD]).isNull();
        assertThat(rows[Vocabulary.UNK]).containsExactly(0.5f, -0.5f, 0.25f);
        assertThat(rows[VOCAB.indexOf("the")]).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(rows[VOCAB.indexOf("cat")]).isNull();
        assertThat(rows[VOCAB.indexOf("sat")]).containsExactly(-1.0e-7f, 3.4028235e38f, 0.33333334f);
        assertThat(rows[VOCAB.indexOf("mat")]).isNull();
    }

    @Test
    void coverageCountsVocabularyEntriesAndTrainingTokensAsGloveCoverageDoes() {
        float[][] rows = Word2VecPretraining.rows(VOCAB, learned());
        // the training split's kept tokens per index: PAD never, UNK 4, the 10, cat 6, sat 3, mat 1
        long[] tokens = {0, 4, 10, 6, 3, 1};
        Word2VecPretraining.Coverage c = Word2VecPretraining.coverage(VOCAB, rows, tokens, 3);
        assertThat(c.covered()).isEqualTo(2);
        assertThat(c.vocabularyEntries()).isEqualTo(4);
        assertThat(c.coveredTrainTokens()).isEqualTo(13);
        assertThat(c.trainTokens()).isEqualTo(24);
        assertThat(c.vocabularyCoverage()).isEqualTo(0.5);
        assertThat(c.tokenCoverage()).isEqualTo(13 / 24.0);
        assertThat(c.unkVector()).isTrue();
        assertThat(Json.write(c.describe())).isEqualTo("""
                {
                  "dimension" : 3,
                  "covered" : 2,
                  "vocabulary_entries" : 4,
                  "vocabulary_coverage" : 0.5,
                  "covered_train_tokens" : 13,
                  "train_tokens" : 24,
                  "token_coverage" : 0.541667,
                  "unk_vector" : true
                }
                """);

        Map<String, float[]> noUnk = learned();
        noUnk.remove(Vocabulary.UNK_TOKEN);
        noUnk.remove("the");
        noUnk.remove("sat");
        Word2VecPretraining.Coverage none = Word2VecPretraining.coverage(VOCAB, Word2VecPretraining.rows(VOCAB, noUnk), tokens, 3);
        assertThat(none.describe()).containsEntry("covered", 0).containsEntry("vocabulary_coverage", 0.0)
                .containsEntry("token_coverage", 0.0).containsEntry("unk_vector", false);
        Word2VecPretraining.Coverage empty = Word2VecPretraining.coverage(Vocabulary.of(List.of(), 0), new float[2][], new long[2], 3);
        assertThat(empty.vocabularyCoverage()).isZero();
        assertThat(empty.tokenCoverage()).isZero();
    }

    @Test
    void theVectorsFileIsGloveTextThatGloveReadsBackExactly(@TempDir Path dir) throws Exception {
        float[][] rows = Word2VecPretraining.rows(VOCAB, learned());
        StringWriter text = new StringWriter();
        assertThat(Word2VecPretraining.writeVectors(text, VOCAB, rows)).isEqualTo(2);
        assertThat(text.toString()).isEqualTo("the 0.1 0.2 0.3\nsat -1.0E-7 3.4028235E38 0.33333334\n");
        Path file = Files.writeString(dir.resolve("vectors.txt"), text.toString());
        GloveVectors.Match again = GloveVectors.load(file.toString(), new Configuration(), VOCAB);
        assertThat(again.dimension()).isEqualTo(3);
        assertThat(again.covered()).isEqualTo(2);
        for (int i = 2; i < VOCAB.size(); i++) {
            assertThat(again.vectors()[i]).as(VOCAB.token(i)).isEqualTo(rows[i]);
        }
    }

    @Test
    void theInitialNetworkHoldsTheRowsAndKeepsItsOwnPadRow() {
        ModelConfig mc = new ModelConfig(VOCAB.size(), 2, 4, 3, true, ModelConfig.Cell.LSTM, 1, 4, false, ModelConfig.Pooling.MEAN, 0, 0, false,
                0.01, 0, 0, 1, 0, 9, null);
        float[][] rows = Word2VecPretraining.rows(VOCAB, learned());
        INDArray initialised = NetworkFactory.embeddingLayer(NetworkFactory.create(mc, rows)).getParam(NetworkFactory.EMBEDDING_PARAM);
        MultiLayerNetwork plain = NetworkFactory.create(mc, null);
        INDArray random = NetworkFactory.embeddingLayer(plain).getParam(NetworkFactory.EMBEDDING_PARAM);
        for (int i = 0; i < VOCAB.size(); i++) {
            float[] row = initialised.getRow(i).toFloatVector();
            assertThat(row).as("row " + i + " (" + VOCAB.token(i) + ")").isEqualTo(rows[i] != null ? rows[i] : random.getRow(i).toFloatVector());
        }
    }
}
