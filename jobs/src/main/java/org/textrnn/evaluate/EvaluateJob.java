package org.textrnn.evaluate;

import org.textrnn.prepared.PreparedData;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.provenance.Provenance;
import org.textrnn.provenance.RunIds;
import org.textrnn.metrics.Mistake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
import org.textrnn.metrics.ClassificationMetrics;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.bundle.ModelBundle;
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

    static final String COMMAND = "evaluate";

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
        BundleDescription bundle = BundleDescription.read(HadoopFiles.readText(new Path(model, ModelBundle.BUNDLE), conf), cfg.model());
        EvaluationSource.of(cfg, data, DocumentEncoder.NONE).check(bundle, conf);
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
        String runId = runId(cfg, loaded.networkBytes());

        // a failure leaves the staging (the next run removes it); the previous report stays
        try (StagedOutput output = StagedOutput.open(new Path(cfg.report()), "--report " + cfg.report(), runId, true, conf)) {
            EvaluationSource source = EvaluationSource.of(cfg, data, encoder);
            EvaluateResult r = write(spark, cfg, model, source, loaded, runId, output.dir(), conf, start);
            output.publish();
            return r;
        }
    }

    /** evaluate's run id ({@link RunIds}): --run-id, else from its settings and the network. */
    static String runId(EvaluateConfig cfg, byte[] network) {
        return RunIds.of(cfg.runId(), COMMAND, RunIds.digest(Json.write(cfg.describe()), Hashing.sha256Hex(network)));
    }

    /** The steps of a run, writing into {@code report} (the staging folder). */
    private static EvaluateResult write(SparkSession spark, EvaluateConfig cfg, Path model, EvaluationSource source, ModelBundle loaded,
                                        String runId, Path report, Configuration conf, long start) throws IOException {
        List<String> labels = loaded.labels().labels();
        EvaluationSource.Evaluated evaluated = source.evaluate(spark, loaded, model, report, runId);
        PredictionTally tally = evaluated.scored().tally();
        LOG.info("evaluate {}: accuracy {}, macro-F1 {}, log loss {} ({}s)", runId, round(tally.metrics().accuracy()),
                round(tally.metrics().macroF1()), round(tally.logLoss()), seconds(start));
        BaselineRun baselines = baselines(spark, cfg, source, evaluated, model, loaded, runId, conf);
        if (evaluated.labelled() != null) {
            evaluated.labelled().unpersist();
        }
        Guardrails guardrails = guardrails(cfg, tally, labels, baselines, runId);
        Provenance provenance = provenance(cfg, runId, loaded, source.provenance(conf), Provenance.Spark.of(spark.sparkContext()));

        Map<String, Object> modelMetrics = tally.describe(labels, cfg.topK());
        Map<String, Map<String, Object>> baselineDescribed = new LinkedHashMap<>();
        baselines.tallies().forEach((k, v) -> baselineDescribed.put(k, v.describe(labels, cfg.topK())));
        Map<String, Object> metrics = metrics(cfg, runId, source, evaluated, labels, modelMetrics, baselineDescribed, baselines.note(),
                guardrails, provenance);
        HadoopFiles.writeText(new Path(report, METRICS), Json.write(metrics), conf);
        HadoopFiles.writeText(new Path(report, CONFUSION), confusionCsv(labels, tally.metrics().confusion()), conf);
        HadoopFiles.writeText(new Path(report, ERRORS), errorsCsv(labels, evaluated.scored().mistakes().sorted()), conf);
        Report page = report(cfg, runId, model, source, evaluated, loaded, modelMetrics, baselineDescribed, baselines.note(), guardrails,
                provenance, conf);
        HadoopFiles.writeText(new Path(report, REPORT), ReportWriter.html(page), conf);
        LOG.info("evaluate {}: done in {}s: {}, {}, {} and {} written to {}", runId, seconds(start), METRICS, CONFUSION, ERRORS, REPORT, cfg.report());
        return new EvaluateResult(cfg.report(), runId, evaluated.documents(), metrics, guardrails);
    }

    /**
     * The baselines' tallies on the evaluated documents, or why none ran.
     *
     * @param note why no baseline ran, or null
     */
    record BaselineRun(Map<String, PredictionTally> tallies, String note) {
    }

    /** The TF-IDF baselines, trained on the evaluated data's training split, else the bundle's training data (--baseline). */
    private static BaselineRun baselines(SparkSession spark, EvaluateConfig cfg, EvaluationSource source, EvaluationSource.Evaluated evaluated,
                                         Path model, ModelBundle loaded, String runId, Configuration conf) throws IOException {
        if (!cfg.baseline()) {
            return new BaselineRun(Map.of(), "--baseline false");
        }
        if (evaluated.noBaselinesBecause() != null) {
            return new BaselineRun(Map.of(), evaluated.noBaselinesBecause());
        }
        Dataset<Row> train = baselineTraining(spark, source, model, loaded, conf);
        if (train == null) {
            String note = "no training split to train the baselines on (none in " + evaluated.dataDir() + ", none at the bundle's training data path)";
            LOG.warn("evaluate {}: {}", runId, note);
            return new BaselineRun(Map.of(), note);
        }
        return new BaselineRun(Baselines.run(train, evaluated.labelled(), loaded.labels().size(), cfg.lrIterations(), cfg.lrRegularization()),
                null);
    }

    /** The model against the baselines and per-class floors (--regression.*), each flag logged. */
    private static Guardrails guardrails(EvaluateConfig cfg, PredictionTally tally, List<String> labels, BaselineRun baselines, String runId) {
        Map<String, ClassificationMetrics> baselineMetrics = new LinkedHashMap<>();
        baselines.tallies().forEach((k, v) -> baselineMetrics.put(k, v.metrics()));
        Guardrails guardrails = Guardrails.check(tally.metrics(), labels, baselineMetrics, cfg.regressionMetric(), cfg.regressionMargin());
        for (String m : guardrails.messages()) {
            LOG.warn("evaluate {}: FLAGGED: {}", runId, m);
        }
        return guardrails;
    }

    /** This run's provenance: the settings, the bundle (its version and hashes) and the evaluated input. */
    static Provenance provenance(EvaluateConfig cfg, String runId, ModelBundle bundle, Provenance.Input evaluated, Provenance.Spark spark) {
        BundleDescription b = bundle.description();
        return Provenance.of(COMMAND, runId, null, cfg.describe(),
                List.of(Provenance.Input.model(cfg.model(), bundle.version(), b.vocabHash(), b.labelsHash()), evaluated), spark);
    }

    /** metrics.json: what was evaluated, the model's and the baselines' metrics, the guardrails, the settings and the provenance. */
    static Map<String, Object> metrics(EvaluateConfig cfg, String runId, EvaluationSource source, EvaluationSource.Evaluated evaluated,
                                       List<String> labels, Map<String, Object> modelMetrics, Map<String, Map<String, Object>> baselines,
                                       String baselineNote, Guardrails guardrails, Provenance provenance) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("model", cfg.model());
        what.put("data", source.name());
        what.putAll(evaluated.evaluated());
        what.put("documents", evaluated.documents());
        what.put("labels", labels);
        if (evaluated.batching() != null) {
            what.put("batching", evaluated.batching());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("run_id", runId);
        metrics.put("evaluated", what);
        metrics.putAll(modelMetrics);
        metrics.put("baselines", baselines);
        metrics.put("baseline_note", baselineNote);
        metrics.put("guardrails", guardrails.describe());
        metrics.put("config", cfg.describe());
        metrics.put("provenance", Json.toMap(provenance));
        return metrics;
    }

    /**
     * What report.html shows: the header's facts, the metrics, the bundle's epochs, settings and
     * provenance, and the evaluated data's stats and provenance, the files shown as they are.
     */
    private static Report report(EvaluateConfig cfg, String runId, Path model, EvaluationSource source, EvaluationSource.Evaluated evaluated,
                                 ModelBundle loaded, Map<String, Object> modelMetrics, Map<String, Map<String, Object>> baselines,
                                 String baselineNote, Guardrails guardrails, Provenance provenance, Configuration conf) throws IOException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("model", cfg.model());
        facts.put(source.option(), source.name());
        if (cfg.data() != null) {
            facts.put("split", cfg.split());
        }
        if (cfg.runDate() != null) {
            facts.put("run date", cfg.runDate());
        }
        facts.put("documents", evaluated.documents());
        facts.put("run", runId);
        String dataDir = evaluated.dataDir();
        List<String> labels = loaded.labels().labels();
        return new Report("textrnn evaluation: " + new Path(cfg.model()).getName(), facts, labels, evaluated.scored().tally().metrics(),
                modelMetrics, baselines, baselineNote, guardrails, epochs(model, conf),
                dataDir == null ? null : optionalMap(new Path(dataDir, PreparedData.STATS), conf),
                vectorsCoverage(model, conf),
                sections("evaluate", cfg.describe(), "train", optionalMap(new Path(model, ModelBundle.TRAIN_CONFIG), conf),
                        "network", loaded.description().model(), "encoding", loaded.description().encoding().describe()),
                sections("model bundle", optionalMap(new Path(model, ModelBundle.PROVENANCE), conf),
                        "evaluated data", dataDir == null ? null : optionalMap(new Path(dataDir, PreparedData.PROVENANCE), conf),
                        "this run", Json.toMap(provenance)));
    }

    /**
     * The coverage of the vectors the bundle's embedding started from: glove-coverage.json, else
     * word2vec-coverage.json with {@code "vectors": "word2vec"} first; null without either.
     */
    private static Map<String, Object> vectorsCoverage(Path model, Configuration conf) throws IOException {
        Map<String, Object> glove = optionalMap(new Path(model, "glove-coverage.json"), conf);
        Map<String, Object> word2vec = glove != null ? null : optionalMap(new Path(model, ModelBundle.WORD2VEC_COVERAGE), conf);
        if (word2vec == null) {
            return glove;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("vectors", "word2vec");
        m.putAll(word2vec);
        return m;
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
        EvaluateConfig cfg = EvaluateConfig.builder().model(model).data(data).split(split).report(report).baseline(baseline).build();
        return run(spark, cfg, at, DocumentEncoder.NONE);
    }

    /** The training rows for the baselines: the evaluated data's train split, else the one the bundle was trained on. */
    private static Dataset<Row> baselineTraining(SparkSession spark, EvaluationSource source, Path model, ModelBundle loaded,
                                                 Configuration conf) throws IOException {
        Dataset<Row> own = source.trainingSplit(spark);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        Path p = new Path(model, ModelBundle.PROVENANCE);
        String trainedOnPath = HadoopFiles.exists(p, conf)
                ? Provenance.read(HadoopFiles.readText(p, conf), p.toString()).input(Provenance.Input.PREPARED).map(Provenance.Input::path).orElse(null)
                : null;
        if (trainedOnPath == null) {
            return null;
        }
        Path trainedOn = Publication.resolve(new Path(trainedOnPath), conf);
        Path vocab = new Path(trainedOn, PreparedData.VOCAB);
        if (HadoopFiles.exists(vocab, conf)
                && Vocabulary.parse(HadoopFiles.readText(vocab, conf), vocab.toString()).hash().equals(loaded.description().vocabHash())) {
            Dataset<Row> train = PreparedData.split(spark, trainedOn.toString(), SequenceSchema.TRAIN);
            if (!train.isEmpty()) {
                LOG.info("evaluate: baselines trained on the bundle's training data {}", trainedOn);
                return train;
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
    private static Map<String, Map<String, Object>> sections(Object... nameAndMap) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndMap.length; i += 2) {
            m.put((String) nameAndMap[i], (Map<String, Object>) nameAndMap[i + 1]);
        }
        return m;
    }

    private static double round(double v) {
        return ClassificationMetrics.round(v);
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
