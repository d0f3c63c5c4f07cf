package org.textrnn.evaluate;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.provenance.Provenance;

/**
 * Where evaluate's predictions come from, one source per input mode: a split of a prepare output
 * ({@code --data}, {@link PreparedDataSource}), raw documents encoded as the bundle's training data
 * was ({@code --input}, {@link RawInputSource}), or the predictions of a table written by score
 * ({@code --table}, {@link TableSource}).
 */
interface EvaluationSource {

    /** The source of {@code cfg}: its {@code --data} (resolved to {@code data}), {@code --input} or {@code --table}. */
    static EvaluationSource of(EvaluateConfig cfg, Path data, DocumentEncoder encoder) {
        if (cfg.table() != null) {
            return new TableSource(cfg);
        }
        if (cfg.input() != null) {
            return new RawInputSource(cfg, encoder);
        }
        return new PreparedDataSource(cfg, data);
    }

    /**
     * What can be checked before Spark: the input exists, and fits the bundle {@code bundle}.
     *
     * @throws org.textrnn.UsageException saying what is wrong and what to do
     */
    void check(BundleDescription bundle, Configuration conf) throws IOException;

    /** The option that names the input, as the report's header lists it: {@code data}, {@code input} or {@code table}. */
    String option();

    /** The input as the user named it (metrics.json {@code evaluated.data}). */
    String name();

    /**
     * The predictions of {@code bundle} (in {@code model}) on the labelled documents: tallied and their
     * most confident mistakes kept.
     *
     * @param report the report's (staging) folder, where a source may write what it derives (--input's encoded documents)
     * @throws org.textrnn.TextrnnException when there is no labelled document to evaluate
     */
    Evaluated evaluate(SparkSession spark, ModelBundle bundle, Path model, Path report, String runId) throws IOException;

    /** The rows of the input's own training split to train the baselines on; null when it has none. */
    Dataset<Row> trainingSplit(SparkSession spark) throws IOException;

    /** The input as provenance records it. */
    Provenance.Input provenance(Configuration conf) throws IOException;

    /**
     * What a source evaluated.
     *
     * @param labelled      the labelled rows scored (persisted: unpersist when done), or null when the source has no
     *                      documents' tokens (a table), which the baselines then cannot be trained on or scored
     * @param dataDir       the prepare output scored (its stats.json and provenance go into the report), or null
     * @param batching      the batching the network ran with, or null when it did not run
     * @param evaluated     metrics.json {@code evaluated} keys after {@code data}: {@code split} and what else the source says
     * @param noBaselinesBecause why the baselines cannot run on this source, or null
     */
    record Evaluated(ModelScoring.Partial scored, long documents, Dataset<Row> labelled, String dataDir, String batching,
                     Map<String, Object> evaluated, String noBaselinesBecause) {
    }
}
