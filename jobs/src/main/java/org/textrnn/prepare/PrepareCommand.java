package org.textrnn.prepare;

import org.textrnn.corpus.OnError;
import org.textrnn.command.ExitCodes;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.InputFormat;
import static org.textrnn.command.OptionSpec.flag;
import static org.textrnn.command.OptionSpec.repeated;
import static org.textrnn.command.OptionSpec.required;
import static org.textrnn.command.OptionSpec.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.textrnn.command.Command;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;
import org.textrnn.data.Truncation;
import org.textrnn.text.TokenizerConfig;

/** {@code textrnn prepare}: options, their defaults, and their translation into a {@link PrepareConfig}. */
public final class PrepareCommand implements Command {

    public static final String DEFAULT_SPLIT = "train=0.8,validation=0.1,test=0.1";

    @Override
    public String name() {
        return "prepare";
    }

    @Override
    public String summary() {
        return "Read a corpus, tokenize it, build the vocabulary on the training split, and write padded "
                + "token-index sequences to Parquet (DIR/sequences) with vocab.tsv, labels.tsv, stats.json "
                + "and provenance.json.";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new ArrayList<>(List.of(
                repeated("input", "[SPLIT=]PATH", "Corpus path on any Hadoop file system (globs allowed); "
                        + "prefix train=, validation= or test= for input that is already split."),
                required("format", InputFormat.choices(), "Input layout."),
                required("output", "DIR", "Output folder (any Hadoop file system)."),
                flag("unlabelled", "The input has no labels (data to score); label columns are null.")));
        options.addAll(ReaderOptions.OPTIONS);
        options.addAll(List.of(
                value("tokenizer", "whitespace|regex", "whitespace", "whitespace: the reference's lowercase + split on whitespace; regex: NFKC + token pattern."),
                value("tokenizer.lowercase", "BOOL", "true", "Lowercase tokens."),
                value("tokenizer.pattern", "REGEX", TokenizerConfig.DEFAULT_PATTERN, "regex tokenizer: what a token is."),
                value("tokenizer.fold-urls", "BOOL", "false", "Replace URLs by the token " + TokenizerConfig.URL_TOKEN + "."),
                value("tokenizer.fold-emails", "BOOL", "false", "Replace e-mail addresses by " + TokenizerConfig.EMAIL_TOKEN + "."),
                value("tokenizer.fold-numbers", "BOOL", "false", "Replace numbers by " + TokenizerConfig.NUMBER_TOKEN + "."),
                value("vocab.min-count", "N", "5", "Keep tokens seen at least N times in the training split (as the reference)."),
                value("vocab.max-size", "N", "0", "Keep at most N entries including PAD and UNK (0: no limit)."),
                value("vocab.from", "PATH", "", "Reuse this vocab.tsv unchanged instead of building one (scoring, retraining)."),
                value("labels.from", "PATH", "", "Reuse this labels.tsv; records with other labels are rejected."),
                value("max-length", "N|pNN", "p99", "Maximum sequence length (at most " + PrepareConfig.MAX_LENGTH_LIMIT
                        + "), or a percentile of the training split's lengths (capped at the same limit)."),
                value("truncation", "head|tail", "head", "Which part of a longer document is kept."),
                value("split", "RATIOS", DEFAULT_SPLIT, "How input without a split name is split, by a hash of the document id."),
                value("seed", "N", "42", "Seed of the split hash."),
                value("on-error", "skip|fail", "skip", "skip: malformed records go to DIR/rejected; fail: the first one fails the job."),
                flag("overwrite", "Replace an output folder that holds a different run."),
                value("run-id", "ID", "", "Run id for provenance; none: derived from the options."),
                value("output.partitions", "N", "0", "Parquet files per split (0: Spark's default parallelism).")));
        return options;
    }

    /** Validates settings into a config; fails with {@link UsageException} naming the option. */
    public static PrepareConfig config(Settings s) {
        List<InputSpec> inputs = new ArrayList<>();
        for (String in : s.list("input")) {
            inputs.add(InputSpec.parse(in));
        }
        ReaderOptions reader = ReaderOptions.from(s);
        TokenizerConfig tokenizer;
        try {
            tokenizer = new TokenizerConfig(TokenizerConfig.Kind.parse(s.string("tokenizer")), s.bool("tokenizer.lowercase"),
                    s.string("tokenizer.pattern"), s.bool("tokenizer.fold-urls"), s.bool("tokenizer.fold-emails"),
                    s.bool("tokenizer.fold-numbers"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        int maxLength = 0;
        double percentile = 0;
        String ml = s.string("max-length").strip();
        try {
            if (ml.startsWith("p")) {
                percentile = Double.parseDouble(ml.substring(1));
            } else {
                long fixed = Long.parseLong(ml);
                if (fixed < 1) {
                    throw new UsageException(s.describe("max-length") + " must be >= 1 or a percentile such as p99, found " + ml);
                }
                if (fixed > PrepareConfig.MAX_LENGTH_LIMIT) {
                    throw new UsageException(s.describe("max-length") + " must be at most " + PrepareConfig.MAX_LENGTH_LIMIT
                            + " tokens, found " + ml + ": every document is padded to it in prepare, train and score, and memory grows"
                            + " with it; give a smaller number, or a percentile such as p99 of the training split's lengths");
                }
                maxLength = (int) fixed;
            }
        } catch (NumberFormatException e) {
            throw new UsageException(s.describe("max-length") + " must be an integer or a percentile such as p99, found '" + ml + "'");
        }
        Truncation truncation;
        try {
            truncation = Truncation.parse(s.string("truncation"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        OnError onError = OnError.valueOf(
                s.choice("on-error", "skip", "fail").toUpperCase(Locale.ROOT));
        return new PrepareConfig(inputs, InputFormat.parse(s.string("format")), s.string("output"), !s.bool("unlabelled"),
                reader, tokenizer, s.integer("vocab.min-count"), s.integer("vocab.max-size"), s.optional("vocab.from"),
                s.optional("labels.from"), maxLength, percentile, truncation, splitRatios(s), s.longValue("seed"),
                onError, s.bool("overwrite"), s.optional("run-id"), s.integer("output.partitions"));
    }

    static Map<String, Double> splitRatios(Settings s) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String part : s.csv("split")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(s.describe("split") + " must look like " + DEFAULT_SPLIT + "; found '" + s.string("split") + "'");
            }
            String name = part.substring(0, eq).strip();
            try {
                if (ratios.put(name, Double.parseDouble(part.substring(eq + 1).strip())) != null) {
                    throw new UsageException(s.describe("split") + " names " + name + " twice");
                }
            } catch (NumberFormatException e) {
                throw new UsageException(s.describe("split") + ": ratio of " + name + " must be a number, found '"
                        + part.substring(eq + 1) + "'");
            }
        }
        return ratios;
    }

    @Override
    public int execute(Settings settings, Mode mode) throws Exception {
        PrepareConfig cfg = config(settings);
        if (mode.checksFiles()) {
            PrepareJob.check(cfg, new org.apache.hadoop.conf.Configuration());
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        SparkSessions.run("textrnn prepare", spark -> PrepareJob.run(spark, cfg));
        return ExitCodes.OK;
    }
}
