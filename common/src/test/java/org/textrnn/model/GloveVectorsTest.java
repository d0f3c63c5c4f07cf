package org.textrnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.TextrnnException;
import org.textrnn.testing.SharedData;
import org.textrnn.vocab.Vocabulary;

class GloveVectorsTest {

    /** Indices: 2 "the" (100), 3 "of" (50), 4 "zzzunknownzzz" (5); 10 pruned tokens on UNK. */
    private static final Vocabulary VOCAB = Vocabulary.of(List.of(Map.entry("the", 100L), Map.entry("of", 50L),
            Map.entry("zzzunknownzzz", 5L)), 10);

    private static GloveVectors.Match read(String text) throws IOException {
        return read(text, VOCAB);
    }

    private static GloveVectors.Match read(String text, Vocabulary vocab) throws IOException {
        return GloveVectors.read(new StringReader(text), "g.txt", vocab);
    }

    private static void assertFails(String text, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(TextrnnException.class).hasMessage(message);
    }

    @Test
    void coveredRowsGetTheFileValuesAndCoverageCountsThem() throws IOException {
        GloveVectors.Match m = read("the 0.5 -1.25 3\n<unk> 9 9 9\n<pad> 8 8 8\nfoo 1 2 3\nof 1e-2 2 -3.5e1\n");

        assertThat(m.dimension()).isEqualTo(3);
        assertThat(m.vectors()).hasNumberOfRows(5);
        assertThat(m.vectors()[2]).containsExactly(0.5f, -1.25f, 3f);
        assertThat(m.vectors()[3]).containsExactly(0.01f, 2f, -35f);
        assertThat(m.vectors()[4]).as("zzzunknownzzz is not in the file").isNull();
        assertThat(m.vectors()[Vocabulary.PAD]).as("PAD is never taken from the file").isNull();
        assertThat(m.vectors()[Vocabulary.UNK]).as("UNK is never taken from the file").isNull();
        // 2 of the 3 entries; 100 + 50 of 100 + 50 + 5 + 10 (pruned) training tokens
        assertThat(m.covered()).isEqualTo(2);
        assertThat(m.vocabularyEntries()).isEqualTo(3);
        assertThat(m.vocabularyCoverage()).isEqualTo(2.0 / 3);
        assertThat(m.coveredTrainTokens()).isEqualTo(150);
        assertThat(m.trainTokens()).isEqualTo(165);
        assertThat(m.tokenCoverage()).isEqualTo(150.0 / 165);
        assertThat(m.linesRead()).isEqualTo(5);
        assertThat(m.duplicates()).isZero();
        assertThat(m.describe()).containsExactly(entry("dimension", 3), entry("covered", 2), entry("vocabulary_entries", 3),
                entry("vocabulary_coverage", 0.666667), entry("covered_train_tokens", 150L), entry("train_tokens", 165L),
                entry("token_coverage", 0.909091), entry("lines_read", 5L), entry("duplicates", 0L));
    }

    @Test
    void noCoverageAndAnEmptyVocabularyGiveZeroNotNaN() throws IOException {
        GloveVectors.Match none = read("foo 1 2\n");
        assertThat(none.covered()).isZero();
        assertThat(none.vocabularyCoverage()).isZero();
        assertThat(none.tokenCoverage()).isZero();
        assertThat((Object[]) none.vectors()).hasSize(5).containsOnlyNulls();

        GloveVectors.Match empty = read("the 1 2\n", Vocabulary.of(List.of(), 0));
        assertThat((Object[]) empty.vectors()).hasSize(2).containsOnlyNulls();
        assertThat(empty.vocabularyEntries()).isZero();
        assertThat(empty.vocabularyCoverage()).isZero();
        assertThat(empty.tokenCoverage()).isZero();
        assertThat(empty.describe()).containsEntry("vocabulary_coverage", 0.0).containsEntry("token_coverage", 0.0);
    }

