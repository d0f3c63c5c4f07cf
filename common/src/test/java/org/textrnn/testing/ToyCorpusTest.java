package org.textrnn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toy corpus the job tests share: its documents, their order and their files. */
class ToyCorpusTest {

    @Test
    void threeClassesAreTheTestsCorpusDocumentForDocument() {
        // the corpus the prepare / train / evaluate / score tests were written against (their thresholds depend on it)
        assertThat(ToyCorpus.threeClasses().tsv(4, 3)).isEqualTo("""
                a\talpha w21 w8 w2 w29 w4 w19 w1 w25 w2
                b\tw21 w6 w16 w17 w6 w19 w31 beta w25 w35 w38
                c\tw19 w26 w33 w38 w35
                a\talpha w17 w1 w14 w33 w27 w17 w9 w32
                """);
        assertThat(ToyCorpus.threeClasses().labels()).containsExactly("a", "b", "c");
    }

    @Test
    void eachLabelHoldsItsKeywordOnceAndTheLastHoldsNone() {
        List<ToyCorpus.Document> docs = ToyCorpus.threeClasses().documents(300, 7);
        assertThat(docs).hasSize(300);
        for (int i = 0; i < docs.size(); i++) {
            ToyCorpus.Document d = docs.get(i);
            List<String> words = Arrays.asList(d.text().split(" "));
            assertThat(d.label()).isEqualTo(List.of("a", "b", "c").get(i % 3));
            assertThat(words).as(d.tsv()).hasSizeBetween(5, 12);
            assertThat(words.stream().filter(w -> w.equals("alpha")).count()).as(d.tsv()).isEqualTo(d.label().equals("a") ? 1 : 0);
            assertThat(words.stream().filter(w -> w.equals("beta")).count()).as(d.tsv()).isEqualTo(d.label().equals("b") ? 1 : 0);
            assertThat(words.stream().filter(w -> !w.equals("alpha") && !w.equals("beta"))).as(d.tsv())
                    .allMatch(w -> w.matches("w([0-9]|[1-3][0-9])"));
        }
        assertThat(docs.stream().map(ToyCorpus.Document::text).distinct().count()).as("documents differ").isGreaterThan(290);
    }

    @Test
    void theSameSeedGivesTheSameDocumentsAndAnotherSeedOthers() {
        ToyCorpus c = ToyCorpus.threeClasses();
        assertThat(c.tsv(50, 11)).isEqualTo(c.tsv(50, 11)).isNotEqualTo(c.tsv(50, 12));
        assertThat(c.tsv(50, 11)).startsWith(c.tsv(20, 11));
        assertThat(c.tsv(0, 1)).isEmpty();
    }

    @Test
    void labelsKeywordsFillerWordsAndLengthsAreChosen() {
        ToyCorpus two = ToyCorpus.of(List.of("x", "y"), List.of("yes")).fillerWords(3).words(2, 4);
        for (ToyCorpus.Document d : two.documents(100, 1)) {
            List<String> words = Arrays.asList(d.text().split(" "));
            assertThat(words).as(d.tsv()).hasSizeBetween(2, 4);
            assertThat(words.contains("yes")).as(d.tsv()).isEqualTo(d.label().equals("x"));
            assertThat(words).as(d.tsv()).allMatch(w -> w.equals("yes") || w.matches("w[0-2]"));
        }
        assertThat(two.documents(100, 1).stream().map(d -> d.text().split(" ").length).distinct().sorted().toList())
                .containsExactly(2, 3, 4);
        assertThat(ToyCorpus.of(List.of("only"), List.of()).words(3, 3).documents(5, 2))
                .allSatisfy(d -> assertThat(d.text().split(" ")).hasSize(3));
    }

    @Test
    void filesAreLinesOfLabelTabTextAndTheLabelIndex(@TempDir Path dir) throws IOException {
        ToyCorpus c = ToyCorpus.threeClasses();
        Path tsv = c.writeTsv(dir.resolve("in/train.tsv"), 30, 3);
        assertThat(tsv).isEqualTo(dir.resolve("in/train.tsv"));
        List<String> lines = Files.readAllLines(tsv);
        assertThat(lines).hasSize(30).allMatch(l -> l.matches("[abc]\t[a-z0-9 ]+"));
        assertThat(Files.readString(tsv)).isEqualTo(c.tsv(30, 3)).endsWith("\n");
        assertThat(lines.get(0)).isEqualTo(c.documents(1, 3).get(0).tsv());
        assertThat(c.labelsTsv()).isEqualTo("a\t0\nb\t1\nc\t2\n");
        assertThat(Files.readString(c.writeLabels(dir.resolve("labels/labels.tsv")))).isEqualTo("a\t0\nb\t1\nc\t2\n");
    }

    @Test
    void impossibleCorporaAreRefusedSayingWhy() {
        assertThatThrownBy(() -> ToyCorpus.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a toy corpus needs at least one label");
        assertThatThrownBy(() -> ToyCorpus.of(List.of("a"), List.of("alpha", "beta"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a toy corpus has at most one keyword per label: 2 keywords for 1 labels");
        assertThatThrownBy(() -> ToyCorpus.threeClasses().fillerWords(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a toy corpus needs at least one filler word, found 0");
        assertThatThrownBy(() -> ToyCorpus.threeClasses().words(6, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("toy documents need 1 <= min words <= max words, found 6 and 5");
        assertThatThrownBy(() -> ToyCorpus.threeClasses().words(0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("toy documents need 1 <= min words <= max words, found 0 and 5");
        assertThatThrownBy(() -> ToyCorpus.threeClasses().documents(-1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a toy corpus cannot have -1 documents");
    }
}
