package org.textrnn.data;

import java.io.Serializable;
import java.util.List;
import org.textrnn.vocab.Vocabulary;

/**
 * Maps tokens to vocabulary indices, truncated to {@code maxLength} (head or tail kept) and padded
 * with {@link Vocabulary#PAD} to exactly {@code maxLength}.
 */
public final class SequenceEncoder implements Serializable {

    private static final long serialVersionUID = 1L;
    private final Vocabulary vocabulary;
    private final int maxLength;
    private final Truncation truncation;

    /** One encoded document. {@code unknown} counts UNK over all its tokens, kept or truncated. */
    public record Encoded(int[] tokens, int length, int rawLength, boolean truncated, int unknown) {
    }

    public SequenceEncoder(Vocabulary vocabulary, int maxLength, Truncation truncation) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max-length must be >= 1, found " + maxLength);
        }
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
        this.truncation = truncation;
    }

    public Encoded encode(List<String> tokens) {
        int raw = tokens.size();
        int length = Math.min(raw, maxLength);
        int offset = truncation == Truncation.TAIL ? raw - length : 0;
        int[] ids = new int[maxLength];
        int unknown = 0;
        for (int i = 0; i < raw; i++) {
            int id = vocabulary.indexOf(tokens.get(i));
            if (id == Vocabulary.UNK) {
                unknown++;
            }
            if (i >= offset && i < offset + length) {
                ids[i - offset] = id;
            }
        }
        return new Encoded(ids, length, raw, raw > maxLength, unknown);
    }

    public int maxLength() {
        return maxLength;
    }
}
