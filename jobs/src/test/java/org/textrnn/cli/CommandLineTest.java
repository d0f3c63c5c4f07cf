package org.textrnn.cli;

import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.command.Parser;
import org.textrnn.UsageException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import org.textrnn.evaluate.EvaluateCommand;
import org.textrnn.corpus.InputSpec;
import org.textrnn.data.Truncation;
import org.textrnn.model.Batching;
import org.textrnn.prepare.PrepareCommand;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.score.ScoreCommand;
import org.textrnn.train.TrainCommand;

class CommandLineTest {

    private final PrepareCommand prepare = new PrepareCommand();

    /** {@code args} parsed as the command line parses them (every command's config keys allowed in a config file). */
    static <C extends Command> C parse(C command, String... args) {
        Parser.parse(command, args, TextrnnCli.commands());
        return command;
    }

    private static PrepareConfig parse(String... args) {
        return parse(new PrepareCommand(), args).config();
    }

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TextrnnCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Outcome o = cli("prepare", "--help");
        assertThat(o.code()).isZero();
        java.util.List<String> lines = o.out().lines().toList();
        for (OptionSpec spec : Parser.options(prepare)) {
            String name = Parser.name(spec);
            int at = -1;
            for (int i = 0; i < lines.size() && at < 0; i++) {
                if (lines.get(i).startsWith("  --" + name + " ") || lines.get(i).equals("  --" + name)) {
                    at = i;
                }
            }
            assertThat(at).as("usage line of --" + name).isNotNegative();
            // the option's block: its line and the indented lines of its description
            StringBuilder block = new StringBuilder(lines.get(at));
            for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("   "); i++) {
                block.append(' ').append(lines.get(i).strip());
            }
            assertThat(block.toString()).as("--" + name).containsAnyOf("(default: ", "(repeatable; default: ", "(required");
        }
        assertThat(o.out()).contains("--vocab.min-count N", "(default: 5)", "(default: p99)", "(default: train=0.8,validation=0.1,test=0.1)");
    }

    @Test
    void overviewAndUnknownCommand() {
        assertThat(cli("--help").out()).contains("Commands:", "prepare");
        Outcome o = cli("trian");
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("unknown command 'trian'");
        assertThat(cli().code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void valuesComeFromCommandLineThenConfigThenDefaults(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("x.conf");
        Files.writeString(conf, """
                # comment
                vocab.min-count = 3
                seed = 9
                prepare.seed = 11
                max-length = 40
                input = train=a.txt, test=b.txt
                epochs = 4
                """);
        PrepareConfig c = parse("--config", conf.toString(), "--format", "tsv", "--output", "o", "--max-length", "50");
        assertThat(c.maxLength()).as("command line wins").isEqualTo(50);
        assertThat(c.vocabMinCount()).as("config file").isEqualTo(3);
        assertThat(c.seed()).as("command-scoped key wins over plain key").isEqualTo(11);
        assertThat(c.truncation()).as("default").isEqualTo(Truncation.HEAD);
        assertThat(c.inputs()).containsExactly(new InputSpec("train", "a.txt"), new InputSpec("test", "b.txt"));
        assertThat(c.describe().get("input")).isEqualTo(java.util.List.of("train=a.txt", "test=b.txt"));
    }

    @Test
    void valuesAreCheckedWithTheOptionNamed(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("x.conf");
        Files.writeString(conf, "vocab.min-count = five\n");
        assertThatThrownBy(() -> parse("--config", conf.toString(), "--input", "a", "--format", "tsv", "--output", "o"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--vocab.min-count (from " + conf + ") must be an integer, found 'five'");
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> parse("--input", "a", "--format", "tsv", "--output", "o", "--vocab.min-cont", "3"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --vocab.min-cont for prepare; did you mean --vocab.min-count? (see prepare --help)");
        assertThatThrownBy(() -> parse("--format", "tsv", "--output", "o"))
                .hasMessageStartingWith("--input is required for prepare");
        assertThatThrownBy(() -> parse("--input", "a", "--format", "tsv", "--format", "csv", "--output", "o"))
                .hasMessage("--format is given twice");
        assertThatThrownBy(() -> parse("--input", "a", "--format")).hasMessageStartingWith("--format needs a value");
        assertThatThrownBy(() -> parse("input", "a")).hasMessageStartingWith("unexpected argument 'input' for prepare");
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "vocab.min-cont = 3\n");
        assertThatThrownBy(() -> parse("--config", conf.toString(), "--input", "a", "--format", "tsv", "--output", "o"))
                .hasMessage(conf + ": unknown key 'vocab.min-cont'; did you mean --vocab.min-count?");
        Files.writeString(conf, "just words\n");
        assertThatThrownBy(() -> parse("--config", conf.toString(), "--input", "a", "--format", "tsv", "--output", "o"))
                .hasMessage(conf + " line 1: expected 'key = value', found 'just words'");
        assertThatThrownBy(() -> parse("--config", dir.resolve("missing.conf").toString(), "--input", "a", "--format", "tsv", "--output", "o"))
                .hasMessage("--config " + dir.resolve("missing.conf") + " does not exist");
    }

    @Test
    void equalsFormAndFlags() {
        PrepareConfig c = parse("--input=train=a.txt", "--format=tsv", "--columns", "id,text", "--output", "o", "--unlabelled",
                "--overwrite=false");
        assertThat(c.inputs()).containsExactly(new InputSpec("train", "a.txt"));
        assertThat(c.labelled()).isFalse();
        assertThat(c.overwrite()).isFalse();
        assertThat(parse("--input", "a", "--format", "tsv", "--output", "o", "--overwrite").overwrite()).isTrue();
        assertThatThrownBy(() -> parse("--input", "a", "--format", "tsv", "--output", "o", "--unlabelled=maybe"))
                .hasMessage("--unlabelled must be true or false, found 'maybe'");
    }

    @Test
    void dryRunChecksWithoutSpark(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tb c\n");
        Outcome ok = cli("prepare", "--input", in.toString(), "--format", "tsv", "--output", dir.resolve("out").toString(), "--dry-run");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("prepare: options and inputs are valid", "vocab.min-count = 5");
        assertThat(dir.resolve("out")).doesNotExist();

        Outcome missing = cli("prepare", "--input", dir.resolve("nope.tsv").toString(), "--format", "tsv", "--output", "o", "--dry-run");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--input " + dir.resolve("nope.tsv") + ": no such file or folder");

        Outcome format = cli("prepare", "--input", in.toString(), "--format", "xml", "--output", "o", "--dry-run");
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).contains("--format must be one of last-word-label, tsv, csv, jsonl, parquet, dir-per-class, email; found 'xml'");

        Outcome minCount = cli("prepare", "--input", in.toString(), "--format", "tsv", "--output", "o", "--vocab.min-count", "0");
        assertThat(minCount.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(minCount.err()).contains("--vocab.min-count must be >= 1, found 0");
    }

    @Test
    void batchingDefaultsToLengthBucketsForTrainAndToTheBundlesOwnForScoreAndEvaluate(@TempDir Path dir) throws Exception {
        String[] train = {"--data", "d", "--model", "m"};
        String[] score = {"--model", "m", "--input", "i", "--format", "tsv", "--table", "db.t", "--run-date", "2026-11-28"};
        String[] evaluate = {"--model", "m", "--data", "d", "--report", "r"};
        assertThat(parse(new TrainCommand(), train).config().batching()).isEqualTo(Batching.LENGTH_BUCKETS);
        assertThat(parse(new TrainCommand(), with(train, "--batching", "padded")).config().batching())
                .isEqualTo(Batching.PADDED);
        assertThat(parse(new ScoreCommand(), score).config().batching()).as("none: the bundle's").isNull();
        assertThat(parse(new ScoreCommand(), with(score, "--batching", "padded")).config().batching())
                .isEqualTo(Batching.PADDED);
        assertThat(parse(new EvaluateCommand(), evaluate).config().batching()).isNull();
        assertThat(parse(new EvaluateCommand(), with(evaluate, "--batching", "length-buckets")).config()
                .batching()).isEqualTo(Batching.LENGTH_BUCKETS);

        for (String command : new String[] {"score", "evaluate"}) {
            Outcome help = cli(command, "--help");
            assertThat(help.out().replaceAll("\\s+", " ")).as(command)
                    .contains("--batching padded|length-buckets", "the batching the bundle was trained with");
            Outcome bad = cli(with(new String[] {"validate", command}, command.equals("score") ? with(score, "--batching", "sorted")
                    : with(evaluate, "--batching", "sorted")));
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).as(command).contains("--batching: batching must be one of padded, length-buckets; found 'sorted'");
        }
        assertThat(cli("train", "--help").out()).contains("--batching padded|length-buckets", "(default: length-buckets)");

        // from a config file, scoped or not, and named in the message
        Path conf = dir.resolve("b.conf");
        Files.writeString(conf, "batching = padded\nevaluate.batching = sorted\n");
        assertThat(parse(new ScoreCommand(), with(score, "--config", conf.toString())).config()
                .batching()).isEqualTo(Batching.PADDED);
        assertThatThrownBy(() -> parse(new EvaluateCommand(), with(evaluate, "--config", conf.toString())).config())
                .isInstanceOf(UsageException.class)
                .hasMessage("--batching (from " + conf + "): batching must be one of padded, length-buckets; found 'sorted'");

        // evaluate --table does not run the network
        assertThatThrownBy(() -> parse(new EvaluateCommand(),
                new String[] {"--model", "m", "--table", "db.t", "--report", "r", "--batching", "padded"}).config())
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--batching chooses how the network is run, and --table textrnn.db.t is evaluated from its stored predictions");
    }

    private static String[] with(String[] a, String... more) {
        String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    @Test
    void maxLengthHasAnUpperBoundInValidateAndDryRun(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.tsv");
        Files.writeString(in, "a\tb c\n");
        String expected = "textrnn prepare: --max-length must be at most 10000 tokens, found 100000000: every document is padded to it"
                + " in prepare, train and score, and memory grows with it; give a smaller number, or a percentile such as p99 of the"
                + " training split's lengths\n";
        for (String mode : new String[] {"validate", "--dry-run"}) {
            String[] args = {"prepare", "--input", in.toString(), "--format", "tsv", "--output", dir.resolve("o").toString(),
                "--max-length", "100000000"};
            Outcome o = mode.equals("validate") ? cli(with(new String[] {"validate"}, args)) : cli(with(args, "--dry-run"));
            assertThat(o.code()).as(mode).isEqualTo(ExitCodes.USAGE);
            assertThat(o.err()).as(mode).isEqualTo(expected);
        }
        Outcome huge = cli("validate", "prepare", "--input", "x", "--format", "tsv", "--output", "o", "--max-length", "99999999999");
        assertThat(huge.err()).contains("--max-length must be at most 10000 tokens, found 99999999999");
        Outcome limit = cli("validate", "prepare", "--input", "x", "--format", "tsv", "--output", "o", "--max-length", "10000");
        assertThat(limit.code()).as(limit.err()).isZero();
    }

    @Test
    void outOfMemoryEndsWithOneLineSayingWhatRanOutAndWhatToChange() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        // an OutOfMemoryError on the driver thread
        int code = TextrnnCli.failed(prepare, new OutOfMemoryError("Java heap space"), errStream);
        assertThat(code).isEqualTo(ExitCodes.OUT_OF_MEMORY).isEqualTo(4);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("textrnn prepare: ran out of memory (Java heap space): give the JVMs"
                + " more heap (TEXTRNN_DRIVER_MEMORY for deploy/textrnn, default 4g; spark.driver.memory and spark.executor.memory under"
                + " spark-submit), or make the work smaller with --max-length\n");

        // in a task: the driver gets the task's error as text in a SparkException (here as Spark 3.5 words it)
        err.reset();
        org.apache.spark.SparkException task = new org.apache.spark.SparkException("Job aborted due to stage failure: Task 1 in stage 4.0"
                + " failed 1 times, most recent failure: Lost task 1.0 in stage 4.0 (TID 9) (127.0.0.1 executor driver):"
                + " java.lang.OutOfMemoryError: Java heap space\n\tat org.textrnn.data.SequenceEncoder.encode(SequenceEncoder.java:40)\n"
                + "\tat org.apache.spark.scheduler.Task.run(Task.scala:141)\n\nDriver stacktrace:");
        code = TextrnnCli.failed(new TrainCommand(), new RuntimeException("wrapped", task), errStream);
        assertThat(code).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        String line = err.toString(StandardCharsets.UTF_8);
        assertThat(line).startsWith("textrnn train: ran out of memory (Java heap space): give the JVMs more heap")
                .endsWith(", or make the work smaller with --batch-size, --batch-size-per-worker, a smaller --max-length in prepare\n")
                .containsOnlyOnce("\n");

        // ND4J's off-heap memory
        err.reset();
        code = TextrnnCli.failed(new ScoreCommand(), new OutOfMemoryError("Physical memory usage is too high: physicalBytes (4G)"
                + " > maxPhysicalBytes (4G)"), errStream);
        assertThat(code).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("textrnn score: ran out of memory (off-heap: Physical memory usage is"
                + " too high: physicalBytes (4G) > maxPhysicalBytes (4G)): raise the off-heap limit -Dorg.bytedeco.javacpp.maxbytes (in"
                + " TEXTRNN_JAVA_OPTS for deploy/textrnn; on a cluster with spark.executor.memoryOverhead >= maxbytes + 1g), or make the"
                + " work smaller with --batch-size\n");

        // other failures keep their codes
        err.reset();
        assertThat(TextrnnCli.failed(prepare, new org.textrnn.TextrnnException("in.tsv:2: bad (--on-error fail)"), errStream))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("textrnn prepare: in.tsv:2: bad (--on-error fail)\n");
    }

    @Test
    void validateChecksOptionsWithoutTouchingFileSystems() {
        // paths on a cluster that does not exist here: validate accepts them, --dry-run would not
        String[][] lines = {
            {"prepare", "--input", "train=hdfs://nn.example:8020/corpora/news/*", "--format", "email", "--label-regex", "(spam|ham)",
                "--output", "hdfs:///textrnn/prepared", "--max-length", "400"},
            {"train", "--data", "hdfs:///textrnn/prepared", "--model", "hdfs:///textrnn/models/2026-11-28", "--workers-per-executor", "1", "--epochs", "3"},
            {"score", "--model", "hdfs:///textrnn/models/current", "--input", "hdfs:///inbox/2026-11-28", "--format", "jsonl",
                "--table", "mail.predictions", "--warehouse", "hdfs:///warehouse", "--run-date", "2026-11-28",
                "--run-id", "scheduled__2026-11-28T02:00:00+00:00"},
            {"evaluate", "--model", "hdfs:///textrnn/models/x", "--data", "hdfs:///textrnn/prepared", "--report", "hdfs:///r",
                "--fail-on-regression"},
            {"sql", "SELECT 1"},
        };
        for (String[] line : lines) {
            String[] args = new String[line.length + 1];
            args[0] = "validate";
            System.arraycopy(line, 0, args, 1, line.length);
            Outcome ok = cli(args);
            assertThat(ok.code()).as(String.join(" ", args) + "\n" + ok.err()).isZero();
            assertThat(ok.out()).contains(line[0] + ": options are valid (inputs not checked)");
        }
        // score's resolved runs folder, which the Airflow DAG's check reads instead of restating the rule
        assertThat(cli(with(new String[] {"validate"}, lines[2])).out()).contains("  runs-dir = hdfs:/warehouse/_textrnn_runs/textrnn.mail.predictions\n");
        String[] runsDir = with(lines[2], "--runs-dir", "hdfs:///runs/p");
        assertThat(cli(with(new String[] {"validate"}, runsDir)).out()).contains("  runs-dir = hdfs:///runs/p\n");

        Outcome badDate = cli("validate", "score", "--model", "m", "--input", "i", "--format", "jsonl", "--table", "t",
                "--run-date", "{{ ds }}");
        assertThat(badDate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDate.err()).contains("--run-date");
        Outcome unknown = cli("validate", "train", "--data", "d", "--model", "m", "--epoch", "3");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--epoch");
        Outcome noCommand = cli("validate", "fly");
        assertThat(noCommand.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).contains("unknown command 'fly'");
        Outcome help = cli("validate", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: textrnn validate <command> [options]");
    }
}
