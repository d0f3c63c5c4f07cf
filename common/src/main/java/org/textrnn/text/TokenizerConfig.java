package org.textrnn.text;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.LinkedHashMap;

/**
 * How text becomes tokens. Two kinds:
 * <ul>
 *   <li>{@code whitespace} (default): the reference project's tokenizer: lowercase, split on
 *       (Unicode) whitespace, nothing else;</li>
 *   <li>{@code regex}: Unicode NFKC normalisation, optional lowercasing, then every match of
 *       {@code pattern} is a token (default: runs of letters, marks and digits, with inner
 *       apostrophes); punctuation outside the pattern is dropped.</li>
 * </ul>
 * Both can fold URLs, e-mail addresses and numbers to the placeholder tokens {@link #URL_TOKEN},
 * {@link #EMAIL_TOKEN} and {@link #NUMBER_TOKEN} (all off by default, as in the reference).
 */
public record TokenizerConfig(Kind kind, boolean lowercase, String pattern,
                              boolean foldUrls, boolean foldEmails, boolean foldNumbers) implements Serializable {

    public static final String URL_TOKEN = "<url>";
    public static final String EMAIL_TOKEN = "<email>";
    public static final String NUMBER_TOKEN = "<num>";
    /** Letters, marks and digits, keeping inner apostrophes ("don't", "l'été") in one token. */
    public static final String DEFAULT_PATTERN = "[\\p{L}\\p{M}\\p{N}]+(?:['\u2019][\\p{L}\\p{M}\\p{N}]+)*";

    /** The tokenizer kinds, by their option value. */
    public enum Kind {
        WHITESPACE, REGEX;

        public static Kind parse(String value) {
            for (Kind k : values()) {
                if (k.optionValue().equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("tokenizer must be one of whitespace, regex; found '" + value + "'");
        }

        public String optionValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TokenizerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("tokenizer kind must be given");
        }
        if (pattern == null || pattern.isEmpty()) {
            pattern = DEFAULT_PATTERN;
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("tokenizer.pattern is not a valid regular expression: "
                    + e.getDescription() + " in '" + pattern + "'");
        }
    }

    /** The reference project's tokenizer: lowercase and split on whitespace. */
    public static TokenizerConfig reference() {
        return new TokenizerConfig(Kind.WHITESPACE, true, DEFAULT_PATTERN, false, false, false);
    }

    public Tokenizer create() {
        return kind == Kind.WHITESPACE ? new WhitespaceTokenizer(this) : new RegexTokenizer(this);
    }

    /**
     * The inverse of {@link #describe()}: the tokenizer a model bundle or provenance file recorded.
     *
     * @throws IllegalArgumentException when a key is missing or a value is not valid
     */
    public static TokenizerConfig fromDescription(Map<String, ?> m) {
        return new TokenizerConfig(Kind.parse(text(m, "tokenizer")), bool(m, "tokenizer.lowercase"), text(m, "tokenizer.pattern"),
                bool(m, "tokenizer.fold-urls"), bool(m, "tokenizer.fold-emails"), bool(m, "tokenizer.fold-numbers"));
    }

    private static String text(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("tokenizer setting '" + key + "' is missing");
        }
        return v.toString();
    }

    private static boolean bool(Map<String, ?> m, String key) {
        String v = text(m, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("tokenizer setting '" + key + "' must be true or false, found '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** The settings as option keys and values, for provenance and bundles. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", kind.optionValue());
        m.put("tokenizer.lowercase", lowercase);
        m.put("tokenizer.pattern", pattern);
        m.put("tokenizer.fold-urls", foldUrls);
        m.put("tokenizer.fold-emails", foldEmails);
        m.put("tokenizer.fold-numbers", foldNumbers);
        return m;
    }
}
