package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.textrnn.TextrnnException;
import org.textrnn.testing.SharedData;
import org.textrnn.vocab.Vocabulary;

class GloveVectorsTest {

    private static final Vocabulary VOCAB = Vocabulary.of(List.of(Map.entry("the", 100L), Map.entry("of", 50L),
            Map.entry("zzzunknownzzz", 5L)), 10);

    private static GloveVectors.Match read(String text) throws IOException {
        return GloveVectors.read(new StringReader(text), "g.txt", VOCAB);
    }

    @Test
    void coveredRowsGetTheirVectors() throws IOException {
        GloveVectors.Match m = read("the 0.5 -1.25 3\n<unk> 9 9 9\nfoo 1 2 3\nof\t1e-2  2 3\r\n\nthe 7 7 7\n");
        assertThat(m.dimension()).isEqualTo(3);
        assertThat(m.vectors()[2]).containsExactly(0.5f, -1.25f, 3f);
        assertThat(m.vectors()[3]).containsExactly(0.01f, 2f, 3f);
        assertThat(m.vectors()[4]).isNull();
        assertThat(m.vectors()[Vocabulary.PAD]).isNull();
        assertThat(m.vectors()[Vocabulary.UNK]).as("UNK is never taken from the file").isNull();
        assertThat(m.covered()).isEqualTo(2);
        assertThat(m.vocabularyEntries()).isEqualTo(3);
        assertThat(m.vocabularyCoverage()).isEqualTo(2.0 / 3);
        assertThat(m.coveredTrainTokens()).isEqualTo(150);
        assertThat(m.trainTokens()).isEqualTo(165);
        assertThat(m.tokenCoverage()).isEqualTo(150.0 / 165);
        assertThat(m.duplicates()).isEqualTo(1);
        assertThat(m.linesRead()).isEqualTo(5);
        assertThat(m.describe()).containsEntry("vocabulary_coverage", 0.666667).containsEntry("dimension", 3);
    }

    @Test
    void word2vecHeaderIsSkipped() throws IOException {
        assertThat(read("2 2\nthe 1 2\nof 3 4\n").dimension()).isEqualTo(2);
    }

    @Test
    void malformedFilesNameTheLine() {
        assertThatThrownBy(() -> read("the 1 2 3\nof 1 2\n")).isInstanceOf(TextrnnException.class)
                .hasMessage("g.txt line 2: expected 3 values after the word, found 2 (is this a GloVe text file of one dimension?)");
        assertThatThrownBy(() -> read("the 1 2 3\nfoo 1 x 3\n"))
                .hasMessage("g.txt line 2: value 2 ('x') is not a number");
        assertThatThrownBy(() -> read("the 1 NaN 3\n")).hasMessage("g.txt line 1: value 2 ('NaN') is not a number");
        assertThatThrownBy(() -> read("the\n")).hasMessage("g.txt line 1: no vector values after the word");
        assertThatThrownBy(() -> read("\n\n")).hasMessage("g.txt holds no vectors");
        assertThatThrownBy(() -> GloveVectors.load("/no/such/glove.txt", new Configuration(), VOCAB))
                .hasMessage("GloVe file /no/such/glove.txt does not exist");
    }

    @Test
    void realPartialGloveFiles() throws IOException {
        for (String name : List.of("glove.6B.50d.first2446.txt", "glove.6B.100d.first2604.txt")) {
            Path file = SharedData.require("glove/" + name);
            // these partial copies hold a few mis-encoded (not UTF-8) punctuation lines: read bytes as Latin-1 here
            String first = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1).get(0);
            String[] f = first.split(" ");
            assertThat(f[0]).isEqualTo("the");
            GloveVectors.Match m = GloveVectors.load(file.toString(), new Configuration(), VOCAB);
            assertThat(m.dimension()).isEqualTo(f.length - 1).isEqualTo(name.contains("50d") ? 50 : 100);
            assertThat(m.vectors()[2][0]).isEqualTo(Float.parseFloat(f[1]));
            assertThat(m.covered()).isEqualTo(2);
            assertThat(m.vocabularyCoverage()).isEqualTo(2.0 / 3);
        }
    }
}
