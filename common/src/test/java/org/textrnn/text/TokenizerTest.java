package org.textrnn.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static TokenizerConfig regex(boolean urls, boolean emails, boolean numbers) {
        return new TokenizerConfig(TokenizerConfig.Kind.REGEX, true, null, urls, emails, numbers);
    }

    @Test
    void referenceTokenizerLowercasesAndSplitsOnWhitespaceOnly() {
        Tokenizer t = TokenizerConfig.reference().create();
        assertThat(t.tokenize("  Hello,  World!\tNew\nLine\u00a0NBSP  ")).containsExactly("hello,", "world!", "new", "line", "nbsp");
        assertThat(t.tokenize("")).isEmpty();
        assertThat(t.tokenize("   \t ")).isEmpty();
        assertThat(t.tokenize(null)).isEmpty();
    }

    @Test
    void whitespaceTokenizerCanKeepCase() {
        Tokenizer t = new TokenizerConfig(TokenizerConfig.Kind.WHITESPACE, false, null, false, false, false).create();
        assertThat(t.tokenize("Hello World")).containsExactly("Hello", "World");
    }

    @Test
    void whitespaceTokenizerFoldsWholeTokens() {
        Tokenizer t = new TokenizerConfig(TokenizerConfig.Kind.WHITESPACE, true, null, true, true, true).create();
        assertThat(t.tokenize("see https://example.com/a?b=1, mail <Bob@Example.org> call 555-1234 or 42 times 3.5%"))
                .containsExactly("see", "<url>", "mail", "<email>", "call", "555-1234", "or", "<num>", "times", "<num>");
    }

    @Test
    void regexTokenizerDropsPunctuationAndKeepsApostrophes() {
        Tokenizer t = regex(false, false, false).create();
        assertThat(t.tokenize("Don't stop -- it's l'été, OK?")).containsExactly("don't", "stop", "it's", "l'été", "ok");
    }

    @Test
    void regexTokenizerNormalisesNfkc() {
        Tokenizer t = regex(false, false, false).create();
        // the "fi" ligature and full-width letters become plain letters
        assertThat(t.tokenize("\ufb01ne ＡＢＣ")).containsExactly("fine", "abc");
    }

    @Test
    void regexTokenizerFoldsUrlsEmailsAndNumbers() {
        Tokenizer t = regex(true, true, true).create();
        assertThat(t.tokenize("Visit www.spam.com/win or http://x.y/z?q=1 now! Write to a.b@c.co.uk: 1,000,000 dollars, 3x faster"))
                .containsExactly("visit", "<url>", "or", "<url>", "now", "write", "to", "<email>", "<num>", "dollars", "3x", "faster");
    }

    @Test
    void regexTokenizerWithoutFoldingSplitsUrls() {
        Tokenizer t = regex(false, false, false).create();
        assertThat(t.tokenize("http://x.y/z 42")).containsExactly("http", "x", "y", "z", "42");
    }

    @Test
    void customPattern() {
        Tokenizer t = new TokenizerConfig(TokenizerConfig.Kind.REGEX, false, "[A-Z]+", false, false, false).create();
        assertThat(t.tokenize("ABC def GHI")).containsExactly("ABC", "GHI");
    }

    @Test
    void badPatternIsRejectedWithItsReason() {
        assertThatThrownBy(() -> new TokenizerConfig(TokenizerConfig.Kind.REGEX, true, "[a-", false, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer.pattern is not a valid regular expression");
        assertThatThrownBy(() -> TokenizerConfig.Kind.parse("bpe"))
                .hasMessage("tokenizer must be one of whitespace, regex; found 'bpe'");
    }

    @Test
    void tokenizersSurviveJavaSerialization() throws Exception {
        Tokenizer t = regex(true, true, true).create();
        t.tokenize("warm up the compiled pattern 1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            Tokenizer copy = (Tokenizer) in.readObject();
            assertThat(copy.tokenize("Go to www.a.com 7 times")).containsExactly("go", "to", "<url>", "<num>", "times");
        }
    }

    @Test
    void aRecordedConfigurationRestoresTheSameTokenizer() {
        TokenizerConfig original = new TokenizerConfig(TokenizerConfig.Kind.REGEX, false, "[a-z]+", true, false, true);
        java.util.Map<String, Object> described = new java.util.HashMap<>(original.describe());
        assertThat(TokenizerConfig.fromDescription(described)).isEqualTo(original);
        described.remove("tokenizer.fold-emails");
        assertThatThrownBy(() -> TokenizerConfig.fromDescription(described))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenizer setting 'tokenizer.fold-emails' is missing");
    }
}
