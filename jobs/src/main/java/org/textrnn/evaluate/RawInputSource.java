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
import org.textrnn.bundle.ModelBundle;
import org.textrnn.data.SequenceSchema;
import org.textrnn.provenance.Provenance;

/**
 * {@code --input}: raw labelled documents, encoded with the bundle's vocabulary and encoding settings
 * (by the injected {@link DocumentEncoder}) into a prepare output with one test split in the report's
 * {@code prepared/}, which is then scored as prepared data.
 *
 * @param encoded where the encoded documents go (the report's {@code prepared/})
 */
record RawInputSource(EvaluateConfig cfg, Path encoded, DocumentEncoder encoder) implements EvaluationSource {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    @Override
    public String option() {
        return "input";
    }

    @Override
    public String name() {
        return cfg.input();
    }

    @Override
    public Evaluated evaluate(SparkSession spark, ModelBundle bundle, Path model, String runId) throws IOException {
        String dataDir = encoded.toString();
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
