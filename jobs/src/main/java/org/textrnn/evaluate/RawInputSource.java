package org.textrnn.evaluate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.UsageException;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.data.SequenceSchema;
import org.textrnn.provenance.Provenance;

/**
 * {@code --input}: raw labelled documents, encoded with the bundle's vocabulary and encoding settings
 * (by the injected {@link DocumentEncoder}) into a prepare output with one test split in the report's
 * {@code prepared/}, which is then scored as prepared data.
 */
record RawInputSource(EvaluateConfig cfg, DocumentEncoder encoder) implements EvaluationSource {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    @Override
    public String option() {
        return "input";
    }

    @Override
    public String name() {
        return cfg.input();
    }

    /** Files to read. */
    @Override
    public void check(BundleDescription bundle, Configuration conf) throws IOException {
        Path in = new Path(cfg.input());
        FileStatus[] found = in.getFileSystem(conf).globStatus(in);
        if (found == null || found.length == 0) {
            throw new UsageException("--input " + cfg.input() + ": no such file or folder");
        }
    }

    @Override
    public Evaluated evaluate(SparkSession spark, ModelBundle bundle, Path model, Path report, String runId) throws IOException {
        String dataDir = new Path(report, EvaluateJob.PREPARED).toString();
        LOG.info("evaluate {}: encoding {} with the bundle's vocabulary and encoding settings into {}", runId, cfg.input(), dataDir);
        encoder.encode(spark, cfg.input(), cfg.format(), cfg.reader(), bundle, model.toString(), dataDir);
        Map<String, Object> evaluated = new LinkedHashMap<>();
        evaluated.put("split", null);
        return PreparedDataSource.score(spark, cfg, bundle, runId, dataDir, SequenceSchema.TEST, "--input " + cfg.input(), evaluated);
    }

    /** None: every encoded document is in the test split. */
    @Override
    public Dataset<Row> trainingSplit(SparkSession spark) {
        return null;
    }

    @Override
    public Provenance.Input provenance(Configuration conf) throws IOException {
        return Provenance.Input.files(null, cfg.input(), conf);
    }
}
