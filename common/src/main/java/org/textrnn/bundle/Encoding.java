package org.textrnn.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.textrnn.data.Truncation;
import org.textrnn.text.TokenizerConfig;

/**
 * How a bundle's model sees a document: the tokenizer, maximum length and truncation its training
 * data was prepared with, which scoring and evaluate {@code --input} must reuse. Written in
 * {@code bundle.json} {@code encoding} under prepare's option names ({@code tokenizer...},
 * {@code truncation}, {@code max-length}).
 */
public record Encoding(TokenizerConfig tokenizer, Truncation truncation, int maxLength) implements Serializable {

    public static final String TRUNCATION = "truncation";
    public static final String MAX_LENGTH = "max-length";

    /**
     * The encoding of data prepared with {@code settings} (prepare's settings by option name, as its
     * provenance records them) and cut at {@code maxLength}.
     *
     * @throws IllegalArgumentException when a setting is missing or not valid
     */
    public static Encoding fromSettings(Map<String, ?> settings, int maxLength) {
        return new Encoding(TokenizerConfig.fromDescription(settings), Truncation.parse(String.valueOf(settings.get(TRUNCATION))), maxLength);
    }

    /**
     * The inverse of {@link #describe()}: the encoding a bundle recorded.
     *
     * @throws IllegalArgumentException when a setting is missing or not valid
     */
    @JsonCreator
    public static Encoding fromDescription(Map<String, ?> description) {
        return fromSettings(description, Integer.parseInt(String.valueOf(description.get(MAX_LENGTH))));
    }

    /** The settings by option name: the tokenizer's, then truncation and max length. */
    @JsonValue
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(tokenizer.describe());
        m.put(TRUNCATION, truncation.optionValue());
        m.put(MAX_LENGTH, maxLength);
        return m;
    }
}
