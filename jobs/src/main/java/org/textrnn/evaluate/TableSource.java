package org.textrnn.evaluate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.table.Tables;
import org.textrnn.provenance.Provenance;

/**
 * {@code --table}: predictions as score stored them (of {@code --run-date}, or all), the table's
 * probabilities against the label it kept ({@link TableScoring}); the network does not run.
 */
record TableSource(EvaluateConfig cfg) implements EvaluationSource {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    static final String NO_BASELINES = "--table holds predictions, not the documents' tokens: the baselines need --data or --input";

    @Override
    public String option() {
        return "table";
    }

    @Override
    public String name() {
        return cfg.table().name();
    }

    /** A Parquet table's folder (an Iceberg table is looked up in its catalog when read). */
    @Override
    public void check(BundleDescription bundle, Configuration conf) throws IOException {
        Path t = new Path(cfg.table().name());
        if (cfg.table().format() == Tables.Format.PARQUET && !t.getFileSystem(conf).exists(t)) {
            throw new UsageException("--table " + cfg.table().name() + ": no such table folder");
        }
    }

    @Override
    public Evaluated evaluate(SparkSession spark, ModelBundle bundle, Path model, Path report, String runId) {
        TableScoring.Result fromTable = TableScoring.score(spark, cfg.table(), cfg.runDate(), bundle.labels(), cfg.errors());
        long documents = fromTable.partial().tally().documents();
        String leftOut = leftOut(fromTable.unlabelled(), fromTable.unknownLabel());
        if (leftOut != null) {
            LOG.warn("evaluate {}: {}", runId, leftOut);
        }
        if (documents == 0) {
            throw new TextrnnException("--table " + cfg.table().name() + (cfg.runDate() != null ? " has no rows for run_date " + cfg.runDate() : " has no rows")
                    + " with a label the model knows" + (leftOut != null ? " (" + leftOut + ")" : ""));
        }
        LOG.info("evaluate {}: {} scored rows of {}{}", runId, documents, cfg.table(), cfg.runDate() != null ? " for run_date " + cfg.runDate() : "");
        Map<String, Object> evaluated = new LinkedHashMap<>();
        evaluated.put("split", null);
        evaluated.put("table_format", cfg.table().format().optionValue());
        evaluated.put("run_date", cfg.runDate());
        evaluated.put("left_out", leftOut);
        return new Evaluated(fromTable.partial(), documents, null, null, null, evaluated, NO_BASELINES);
    }

    /** The note on the rows left out (without a label, with one the model does not know), or null when none were. */
    static String leftOut(long unlabelled, long unknownLabel) {
        return unlabelled + unknownLabel == 0 ? null : unlabelled + " rows without a label and " + unknownLabel
                + " with a label the model does not know were left out";
    }

    @Override
    public Dataset<Row> trainingSplit(SparkSession spark) {
        return null;
    }

    @Override
    public Provenance.Input provenance(Configuration conf) {
        return Provenance.Input.table(cfg.table().name());
    }
}
