package org.textrnn.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference project's tokenizer ({@code text.lower().split()}): lowercase (when configured) and
 * split on any Unicode whitespace. With folding on, a whole token shaped like a URL, an e-mail
 * address or a number becomes its placeholder.
 */
final class WhitespaceTokenizer implements Tokenizer {

    private static final long serialVersionUID = 1L;
    private final TokenizerConfig config;

    WhitespaceTokenizer(TokenizerConfig config) {
        this.config = config;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(fold(text.substring(start, i)));
            }
        }
        return tokens;
    }

    private String fold(String token) {
        if (config.foldUrls() && Folding.URL_SHAPE.matcher(token).matches()) {
            return TokenizerConfig.URL_TOKEN;
        }
        if (config.foldEmails() && Folding.EMAIL_SHAPE.matcher(token).matches()) {
            return TokenizerConfig.EMAIL_TOKEN;
        }
        if (config.foldNumbers() && Folding.NUMBER_SHAPE.matcher(token).matches()) {
            return TokenizerConfig.NUMBER_TOKEN;
        }
        return config.lowercase() ? token.toLowerCase(Locale.ROOT) : token;
    }

    /** Python's str.split() whitespace: Unicode spaces and the ASCII separators 0x1c-0x1f. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
