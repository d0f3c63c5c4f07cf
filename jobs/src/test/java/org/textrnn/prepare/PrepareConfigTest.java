package org.textrnn.prepare;

import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.data.Truncation;
import org.textrnn.text.TokenizerConfig;
import java.util.List;
import java.util.Map;
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
    void theBuildersDefaultsAreTheDeclaredOnes() {
        PrepareConfig built = PrepareConfig.builder().input("x").format(InputFormat.LAST_WORD_LABEL).output("o").build();
        assertThat(built).isEqualTo(config("--input", "x", "--format", "last-word-label", "--output", "o"));
        assertThat(built.reader()).isEqualTo(new ReaderOptions(List.of("label", "text"), "auto", ",", "\"", true, List.of("text"), "label",
                null, null, "UTF-8"));
        assertThat(built.tokenizer()).isEqualTo(TokenizerConfig.reference());
        assertThat(built.truncation()).isEqualTo(Truncation.HEAD);
        assertThat(built.seed()).isEqualTo(42);
        assertThat(built.onError()).isEqualTo(OnError.SKIP);
        assertThat(built.outputPartitions()).isZero();
        assertThat(built.describe()).containsEntry("max-length", "p99").containsEntry("vocab.from", "").containsEntry("run-id", "")
                .containsEntry("split", Map.of("train", 0.8, "validation", 0.1, "test", 0.1)).doesNotContainKeys("overwrite", "config");
    }

    @Test
    void everyRuleNamesTheOptionTheRuleAndTheValue() {
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--vocab.min-count", "0"))
                .hasMessage("--vocab.min-count must be >= 1, found 0 (1 keeps every token of the training split)");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--output.partitions", "-1"))
                .hasMessage("--output.partitions must be >= 0, found -1 (0: Spark's default parallelism)");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--max-length", "0"))
                .hasMessage("--max-length must be >= 1 or a percentile such as p99, found 0");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--split", "train"))
                .hasMessage("--split must look like train=0.8,validation=0.1,test=0.1; found 'train'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--split", "train=0.5,train=0.5"))
                .hasMessage("--split names train twice");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--split", "train=1.5,test=-0.5"))
                .hasMessage("--split ratio of train must be in [0, 1], found 1.5");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--columns", "id,text,text"))
                .hasMessage("--columns must name the text column exactly once; found [id, text, text]");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--columns", "id,id,label,text"))
                .hasMessage("--columns may name label and id at most once; found [id, id, label, text]");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--header", "maybe"))
                .hasMessage("--header must be auto, true or false, found 'maybe'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--csv.escape", "ab"))
                .hasMessage("--csv.escape must be one character, found 'ab'");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--csv.delimiter="))
                .hasMessage("--csv.delimiter must not be empty, found ''");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--text-column="))
                .hasMessage("--text-column must name at least one column");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--label-regex", "(a"))
                .hasMessageStartingWith("--label-regex is not a valid regular expression: Unclosed group");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--truncation", "middle"))
                .hasMessage("--truncation must be one of head, tail; found 'middle'");
        assertThatThrownBy(() -> config("--input", "train=", "--format", "tsv", "--output", "o"))
                .hasMessage("--input train= names the split but no path");
        assertThatThrownBy(() -> PrepareConfig.builder().input("x").format(InputFormat.TSV).output("o").vocabMaxSize(1).build())
                .as("the builder checks the same declarations").hasMessageStartingWith("--vocab.max-size must be 0 (no limit) or >= 3");
        assertThatThrownBy(() -> PrepareConfig.builder().format(InputFormat.TSV).output("o").build())
                .hasMessage("--input is required for prepare: Corpus path on any Hadoop file system (globs allowed); prefix train=,"
                        + " validation= or test= for input that is already split.");
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
    void unlabelledInputCountsTheVocabularyAndIsRecordedOnlyWhenGiven() {
        PrepareConfig plain = config("--input", "x", "--format", "tsv", "--output", "o");
        assertThat(plain.unlabelledInputs()).isEmpty();
        assertThat(plain.vocabIncludeUnlabelled()).isFalse();
        assertThat(plain.unlabelledSource()).isNull();
        assertThat(plain.describe()).as("a run without them records what runs recorded before they existed")
                .doesNotContainKeys("unlabelled-input", "vocab.include-unlabelled");
        assertThat(config("--input", "x", "--format", "tsv", "--output", "o", "--vocab.include-unlabelled", "false").fingerprint())
                .isEqualTo(plain.fingerprint());

        PrepareConfig with = config("--input", "x", "--format", "tsv", "--output", "o", "--unlabelled-input", "u1", "--unlabelled-input",
                "hdfs:///nightly/*.tsv", "--vocab.include-unlabelled", "true");
        assertThat(with.unlabelledInputs()).containsExactly("u1", "hdfs:///nightly/*.tsv");
        assertThat(with.vocabIncludeUnlabelled()).isTrue();
        CorpusReader.Source source = with.unlabelledSource();
        assertThat(source.labelled()).as("read without labels").isFalse();
        assertThat(source.format()).isEqualTo(InputFormat.TSV);
        assertThat(source.reader()).as("with prepare's own reader options").isEqualTo(with.reader());
        assertThat(source.inputs()).extracting(InputSpec::path).containsExactly("u1", "hdfs:///nightly/*.tsv");
        assertThat(with.describe()).containsEntry("unlabelled-input", List.of("u1", "hdfs:///nightly/*.tsv"))
                .containsEntry("vocab.include-unlabelled", true);
        assertThat(with.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(PrepareConfig.builder().input("x").format(InputFormat.TSV).output("o").unlabelledInput("u1", "hdfs:///nightly/*.tsv")
                .vocabIncludeUnlabelled(true).build()).isEqualTo(with);

        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--vocab.include-unlabelled", "true"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--vocab.include-unlabelled true counts the vocabulary over --unlabelled-input too, which is not given:"
                        + " add --unlabelled-input PATH, or leave out --vocab.include-unlabelled");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--unlabelled-input", "u"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--unlabelled-input is read only to count the vocabulary over it: add --vocab.include-unlabelled true,"
                        + " or leave out --unlabelled-input");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--unlabelled-input", "u",
                "--vocab.include-unlabelled", "true", "--vocab.from", "v.tsv")).isInstanceOf(UsageException.class)
                .hasMessage("--vocab.include-unlabelled counts a new vocabulary, --vocab.from v.tsv reuses one: give one of them");
        assertThatThrownBy(() -> config("--input", "x", "--format", "tsv", "--output", "o", "--unlabelled-input", "u",
                "--vocab.include-unlabelled", "maybe")).hasMessage("--vocab.include-unlabelled must be true or false, found 'maybe'");
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
