package org.textrnn.score;

import org.textrnn.provenance.RunIds;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.textrnn.UsageException;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.Settings;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.InputSpec;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.model.Batching;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A score run: which model, which documents, which table and date. Its options are declared once,
 * in {@link Builder}.
 *
 * @param keepColumns pass-through columns among {@link #KEEPABLE}
 * @param runId       the run id, or null to derive one from the date and the model
 * @param batching    how documents share the network's batches, or null for the bundle's own
 * @param catalog     textrnn's Iceberg catalog: the warehouse folder and the catalog database
 * @param runsDir     where the run's summary, marker and rejected records go, or null for the default
 *                    (next to the table, see {@link ScoreJob})
 * @param settings    every option by its name, as {@link #describe} records them
 */
public record ScoreConfig(String model, CorpusReader.Source source, Tables.Target table, CatalogOptions catalog,
                          LocalDate runDate, String runId, int topK, List<String> keepColumns,
                          OnError onError, int batchSize, Batching batching, String runsDir, Map<String, Object> settings) {

    /** Input columns a run may copy into the table: the document's label, its text and where it came from. */
    public static final Set<String> KEEPABLE = Set.of("label", "text", "source");

    public ScoreConfig {
        keepColumns = List.copyOf(keepColumns);
        if (keepColumns.contains("label") && !source.labelled()) {
            throw new UsageException("--keep-columns label with --unlabelled: the input has no labels to keep");
        }
    }

    /** The defaults of every option. */
    public static Builder builder() {
        return new Builder();
    }

    /** The warehouse folder of textrnn's Iceberg catalog. */
    public String warehouse() {
        return catalog.warehouse();
    }

    public String effectiveRunId() {
        return effectiveRunId(runId, runDate);
    }

    private static String effectiveRunId(String runId, LocalDate runDate) {
        return RunIds.of(runId, "score", runDate);
    }

    /** Every setting by its option name (the table resolved, the run id as used), for the run summary. */
    public Map<String, Object> describe() {
        return new LinkedHashMap<>(settings);
    }

    /** The options of score, each declared once: a picocli option group, and the builder of {@link ScoreConfig}. */
    public static final class Builder {

        @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "Model bundle folder written by train.")
        String model;

        @Option(names = "--input", paramLabel = "PATH", required = true,
                description = "Documents to score (any Hadoop file system, globs allowed).")
        List<String> input = new ArrayList<>();

        @Option(names = "--format", required = true, description = "Input layout (as prepare).")
        InputFormat format;

        @Option(names = "--unlabelled", description = "The input has no labels (the usual case for new documents in csv/jsonl/parquet/tsv).")
        boolean unlabelled;

        @Mixin
        ReaderOptions.Builder reader = ReaderOptions.builder();

        @Option(names = "--table", paramLabel = "TABLE", required = true, description = "Parquet table path, or Iceberg table [catalog.]db.table.")
        String table;

        @Option(names = "--table-format", paramLabel = "auto|parquet|iceberg", description = "auto: a path is Parquet, a name is Iceberg.")
        String tableFormat = "auto";

        @Mixin
        CatalogOptions.Builder catalog = CatalogOptions.builder();

        @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", required = true,
                description = "The table partition this run writes (e.g. Airflow's {{ ds }}).")
        LocalDate runDate;

        @Option(names = "--run-id", paramLabel = "ID", description = "Run id stored in every row and the summary (none: score-<run-date>).")
        @Rule(matches = "[A-Za-z0-9_.:+\\-]+", says = "may hold letters, digits and _ . : + - only")
        String runId;

        @Option(names = "--top-k", paramLabel = "N", description = "Labels in each row's top_k column.")
        @Rule(">= 1")
        int topK = 3;

        @Option(names = "--keep-columns", paramLabel = "LIST", split = ",", description = "Input columns copied into the table: label, text, source.")
        @Rule(check = KeepColumns.class)
        List<String> keepColumns = new ArrayList<>();

        @Option(names = "--on-error", description = "skip: undecodable or empty documents go to the run's rejected/ folder; fail: the first"
                + " fails the job.")
        OnError onError = OnError.SKIP;

        @Option(names = "--batch-size", paramLabel = "N", description = "Documents per network call on the executors.")
        @Rule(">= 1")
        int batchSize = 256;

        @Option(names = "--batching", description = "How documents share the network's batches, overriding the bundle's (none: the batching"
                + " the bundle was trained with).")
        Batching batching;

        @Option(names = "--runs-dir", paramLabel = "DIR", description = "Folder of run summaries and rejected records (none: TABLE/_textrnn_runs"
                + " for Parquet, WAREHOUSE/_textrnn_runs/<table> for Iceberg).")
        String runsDir;

        Builder() {
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder input(String... input) {
            this.input = new ArrayList<>(List.of(input));
            return this;
        }

        public Builder format(InputFormat format) {
            this.format = format;
            return this;
        }

        public Builder unlabelled(boolean unlabelled) {
            this.unlabelled = unlabelled;
            return this;
        }

        public Builder reader(Consumer<ReaderOptions.Builder> change) {
            change.accept(reader);
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

        public Builder catalog(Consumer<CatalogOptions.Builder> change) {
            change.accept(catalog);
            return this;
        }

        public Builder runDate(LocalDate runDate) {
            this.runDate = runDate;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder keepColumns(String... keepColumns) {
            this.keepColumns = new ArrayList<>(List.of(keepColumns));
            return this;
        }

        public Builder onError(OnError onError) {
            this.onError = onError;
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

        public Builder runsDir(String runsDir) {
            this.runsDir = runsDir;
            return this;
        }

        /** The config; fails with {@link UsageException} naming the option, the rule and the value. */
        public ScoreConfig build() {
            Rules.check(this, "score");
            List<InputSpec> inputs = new ArrayList<>();
            for (String in : input) {
                InputSpec spec = InputSpec.parse(in);
                if (spec.split() != null) {
                    throw new UsageException("--input " + in + ": score takes plain paths (no " + spec.split() + "= prefix)");
                }
                inputs.add(spec);
            }
            Tables.Target target = Tables.resolve(table, tableFormat);
            String id = Settings.orNull(runId);
            Map<String, Object> settings = Settings.of(this);
            settings.put("table", target.name());
            settings.put("table-format", target.format().optionValue());
            settings.put("run-id", effectiveRunId(id, runDate));
            return new ScoreConfig(model, new CorpusReader.Source(inputs, format, reader.build(), !unlabelled), target, catalog.build(),
                    runDate, id, topK, Settings.parts(keepColumns), onError, batchSize, batching, Settings.orNull(runsDir),
                    Settings.frozen(settings));
        }
    }

    /** {@code --keep-columns}: among {@link #KEEPABLE}, each at most once. */
    static final class KeepColumns implements Rule.Check<List<String>> {
        @Override
        public String problem(List<String> value) {
            List<String> columns = Settings.parts(value);
            for (String c : columns) {
                if (!KEEPABLE.contains(c)) {
                    return "entries must be label, text or source; found '" + c + "'";
                }
            }
            return columns.size() != Set.copyOf(columns).size() ? "names a column twice: " + columns : null;
        }

        @Override
        public String rule() {
            return "must name label, text or source, each at most once";
        }
    }
}
