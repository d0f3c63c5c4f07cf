package org.textrnn.evaluate;

import org.textrnn.prepared.PreparedData;
import org.textrnn.corpus.OnError;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.metrics.Mistake;
import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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
import org.textrnn.command.CommandLine;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.BuildInfo;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
import org.textrnn.metrics.ClassificationMetrics;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.model.Batching;
import org.textrnn.corpus.InputSpec;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * The evaluate job: a model bundle against labelled documents (a split of a prepare output, or a
 * raw corpus encoded with the bundle's own vocabulary and encoding settings). Predictions run on
 * the executors; only the tallies (confusion counts, log-loss sums, ranks of the true class) and the
 * most confident mistakes reach the driver. With {@code --baseline} (the default) TF-IDF naive Bayes
 * and logistic regression are trained on the training split and scored on the same documents.
 *
 * <p>Writes to {@code --report}: {@code metrics.json}, {@code confusion.csv}, {@code errors.csv},
 * {@code report.html} (see {@link ReportWriter}) and, for {@code --input}, the encoded documents in
 * {@code prepared/}. A re-run replaces an earlier report in the same folder.
 */
public final class EvaluateJob {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);
    public static final String METRICS = "metrics.json";
    public static final String CONFUSION = "confusion.csv";
    public static final String ERRORS = "errors.csv";
    public static final String REPORT = "report.html";
    static final String PREPARED = "prepared";
    /** The report folder train writes inside the model bundle. */
    public static final String TRAIN_REPORT = "report";

    private EvaluateJob() {
    }


    /** What can be checked before Spark: a bundle, data that matches its vocabulary and labels, a report folder we may write. */
    public static void check(EvaluateConfig cfg, Configuration conf) throws IOException {
        check(cfg, conf, Publication.resolve(new Path(cfg.model()), conf), cfg.data() == null ? null : Publication.resolve(new Path(cfg.data()), conf));
    }

    /** {@link #check(EvaluateConfig, Configuration)} with the bundle and the data read from {@code model} and {@code data}. */
    static void check(EvaluateConfig cfg, Configuration conf, Path model, Path data) throws IOException {
        for (String f : List.of(ModelBundle.BUNDLE, ModelBundle.MODEL, "vocab.tsv", "labels.tsv")) {
            if (!HadoopFiles.exists(new Path(model, f), conf)) {
                throw new UsageException("--model " + cfg.model() + " is not a textrnn model bundle: " + f + " is missing (train one with textrnn train)");
            }
        }
        Map<String, Object> bundle = Json.readMap(HadoopFiles.readText(new Path(model, ModelBundle.BUNDLE), conf), cfg.model() + "/" + ModelBundle.BUNDLE);
        if (cfg.data() != null) {
            for (String f : PreparedData.core()) {
                if (!HadoopFiles.exists(new Path(data, f), conf)) {
                    throw new UsageException("--data " + cfg.data() + " is not a prepare output: " + f + " is missing (run textrnn prepare first)");
                }
            }
            String vocabHash = Vocabulary.parse(HadoopFiles.readText(new Path(data, "vocab.tsv"), conf), cfg.data() + "/vocab.tsv").hash();
            String modelHash = String.valueOf(bundle.get("vocab_hash"));
            if (!vocabHash.equals(modelHash)) {
                throw new UsageException("--data " + cfg.data() + " was prepared with another vocabulary (hash " + vocabHash.substring(0, 12)
                        + ") than the model's (" + modelHash.substring(0, Math.min(12, modelHash.length())) + "): prepare it with --vocab.from " + cfg.model() + "/vocab.tsv --labels.from " + cfg.model()
                        + "/labels.tsv, or give the raw documents with --input");
            }
            String labels = HadoopFiles.readText(new Path(data, "labels.tsv"), conf);
            if (labels.isBlank()) {
                throw new UsageException("--data " + cfg.data() + " has no labels (prepared with --unlabelled): evaluation needs labelled data");
            }
            if (!LabelIndex.parse(labels, cfg.data() + "/labels.tsv").hash().equals(bundle.get("labels_hash"))) {
                throw new UsageException("--data " + cfg.data() + " has other labels than the model (" + bundle.get("labels")
                        + "): prepare it with --labels.from " + cfg.model() + "/labels.tsv");
            }
        } else if (cfg.table() != null) {
            Path t = new Path(cfg.table().name());
            if (cfg.table().format() == org.textrnn.table.Tables.Format.PARQUET && !t.getFileSystem(conf).exists(t)) {
                throw new UsageException("--table " + cfg.table().name() + ": no such table folder");
            }
        } else {
            Path in = new Path(cfg.input());
            FileStatus[] found = in.getFileSystem(conf).globStatus(in);
            if (found == null || found.length == 0) {
                throw new UsageException("--input " + cfg.input() + ": no such file or folder");
            }
        }
        Path report = Publication.resolve(new Path(cfg.report()), conf);
        FileSystem fs = report.getFileSystem(conf);
        if (fs.exists(report)) {
            if (!fs.getFileStatus(report).isDirectory()) {
                throw new UsageException("--report " + report + " is a file, not a folder");
            }
            if (fs.listStatus(report).length > 0 && !fs.exists(new Path(report, METRICS)) && !fs.exists(new Path(report, REPORT))) {
                throw new UsageException("--report " + report + " holds files that are not an evaluate report: choose a new or empty folder");
            }
        }
    }

    public static EvaluateResult run(SparkSession spark, EvaluateConfig cfg) throws IOException {
        return run(spark, cfg, DocumentEncoder.NONE);
    }

    /** {@link #run(SparkSession, EvaluateConfig)}, encoding {@code --input} documents with {@code encoder}. */
    public static EvaluateResult run(SparkSession spark, EvaluateConfig cfg, DocumentEncoder encoder) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        return run(spark, cfg, Publication.resolve(new Path(cfg.model()), conf), encoder);
    }

    /**
     * Evaluates the bundle in {@code model} ({@code cfg.model()} is the name the report records: train
     * evaluates its bundle in the bundle's staging folder). The report is written into a staging folder
     * and published whole, under the report's lock; a report inside another staging (train's
     * {@code MODEL/report}) is written in place and published with its parent.
     */
    static EvaluateResult run(SparkSession spark, EvaluateConfig cfg, Path model, DocumentEncoder encoder) throws IOException {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path data = cfg.data() == null ? null : Publication.resolve(new Path(cfg.data()), conf);
        check(cfg, conf, model, data);
        ModelBundle loaded = ModelBundle.load(model.toString(), conf);
        byte[] modelBytes = loaded.networkBytes();
        String runId = cfg.runId() != null ? cfg.runId()
                : "evaluate-" + Hashing.sha256Hex(Json.write(cfg.describe()) + Hashing.sha256Hex(modelBytes)).substring(0, 12);

        // a failure leaves the staging (the next run removes it); the previous report stays
        try (StagedOutput output = StagedOutput.open(new Path(cfg.report()), "--report " + cfg.report(), runId, true, conf)) {
            EvaluateResult r = write(spark, cfg, model, data, loaded, runId, output.dir(), conf, start, encoder);
            output.publish();
            return r;
        }
    }

    private static EvaluateResult write(SparkSession spark, EvaluateConfig cfg, Path model, Path data, ModelBundle loaded, String runId,
                                        Path report, Configuration conf, long start, DocumentEncoder encoder) throws IOException {
        Map<String, Object> bundle = Json.toMap(loaded.description());
        Vocabulary vocab = loaded.vocabulary();
        LabelIndex labels = loaded.labels();
        Map<?, ?> encoding = (Map<?, ?>) bundle.get("encoding");
        int maxLength = loaded.maxLength();
        byte[] modelBytes = loaded.networkBytes();
        String dataDir = data == null ? null : data.toString();
        String split = cfg.split();
        if (cfg.input() != null) {
            dataDir = new Path(report, PREPARED).toString();
            split = SequenceSchema.TEST;
            LOG.info("evaluate {}: encoding {} with the bundle's vocabulary and encoding settings into {}", runId, cfg.input(), dataDir);
            encoder.encode(spark, cfg.input(), cfg.format(), cfg.reader(), loaded, model.toString(), dataDir);
        }
        Dataset<Row> labelled = null;
        long documents;
        ModelScoring.Partial scored;
        String evaluatedBatching = null;
        String tableNote = null;
        if (cfg.table() != null) {
            // predictions as scored: the table's probabilities against the label it kept
            dataDir = null;
            TableScoring.Result fromTable = TableScoring.score(spark, cfg.table(), cfg.runDate(), labels, cfg.errors());
            scored = fromTable.partial();
            documents = scored.tally().documents();
            if (fromTable.unlabelled() + fromTable.unknownLabel() > 0) {
                tableNote = fromTable.unlabelled() + " rows without a label and " + fromTable.unknownLabel()
                        + " with a label the model does not know were left out";
                LOG.warn("evaluate {}: {}", runId, tableNote);
            }
            if (documents == 0) {
                throw new TextrnnException("--table " + cfg.table().name() + (cfg.runDate() != null ? " has no rows for run_date " + cfg.runDate() : " has no rows")
                        + " with a label the model knows" + (tableNote != null ? " (" + tableNote + ")" : ""));
            }
            LOG.info("evaluate {}: {} scored rows of {}{}", runId, documents, cfg.table(), cfg.runDate() != null ? " for run_date " + cfg.runDate() : "");
        } else {
            Dataset<Row> rows = PreparedData.split(spark, dataDir, split);
            labelled = rows.filter(col(SequenceSchema.LABEL_INDEX).isNotNull()).persist(StorageLevel.MEMORY_AND_DISK());
            documents = labelled.count();
            if (documents == 0) {
                throw new TextrnnException((cfg.input() != null ? "--input " + cfg.input() : "split " + split + " of --data " + dataDir)
                        + " has no labelled documents to evaluate" + (cfg.input() != null ? " (see " + dataDir + "/rejected for records that were not read)" : ""));
            }
            LOG.info("evaluate {}: scoring {} documents of {} (split {}) with {}", runId, documents, dataDir, split, cfg.model());

            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<byte[]> modelBroadcast = jsc.broadcast(modelBytes);
            Broadcast<Vocabulary> vocabBroadcast = jsc.broadcast(vocab);
            Batching batching = loaded.batching(cfg.batching());
            LOG.info("evaluate {}: batching {} ({})", runId, batching.id(), loaded.batchingSource(cfg.batching()));
            evaluatedBatching = batching.id();
            scored = ModelScoring.score(labelled, modelBroadcast, vocabBroadcast, labels.size(), maxLength, batching, cfg.batchSize(), cfg.errors());
            modelBroadcast.destroy();
            vocabBroadcast.destroy();
        }
        PredictionTally tally = scored.tally();
        LOG.info("evaluate {}: accuracy {}, macro-F1 {}, log loss {} ({}s)", runId, round(tally.metrics().accuracy()),
                round(tally.metrics().macroF1()), round(tally.logLoss()), seconds(start));

        Map<String, PredictionTally> baselines = new LinkedHashMap<>();
        String baselineNote = null;
        if (cfg.baseline() && labelled == null) {
            baselineNote = "--table holds predictions, not the documents' tokens: the baselines need --data or --input";
        } else if (cfg.baseline()) {
            Dataset<Row> train = baselineTraining(spark, cfg, model, dataDir, bundle, conf);
            if (train == null) {
                baselineNote = "no training split to train the baselines on (none in " + dataDir + ", none at the bundle's training data path)";
                LOG.warn("evaluate {}: {}", runId, baselineNote);
            } else {
                baselines = Baselines.run(train, labelled, labels.size(), cfg.lrIterations(), cfg.lrRegularization());
            }
        } else {
            baselineNote = "--baseline false";
        }
        if (labelled != null) {
            labelled.unpersist();
        }

        Map<String, ClassificationMetrics> baselineMetrics = new LinkedHashMap<>();
        baselines.forEach((k, v) -> baselineMetrics.put(k, v.metrics()));
        Guardrails guardrails = Guardrails.check(tally.metrics(), labels.labels(), baselineMetrics, cfg.regressionMetric(), cfg.regressionMargin());
        for (String m : guardrails.messages()) {
            LOG.warn("evaluate {}: FLAGGED: {}", runId, m);
        }

        Map<String, Object> modelMetrics = tally.describe(labels.labels(), cfg.topK());
        Map<String, Map<String, Object>> baselineDescribed = new LinkedHashMap<>();
        baselines.forEach((k, v) -> baselineDescribed.put(k, v.describe(labels.labels(), cfg.topK())));
        Map<String, Object> evaluated = new LinkedHashMap<>();
        evaluated.put("model", cfg.model());
        evaluated.put("data", cfg.data() != null ? cfg.data() : cfg.input() != null ? cfg.input() : cfg.table().name());
        evaluated.put("split", cfg.data() != null ? split : null);
        if (cfg.table() != null) {
            evaluated.put("table_format", cfg.table().format().optionValue());
            evaluated.put("run_date", cfg.runDate());
            evaluated.put("left_out", tableNote);
        }
        evaluated.put("documents", documents);
        evaluated.put("labels", labels.labels());
        if (evaluatedBatching != null) {
            evaluated.put("batching", evaluatedBatching);
        }

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("run_id", runId);
        metrics.put("evaluated", evaluated);
        metrics.putAll(modelMetrics);
        metrics.put("baselines", baselineDescribed);
        metrics.put("baseline_note", baselineNote);
        metrics.put("guardrails", guardrails.describe());
        metrics.put("config", cfg.describe());
        Map<String, Object> provenance = provenance(spark, runId, bundle);
        metrics.put("provenance", provenance);

        List<Mistake> mistakes = scored.mistakes().sorted();
        HadoopFiles.writeText(new Path(report, METRICS), Json.write(metrics), conf);
        HadoopFiles.writeText(new Path(report, CONFUSION), confusionCsv(labels.labels(), tally.metrics().confusion()), conf);
        HadoopFiles.writeText(new Path(report, ERRORS), errorsCsv(labels.labels(), mistakes), conf);

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("model", cfg.model());
        facts.put(cfg.input() != null ? "input" : cfg.table() != null ? "table" : "data", evaluated.get("data"));
        if (cfg.data() != null) {
            facts.put("split", split);
        }
        if (cfg.runDate() != null) {
            facts.put("run date", cfg.runDate());
        }
        facts.put("documents", documents);
        facts.put("run", runId);
        Report r = new Report("textrnn evaluation: " + new Path(cfg.model()).getName(), facts, labels.labels(), tally.metrics(), modelMetrics,
                baselineDescribed, baselineNote, guardrails, epochs(model, conf), dataDir == null ? null : optionalMap(new Path(dataDir, PreparedData.STATS), conf),
                optionalMap(new Path(model, "glove-coverage.json"), conf),
                sections("evaluate", cfg.describe(), "train", optionalMap(new Path(model, "train-config.json"), conf),
                        "network", mapOrNull(bundle.get("model")), "encoding", mapOrNull(encoding)),
                sections("model bundle", optionalMap(new Path(model, ModelBundle.PROVENANCE), conf),
                        "evaluated data", dataDir == null ? null : optionalMap(new Path(dataDir, PreparedData.PROVENANCE), conf), "this run", provenance));
        HadoopFiles.writeText(new Path(report, REPORT), ReportWriter.html(r), conf);
        LOG.info("evaluate {}: done in {}s: {}, {}, {} and {} written to {}", runId, seconds(start), METRICS, CONFUSION, ERRORS, REPORT, cfg.report());
        return new EvaluateResult(cfg.report(), runId, documents, metrics, guardrails);
    }

    /**
     * The train job's report on its own results: evaluates the new bundle on the test split of its
     * training data (the validation split when there is no test split) into {@code MODEL/report}.
     *
     * @return the result, or null when the data has neither a test nor a validation split
     */
    public static EvaluateResult afterTraining(SparkSession spark, String data, String model, boolean baseline) throws IOException {
        return afterTraining(spark, data, model, new Path(model), baseline);
    }

    /**
     * {@link #afterTraining(SparkSession, String, String, boolean)} for a bundle still being written in
     * {@code at} (train's staging folder): the report goes to {@code at/report}, published with the bundle.
     */
    public static EvaluateResult afterTraining(SparkSession spark, String data, String model, Path at, boolean baseline) throws IOException {
        String split = null;
        for (String s : List.of(SequenceSchema.TEST, SequenceSchema.VALIDATION)) {
            if (split == null && !PreparedData.split(spark, data, s).isEmpty()) {
                split = s;
            }
        }
        if (split == null) {
            LOG.info("train: {} has no test or validation split: no report", data);
            return null;
        }
        String report = new Path(at, TRAIN_REPORT).toString();
        EvaluateConfig cfg = EvaluateCommand.config(CommandLine.parse(new EvaluateCommand(), new String[] {"--model", model, "--data", data,
                "--split", split, "--report", report, "--baseline", Boolean.toString(baseline)}, Set.of()));
        return run(spark, cfg, at, DocumentEncoder.NONE);
    }

    /** The training rows for the baselines: the evaluated data's train split, else the one the bundle was trained on. */
    private static Dataset<Row> baselineTraining(SparkSession spark, EvaluateConfig cfg, Path model, String dataDir, Map<String, Object> bundle,
                                                 Configuration conf) throws IOException {
        if (cfg.input() == null) {
            Dataset<Row> train = PreparedData.split(spark, dataDir, SequenceSchema.TRAIN);
            if (!train.isEmpty()) {
                return train;
            }
        }
        Map<String, Object> provenance = optionalMap(new Path(model, ModelBundle.PROVENANCE), conf);
        if (provenance != null && provenance.get("data") instanceof Map<?, ?> d && d.get("path") != null) {
            Path trainedOn = Publication.resolve(new Path(String.valueOf(d.get("path"))), conf);
            Path vocab = new Path(trainedOn, "vocab.tsv");
            if (HadoopFiles.exists(vocab, conf)
                    && Vocabulary.parse(HadoopFiles.readText(vocab, conf), vocab.toString()).hash().equals(bundle.get("vocab_hash"))) {
                Dataset<Row> train = PreparedData.split(spark, trainedOn.toString(), SequenceSchema.TRAIN);
                if (!train.isEmpty()) {
                    LOG.info("evaluate: baselines trained on the bundle's training data {}", trainedOn);
                    return train;
                }
            }
        }
        return null;
    }

    static String confusionCsv(List<String> labels, long[][] confusion) {
        StringBuilder sb = new StringBuilder("true\\predicted");
        for (String l : labels) {
            sb.append(',').append(csv(l));
        }
        sb.append('\n');
        for (int a = 0; a < labels.size(); a++) {
            sb.append(csv(labels.get(a)));
            for (long v : confusion[a]) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String errorsCsv(List<String> labels, List<Mistake> mistakes) {
        StringBuilder sb = new StringBuilder("doc_id,text_excerpt,true,predicted,confidence,true_probability\n");
        for (Mistake m : mistakes) {
            sb.append(csv(m.docId())).append(',').append(csv(m.excerpt())).append(',').append(csv(labels.get(m.actual()))).append(',')
                    .append(csv(labels.get(m.predicted()))).append(',').append(round(m.confidence())).append(',')
                    .append(round(m.trueProbability())).append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static List<Map<String, Object>> epochs(Path model, Configuration conf) throws IOException {
        Path p = new Path(model, ModelBundle.METRICS);
        List<Map<String, Object>> lines = new ArrayList<>();
        if (HadoopFiles.exists(p, conf)) {
            for (String line : HadoopFiles.readText(p, conf).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(Json.readMap(line, p.toString()));
                }
            }
        }
        return lines;
    }

    private static Map<String, Object> optionalMap(Path p, Configuration conf) throws IOException {
        return HadoopFiles.exists(p, conf) ? Json.readMap(HadoopFiles.readText(p, conf), p.toString()) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOrNull(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> sections(Object... nameAndMap) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMap.length; i += 2) {
            m.put((String) nameAndMap[i], (Map<String, Object>) nameAndMap[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> provenance(SparkSession spark, String runId, Map<String, Object> bundle) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", "evaluate");
        p.put("run_id", runId);
        p.put("created_at", Instant.now().toString());
        p.put("user", System.getProperty("user.name"));
        p.put("model_vocab_hash", bundle.get("vocab_hash"));
        p.put("model_labels_hash", bundle.get("labels_hash"));
        p.put("spark_master", spark.sparkContext().master());
        p.put("versions", BuildInfo.versions());
        return p;
    }


    private static double round(double v) {
        return ClassificationMetrics.round(v);
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
