package org.textrnn.prepare;

import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.CorpusReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.textrnn.command.Parser;
import org.textrnn.UsageException;

class PrepareConfigTest {

    /** {@code args} parsed as {@code textrnn prepare} parses them. */
    static PrepareConfig config(String... args) {
        return Parser.parse(new PrepareCommand(), args).config();
    }

    @Test
    void defaultsAreTheReferenceRecipe() {
        PrepareConfig c = config("--input", "x", "--format", "last-word-label", "--output", "o");
        assertThat(c.vocabMinCount()).isEqualTo(5);
        assertThat(c.maxLength()).isZero();
        assertThat(c.maxLengthPercentile()).isEqualTo(99.0);
        assertThat(c.splitRatios()).containsEntry("train", 0.8).containsEntry("validation", 0.1).containsEntry("test", 0.1);
        assertThat(c.tokenizer().kind().optionValue()).isEqualTo("whitespace");
        assertThat(c.labelled()).isTrue();
        assertThat(c.presplit()).isFalse();
    }

    @Test
    void splitPrefixesAreRecognised() {
        PrepareConfig c = config("--input", "train=a", "--input", "test=hdfs://nn/x=1/b", "--format", "tsv", "--output", "o");
        assertThat(c.inputs()).containsExactly(new InputSpec("train", "a"), new InputSpec("test", "hdfs://nn/x=1/b"));
        assertThat(c.presplit()).isTrue();
        assertThat(InputSpec.parse("s3a://b/date=2020/x").split()).isNull();
    }

    @Test
    void fingerprintFollowsContentOptionsOnly() {
        String a = config("--input", "x", "--format", "tsv", "--output", "o1").fingerprint();
        assertThat(config("--input", "x", "--format", "tsv", "--output", "o2", "--overwrite", "--run-id", "r").fingerprint()).isEqualTo(a);
        assertThat(config("--input", "x", "--format", "tsv", "--output", "o1", "--seed", "7").fingerprint()).isNotEqualTo(a);
    }

    @Test
    void badValuesNameTheOptionAndTheRule() {
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--split", "train=0.5,test=0.2"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--split ratios must add up to 1");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--split", "train=0.5,dev=0.5"))
                .hasMessage("--split names must be train, validation or test; found 'dev'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--max-length", "p0"))
                .hasMessage("--max-length percentile must be in (0, 100], found p0.0");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--max-length", "long"))
                .hasMessage("--max-length must be an integer or a percentile such as p99, found 'long'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--vocab.max-size", "2"))
                .hasMessageStartingWith("--vocab.max-size must be 0 (no limit) or >= 3");
        assertThatThrownBy(() -> config("--input", "train=a", "--input", "b", "--format", "tsv", "--output", "o"))
                .hasMessageStartingWith("give every --input a split name");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--columns", "label,body"))
                .hasMessage("--columns entries must be id, label, text or _ (ignored); found 'body'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--unlabelled"))
                .hasMessageContaining("names a label column; drop it");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--tokenizer", "bpe"))
                .hasMessage("--tokenizer must be one of whitespace, regex; found 'bpe'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--tokenizer.pattern", "(a"))
                .hasMessageStartingWith("--tokenizer.pattern is not a valid regular expression");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--encoding", "klingon"))
                .hasMessage("--encoding 'klingon' is not a character set this Java supports");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--on-error", "ignore"))
                .hasMessage("--on-error must be one of skip, fail; found 'ignore'");
    }

    @Test
    void labelFromFolderName() {
        assertThat(CorpusReader.labelFromFolder("easy-ham-1", "(spam|ham)")).isEqualTo("ham");
        assertThat(CorpusReader.labelFromFolder("spam-2", "^[a-z]+")).isEqualTo("spam");
        assertThat(CorpusReader.labelFromFolder("misc", "(spam|ham)")).isNull();
        assertThat(CorpusReader.labelFromFolder("sport", null)).isEqualTo("sport");
    }
}