    @Test
    void word2vecHeaderIsSkippedOnlyAsTheFirstLine() throws IOException {
        GloveVectors.Match m = read("\n400000 2\nthe 1 2\nof 3 4\n");
        assertThat(m.dimension()).isEqualTo(2);
        assertThat(m.linesRead()).as("the header is not a vector line").isEqualTo(2);
        assertThat(m.vectors()[3]).containsExactly(3f, 4f);

        // further down, two integers are a 1-dimensional vector of the word "3"
        Vocabulary numbers = Vocabulary.of(List.of(Map.entry("3", 7L)), 0);
        GloveVectors.Match oneDim = read("the 1\n3 4\n", numbers);
        assertThat(oneDim.dimension()).isEqualTo(1);
        assertThat(oneDim.vectors()[2]).containsExactly(4f);
        assertThat(oneDim.linesRead()).isEqualTo(2);
    }

    @Test
    void firstOccurrenceOfARepeatedWordWins() throws IOException {
        GloveVectors.Match m = read("the 1 2\nfoo 0 0\nthe 3 4\nof 5 6\nthe 7 8\nfoo 9 9\n");
        assertThat(m.vectors()[2]).containsExactly(1f, 2f);
        assertThat(m.vectors()[3]).containsExactly(5f, 6f);
        assertThat(m.duplicates()).as("repeats of vocabulary words only").isEqualTo(2);
        assertThat(m.linesRead()).isEqualTo(6);
        assertThat(m.covered()).isEqualTo(2);
        assertThat(m.coveredTrainTokens()).as("a repeat is not counted twice").isEqualTo(150);
    }

    @Test
    void toleratesTabsSpaceRunsCrlfAndAByteOrderMark() throws IOException {
        GloveVectors.Match m = read("\uFEFFthe\t1  2 \r\n\r\n \t\r\n  of\t\t3 \t4\r\nzzzunknownzzz 5 6");
        assertThat(m.dimension()).isEqualTo(2);
        assertThat(m.vectors()[2]).as("the BOM is not part of the first word").containsExactly(1f, 2f);
        assertThat(m.vectors()[3]).containsExactly(3f, 4f);
        assertThat(m.vectors()[4]).as("last line without a line end").containsExactly(5f, 6f);
        assertThat(m.linesRead()).isEqualTo(3);
    }

    @Test
    void onlySpacesAndTabsSeparateSoUnicodeSpacesStayInWords() throws IOException {
        // GloVe files hold words such as a lone thin space; trimming with strip() would lose them
        Vocabulary v = Vocabulary.of(List.of(Map.entry("\u2009", 3L), Map.entry("a\u00a0b", 2L)), 0);
        GloveVectors.Match m = read("the 1 2\n\u2009 3 4\na\u00a0b 5 6\n", v);
        assertThat(m.vectors()[2]).containsExactly(3f, 4f);
        assertThat(m.vectors()[3]).containsExactly(5f, 6f);
    }

    @Test
    void wrongNumberOfValuesNamesTheLine() {
        assertFails("the 1 2 3\nof 1 2\n",
                "g.txt line 2: expected 3 values after the word, found 2 (is this a GloVe text file of one dimension?)");
        assertFails("the 1 2\n\nfoo 1 2 3\n",
                "g.txt line 3: expected 2 values after the word, found 3 (is this a GloVe text file of one dimension?)");
        assertFails("the 1 2\nof\n",
                "g.txt line 2: expected 2 values after the word, found 0 (is this a GloVe text file of one dimension?)");
    }

    @Test
    void aFirstWordWithoutValuesIsReported() {
        assertFails("the\nof 1 2\n", "g.txt line 1: no vector values after the word");
        assertFails("\n400000 2\nthe\n", "g.txt line 3: no vector values after the word");
    }

    @Test
    void valuesThatAreNotFiniteFloatsAreReported() {
        assertFails("the 1 x 3\n", "g.txt line 1: value 2 ('x') is not a number");
        assertFails("foo 1 2 3\nof 1 2 NaN\n", "g.txt line 2: value 3 ('NaN') is not a number");
        assertFails("the -Infinity 2\n", "g.txt line 1: value 1 ('-Infinity') is not a number");
        assertFails("the 1 1e39\n", "g.txt line 1: value 2 ('1e39') is not a number");
        assertFails("the 1,5 2\n", "g.txt line 1: value 1 ('1,5') is not a number");
    }

    @Test
    void valuesOfLinesThatAreNotKeptAreNotParsed() throws IOException {
        // by design: only the vectors that reach the model are parsed (a full file costs a minute more)
        GloveVectors.Match m = read("foo 1 x\nthe 1 2\nthe NaN 2\n");
        assertThat(m.vectors()[2]).containsExactly(1f, 2f);
        assertThat(m.duplicates()).isEqualTo(1);
    }

