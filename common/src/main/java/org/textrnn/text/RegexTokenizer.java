package org.textrnn.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NFKC-normalises the text, then emits every match of the configured token pattern. URLs and
 * e-mail addresses are recognised before the token pattern so that, with folding on, each becomes
 * one placeholder instead of a handful of fragments; numbers are folded per token.
 */
final class RegexTokenizer implements Tokenizer {

    private static final long serialVersionUID = 1L;
    private final TokenizerConfig config;
    private transient Pattern combined;

    RegexTokenizer(TokenizerConfig config) {
        this.config = config;
    }

    private Pattern combined() {
        if (combined == null) {
            StringBuilder sb = new StringBuilder();
            if (config.foldUrls()) {
                sb.append("(?<url>").append(Folding.URL).append(")|");
            }
            if (config.foldEmails()) {
                sb.append("(?<email>").append(Folding.EMAIL).append(")|");
            }
            if (config.foldNumbers()) {
                sb.append("(?<num>").append(Folding.NUMBER).append(")(?![\\p{L}\\p{M}\\p{N}])|");
            }
            sb.append("(?<tok>").append(config.pattern()).append(")");
            combined = Pattern.compile(sb.toString());
        }
        return combined;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC);
        Matcher m = combined().matcher(normalised);
        while (m.find()) {
            if (config.foldUrls() && m.group("url") != null) {
                tokens.add(TokenizerConfig.URL_TOKEN);
            } else if (config.foldEmails() && m.group("email") != null) {
                tokens.add(TokenizerConfig.EMAIL_TOKEN);
            } else if (config.foldNumbers() && m.group("num") != null) {
                tokens.add(TokenizerConfig.NUMBER_TOKEN);
            } else if (!m.group("tok").isEmpty()) {
                String t = m.group("tok");
                tokens.add(config.lowercase() ? t.toLowerCase(Locale.ROOT) : t);
            }
        }
        return tokens;
    }
}
