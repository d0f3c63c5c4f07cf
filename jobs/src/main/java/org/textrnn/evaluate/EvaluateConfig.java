package org.textrnn.evaluate;

import org.textrnn.table.Tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.model.Batching;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.table.CatalogOptions;

/**
 * An evaluate run, validated. The documents come either from a prepare output ({@code data}, one
 * of its splits) or from a raw labelled corpus ({@code input} read as {@code format}, encoded with
 * the bundle's own vocabulary and encoding settings), or they were already scored into a table by
 * {@code textrnn score} with {@code --keep-columns label} ({@code table}, optionally one
 * {@code runDate}); exactly one of the three is given.
 *
 * @param topK             the largest k reported for top-k accuracy (every k from 1 up)
 * @param errors           how many of the most confident mistakes errors.csv keeps
 * @param baseline         also train and score the TF-IDF naive Bayes and logistic regression baselines
 * @param regressionMetric {@code accuracy} or {@code macro-f1}: what the model is compared on
 * @param regressionMargin the model is flagged when its metric is below the best baseline's plus this
 * @param batching         how documents share the prediction minibatches, or null for the bundle's own
 */
public record EvaluateConfig(String model, String data, String input, InputFormat format, ReaderOptions reader, String split,
                             String report, int topK, int errors, int batchSize, boolean baseline, int lrIterations,
                             double lrRegularization, String regressionMetric, double regressionMargin, boolean failOnRegression,
                             String runId, Tables.Target table, String runDate, CatalogOptions catalog, Batching batching) {

    public static final List<String> METRICS = List.of("accuracy", "macro-f1");

    public EvaluateConfig {
        int sources = (data == null ? 0 : 1) + (input == null ? 0 : 1) + (table == null ? 0 : 1);
        if (sources != 1) {
            throw new UsageException("give one of --data DIR (a prepare output), --input PATH with --format FMT (raw labelled documents) "
                    + "or --table TABLE (predictions of textrnn score that kept the label)" + (sources > 1 ? ", not several" : ""));
        }
        if (runDate != null && table == null) {
            throw new UsageException("--run-date selects a date of --table, which is not given");
        }
        if (runDate != null) {
            try {
                java.time.LocalDate.parse(runDate);
            } catch (java.time.format.DateTimeParseException e) {
                throw new UsageException("--run-date must be a date YYYY-MM-DD, found '" + runDate + "'");
            }
        }
        if (batching != null && table != null) {
            throw new UsageException("--batching chooses how the network is run, and --table " + table.name()
                    + " is evaluated from its stored predictions without running it: leave --batching out");
        }
        if (input != null && format == null) {
            throw new UsageException("--input " + input + " needs --format (" + InputFormat.choices() + ")");
        }
        if (!SequenceSchema.isSplitName(split)) {
            throw new UsageException("--split must be train, validation or test, found '" + split + "'");
        }
        if (report == null || report.isBlank()) {
            throw new UsageException("--report is required: the folder to write metrics.json, confusion.csv, errors.csv and report.html to");
        }
        check(topK >= 1, "--top-k must be >= 1, found " + topK);
        check(errors >= 0, "--errors must be >= 0, found " + errors);
        check(batchSize >= 1, "--batch-size must be >= 1, found " + batchSize);
        check(lrIterations >= 1, "--baseline.lr-iterations must be >= 1, found " + lrIterations);
        check(lrRegularization >= 0, "--baseline.lr-regularization must be >= 0, found " + lrRegularization);
        check(METRICS.contains(regressionMetric), "--regression.metric must be one of " + String.join(", ", METRICS)
                + ", found '" + regressionMetric + "'");
        check(regressionMargin > -1 && regressionMargin < 1, "--regression.margin must be in (-1, 1), found " + regressionMargin);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }

    /** Every setting by its option name, for metrics.json and the report. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("data", data);
        m.put("input", input);
        m.put("format", format == null ? null : format.optionValue());
        if (input != null) {
            m.putAll(reader.describe());
        }
        m.put("split", split);
        m.put("report", report);
        m.put("top-k", topK);
        m.put("errors", errors);
        m.put("batch-size", batchSize);
        m.put("batching", batching == null ? "" : batching.id());
        m.put("baseline", baseline);
        m.put("baseline.lr-iterations", lrIterations);
        m.put("baseline.lr-regularization", lrRegularization);
        m.put("regression.metric", regressionMetric);
        m.put("regression.margin", regressionMargin);
        m.put("fail-on-regression", failOnRegression);
        m.put("run-id", runId);
        if (table != null) {
            m.put("table", table.name());
            m.put("table-format", table.format().optionValue());
            m.put("run-date", runDate);
        }
        return m;
    }
}
