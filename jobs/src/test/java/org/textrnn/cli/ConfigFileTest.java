package org.textrnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.UsageException;
import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.command.Parser;
import org.textrnn.corpus.InputSpec;
import org.textrnn.prepare.PrepareCommand;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.score.ScoreCommand;
import org.textrnn.score.ScoreConfig;
import org.textrnn.train.TrainCommand;
import org.textrnn.train.TrainConfig;

/** {@code --config FILE}: its precedence, scoped keys, unknown keys, and messages that say a value came from it. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path conf = dir.resolve("textrnn.conf");
        Files.writeString(conf, text);
        return conf;
    }

    private static <C extends Command> C parse(C command, Path conf, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Parser.parse(command, all, TextrnnCli.commands());
        return command;
    }

    private static PrepareConfig prepare(Path conf, String... args) {
        return parse(new PrepareCommand(), conf, args).config();
    }

    @Test
    void theCommandLineWinsOverTheFileWhichWinsOverTheDefaults() throws IOException {
        Path conf = file("vocab.min-count = 3\nmax-length = 40\ninput = x\nformat = tsv\noutput = o\n");
        PrepareConfig c = prepare(conf, "--max-length", "50");
        assertThat(c.maxLength()).as("command line").isEqualTo(50);
        assertThat(c.vocabMinCount()).as("file").isEqualTo(3);
        assertThat(c.vocabMaxSize()).as("default").isZero();
        assertThat(c.output()).as("a required option may come from the file").isEqualTo("o");
    }

    @Test
    void aKeyScopedToTheCommandWinsAndOneFileServesEveryCommand() throws IOException {
        Path conf = file("""
                seed = 7
                prepare.seed = 11
                train.seed = 13
                epochs = 4
                score.batch-size = 9
                evaluate.anything = is evaluate's business
                data = d
                model = m
                """);
        assertThat(prepare(conf, "--input", "x", "--format", "tsv", "--output", "o").seed()).isEqualTo(11);
        TrainConfig train = parse(new TrainCommand(), conf).config();
        assertThat(train.seed()).isEqualTo(13);
        assertThat(train.network().seed()).as("the network's initialisation").isEqualTo(13);
        assertThat(train.epochs()).as("another command's key").isEqualTo(4);
    }

    @Test
    void anUnknownKeyIsAMistakeWithTheKeyItWasProbablyMeantToBe() throws IOException {
        Path plain = file("vocab.min-cont = 3\n");
        assertThatThrownBy(() -> prepare(plain, "--input", "x", "--format", "tsv", "--output", "o"))
                .isInstanceOf(UsageException.class)
                .hasMessage(plain + ": unknown key 'vocab.min-cont'; did you mean --vocab.min-count?");
        Path scoped = file("prepare.epochs = 3\n");
        assertThatThrownBy(() -> prepare(scoped, "--input", "x", "--format", "tsv", "--output", "o"))
                .hasMessage(scoped + ": unknown key 'prepare.epochs' for prepare");
        Path far = file("colour = blue\n");
        assertThatThrownBy(() -> prepare(far, "--input", "x", "--format", "tsv", "--output", "o"))
                .hasMessage(far + ": unknown key 'colour'");
        Path twice = file("seed = 1\nseed = 2\n");
        assertThatThrownBy(() -> prepare(twice, "--input", "x", "--format", "tsv", "--output", "o"))
                .hasMessage(twice + " line 2: key 'seed' is set twice");
    }

    @Test
    void messagesAboutAValueFromTheFileSaySo() throws IOException {
        String[] args = {"--input", "x", "--format", "tsv", "--output", "o"};
        Path type = file("seed = many\n");
        assertThatThrownBy(() -> prepare(type, args)).hasMessage("--seed (from " + type + ") must be an integer, found 'many'");
        Path range = file("vocab.min-count = 0\n");
        assertThatThrownBy(() -> prepare(range, args))
                .hasMessage("--vocab.min-count (from " + range + ") must be >= 1, found 0 (1 keeps every token of the training split)");
        Path value = file("max-length = p200\n");
        assertThatThrownBy(() -> prepare(value, args)).hasMessage("--max-length (from " + value + ") percentile must be in (0, 100], found p200.0");
        Path choice = file("on-error = ignore\n");
        assertThatThrownBy(() -> prepare(choice, args)).hasMessage("--on-error (from " + choice + ") must be one of skip, fail; found 'ignore'");
        Path rule = file("columns = label,body\n");
        assertThatThrownBy(() -> prepare(rule, args))
                .hasMessage("--columns (from " + rule + ") entries must be id, label, text or _ (ignored); found 'body'");
        // the same value on the command line: no "(from ...)"
        assertThatThrownBy(() -> prepare(file(""), "--input", "x", "--format", "tsv", "--output", "o", "--seed", "many"))
                .hasMessage("--seed must be an integer, found 'many'");
    }

    @Test
    void aRepeatableOptionTakesACommaSeparatedListAndAFlagKeepsItsMeaning() throws IOException {
        Path conf = file("input = train=a.txt, test=b.txt\noverwrite = true\nunlabelled = true\ncolumns = id , text\n");
        PrepareConfig c = prepare(conf, "--format", "tsv", "--output", "o");
        assertThat(c.inputs()).containsExactly(new InputSpec("train", "a.txt"), new InputSpec("test", "b.txt"));
        assertThat(c.overwrite()).isTrue();
        assertThat(c.reader().columns()).containsExactly("id", "text");
        assertThat(prepare(conf, "--format", "tsv", "--output", "o", "--unlabelled", "--overwrite").overwrite())
                .as("a flag given on the command line is on, whatever the file says").isTrue();
        assertThat(prepare(conf, "--format", "tsv", "--output", "o", "--overwrite=false").overwrite()).isFalse();
        assertThat(prepare(conf, "--input", "c.txt", "--format", "tsv", "--output", "o").inputs())
                .as("the command line's list replaces the file's").containsExactly(new InputSpec(null, "c.txt"));
        ScoreConfig score = parse(new ScoreCommand(), file("input = a, b\nkeep-columns = text,source\n"), "--model", "m", "--format", "tsv",
                "--table", "db.t", "--run-date", "2026-11-28").config();
        assertThat(score.source().inputs()).extracting(InputSpec::path).containsExactly("a", "b");
        assertThat(score.keepColumns()).containsExactly("text", "source");
    }

    @Test
    void theFileIsReadFromAnyPathAndNotForHelp() throws IOException {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> prepare(missing, "--input", "x", "--format", "tsv", "--output", "o"))
                .hasMessage("--config " + missing + " does not exist");
        assertThat(prepare(file("input = x\nformat = tsv\noutput = o\n")).output()).isEqualTo("o");
        Path conf = file("format = tsv\noutput = o\ninput = x\n");
        assertThat(Parser.parse(new PrepareCommand(), new String[] {"--config=file://" + conf, "--seed", "3"}, TextrnnCli.commands())
                .command()).isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TextrnnCli.run(new String[] {"prepare", "--config", missing.toString(), "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: textrnn prepare [options]");
    }

    @Test
    void validatePrintsTheSettingsTheFileGave() throws IOException {
        Path conf = file("train.epochs = 3\ndata = hdfs:///d\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TextrnnCli.run(new String[] {"validate", "train", "--config", conf.toString(), "--model", "hdfs:///m"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .contains("train: options are valid (inputs not checked)", "  data = hdfs:///d", "  model = hdfs:///m", "  epochs = 3")
                .doesNotContain("  config = " + conf);
        assertThat(List.of(out.toString(StandardCharsets.UTF_8).split("\n"))).noneMatch(l -> l.startsWith("  resume ="));
    }
}
