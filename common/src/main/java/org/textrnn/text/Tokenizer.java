package org.textrnn.text;

import java.io.Serializable;
import java.util.List;

/**
 * Turns one document's text into tokens. Implementations are immutable and serializable so that one
 * instance can be shipped to Spark executors; they are built from a {@link TokenizerConfig}.
 */
public interface Tokenizer extends Serializable {

    /** The tokens of {@code text}, in order; never null, empty for blank text. */
    List<String> tokenize(String text);
}
