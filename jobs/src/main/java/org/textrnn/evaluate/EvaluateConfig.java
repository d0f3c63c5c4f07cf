package org.textrnn.evaluate;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.textrnn.UsageException;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.Settings;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.data.SequenceSchema;
import org.textrnn.model.Batching;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An evaluate run, validated. The documents come either from a prepare output ({@code data}, one
 * of its splits) or from a raw labelled corpus ({@code input} read as {@code format}, encoded with
 * the bundle's own vocabulary and encoding settings), or they were already scored into a table by
 * {@code textrnn score} with {@code --keep-columns label} ({@code table}, optionally one
 * {@code runDate}); exactly one of the three is given. The options are declared once, in {@link Builder}.
 *
 * @param topK             the largest k reported for top-k accuracy (every k from 1 up)
 * @param errors           how many of the most confident mistakes errors.csv keeps
 * @param baseline         also train and score the TF-IDF naive Bayes and logistic regression baselines
 * @param regressionMetric {@code accuracy} or {@code macro-f1}: what the model is compared on
 * @param regressionMargin the model is flagged when its metric is below the best baseline's plus this
 * @param runDate          with {@code table}: the one date (YYYY-MM-DD) to evaluate, or null for all
 * @param batching         how documents share the prediction minibatches, or null for the bundle's own
 * @param settings         the settings by option name, as {@link #describe} records them
 */
public record EvaluateConfig(String model, String data, String input, InputFormat format, ReaderOptions reader, String split,
                             String report, int topK, int errors, int batchSize, boolean baseline, int lrIterations,
                             double lrRegularization, String regressionMetric, double regressionMargin, boolean failOnRegression,
                             String runId, Tables.Target table, String runDate, CatalogOptions catalog, Batching batching,
                             Map<String, Object> settings) {

    public EvaluateConfig {
        int sources = (data == null ? 0 : 1) + (input == null ? 0 : 1) + (table == null ? 0 : 1);
        if (sources != 1) {
            throw new UsageException("give one of --data DIR (a prepare output), --input PATH with --format FMT (raw labelled documents) "
                    + "or --table TABLE (predictions of textrnn score that kept the label)" + (sources > 1 ? ", not several" : ""));
        }
        if (runDate != null && table == null) {
            throw new UsageException("--run-date selects a date of --table, which is not given");
        }
        if (batching != null && table != null) {
            throw new UsageException("--batching chooses how the network is run, and --table " + table.name()
                    + " is evaluated from its stored predictions without running it: leave --batching out");
        }
        if (input != null && format == null) {
            throw new UsageException("--input " + input + " needs --format (" + InputFormat.choices() + ")");
        }
    }

    /** The defaults of every option. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every setting by its option name (the reader's with --input, the table's with --table), for metrics.json and the report. */
    public Map<String, Object> describe() {
        return new LinkedHashMap<>(settings);
    }

    /** The options of evaluate, each declared once: a picocli option group, and the builder of {@link EvaluateConfig}. */
    public static final class Builder {

        @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "Model bundle folder written by train.")
        String model;

        @Option(names = "--data", paramLabel = "DIR", description = "A prepare output made with the bundle's vocabulary (its training data, or"
                + " data prepared with --vocab.from BUNDLE/vocab.tsv --labels.from BUNDLE/labels.tsv); give --data or --input.")
        String data;

        @Option(names = "--input", paramLabel = "PATH", description = "Raw labelled documents (any Hadoop path, globs allowed), encoded with"
                + " the bundle's own vocabulary and encoding settings; give --data or --input.")
        String input;

        @Option(names = "--format", description = "Layout of --input (as prepare's --format).")
        InputFormat format;

        /** --input is read exactly as prepare reads it. */
        @Mixin
        ReaderOptions.Builder reader = ReaderOptions.builder();

        @Option(names = "--split", paramLabel = "NAME", description = "Split of --data to evaluate: train, validation or test.")
        @Rule(oneOf = {SequenceSchema.TRAIN, SequenceSchema.VALIDATION, SequenceSchema.TEST}, says = "must be train, validation or test")
        String split = SequenceSchema.TEST;

        @Option(names = "--report", paramLabel = "OUT", required = true,
                description = "Folder for metrics.json, confusion.csv, errors.csv and report.html (replaced on a re-run).")
        String report;

        @Option(names = "--top-k", paramLabel = "K", description = "Report top-k accuracy for every k from 1 to K.")
        @Rule(">= 1")
        int topK = 3;

        @Option(names = "--errors", paramLabel = "N", description = "How many of the most confident mistakes errors.csv lists.")
        @Rule(">= 0")
        int errors = 50;

        @Option(names = "--batch-size", paramLabel = "N", description = "Documents per prediction minibatch on the executors.")
        @Rule(">= 1")
        int batchSize = 256;

        @Option(names = "--batching", description = "How documents share the prediction minibatches, overriding the bundle's (none: the"
                + " batching the bundle was trained with); not with --table.")
        Batching batching;

        @Option(names = "--baseline", paramLabel = "BOOL", arity = "1",
                description = "Also train TF-IDF naive Bayes and logistic regression on the training split and report them.")
        boolean baseline = true;

        @Option(names = "--baseline.lr-iterations", paramLabel = "N", description = "Maximum iterations of the logistic regression baseline.")
        @Rule(">= 1")
        int lrIterations = 100;

        @Option(names = "--baseline.lr-regularization", paramLabel = "L", description = "L2 regularization of the logistic regression baseline.")
        @Rule(">= 0")
        double lrRegularization = 0.01;

        @Option(names = "--regression.metric", paramLabel = "accuracy|macro-f1", description = "What the model is compared with the baselines on.")
        @Rule(oneOf = {"accuracy", "macro-f1"})
        String regressionMetric = "accuracy";

        @Option(names = "--regression.margin", paramLabel = "M", description = "Flag the model when its metric is below the best baseline's plus M.")
        @Rule("(-1, 1)")
        double regressionMargin;

        @Option(names = "--fail-on-regression", description = "Exit with code 3 when a guardrail is hit: a class with zero recall, or the model"
                + " below the best baseline plus the margin (for schedulers).")
        boolean failOnRegression;

        @Option(names = "--run-id", paramLabel = "ID", description = "Run id for metrics.json and the report; none: derived from the options and"
                + " the model.")
        String runId;

        @Option(names = "--table", paramLabel = "TABLE", description = "Predictions written by textrnn score with --keep-columns label (Parquet"
                + " path or Iceberg [catalog.]db.table); evaluated as scored, no baselines.")
        String table;

        @Option(names = "--table-format", paramLabel = "auto|parquet|iceberg", description = "With --table: auto: a path is Parquet, a name is"
                + " Iceberg.")
        String tableFormat = "auto";

        @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "With --table: evaluate this date's rows only (default: all).")
        LocalDate runDate;

        @Mixin
        CatalogOptions.Builder catalog = CatalogOptions.builder();

        Builder() {
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder data(String data) {
            this.data = data;
            return this;
        }

        public Builder input(String input) {
            this.input = input;
            return this;
        }

        public Builder format(InputFormat format) {
            this.format = format;
            return this;
        }

        public Builder reader(Consumer<ReaderOptions.Builder> change) {
            change.accept(reader);
            return this;
        }

        public Builder split(String split) {
            this.split = split;
            return this;
        }

        public Builder report(String report) {
            this.report = report;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder errors(int errors) {
            this.errors = errors;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batching(Batching batching) {
            this.batching = batching;
            return this;
        }

        public Builder baseline(boolean baseline) {
            this.baseline = baseline;
            return this;
        }

        public Builder lrIterations(int lrIterations) {
            this.lrIterations = lrIterations;
            return this;
        }

        public Builder lrRegularization(double lrRegularization) {
            this.lrRegularization = lrRegularization;
            return this;
        }

        public Builder regressionMetric(String regressionMetric) {
            this.regressionMetric = regressionMetric;
            return this;
        }

        public Builder regressionMargin(double regressionMargin) {
            this.regressionMargin = regressionMargin;
            return this;
        }

        public Builder failOnRegression(boolean failOnRegression) {
            this.failOnRegression = failOnRegression;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder tableFormat(String tableFormat) {
            this.tableFormat = tableFormat;
            return this;
        }

        public Builder runDate(LocalDate runDate) {
            this.runDate = runDate;
            return this;
        }

        public Builder catalog(Consumer<CatalogOptions.Builder> change) {
            change.accept(catalog);
            return this;
        }

        /** The config; fails with {@link UsageException} naming the option, the rule and the value. */
        public EvaluateConfig build() {
            Rules.check(this, "evaluate");
            Tables.Target target = Settings.orNull(table) == null ? null : Tables.resolve(table, tableFormat);
            Map<String, Object> settings = Settings.of(this, null);
            settings.keySet().removeAll(Settings.names(catalog));
            if (Settings.orNull(input) == null) {
                settings.keySet().removeAll(Settings.names(reader));
            } else {
                settings.putAll(Settings.of(reader)); // as prepare records them
            }
            if (target == null) {
                settings.keySet().removeAll(java.util.List.of("table", "table-format", "run-date"));
            } else {
                settings.put("table", target.name());
                settings.put("table-format", target.format().optionValue());
            }
            return new EvaluateConfig(model, Settings.orNull(data), Settings.orNull(input), format, reader.build(), split, report, topK,
                    errors, batchSize, baseline, lrIterations, lrRegularization, regressionMetric, regressionMargin, failOnRegression,
                    Settings.orNull(runId), target, runDate == null ? null : runDate.toString(), catalog.build(), batching,
                    Settings.frozen(settings));
        }
    }
}