    @Test
    void aFileWithoutVectorsIsReported() {
        assertFails("", "g.txt holds no vectors");
        assertFails("\n \t\r\n\n", "g.txt holds no vectors");
        assertFails("400000 100\n", "g.txt holds no vectors");
    }

    @Test
    void loadReportsMissingFilesAndDirectories(@TempDir Path dir) {
        String missing = dir.resolve("absent.txt").toString();
        assertThatThrownBy(() -> GloveVectors.load(missing, new Configuration(), VOCAB)).isInstanceOf(TextrnnException.class)
                .hasMessage("GloVe file " + missing + " does not exist");
        String uri = dir.resolve("absent.txt").toUri().toString();
        assertThatThrownBy(() -> GloveVectors.load(uri, new Configuration(), VOCAB)).isInstanceOf(TextrnnException.class)
                .hasMessage("GloVe file " + uri + " does not exist");
        assertThatThrownBy(() -> GloveVectors.load(dir.toString(), new Configuration(), VOCAB)).isInstanceOf(TextrnnException.class)
                .hasMessage("GloVe file " + dir + " is a directory, not a GloVe text file");
    }

    @Test
    void loadReadsUtf8AndNamesTheLocationInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g.txt");
        Files.write(file, "caf\u00e9 1 2\nthe 3 4\nof 5\n".getBytes(StandardCharsets.UTF_8));
        Vocabulary v = Vocabulary.of(List.of(Map.entry("caf\u00e9", 1L)), 0);
        assertThatThrownBy(() -> GloveVectors.load(file.toString(), new Configuration(), v)).isInstanceOf(TextrnnException.class)
                .hasMessage(file
                        + " line 3: expected 2 values after the word, found 1 (is this a GloVe text file of one dimension?)");

        Files.write(file, "caf\u00e9 1 2\nthe 3 4\n".getBytes(StandardCharsets.UTF_8));
        GloveVectors.Match m = GloveVectors.load(file.toString(), new Configuration(), v);
        assertThat(m.vectors()[2]).as("the word is decoded as UTF-8").containsExactly(1f, 2f);
    }

    @Test
    void realPartialGloveFiles() throws IOException {
        Configuration conf = new Configuration();
        for (String name : List.of("glove.6B.50d.first2446.txt", "glove.6B.100d.first2604.txt")) {
            Path file = SharedData.require("glove/" + name);
            int dimension = name.contains(".50d.") ? 50 : 100;
            long lines = name.contains(".50d.") ? 2446 : 2604;
            // the expected vectors straight from the file's first and fourth lines ("the", "of"); these
            // copies hold a few bytes that are not UTF-8 further down, so read as Latin-1 here
            String[] the;
            String[] of;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                the = r.readLine().split(" ");
                r.readLine();
                r.readLine();
                of = r.readLine().split(" ");
            }
            assertThat(the[0]).isEqualTo("the");
            assertThat(of[0]).isEqualTo("of");
            assertThat(the).hasSize(dimension + 1);

            for (String location : List.of(file.toString(), file.toUri().toString())) {
                GloveVectors.Match m = GloveVectors.load(location, conf, VOCAB);
                assertThat(m.dimension()).as(location).isEqualTo(dimension);
                assertThat(m.vectors()[2]).hasSize(dimension);
                assertThat(m.vectors()[2][0]).isEqualTo(Float.parseFloat(the[1]));
                for (int k = 0; k < dimension; k++) {
                    assertThat(m.vectors()[2][k]).isEqualTo(Float.parseFloat(the[k + 1]));
                    assertThat(m.vectors()[3][k]).isEqualTo(Float.parseFloat(of[k + 1]));
                }
                assertThat(m.vectors()[4]).isNull();
                assertThat(m.vectors()[Vocabulary.PAD]).isNull();
                assertThat(m.vectors()[Vocabulary.UNK]).isNull();
                assertThat(m.covered()).isEqualTo(2);
                assertThat(m.vocabularyCoverage()).isEqualTo(2.0 / 3);
                assertThat(m.tokenCoverage()).isEqualTo(150.0 / 165);
                assertThat(m.linesRead()).isEqualTo(lines);
                assertThat(m.duplicates()).isZero();
            }
        }
    }
}
