package org.textrnn.score;

import org.textrnn.corpus.OnError;
import org.textrnn.command.ExitCodes;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.textrnn.command.OptionSpec.flag;
import static org.textrnn.command.OptionSpec.repeated;
import static org.textrnn.command.OptionSpec.required;
import static org.textrnn.command.OptionSpec.value;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.textrnn.command.Command;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;
import org.textrnn.model.Batching;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.ReaderOptions;

/** {@code textrnn score}: classify documents with a model bundle and replace one run date's rows of a table. */
public final class ScoreCommand implements Command {

    @Override
    public String name() {
        return "score";
    }

    @Override
    public String summary() {
        return "Classify raw documents with a model bundle and write one row per document into a Parquet or Iceberg table, "
                + "replacing that --run-date's rows atomically (safe to re-run).";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new ArrayList<>(List.of(
                required("model", "BUNDLE", "Model bundle folder written by train."),
                repeated("input", "PATH", "Documents to score (any Hadoop file system, globs allowed)."),
                required("format", InputFormat.choices(), "Input layout (as prepare)."),
                required("table", "TABLE", "Parquet table path, or Iceberg table [catalog.]db.table."),
                required("run-date", "YYYY-MM-DD", "The table partition this run writes (e.g. Airflow's {{ ds }})."),
                value("run-id", "ID", "", "Run id stored in every row and the summary (none: score-<run-date>)."),
                value("table-format", "auto|parquet|iceberg", "auto", "auto: a path is Parquet, a name is Iceberg."),
                value("top-k", "N", "3", "Labels in each row's top_k column."),
                value("keep-columns", "LIST", "", "Input columns copied into the table: label, text, source."),
                flag("unlabelled", "The input has no labels (the usual case for new documents in csv/jsonl/parquet/tsv).")));
        options.addAll(CatalogOptions.OPTIONS);
        options.addAll(ReaderOptions.OPTIONS);
        options.addAll(List.of(
                value("on-error", "skip|fail", "skip", "skip: undecodable or empty documents go to the run's rejected/ folder; fail: the first fails the job."),
                value("batch-size", "N", "256", "Documents per network call on the executors."),
                value("batching", "padded|length-buckets", "", "How documents share the network's batches, overriding the bundle's "
                        + "(none: the batching the bundle was trained with)."),
                value("runs-dir", "DIR", "", "Folder of run summaries and rejected records (none: TABLE/_textrnn_runs for Parquet, "
                        + "WAREHOUSE/_textrnn_runs/<table> for Iceberg).")));
        return options;
    }

    /** Validates settings into a config; fails with {@link UsageException} naming the option. */
    public static ScoreConfig config(Settings s) {
        List<InputSpec> inputs = new ArrayList<>();
        for (String in : s.list("input")) {
            InputSpec spec = InputSpec.parse(in);
            if (spec.split() != null) {
                throw new UsageException("--input " + in + ": score takes plain paths (no " + spec.split() + "= prefix)");
            }
            inputs.add(spec);
        }
        if (inputs.isEmpty()) {
            throw new UsageException("--input is required for score: the documents to classify");
        }
        LocalDate runDate;
        try {
            runDate = LocalDate.parse(s.string("run-date").strip());
        } catch (DateTimeParseException e) {
            throw new UsageException(s.describe("run-date") + " must be a date YYYY-MM-DD, found '" + s.string("run-date") + "'");
        }
        String runId = s.optional("run-id");
        if (runId != null && !runId.matches("[A-Za-z0-9_.:+\\-]+")) {
            throw new UsageException(s.describe("run-id") + " may hold letters, digits and _ . : + - only, found '" + runId + "'");
        }
        CorpusReader.Source source = new CorpusReader.Source(inputs, InputFormat.parse(s.string("format")), ReaderOptions.from(s),
                !s.bool("unlabelled"));
        OnError onError = OnError.valueOf(s.choice("on-error", "skip", "fail").toUpperCase(Locale.ROOT));
        return new ScoreConfig(s.string("model"), source, Tables.resolve(s.string("table"), s.string("table-format")),
                CatalogOptions.from(s), runDate, runId, s.integer("top-k"), s.csv("keep-columns"), onError,
                s.integer("batch-size"), s.parsed("batching", Batching::parse), s.optional("runs-dir"));
    }

    /** Where this run's records go: {@code runs-dir} as score resolves it (the one place of that rule, {@link ScoreJob#runsDir}). */
    @Override
    public Map<String, Object> resolved(Settings settings) {
        return Map.of("runs-dir", ScoreJob.runsDir(config(settings)));
    }

    @Override
    public int execute(Settings settings, Mode mode) throws Exception {
        ScoreConfig cfg = config(settings);
        Configuration conf = new Configuration();
        if (mode.checksFiles()) {
            ScoreJob.check(cfg, conf);
            if (Tables.usesCatalog(cfg.table())) {
                Tables.catalogKind(cfg.catalog(), conf); // a warehouse that can hold no catalog fails here
            }
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        Map<String, String> catalog = Tables.catalogSettings(cfg.catalog(), cfg.table(), conf);
        if (Tables.usesCatalog(cfg.table())) {
            Tables.prepareCatalog(cfg.catalog(), cfg.table(), conf);
        }
        SparkSessions.run("textrnn score", catalog, spark -> ScoreJob.run(spark, cfg));
        return ExitCodes.OK;
    }
}
