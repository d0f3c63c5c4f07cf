package org.textrnn.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private static Vocabulary sample() {
        return Vocabulary.of(List.of(Map.entry("the", 10L), Map.entry("cat", 3L), Map.entry("dog", 3L)), 4);
    }

    @Test
    void padAndUnkComeFirst() {
        Vocabulary v = sample();
        assertThat(v.size()).isEqualTo(5);
        assertThat(v.token(Vocabulary.PAD)).isEqualTo("<pad>");
        assertThat(v.token(Vocabulary.UNK)).isEqualTo("<unk>");
        assertThat(v.indexOf("the")).isEqualTo(2);
        assertThat(v.indexOf("dog")).isEqualTo(4);
        assertThat(v.indexOf("zebra")).isEqualTo(Vocabulary.UNK);
        assertThat(v.indexOf("<pad>")).as("reserved names are never ordinary entries").isEqualTo(Vocabulary.UNK);
        assertThat(v.count(Vocabulary.UNK)).isEqualTo(4);
    }

    @Test
    void tsvRoundTripKeepsContentAndHash() {
        Vocabulary v = sample();
        assertThat(v.toTsv()).isEqualTo("<pad>\t0\t0\n<unk>\t1\t4\nthe\t2\t10\ncat\t3\t3\ndog\t4\t3\n");
        Vocabulary back = Vocabulary.parse(v.toTsv(), "vocab.tsv");
        assertThat(back.tokens()).isEqualTo(v.tokens());
        assertThat(back.hash()).isEqualTo(v.hash()).hasSize(64);
        assertThat(Vocabulary.of(List.of(Map.entry("the", 10L)), 4).hash()).isNotEqualTo(v.hash());
    }

    @Test
    void malformedFilesNameTheLine() {
        assertThatThrownBy(() -> Vocabulary.parse("<pad>\t0\t0\n<unk>\t1\t0\nx\t3\t1\n", "v.tsv"))
                .hasMessage("v.tsv line 3: expected index 2, found 3 (entries must be in index order with no gaps)");
        assertThatThrownBy(() -> Vocabulary.parse("<pad>\t0\n", "v.tsv"))
                .hasMessage("v.tsv line 1: expected token<TAB>index<TAB>count, found 2 fields");
        assertThatThrownBy(() -> Vocabulary.parse("a\t0\t0\n", "v.tsv"))
                .hasMessage("v.tsv line 1: index 0 must be <pad>, found 'a'");
        assertThatThrownBy(() -> Vocabulary.parse("<pad>\t0\t0\n<unk>\t1\tmany\n", "v.tsv"))
                .hasMessage("v.tsv line 2: index and count must be integers, found '1' and 'many'");
        assertThatThrownBy(() -> Vocabulary.parse("", "v.tsv"))
                .hasMessageContaining("needs at least the <pad> and <unk> lines");
        assertThatThrownBy(() -> Vocabulary.parse("<pad>\t0\t0\n<unk>\t1\t0\na\t2\t1\na\t3\t1\n", "v.tsv"))
                .hasMessage("vocabulary lists token 'a' twice");
    }

    @Test
    void tokensThatCannotBeStoredAreRefused() {
        assertThatThrownBy(() -> Vocabulary.of(List.of(Map.entry("a\tb", 1L)), 0))
                .hasMessage("token 'a\tb' cannot be stored in a vocabulary");
        assertThatThrownBy(() -> Vocabulary.of(List.of(Map.entry("<unk>", 1L)), 0))
                .hasMessage("token '<unk>' cannot be stored in a vocabulary");
    }

    @Test
    void labelIndexIsSortedAndRoundTrips() {
        LabelIndex l = LabelIndex.of(List.of("spam", "ham", "spam"));
        assertThat(l.labels()).containsExactly("ham", "spam");
        assertThat(l.indexOf("spam")).isEqualTo(1);
        assertThat(l.indexOf("eggs")).isEqualTo(-1);
        assertThat(l.toTsv()).isEqualTo("ham\t0\nspam\t1\n");
        assertThat(LabelIndex.parse(l.toTsv(), "labels.tsv").labels()).isEqualTo(l.labels());
        assertThatThrownBy(() -> LabelIndex.parse("ham\t1\n", "labels.tsv"))
                .hasMessage("labels.tsv line 1: expected index 0, found 1");
        assertThatThrownBy(() -> LabelIndex.parse("\n", "labels.tsv")).hasMessage("labels.tsv: no labels");
    }
}
