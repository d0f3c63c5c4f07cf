package org.textrnn.score;

import org.textrnn.corpus.OnError;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.textrnn.UsageException;
import org.textrnn.model.Batching;
import org.textrnn.corpus.CorpusReader;

/**
 * A score run: which model, which documents, which table and date.
 *
 * @param keepColumns pass-through columns among {@link #KEEPABLE}
 * @param runId       the run id, or null to derive one from the date and the model
 * @param batching    how documents share the network's batches, or null for the bundle's own
 * @param catalog     textrnn's Iceberg catalog: the warehouse folder and the catalog database
 * @param runsDir     where the run's summary, marker and rejected records go, or null for the default
 *                    (next to the table, see {@link ScoreJob})
 */
public record ScoreConfig(String model, CorpusReader.Source source, Tables.Target table, CatalogOptions catalog,
                          LocalDate runDate, String runId, int topK, List<String> keepColumns,
                          OnError onError, int batchSize, Batching batching, String runsDir) {

    /** Input columns a run may copy into the table: the document's label, its text and where it came from. */
    public static final Set<String> KEEPABLE = Set.of("label", "text", "source");

    public ScoreConfig {
        keepColumns = List.copyOf(keepColumns);
        if (topK < 1) {
            throw new UsageException("--top-k must be >= 1, found " + topK);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be >= 1, found " + batchSize);
        }
        for (String c : keepColumns) {
            if (!KEEPABLE.contains(c)) {
                throw new UsageException("--keep-columns entries must be label, text or source; found '" + c + "'");
            }
        }
        if (keepColumns.size() != Set.copyOf(keepColumns).size()) {
            throw new UsageException("--keep-columns names a column twice: " + keepColumns);
        }
        if (keepColumns.contains("label") && !source.labelled()) {
            throw new UsageException("--keep-columns label with --unlabelled: the input has no labels to keep");
        }
    }

    /** The warehouse folder of textrnn's Iceberg catalog. */
    public String warehouse() {
        return catalog.warehouse();
    }

    public String effectiveRunId() {
        return runId != null ? runId : "score-" + runDate;
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("input", source.inputs().stream().map(Object::toString).toList());
        m.put("format", source.format().optionValue());
        m.put("unlabelled", !source.labelled());
        m.putAll(source.reader().describe());
        m.put("table", table.name());
        m.put("table-format", table.format().optionValue());
        m.putAll(catalog.describe());
        m.put("run-date", runDate.toString());
        m.put("run-id", effectiveRunId());
        m.put("top-k", topK);
        m.put("keep-columns", String.join(",", keepColumns));
        m.put("on-error", onError.name().toLowerCase(java.util.Locale.ROOT));
        m.put("batch-size", batchSize);
        m.put("batching", batching == null ? "" : batching.id());
        m.put("runs-dir", runsDir == null ? "" : runsDir);
        return m;
    }
}
