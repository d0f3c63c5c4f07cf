package org.textrnn.prepare;

import org.textrnn.provenance.RunIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.textrnn.UsageException;
import org.textrnn.command.OptionValue;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.RunOptions;
import org.textrnn.command.Settings;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.UnlabelledText;
import org.textrnn.data.SequenceSchema;
import org.textrnn.data.Truncation;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.text.TokenizerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything the prepare job does, validated: a config that {@link Builder#build builds} is one the
 * job can run (input existence and the output folder are checked by {@link PrepareJob#check} before
 * Spark). Its options are declared once, in {@link Builder}.
 *
 * @param maxLength           fixed maximum sequence length, or 0 to take {@code maxLengthPercentile}
 * @param maxLengthPercentile percentile of the training split's document lengths (when maxLength is 0)
 * @param splitRatios         ratios for inputs without a split name, in train/validation/test order
 * @param vocabMaxSize        entries including PAD and UNK, or 0 for no limit
 * @param runId               the run id, or null to derive it from the configuration
 * @param outputPartitions    Parquet files per split, or 0 for Spark's default parallelism
 * @param settings            every option by its name, as {@link #describe} records them
 * @param unlabelledInputs    documents whose text the vocabulary is also counted over (--unlabelled-input), possibly none
 * @param vocabIncludeUnlabelled the vocabulary is counted over the training split plus {@code unlabelledInputs}
 */
public record PrepareConfig(List<InputSpec> inputs, InputFormat format, String output, boolean labelled,
                            ReaderOptions reader, TokenizerConfig tokenizer,
                            int vocabMinCount, int vocabMaxSize, String vocabFrom, String labelsFrom,
                            int maxLength, double maxLengthPercentile, Truncation truncation,
                            Map<String, Double> splitRatios, long seed, OnError onError,
                            boolean overwrite, String runId, int outputPartitions, Map<String, Object> settings,
                            List<String> unlabelledInputs, boolean vocabIncludeUnlabelled) {

    /**
     * The largest max length: documents are padded to it in the Parquet sequences, training
     * minibatches and scoring, so a much larger one only exhausts memory (--max-length 100000000
     * ran prepare out of heap). A percentile that comes out larger is capped to it.
     */
    public static final int MAX_LENGTH_LIMIT = 10_000;

    public PrepareConfig {
        inputs = List.copyOf(inputs);
        long named = inputs.stream().filter(i -> i.split() != null).count();
        if (named != 0 && named != inputs.size()) {
            throw new UsageException("give every --input a split name (train=PATH, validation=PATH, test=PATH) or none; found "
                    + inputs);
        }
        if (output.isBlank()) {
            throw new UsageException("--output must not be empty");
        }
        splitRatios = new LinkedHashMap<>(splitRatios);
        if (!labelled && format == InputFormat.TSV && reader.tsvHasLabel()) {
            throw new UsageException("--unlabelled with --format tsv: --columns " + String.join(",", reader.columns())
                    + " names a label column; drop it (e.g. --columns id,text or --columns text)");
        }
        if (labelled && format == InputFormat.TSV && !reader.tsvHasLabel()) {
            throw new UsageException("--columns " + String.join(",", reader.columns())
                    + " has no label column: add one, or add --unlabelled for data without labels");
        }
        unlabelledInputs = List.copyOf(unlabelledInputs);
        if (vocabIncludeUnlabelled && unlabelledInputs.isEmpty()) {
            throw new UsageException("--vocab.include-unlabelled true counts the vocabulary over --unlabelled-input too, which is not given:"
                    + " add --unlabelled-input PATH, or leave out --vocab.include-unlabelled");
        }
        if (!unlabelledInputs.isEmpty() && !vocabIncludeUnlabelled) {
            throw new UsageException("--unlabelled-input is read only to count the vocabulary over it: add --vocab.include-unlabelled true,"
                    + " or leave out --unlabelled-input");
        }
        if (vocabIncludeUnlabelled && vocabFrom != null) {
            throw new UsageException("--vocab.include-unlabelled counts a new vocabulary, --vocab.from " + vocabFrom
                    + " reuses one: give one of them");
        }
    }

    /** Names of the options that are recorded only when given, so that runs without them record (and fingerprint) what runs did before they existed. */
    static final List<String> RECORDED_WHEN_GIVEN = List.of("unlabelled-input", "vocab.include-unlabelled");

    /** What is read for the vocabulary alone ({@code --unlabelled-input}), with the same layout and reader options; null without. */
    public CorpusReader.Source unlabelledSource() {
        return unlabelledInputs.isEmpty() ? null : UnlabelledText.source(unlabelledInputs, format, reader);
    }

    /** The defaults of every option: the reference project's recipe. */
    public static Builder builder() {
        return new Builder();
    }

    /** What the reader reads. */
    public CorpusReader.Source source() {
        return new CorpusReader.Source(inputs, format, reader, labelled);
    }

    /** Inputs carry their own split names (no --split ratios are applied). */
    public boolean presplit() {
        return inputs.get(0).split() != null;
    }

    /**
     * The options that decide the output's content: two runs with the same fingerprint write the
     * same data (wherever they write it), so a re-run may replace an earlier one in the same folder.
     */
    public String fingerprint() {
        Map<String, Object> m = describe();
        m.remove("output");
        m.remove("overwrite");
        m.remove("run-id");
        m.remove("output.partitions");
        return Hashing.sha256Hex(Json.write(m));
    }

    /** The run id: {@code --run-id}, else derived from the fingerprint ({@link RunIds}, the one rule). */
    public String effectiveRunId() {
        return RunIds.of(runId, "prepare", fingerprint());
    }

    /** Every setting by its option name, for provenance. */
    public Map<String, Object> describe() {
        return new LinkedHashMap<>(settings);
    }

    static String formatPercentile(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    /** {@code --max-length}: a number of tokens, or a percentile of the training split's document lengths. */
    public record MaxLength(int tokens, double percentile) implements OptionValue {

        public MaxLength {
            if (tokens < 0) {
                throw new UsageException("--max-length must be >= 1 or a percentile such as p99, found " + tokens);
            }
            if (tokens > MAX_LENGTH_LIMIT) {
                throw tooLong(Integer.toString(tokens));
            }
            if (tokens == 0 && (percentile <= 0 || percentile > 100)) {
                throw new UsageException("--max-length percentile must be in (0, 100], found p" + percentile);
            }
        }

        public static MaxLength tokens(int tokens) {
            return new MaxLength(tokens, 0);
        }

        public static MaxLength percentile(double percentile) {
            return new MaxLength(0, percentile);
        }

        /** {@code N} or {@code pNN}. */
        public static MaxLength parse(String value) {
            try {
                if (value.startsWith("p")) {
                    return percentile(Double.parseDouble(value.substring(1)));
                }
                long fixed = Long.parseLong(value);
                if (fixed < 1) {
                    throw new UsageException("--max-length must be >= 1 or a percentile such as p99, found " + value);
                }
                if (fixed > MAX_LENGTH_LIMIT) {
                    throw tooLong(value);
                }
                return tokens((int) fixed);
            } catch (NumberFormatException e) {
                throw new UsageException("--max-length must be an integer or a percentile such as p99, found '" + value + "'");
            }
        }

        private static UsageException tooLong(String value) {
            return new UsageException("--max-length must be at most " + MAX_LENGTH_LIMIT + " tokens, found " + value
                    + ": every document is padded to it in prepare, train and score, and memory grows with it; give a smaller number,"
                    + " or a percentile such as p99 of the training split's lengths");
        }

        @Override
        public String toString() {
            return tokens > 0 ? Integer.toString(tokens) : "p" + formatPercentile(percentile);
        }
    }

    /**
     * {@code --split}: the share of each split (train, validation, test) of the inputs without a split
     * name, in the order given (which decides the document id hash ranges); they add up to 1.
     */
    public record SplitRatios(Map<String, Double> ratios) implements OptionValue {

        public static final SplitRatios DEFAULT = parse("train=0.8,validation=0.1,test=0.1");

        public SplitRatios {
            ratios = new LinkedHashMap<>(ratios);
            double sum = 0;
            for (Map.Entry<String, Double> e : ratios.entrySet()) {
                if (!SequenceSchema.isSplitName(e.getKey())) {
                    throw new UsageException("--split names must be train, validation or test; found '" + e.getKey() + "'");
                }
                if (e.getValue() < 0 || e.getValue() > 1) {
                    throw new UsageException("--split ratio of " + e.getKey() + " must be in [0, 1], found " + e.getValue());
                }
                sum += e.getValue();
            }
            if (Math.abs(sum - 1.0) > 1e-6) {
                throw new UsageException("--split ratios must add up to 1, found " + ratios + " (sum " + sum + ")");
            }
            ratios = java.util.Collections.unmodifiableMap(ratios);
        }

        /** One split takes every document. */
        public static SplitRatios all(String split) {
            return new SplitRatios(Map.of(split, 1.0));
        }

        /** {@code train=0.8,validation=0.1,test=0.1}. */
        public static SplitRatios parse(String value) {
            Map<String, Double> ratios = new LinkedHashMap<>();
            for (String part : Settings.parts(List.of(value.split(",")))) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--split must look like " + DEFAULT + "; found '" + value + "'");
                }
                String name = part.substring(0, eq).strip();
                try {
                    if (ratios.put(name, Double.parseDouble(part.substring(eq + 1).strip())) != null) {
                        throw new UsageException("--split names " + name + " twice");
                    }
                } catch (NumberFormatException e) {
                    throw new UsageException("--split: ratio of " + name + " must be a number, found '" + part.substring(eq + 1) + "'");
                }
            }
            return new SplitRatios(ratios);
        }

        @Override
        public Object recorded() {
            return new LinkedHashMap<>(ratios);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            ratios.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(",", parts);
        }
    }

    /** The options of prepare, each declared once: a picocli option group, and the builder of {@link PrepareConfig}. */
    public static final class Builder {

        @Option(names = "--input", paramLabel = "[SPLIT=]PATH", required = true, description = "Corpus path on any Hadoop file system"
                + " (globs allowed); prefix train=, validation= or test= for input that is already split.")
        List<String> input = new ArrayList<>();

        @Option(names = "--format", required = true, description = "Input layout.")
        InputFormat format;

        @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output folder (any Hadoop file system).")
        String output;

        @Option(names = "--unlabelled", description = "The input has no labels (data to score); label columns are null.")
        boolean unlabelled;

        @Option(names = "--unlabelled-input", paramLabel = "PATH", description = "Documents without labels to count the vocabulary over too,"
                + " with --vocab.include-unlabelled true (any Hadoop file system, globs allowed; repeatable); read with --format and the"
                + " reader options, labels in them ignored; not written as sequences.")
        List<String> unlabelledInput = new ArrayList<>();

        @Mixin
        ReaderOptions.Builder reader = ReaderOptions.builder();

        @Option(names = "--tokenizer", description = "whitespace: the reference's lowercase + split on whitespace; regex: NFKC + token pattern.")
        TokenizerConfig.Kind tokenizer = TokenizerConfig.Kind.WHITESPACE;

        @Option(names = "--tokenizer.lowercase", paramLabel = "BOOL", arity = "1", description = "Lowercase tokens.")
        boolean lowercase = true;

        @Option(names = "--tokenizer.pattern", paramLabel = "REGEX", description = "regex tokenizer: what a token is.")
        String pattern = TokenizerConfig.DEFAULT_PATTERN;

        @Option(names = "--tokenizer.fold-urls", paramLabel = "BOOL", arity = "1",
                description = "Replace URLs by the token " + TokenizerConfig.URL_TOKEN + ".")
        boolean foldUrls;

        @Option(names = "--tokenizer.fold-emails", paramLabel = "BOOL", arity = "1",
                description = "Replace e-mail addresses by " + TokenizerConfig.EMAIL_TOKEN + ".")
        boolean foldEmails;

        @Option(names = "--tokenizer.fold-numbers", paramLabel = "BOOL", arity = "1",
                description = "Replace numbers by " + TokenizerConfig.NUMBER_TOKEN + ".")
        boolean foldNumbers;

        @Option(names = "--vocab.min-count", paramLabel = "N",
                description = "Keep tokens seen at least N times in the training split (as the reference).")
        @Rule(value = ">= 1", note = "1 keeps every token of the training split")
        int vocabMinCount = 5;

        @Option(names = "--vocab.max-size", paramLabel = "N", description = "Keep at most N entries including PAD and UNK (0: no limit).")
        @Rule(value = "0 or >= 3", says = "must be 0 (no limit) or >= 3 (PAD, UNK and one token)")
        int vocabMaxSize;

        @Option(names = "--vocab.include-unlabelled", paramLabel = "BOOL", arity = "1", description = "Count the vocabulary over the training"
                + " split plus the --unlabelled-input documents (--vocab.min-count and --vocab.max-size apply to the combined counts).")
        boolean vocabIncludeUnlabelled;

        @Option(names = "--vocab.from", paramLabel = "PATH",
                description = "Reuse this vocab.tsv unchanged instead of building one (scoring, retraining).")
        String vocabFrom;

        @Option(names = "--labels.from", paramLabel = "PATH", description = "Reuse this labels.tsv; records with other labels are rejected.")
        String labelsFrom;

        @Option(names = "--max-length", paramLabel = "N|pNN", description = "Maximum sequence length (at most " + MAX_LENGTH_LIMIT
                + "), or a percentile of the training split's lengths (capped at the same limit).")
        MaxLength maxLength = MaxLength.percentile(99);

        @Option(names = "--truncation", description = "Which part of a longer document is kept.")
        Truncation truncation = Truncation.HEAD;

        @Option(names = "--split", paramLabel = "RATIOS", description = "How input without a split name is split, by a hash of the document id.")
        SplitRatios split = SplitRatios.DEFAULT;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the split hash.")
        long seed = 42;

        @Option(names = "--on-error", description = "skip: malformed records go to DIR/rejected; fail: the first one fails the job.")
        OnError onError = OnError.SKIP;

        @Mixin
        RunOptions run = new RunOptions();

        @Option(names = "--output.partitions", paramLabel = "N", description = "Parquet files per split (0: Spark's default parallelism).")
        @Rule(value = ">= 0", note = "0: Spark's default parallelism")
        int outputPartitions;

        Builder() {
        }

        public Builder input(String... input) {
            this.input = new ArrayList<>(List.of(input));
            return this;
        }

        public Builder format(InputFormat format) {
            this.format = format;
            return this;
        }

        public Builder output(String output) {
            this.output = output;
            return this;
        }

        public Builder unlabelled(boolean unlabelled) {
            this.unlabelled = unlabelled;
            return this;
        }

        public Builder unlabelledInput(String... paths) {
            this.unlabelledInput = new ArrayList<>(List.of(paths));
            return this;
        }

        public Builder vocabIncludeUnlabelled(boolean vocabIncludeUnlabelled) {
            this.vocabIncludeUnlabelled = vocabIncludeUnlabelled;
            return this;
        }

        public Builder reader(Consumer<ReaderOptions.Builder> change) {
            change.accept(reader);
            return this;
        }

        public Builder reader(ReaderOptions reader) {
            this.reader = ReaderOptions.Builder.of(reader);
            return this;
        }

        /** All six tokenizer options. */
        public Builder tokenizer(TokenizerConfig t) {
            tokenizer = t.kind();
            lowercase = t.lowercase();
            pattern = t.pattern();
            foldUrls = t.foldUrls();
            foldEmails = t.foldEmails();
            foldNumbers = t.foldNumbers();
            return this;
        }

        public Builder vocabMinCount(int vocabMinCount) {
            this.vocabMinCount = vocabMinCount;
            return this;
        }

        public Builder vocabMaxSize(int vocabMaxSize) {
            this.vocabMaxSize = vocabMaxSize;
            return this;
        }

        public Builder vocabFrom(String vocabFrom) {
            this.vocabFrom = vocabFrom;
            return this;
        }

        public Builder labelsFrom(String labelsFrom) {
            this.labelsFrom = labelsFrom;
            return this;
        }

        public Builder maxLength(MaxLength maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public Builder truncation(Truncation truncation) {
            this.truncation = truncation;
            return this;
        }

        public Builder split(SplitRatios split) {
            this.split = split;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder onError(OnError onError) {
            this.onError = onError;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            run.overwrite(overwrite);
            return this;
        }

        public Builder runId(String runId) {
            run.runId(runId);
            return this;
        }

        public Builder outputPartitions(int outputPartitions) {
            this.outputPartitions = outputPartitions;
            return this;
        }

        /** The config; fails with {@link UsageException} naming the option, the rule and the value. */
        public PrepareConfig build() {
            Rules.check(this, "prepare");
            List<InputSpec> inputs = new ArrayList<>();
            for (String in : input) {
                inputs.add(InputSpec.parse(in));
            }
            TokenizerConfig tokenizerConfig;
            try {
                tokenizerConfig = new TokenizerConfig(tokenizer, lowercase, pattern, foldUrls, foldEmails, foldNumbers);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + e.getMessage());
            }
            List<String> unlabelledInputs = Settings.parts(unlabelledInput);
            Map<String, Object> settings = Settings.of(this);
            if (unlabelledInputs.isEmpty() && !vocabIncludeUnlabelled) {
                settings.keySet().removeAll(RECORDED_WHEN_GIVEN);
            }
            return new PrepareConfig(inputs, format, output, !unlabelled, reader.build(), tokenizerConfig, vocabMinCount, vocabMaxSize,
                    Settings.orNull(vocabFrom), Settings.orNull(labelsFrom), maxLength.tokens(), maxLength.percentile(), truncation,
                    split.ratios(), seed, onError, run.overwrite(), run.runId(), outputPartitions, Settings.frozen(settings),
                    unlabelledInputs, vocabIncludeUnlabelled);
        }
    }
}
