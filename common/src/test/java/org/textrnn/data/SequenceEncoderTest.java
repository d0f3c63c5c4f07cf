package org.textrnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.vocab.Vocabulary;

class SequenceEncoderTest {

    private final Vocabulary vocab = Vocabulary.of(List.of(Map.entry("a", 5L), Map.entry("b", 5L), Map.entry("c", 5L)), 0);

    @Test
    void padsShortDocuments() {
        SequenceEncoder.Encoded e = new SequenceEncoder(vocab, 5, Truncation.HEAD).encode(List.of("a", "x", "c"));
        assertThat(e.tokens()).containsExactly(2, 1, 4, 0, 0);
        assertThat(e.length()).isEqualTo(3);
        assertThat(e.rawLength()).isEqualTo(3);
        assertThat(e.truncated()).isFalse();
        assertThat(e.unknown()).isEqualTo(1);
    }

    @Test
    void headTruncationKeepsTheStart() {
        SequenceEncoder.Encoded e = new SequenceEncoder(vocab, 2, Truncation.HEAD).encode(List.of("a", "b", "c", "z"));
        assertThat(e.tokens()).containsExactly(2, 3);
        assertThat(e.length()).isEqualTo(2);
        assertThat(e.rawLength()).isEqualTo(4);
        assertThat(e.truncated()).isTrue();
        assertThat(e.unknown()).as("unknown counts every token, kept or not").isEqualTo(1);
    }

    @Test
    void tailTruncationKeepsTheEnd() {
        SequenceEncoder.Encoded e = new SequenceEncoder(vocab, 2, Truncation.TAIL).encode(List.of("a", "b", "c", "z"));
        assertThat(e.tokens()).containsExactly(4, 1);
    }

    @Test
    void maxLengthMustBePositive() {
        assertThatThrownBy(() -> new SequenceEncoder(vocab, 0, Truncation.HEAD)).hasMessage("max-length must be >= 1, found 0");
        assertThatThrownBy(() -> Truncation.parse("middle")).hasMessage("truncation must be one of head, tail; found 'middle'");
    }

    @Test
    void percentilesAreNearestRank() {
        LengthHistogram h = new LengthHistogram();
        for (int len = 1; len <= 100; len++) {
            h.add(len, 1);
        }
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(100)).isEqualTo(100);
        h.add(1000, 1);
        assertThat(h.percentile(99)).isEqualTo(100);
        assertThat(h.summary()).containsEntry("max", 1000).containsEntry("min", 1);
        assertThat(new LengthHistogram().percentile(99)).isZero();
        assertThatThrownBy(() -> h.percentile(0)).hasMessage("percentile must be in (0, 100], found 0.0");
    }
}
