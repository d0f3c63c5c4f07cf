package org.textrnn.evaluate;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.model.Batching;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.prepared.PreparedData;
import org.textrnn.provenance.Provenance;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * {@code --data}: a split ({@code --split}) of a prepare output made with the bundle's vocabulary and labels.
 *
 * @param data the prepare output, resolved to its published folder
 */
record PreparedDataSource(EvaluateConfig cfg, Path data) implements EvaluationSource {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

    @Override
    public String option() {
        return "data";
    }

    @Override
    public String name() {
        return cfg.data();
    }

    /** A prepare output with the bundle's vocabulary and labels. */
    @Override
    public void check(BundleDescription bundle, Configuration conf) throws IOException {
        PreparedData.require("--data", cfg.data(), data, conf, PreparedData.core());
        String vocabHash = Vocabulary.parse(HadoopFiles.readText(new Path(data, PreparedData.VOCAB), conf), cfg.data() + "/vocab.tsv").hash();
        String modelHash = String.valueOf(bundle.vocabHash());
        if (!vocabHash.equals(modelHash)) {
            throw new UsageException("--data " + cfg.data() + " was prepared with another vocabulary (hash " + vocabHash.substring(0, 12)
                    + ") than the model's (" + modelHash.substring(0, Math.min(12, modelHash.length())) + "): prepare it with --vocab.from "
                    + cfg.model() + "/vocab.tsv --labels.from " + cfg.model() + "/labels.tsv, or give the raw documents with --input");
        }
        String labels = HadoopFiles.readText(new Path(data, PreparedData.LABELS), conf);
        if (labels.isBlank()) {
            throw new UsageException("--data " + cfg.data() + " has no labels (prepared with --unlabelled): evaluation needs labelled data");
        }
        if (!LabelIndex.parse(labels, cfg.data() + "/labels.tsv").hash().equals(bundle.labelsHash())) {
            throw new UsageException("--data " + cfg.data() + " has other labels than the model (" + bundle.labels()
                    + "): prepare it with --labels.from " + cfg.model() + "/labels.tsv");
        }
    }

    @Override
    public Evaluated evaluate(SparkSession spark, ModelBundle bundle, Path model, Path report, String runId) throws IOException {
        Map<String, Object> evaluated = new LinkedHashMap<>();
        evaluated.put("split", cfg.split());
        return score(spark, cfg, bundle, runId, data.toString(), cfg.split(), "split " + cfg.split() + " of --data " + data, evaluated);
    }

    @Override
    public Dataset<Row> trainingSplit(SparkSession spark) throws IOException {
        return PreparedData.split(spark, data.toString(), SequenceSchema.TRAIN);
    }

    @Override
    public Provenance.Input provenance(Configuration conf) throws IOException {
        Path p = new Path(data, PreparedData.PROVENANCE);
        Provenance prepare = HadoopFiles.exists(p, conf) ? Provenance.read(HadoopFiles.readText(p, conf), p.toString()) : null;
        String vocabHash = Vocabulary.parse(HadoopFiles.readText(new Path(data, PreparedData.VOCAB), conf), cfg.data() + "/vocab.tsv").hash();
        return Provenance.Input.prepared(cfg.split(), cfg.data(), prepare == null ? null : prepare.runId(),
                prepare == null ? null : prepare.fingerprint(), vocabHash);
    }

    /**
     * The bundle's predictions on the labelled rows of {@code split} of the prepare output in {@code dataDir},
     * run on the executors with the bundle's (or --batching's) batching.
     *
     * @param what      the rows, for the message when there are none
     * @param evaluated metrics.json {@code evaluated} keys of the source
     */
    static Evaluated score(SparkSession spark, EvaluateConfig cfg, ModelBundle bundle, String runId, String dataDir, String split,
                           String what, Map<String, Object> evaluated) throws IOException {
        Dataset<Row> labelled = PreparedData.split(spark, dataDir, split).filter(col(SequenceSchema.LABEL_INDEX).isNotNull())
                .persist(StorageLevel.MEMORY_AND_DISK());
        long documents = labelled.count();
        if (documents == 0) {
            throw new TextrnnException(what + " has no labelled documents to evaluate"
                    + (cfg.input() != null ? " (see " + dataDir + "/rejected for records that were not read)" : ""));
        }
        LOG.info("evaluate {}: scoring {} documents of {} (split {}) with {}", runId, documents, dataDir, split, cfg.model());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> modelBroadcast = jsc.broadcast(bundle.networkBytes());
        Broadcast<Vocabulary> vocabBroadcast = jsc.broadcast(bundle.vocabulary());
        Batching batching = bundle.batching(cfg.batching());
        LOG.info("evaluate {}: batching {} ({})", runId, batching.id(), bundle.batchingSource(cfg.batching()));
        ModelScoring.Partial scored = ModelScoring.score(labelled, modelBroadcast, vocabBroadcast, bundle.labels().size(), bundle.maxLength(),
                batching, cfg.batchSize(), cfg.errors());
        modelBroadcast.destroy();
        vocabBroadcast.destroy();
        return new Evaluated(scored, documents, labelled, dataDir, batching.id(), evaluated, null);
    }
}
