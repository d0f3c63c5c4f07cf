package org.textrnn.train;

import org.textrnn.prepared.PreparedData;
import org.textrnn.prepared.PrepareStats;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.bundle.Encoding;
import org.textrnn.provenance.Provenance;
import org.textrnn.provenance.RunIds;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.command.Settings;
import org.textrnn.corpus.UnlabelledText;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.io.BuildInfo;
import org.textrnn.io.AtomicFs;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.io.Publication;
import org.textrnn.io.StagedOutput;
import org.textrnn.metrics.ClassificationMetrics;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.model.Batching;
import org.textrnn.model.GloveVectors;
import org.textrnn.model.ModelConfig;
import org.textrnn.model.NetworkFactory;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * The train job: prepared sequences → embedding-RNN classifier, trained by parameter averaging
 * across Spark executors ({@link ParameterAveragingTrainingMaster}). Each epoch trains, evaluates on
 * the validation split (distributed), logs loss, accuracy, macro-F1, speed and ETA, and writes a
 * checkpoint; the best epoch by validation macro-F1 is kept as the bundle's model, and evaluated
 * on the test split at the end. See the README for the bundle layout.
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    static final String COMMAND = "train";

    private TrainJob() {
    }


    /** What can be checked before Spark: the data is a prepare output with labels, the model folder fits --resume/--overwrite. */
    public static void check(TrainConfig cfg, Configuration conf) throws IOException {
        check(cfg, conf, false);
    }

    /**
     * {@link #check(TrainConfig, Configuration)}; {@code underLock}: the caller holds the bundle's lock, so
     * what a killed run left in the bundle's staging folder is judged (without the lock, only when no
     * lock file says another run may be writing it: that run's lock refuses this one later).
     */
    static void check(TrainConfig cfg, Configuration conf, boolean underLock) throws IOException {
        PreparedData prepared = PreparedData.open("--data", cfg.data(), conf, PreparedData.VOCAB, PreparedData.LABELS, PreparedData.STATS,
                PreparedData.SEQUENCES);
        Path data = prepared.dir();
        if (prepared.unlabelled(conf)) {
            throw new UsageException("--data " + cfg.data() + " has no labels (prepared with --unlabelled): training needs labelled data");
        }
        if (cfg.glove() != null && !HadoopFiles.exists(new Path(cfg.glove()), conf)) {
            throw new UsageException("--glove " + cfg.glove() + " does not exist");
        }
        if (cfg.pretrain().source() != null && !cfg.resume()) {
            UnlabelledText.checkInputs("--unlabelled-input", cfg.pretrain().source(), conf);
        }
        String cw = cfg.classWeights();
        if (!cw.equals("none") && !cw.equals("balanced") && !HadoopFiles.exists(new Path(cw), conf)) {
            throw new UsageException("--class-weights must be none, balanced or a file; " + cw + " does not exist");
        }
        Path named = new Path(cfg.model());
        Path out = Publication.resolve(named, conf);
        Path staging = Publication.staging(named);
        FileSystem fs = out.getFileSystem(conf);
        boolean judgeStaging = underLock || !fs.exists(StagedOutput.lockFile(named));
        boolean staged = judgeStaging && Checkpoint.exists(staging, conf);
        boolean hasCheckpoint = fs.exists(new Path(new Path(out, ModelBundle.CHECKPOINT), ModelBundle.STATE));
        if (cfg.resume()) {
            if (!hasCheckpoint && !staged && judgeStaging) {
                throw new UsageException("--resume: " + named + " holds no checkpoint to continue from (" + ModelBundle.CHECKPOINT + "/" + ModelBundle.STATE
                        + ", nor one of an unfinished run in " + staging + ")");
            }
            if (staged || hasCheckpoint) {
                Path root = staged ? staging : out;
                TrainingState state = Checkpoint.state(root, conf);
                Checkpoint.checkResumable(cfg, dataFingerprint(data, conf), state, root);
            }
        } else {
            if (fs.exists(out) && fs.listStatus(out).length > 0) {
                if (!hasCheckpoint && !fs.exists(new Path(out, ModelBundle.BUNDLE))) {
                    throw new UsageException("--model " + named + " holds files that are not a textrnn model bundle: choose a new or empty folder");
                }
                if (!cfg.overwrite()) {
                    throw new UsageException("--model " + named + " already holds a model: add --resume to continue its training, "
                            + "or --overwrite to replace it");
                }
            }
            if (staged && !cfg.overwrite()) {
                throw new UsageException("--model " + named + ": a train run into it stopped after epoch " + Checkpoint.state(staging, conf).epoch()
                        + " without finishing (its checkpoint is in " + staging + "): add --resume to continue it, or --overwrite to start again");
            }
        }
    }

    /**
     * Trains into the bundle's staging folder {@code .MODEL.textrnn-staging} (under the bundle's lock
     * {@code .MODEL.textrnn-lock}), checkpointing there after each epoch, and publishes the finished
     * bundle in one step: the previous bundle stays whole until then. A killed run's checkpoint stays
     * in the staging folder, where --resume continues it; a run without --resume starts anew there.
     */
    public static TrainResult run(SparkSession spark, TrainConfig cfg) throws IOException {
        return run(spark, cfg, ClosingReport.NONE);
    }

    /** {@link #run(SparkSession, TrainConfig)}, ending with {@code report} on the finished bundle (the CLI's: evaluate's report). */
    public static TrainResult run(SparkSession spark, TrainConfig cfg, ClosingReport report) throws IOException {
        long start = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        check(cfg, conf);
        Path target = new Path(cfg.model());
        String lockRun = cfg.runId() != null ? cfg.runId() : "train";
        try (StagedOutput output = StagedOutput.open(target, "--model " + cfg.model(), lockRun, false, conf)) {
            check(cfg, conf, true);
            Path out = output.dir();
            if (cfg.resume()) {
                Checkpoint.prepareResume(output.target(), out, conf);
            } else {
                AtomicFs fs = AtomicFs.of(out, conf);
                fs.delete(out);
                fs.mkdirs(out);
            }
            TrainResult r = train(spark, cfg, out, conf, report);
            output.publish();
            LOG.info("train: done in {}s; model bundle in {}", (System.nanoTime() - start) / 1_000_000_000L, target);
            return r;
        }
    }

    /** The prepare fingerprint of the data in {@code data}, or null when its provenance is missing. */
    private static String dataFingerprint(Path data, Configuration conf) throws IOException {
        Path p = new Path(data, PreparedData.PROVENANCE);
        return HadoopFiles.exists(p, conf) ? Provenance.read(HadoopFiles.readText(p, conf), p.toString()).fingerprint() : null;
    }

    /** The training itself, writing into {@code out} (the bundle's staging folder). */
    private static TrainResult train(SparkSession spark, TrainConfig cfg, Path out, Configuration conf, ClosingReport report) throws IOException {
        TrainingData data = readData(cfg, conf);
        Splits splits = splits(spark, cfg, data);
        LOG.info("train: {} training documents, {} validation ({}), {} classes, vocabulary {}, max length {}", splits.trainCount(),
                splits.validationCount(), splits.validationSource(), data.labels().size(), data.vocab().size(), data.maxLength());
        double[] weights = ClassWeights.resolve(cfg.classWeights(), data.labels(), splits.train(), conf);
        GloveVectors.Match glove = glove(cfg, data.vocab(), out, conf);
        Word2VecPretraining.Result pretrained = pretrain(spark, cfg, data, splits, embeddingSize(cfg, glove), out, conf);
        ModelConfig model = cfg.model(data.vocab().size(), data.labels().size(), data.maxLength(), embeddingSize(cfg, glove), weights);

        List<String> metricsLines = new ArrayList<>();
        TrainingState state = startOrResume(cfg, data, out, metricsLines, conf);
        MultiLayerNetwork net = cfg.resume()
                ? ModelBundle.readNetwork(new Path(new Path(out, ModelBundle.CHECKPOINT), ModelBundle.MODEL), conf)
                : NetworkFactory.create(model, glove != null ? glove.vectors() : pretrained != null ? pretrained.rows() : null);
        LOG.info("train: {} parameters: {}", net.numParams(), model.describe());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = workers(jsc, cfg.workersPerExecutor());
        LOG.info("train: {} workers, minibatch {} per worker, averaging every {} minibatches", workers, cfg.perWorkerBatch(workers),
                cfg.averagingFrequency());
        LOG.info("train: batching {}", cfg.batching().id());
        Broadcast<Vocabulary> vocabBroadcast = jsc.broadcast(data.vocab());
        state = new EpochLoop(cfg, jsc, model, splits, vocabBroadcast, workers, metricsLines, out, conf).run(state, net);
        splits.train().unpersist();
        splits.validation().unpersist();

        Map<String, Object> testMetrics = testMetrics(jsc, cfg, splits.test(), model, vocabBroadcast, data.labels(), state, out, conf);
        vocabBroadcast.destroy();
        writeBundle(cfg, out, data, model, state, Provenance.Spark.of(spark.sparkContext()), conf);

        // the same report textrnn evaluate writes, on the test (else validation) split: ModelBundle.MODEL/report/,
        // written in the staging folder and published with the bundle
        report.write(spark, cfg.data(), cfg.model(), out, cfg.baseline());
        HadoopFiles.writeText(new Path(out, "_SUCCESS"), "", conf);
        return new TrainResult(cfg.model(), state.bestEpoch(), state.epoch(), state.bestMacroF1(), testMetrics);
    }

    /** The prepare output train reads: its vocabulary, labels and stats.json. */
    record TrainingData(PreparedData prepared, Vocabulary vocab, LabelIndex labels, PrepareStats stats) {

        /** The published folder. */
        Path dir() {
            return prepared.dir();
        }

        int maxLength() {
            return stats.maxLength().value();
        }
    }

    /** Reads --data's vocabulary, labels and stats.json (the data stays where it is: the driver holds none of it). */
    static TrainingData readData(TrainConfig cfg, Configuration conf) throws IOException {
        PreparedData prepared = PreparedData.open("--data", cfg.data(), conf);
        Vocabulary vocab = Vocabulary.parse(HadoopFiles.readText(prepared.file(PreparedData.VOCAB), conf), cfg.data() + "/vocab.tsv");
        LabelIndex labels = LabelIndex.parse(HadoopFiles.readText(prepared.file(PreparedData.LABELS), conf), cfg.data() + "/labels.tsv");
        return new TrainingData(prepared, vocab, labels, PrepareStats.of(prepared, conf));
    }

    /**
     * The splits trained, validated and tested on; the training and validation rows persisted and counted.
     *
     * @param validationSource where the validation rows come from, for the log
     */
    record Splits(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test, long trainCount, long validationCount,
                  String validationSource) {

        boolean hasValidation() {
            return validationCount > 0;
        }
    }

    /** The data's splits; without a validation split, --validation-fraction of train carved out by id hash. */
    private static Splits splits(SparkSession spark, TrainConfig cfg, TrainingData data) throws IOException {
        String dir = data.dir().toString();
        Dataset<Row> train = PreparedData.split(spark, dir, SequenceSchema.TRAIN);
        Dataset<Row> validation = PreparedData.split(spark, dir, SequenceSchema.VALIDATION);
        Dataset<Row> test = PreparedData.split(spark, dir, SequenceSchema.TEST);
        String validationSource = "validation split";
        if (validation.isEmpty() && cfg.validationFraction() > 0) {
            Column u = pmod(xxhash64(lit(cfg.seed()), col(SequenceSchema.DOC_ID)), lit(1_000_000L)).divide(1_000_000.0);
            validation = train.filter(u.lt(cfg.validationFraction()));
            train = train.filter(u.geq(cfg.validationFraction()));
            validationSource = cfg.validationFraction() + " of train carved out by id hash";
        }
        train = train.persist(StorageLevel.MEMORY_AND_DISK());
        validation = validation.persist(StorageLevel.MEMORY_AND_DISK());
        long trainCount = train.count();
        long validationCount = validation.count();
        if (trainCount == 0) {
            throw new TextrnnException("--data " + cfg.data() + " has no training documents");
        }
        return new Splits(train, validation, test, trainCount, validationCount, validationSource);
    }

    /** The GloVe vectors of --glove matched to the vocabulary, with their coverage logged and in glove-coverage.json; null without. */
    private static GloveVectors.Match glove(TrainConfig cfg, Vocabulary vocab, Path out, Configuration conf) throws IOException {
        if (cfg.glove() == null) {
            return null;
        }
        GloveVectors.Match glove = GloveVectors.load(cfg.glove(), conf, vocab);
        if (cfg.embeddingSize() != 0 && cfg.embeddingSize() != glove.dimension()) {
            throw new UsageException("--glove " + cfg.glove() + " has " + glove.dimension() + "-dimensional vectors but --embedding-size is "
                    + cfg.embeddingSize() + ": give --embedding-size " + glove.dimension() + " (or 0)");
        }
        LOG.info("train: GloVe covers {} of {} vocabulary entries ({}%) and {}% of training tokens", glove.covered(),
                glove.vocabularyEntries(), Math.round(glove.vocabularyCoverage() * 1000) / 10.0, Math.round(glove.tokenCoverage() * 1000) / 10.0);
        HadoopFiles.writeText(new Path(out, "glove-coverage.json"), Json.write(glove.describe()), conf);
        return glove;
    }

    /**
     * --pretrain word2vec on a fresh start: the embedding's initial rows, with the pretraining's files
     * written into {@code out}; null without pretraining, and on --resume (the checkpoint continues
     * from the embedding the run's start pretrained, and the bundle keeps that start's files).
     */
    private static Word2VecPretraining.Result pretrain(SparkSession spark, TrainConfig cfg, TrainingData data, Splits splits, int dimension,
                                                       Path out, Configuration conf) throws IOException {
        if (!cfg.pretrain().enabled()) {
            return null;
        }
        if (cfg.resume()) {
            LOG.info("train: --pretrain {}: the embedding was pretrained when the run started; resuming does not pretrain again",
                    Settings.text(cfg.pretrain().method()));
            return null;
        }
        return Word2VecPretraining.run(spark, cfg, data.vocab(), encoding(cfg, data, prepareProvenance(data, conf)), splits.train(),
                splits.trainCount(), dimension, out, conf);
    }

    /** The data's provenance.json: the prepare run, with its settings. */
    private static Provenance prepareProvenance(TrainingData data, Configuration conf) throws IOException {
        Path p = data.prepared().file(PreparedData.PROVENANCE);
        return Provenance.read(HadoopFiles.readText(p, conf), PreparedData.PROVENANCE);
    }

    /** --embedding-size, or (0) the GloVe vectors' dimension. */
    static int embeddingSize(TrainConfig cfg, GloveVectors.Match glove) {
        return cfg.embeddingSize() == 0 && glove != null ? glove.dimension() : cfg.embeddingSize();
    }

    /**
     * The state training starts from: a new one, or (--resume) the checkpoint's, checked against the
     * options and the data, with {@code metricsLines} and metrics.jsonl cut back to its epoch.
     */
    private static TrainingState startOrResume(TrainConfig cfg, TrainingData data, Path out, List<String> metricsLines, Configuration conf)
            throws IOException {
        Map<String, Object> trainedWith = Checkpoint.trainedWith(cfg);
        String fingerprint = dataFingerprint(data.dir(), conf);
        if (!cfg.resume()) {
            return TrainingState.start(data.vocab().hash(), trainedWith, fingerprint);
        }
        TrainingState state = TrainingState.read(new Path(new Path(out, ModelBundle.CHECKPOINT), ModelBundle.STATE), conf);
        Checkpoint.checkResumable(cfg, fingerprint, state, new Path(cfg.model()));
        if (state.trainedWith() == null) {
            state = state.recording(trainedWith, fingerprint);
        }
        if (!state.vocabHash().equals(data.vocab().hash())) {
            throw new TextrnnException("--resume: the checkpoint in " + cfg.model() + " was trained with another vocabulary (hash "
                    + state.vocabHash().substring(0, 12) + ") than --data " + cfg.data() + " (hash " + data.vocab().hash().substring(0, 12)
                    + "): resume with the data it was trained on");
        }
        LOG.info("train: resuming after epoch {} (best validation macro-F1 {} at epoch {})", state.epoch(), state.bestMacroF1(), state.bestEpoch());
        // the epochs up to the checkpoint, each once (a killed run may have got further in its metrics)
        metricsLines.addAll(Checkpoint.metrics(out, state, conf));
        HadoopFiles.writeText(new Path(out, ModelBundle.METRICS), String.join("", metricsLines), conf);
        return state;
    }

    /** The best network's metrics on the test split, in test-metrics.json; null without a test split. */
    private static Map<String, Object> testMetrics(JavaSparkContext jsc, TrainConfig cfg, Dataset<Row> test, ModelConfig model,
                                                   Broadcast<Vocabulary> vocab, LabelIndex labels, TrainingState state, Path out,
                                                   Configuration conf) throws IOException {
        MultiLayerNetwork best = ModelBundle.readNetwork(new Path(out, ModelBundle.MODEL), conf);
        if (test.isEmpty()) {
            return null;
        }
        ClassificationMetrics m = predict(jsc, best, test, vocab, model.numClasses(), model.maxLength(), cfg.batching(), cfg.batchSize()).metrics();
        Map<String, Object> testMetrics = m.describe(labels.labels());
        testMetrics.put("epoch", state.bestEpoch());
        HadoopFiles.writeText(new Path(out, "test-metrics.json"), Json.write(testMetrics), conf);
        LOG.info("train: test split: accuracy {}, macro-F1 {} (best epoch {})", testMetrics.get("accuracy"), testMetrics.get("macro_f1"),
                state.bestEpoch());
        return testMetrics;
    }

    /** Workers in total: per executor times executors (local mode: one executor), or one per core. */
    static int workers(JavaSparkContext jsc, int perExecutor) {
        if (perExecutor == 0) {
            return jsc.defaultParallelism();
        }
        int executors = Math.max(1, jsc.sc().getExecutorMemoryStatus().size() - (jsc.isLocal() ? 0 : 1));
        return perExecutor * executors;
    }

    /** dl4j-spark's parameter averaging over epochs laid out in rounds ({@link AveragingRounds}): no repartitioning per round. */
    static AveragingRounds.Master master(TrainConfig cfg, int workers, long seed) {
        int perWorker = cfg.perWorkerBatch(workers);
        return AveragingRounds.master(new ParameterAveragingTrainingMaster.Builder(workers, perWorker)
                .batchSizePerWorker(perWorker)
                .averagingFrequency(cfg.averagingFrequency())
                .workerPrefetchNumBatches(cfg.prefetch())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
                .rngSeed(seed)
                // dl4j-spark's Builder leaves this false: without it the Adam state is dropped at every
                // averaging round and restarts from zero, which made training several times slower
                .saveUpdater(true));
    }

    static double learningRate(ModelConfig m, int epochIndex) {
        return m.lrDecayEvery() == 0 ? m.learningRate() : m.learningRate() * Math.pow(m.lrDecayFactor(), epochIndex / m.lrDecayEvery());
    }

    /**
     * The network's predictions on labelled rows, tallied on the executors, with the batching it is
     * trained with: the same code and figures as textrnn evaluate on these rows.
     */
    static PredictionTally predict(JavaSparkContext jsc, MultiLayerNetwork net, Dataset<Row> rows, Broadcast<Vocabulary> vocab,
                                   int numClasses, int maxLength, Batching batching, int batchSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        Broadcast<byte[]> model = jsc.broadcast(bytes.toByteArray());
        try {
            return ModelScoring.score(rows.filter(col(SequenceSchema.LABEL_INDEX).isNotNull()), model, vocab, numClasses, maxLength, batching, batchSize, 0).tally();
        } finally {
            model.destroy();
        }
    }

    /**
     * The bundle's description files: train-config.json, provenance.json, then vocab.tsv, labels.tsv and
     * bundle.json ({@link ModelBundle#writeDescription}); the network is in place already.
     */
    private static void writeBundle(TrainConfig cfg, Path out, TrainingData data, ModelConfig model, TrainingState state,
                                    Provenance.Spark spark, Configuration conf) throws IOException {
        Provenance prepare = prepareProvenance(data, conf);
        HadoopFiles.writeText(new Path(out, ModelBundle.TRAIN_CONFIG), Json.write(cfg.describe()), conf);
        HadoopFiles.writeText(new Path(out, ModelBundle.PROVENANCE), Json.write(provenance(cfg, data.vocab(), prepare, spark,
                Word2VecPretraining.inputs(out, conf))), conf);
        ModelBundle.writeDescription(out, data.vocab(), data.labels(), bundleDescription(cfg, data, prepare, model, state), conf);
    }

    /** train's run id ({@link RunIds}): --run-id, else from its settings and the vocabulary. */
    static String runId(TrainConfig cfg, String vocabHash) {
        return RunIds.of(cfg.runId(), COMMAND, RunIds.digest(Json.write(fingerprinted(cfg)), vocabHash));
    }

    /**
     * The settings a run id depends on: every setting, less the options added later
     * ({@link Checkpoint#ADDED_LATER}) while they have the value runs had before them, so that the
     * same options give the run id they gave before those options existed.
     */
    static Map<String, Object> fingerprinted(TrainConfig cfg) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(cfg.describe());
        Map<String, Object> read = Json.readMap(Json.write(settings), "settings");
        Checkpoint.ADDED_LATER.forEach((k, was) -> {
            if (read.containsKey(k) && java.util.Objects.equals(read.get(k), was)) {
                settings.remove(k);
            }
        });
        return settings;
    }

    /** The bundle's provenance: the settings, the prepare output trained on (its run id, fingerprint and vocabulary). */
    static Provenance provenance(TrainConfig cfg, Vocabulary vocab, Provenance prepare, Provenance.Spark spark) {
        return provenance(cfg, vocab, prepare, spark, List.of());
    }

    /** {@link #provenance(TrainConfig, Vocabulary, Provenance, Provenance.Spark)}, then {@code pretrainedOn}: the unlabelled input the embedding was pretrained on. */
    static Provenance provenance(TrainConfig cfg, Vocabulary vocab, Provenance prepare, Provenance.Spark spark, List<Provenance.Input> pretrainedOn) {
        List<Provenance.Input> inputs = new ArrayList<>();
        inputs.add(Provenance.Input.prepared(null, cfg.data(), prepare.runId(), prepare.fingerprint(), vocab.hash()));
        inputs.addAll(pretrainedOn);
        return Provenance.of(COMMAND, runId(cfg, vocab.hash()), null, cfg.describe(), inputs, spark);
    }

    /**
     * bundle.json: the encoding is prepare's (its tokenizer and truncation settings, recorded in its
     * provenance) with the data's max length.
     */
    static BundleDescription bundleDescription(TrainConfig cfg, TrainingData data, Provenance prepare, ModelConfig model, TrainingState state) {
        Encoding encoding = encoding(cfg, data, prepare);
        return BundleDescription.trained(BuildInfo.version(), data.vocab().hash(), data.labels().hash(), data.labels().labels(), encoding,
                model.describe(), cfg.batching(), state.bestEpoch(), state.epoch(), state.bestMacroF1());
    }

    /** How the data was prepared: prepare's tokenizer and truncation settings (its provenance) with the data's max length. */
    static Encoding encoding(TrainConfig cfg, TrainingData data, Provenance prepare) {
        try {
            return Encoding.fromSettings(prepare.settings(), data.maxLength());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TextrnnException("--data " + cfg.data() + ": " + PreparedData.PROVENANCE + " has no valid tokenizer settings: " + e.getMessage(), e);
        }
    }
}
