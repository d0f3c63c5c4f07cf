package org.textrnn.train;

import org.textrnn.prepared.PreparedData;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.bundle.ModelBundle;
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
        Path data = Publication.resolve(new Path(cfg.data()), conf);
        for (String f : List.of(PreparedData.VOCAB, PreparedData.LABELS, PreparedData.STATS, PreparedData.SEQUENCES)) {
            if (!HadoopFiles.exists(new Path(data, f), conf)) {
                throw new UsageException("--data " + cfg.data() + " is not a prepare output: " + f + " is missing (run textrnn prepare first)");
            }
        }
        if (HadoopFiles.readText(new Path(data, "labels.tsv"), conf).isBlank()) {
            throw new UsageException("--data " + cfg.data() + " has no labels (prepared with --unlabelled): training needs labelled data");
        }
        if (cfg.glove() != null && !HadoopFiles.exists(new Path(cfg.glove()), conf)) {
            throw new UsageException("--glove " + cfg.glove() + " does not exist");
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
            TrainResult r = train(spark, cfg, out, conf, start, report);
            output.publish();
            LOG.info("train: done in {}s; model bundle in {}", (System.nanoTime() - start) / 1_000_000_000L, target);
            return r;
        }
    }

    private static String dataFingerprint(Path data, Configuration conf) throws IOException {
        Path p = new Path(data, PreparedData.PROVENANCE);
        if (!HadoopFiles.exists(p, conf)) {
            return null;
        }
        Object fp = Json.readMap(HadoopFiles.readText(p, conf), p.toString()).get("fingerprint");
        return fp == null ? null : fp.toString();
    }

    /** The training itself, writing into {@code out} (the bundle's staging folder). */
    private static TrainResult train(SparkSession spark, TrainConfig cfg, Path out, Configuration conf, long start, ClosingReport report) throws IOException {
        Path data = Publication.resolve(new Path(cfg.data()), conf);
        String dataDir = data.toString();
        Vocabulary vocab = Vocabulary.parse(HadoopFiles.readText(new Path(data, "vocab.tsv"), conf), cfg.data() + "/vocab.tsv");
        LabelIndex labels = LabelIndex.parse(HadoopFiles.readText(new Path(data, "labels.tsv"), conf), cfg.data() + "/labels.tsv");
        Map<String, Object> prepareStats = Json.readMap(HadoopFiles.readText(new Path(data, PreparedData.STATS), conf), cfg.data() + "/stats.json");
        int maxLength = ((Number) ((Map<?, ?>) prepareStats.get("max_length")).get("value")).intValue();

        // data: the driver holds none of it
        Dataset<Row> train = PreparedData.split(spark, dataDir, SequenceSchema.TRAIN);
        Dataset<Row> validation = PreparedData.split(spark, dataDir, SequenceSchema.VALIDATION);
        Dataset<Row> test = PreparedData.split(spark, dataDir, SequenceSchema.TEST);
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
        LOG.info("train: {} training documents, {} validation ({}), {} classes, vocabulary {}, max length {}",
                trainCount, validationCount, validationSource, labels.size(), vocab.size(), maxLength);

        double[] weights = ClassWeights.resolve(cfg.classWeights(), labels, train, conf);
        GloveVectors.Match glove = null;
        int embedding = cfg.embeddingSize();
        if (cfg.glove() != null) {
            glove = GloveVectors.load(cfg.glove(), conf, vocab);
            if (embedding == 0) {
                embedding = glove.dimension();
            } else if (embedding != glove.dimension()) {
                throw new UsageException("--glove " + cfg.glove() + " has " + glove.dimension() + "-dimensional vectors but --embedding-size is "
                        + embedding + ": give --embedding-size " + glove.dimension() + " (or 0)");
            }
            LOG.info("train: GloVe covers {} of {} vocabulary entries ({}%) and {}% of training tokens", glove.covered(),
                    glove.vocabularyEntries(), Math.round(glove.vocabularyCoverage() * 1000) / 10.0, Math.round(glove.tokenCoverage() * 1000) / 10.0);
            HadoopFiles.writeText(new Path(out, "glove-coverage.json"), Json.write(glove.describe()), conf);
        }
        ModelConfig model = cfg.model(vocab.size(), labels.size(), maxLength, embedding, weights);

        TrainingState state;
        MultiLayerNetwork net;
        List<String> metricsLines = new ArrayList<>();
        Map<String, Object> trainedWith = Checkpoint.trainedWith(cfg);
        String fingerprint = dataFingerprint(data, conf);
        if (cfg.resume()) {
            state = TrainingState.read(new Path(new Path(out, ModelBundle.CHECKPOINT), ModelBundle.STATE), conf);
            Checkpoint.checkResumable(cfg, fingerprint, state, new Path(cfg.model()));
            if (state.trainedWith() == null) {
                state = state.recording(trainedWith, fingerprint);
            }
            if (!state.vocabHash().equals(vocab.hash())) {
                throw new TextrnnException("--resume: the checkpoint in " + cfg.model() + " was trained with another vocabulary (hash "
                        + state.vocabHash().substring(0, 12) + ") than --data " + cfg.data() + " (hash " + vocab.hash().substring(0, 12)
                        + "): resume with the data it was trained on");
            }
            net = ModelBundle.readNetwork(new Path(new Path(out, ModelBundle.CHECKPOINT), ModelBundle.MODEL), conf);
            LOG.info("train: resuming after epoch {} (best validation macro-F1 {} at epoch {})", state.epoch(), state.bestMacroF1(), state.bestEpoch());
            // the epochs up to the checkpoint, each once (a killed run may have got further in its metrics)
            metricsLines.addAll(Checkpoint.metrics(out, state, conf));
            HadoopFiles.writeText(new Path(out, ModelBundle.METRICS), String.join("", metricsLines), conf);
        } else {
            state = TrainingState.start(vocab.hash(), trainedWith, fingerprint);
            net = NetworkFactory.create(model, glove == null ? null : glove.vectors());
        }
        LOG.info("train: {} parameters: {}", net.numParams(), model.describe());

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = workers(jsc, cfg.workersPerExecutor());
        int perWorker = cfg.perWorkerBatch(workers);
        LOG.info("train: {} workers, minibatch {} per worker, averaging every {} minibatches", workers, perWorker, cfg.averagingFrequency());
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master(cfg, workers, cfg.seed()));
        int numClasses = labels.size();
        Batching batching = cfg.batching();
        LOG.info("train: batching {}", batching.id());
        Broadcast<Vocabulary> vocabBroadcast = jsc.broadcast(vocab);

        List<Double> epochSeconds = new ArrayList<>();
        // what each epoch's training costs Spark (jobs, stages, tasks, CPU), logged after the epoch
        SparkActivity activity = SparkActivity.start(spark.sparkContext());
        try {
            for (int epoch = state.epoch() + 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                String trainPhase = "train epoch " + epoch;
                activity.phase(trainPhase);
                double cpu0 = SparkActivity.processCpuSeconds();
                MultiLayerNetwork current = sparkNet.getNetwork();
                // the learning-rate schedule counts epochs from 0
                current.getLayerWiseConfigurations().setEpochCount(epoch - 1);
                // the epoch's minibatches (their order seeded by the epoch), laid out once in averaging
                // rounds: a resumed run trains on exactly what an uninterrupted one would
                AveragingRounds.Master master = master(cfg, workers, cfg.seed() + epoch);
                sparkNet = new SparkDl4jMultiLayer(jsc, current, master);
                JavaRDD<DataSet> minibatches = (batching == Batching.LENGTH_BUCKETS
                        ? SequenceBatches.lengthBuckets(train, perWorker, numClasses, maxLength, cfg.seed() + epoch)
                        : SequenceBatches.batches(train, perWorker, numClasses, maxLength, cfg.seed() + epoch))
                        .persist(StorageLevel.MEMORY_AND_DISK_SER());
                JavaRDD<DataSet> rounds = master.layout(minibatches);
                sparkNet.fit(rounds);
                minibatches.unpersist(false);
                double trainLoss = sparkNet.getScore();
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu1 = SparkActivity.processCpuSeconds();
                activity.phase("validation epoch " + epoch);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("epoch", epoch);
                line.put("learning_rate", learningRate(model, epoch - 1));
                line.put("train_loss", ClassificationMetrics.round(trainLoss));
                line.put("train_seconds", Math.round(seconds * 10) / 10.0);
                line.put("samples_per_second", Math.round(trainCount / seconds));
                double macroF1 = Double.NaN;
                if (validationCount > 0) {
                    PredictionTally tally = predict(jsc, sparkNet.getNetwork(), validation, vocabBroadcast, numClasses, maxLength, batching, cfg.batchSize());
                    ClassificationMetrics m = tally.metrics();
                    double validationLoss = tally.logLoss();
                    macroF1 = m.macroF1();
                    line.put("validation_loss", ClassificationMetrics.round(validationLoss));
                    line.put("validation_accuracy", ClassificationMetrics.round(m.accuracy()));
                    line.put("validation_macro_f1", ClassificationMetrics.round(macroF1));
                }
                activity.phase(null);
                double cpu2 = SparkActivity.processCpuSeconds();
                double total = (System.nanoTime() - t0) / 1e9;
                epochSeconds.add(total);
                line.put("epoch_seconds", Math.round(total * 10) / 10.0);
                boolean improved = validationCount == 0 || macroF1 > state.bestMacroF1();
                MultiLayerNetwork trained = sparkNet.getNetwork();
                trained.getLayerWiseConfigurations().setEpochCount(epoch);
                state = improved ? state.improved(epoch, validationCount == 0 ? Double.NaN : macroF1) : state.notImproved(epoch);
                line.put("best", improved);
                metricsLines.add(Json.line(line));
                // the checkpoint, its metrics and (improved) the best network, published together
                Checkpoint.write(out, trained, improved, state, metricsLines, conf);
                HadoopFiles.writeText(new Path(out, ModelBundle.METRICS), String.join("", metricsLines), conf);
                double mean = epochSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                LOG.info("train: epoch {}/{}: train loss {}, validation loss {}, accuracy {}, macro-F1 {}{}; {}s, {} samples/s, ETA {}s",
                        epoch, cfg.epochs(), line.get("train_loss"), line.get("validation_loss"), line.get("validation_accuracy"),
                        line.get("validation_macro_f1"), improved ? " (best)" : "", line.get("epoch_seconds"), line.get("samples_per_second"),
                        Math.round(mean * (cfg.epochs() - epoch)));
                LOG.info("train: epoch {} training: {}; process CPU {}s training, {}s validation", epoch,
                        activity.counts(trainPhase).describe(), Math.round((cpu1 - cpu0) * 100) / 100.0, Math.round((cpu2 - cpu1) * 100) / 100.0);
                if (cfg.patience() > 0 && validationCount > 0 && state.epochsWithoutImprovement() >= cfg.patience()) {
                    LOG.info("train: no better validation macro-F1 for {} epochs: stopping early after epoch {}", cfg.patience(), epoch);
                    break;
                }
            }
        } finally {
            activity.close();
        }
        train.unpersist();
        validation.unpersist();

        MultiLayerNetwork best = ModelBundle.readNetwork(new Path(out, ModelBundle.MODEL), conf);
        Map<String, Object> testMetrics = null;
        if (!test.isEmpty()) {
            ClassificationMetrics m = predict(jsc, best, test, vocabBroadcast, numClasses, maxLength, batching, cfg.batchSize()).metrics();
            testMetrics = m.describe(labels.labels());
            testMetrics.put("epoch", state.bestEpoch());
            HadoopFiles.writeText(new Path(out, "test-metrics.json"), Json.write(testMetrics), conf);
            LOG.info("train: test split: accuracy {}, macro-F1 {} (best epoch {})", testMetrics.get("accuracy"), testMetrics.get("macro_f1"),
                    state.bestEpoch());
        }
        vocabBroadcast.destroy();
        writeBundle(cfg, out, data, conf, vocab, labels, model, maxLength, state, prepareStats, spark);

        // the same report textrnn evaluate writes, on the test (else validation) split: ModelBundle.MODEL/report/,
        // written in the staging folder and published with the bundle
        report.write(spark, cfg.data(), cfg.model(), out, cfg.baseline());
        HadoopFiles.writeText(new Path(out, "_SUCCESS"), "", conf);
        return new TrainResult(cfg.model(), state.bestEpoch(), state.epoch(), state.bestMacroF1(), testMetrics);
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

    private static void writeBundle(TrainConfig cfg, Path out, Path data, Configuration conf, Vocabulary vocab, LabelIndex labels,
                                    ModelConfig model, int maxLength, TrainingState state, Map<String, Object> prepareStats,
                                    SparkSession spark) throws IOException {
        HadoopFiles.writeText(new Path(out, "vocab.tsv"), vocab.toTsv(), conf);
        HadoopFiles.writeText(new Path(out, "labels.tsv"), labels.toTsv(), conf);
        Map<String, Object> prepareProvenance = Json.readMap(HadoopFiles.readText(new Path(data, PreparedData.PROVENANCE), conf), "provenance.json");
        Map<?, ?> prepareConfig = (Map<?, ?>) prepareProvenance.get("config");
        Map<String, Object> encoding = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : prepareConfig.entrySet()) {
            String k = e.getKey().toString();
            if (k.startsWith("tokenizer") || k.equals("truncation")) {
                encoding.put(k, e.getValue());
            }
        }
        encoding.put("max-length", maxLength);
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("format", ModelBundle.BUNDLE_FORMAT);
        bundle.put("textrnn", BuildInfo.version());
        bundle.put("vocab_hash", vocab.hash());
        bundle.put("labels_hash", labels.hash());
        bundle.put("labels", labels.labels());
        bundle.put("encoding", encoding);
        bundle.put("model", model.describe());
        bundle.put(ModelBundle.RECURRENT_LAYERS, ModelBundle.TEXTRNN_LAYERS);
        bundle.put(ModelBundle.BATCHING, cfg.batching().id());
        bundle.put("best_epoch", state.bestEpoch());
        bundle.put("epochs_trained", state.epoch());
        bundle.put("best_validation_macro_f1", Double.isNaN(state.bestMacroF1()) ? null : state.bestMacroF1());
        HadoopFiles.writeText(new Path(out, ModelBundle.TRAIN_CONFIG), Json.write(cfg.describe()), conf);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("command", "train");
        p.put("run_id", cfg.runId() != null ? cfg.runId() : "train-" + org.textrnn.io.Hashing.sha256Hex(Json.write(cfg.describe()) + vocab.hash()).substring(0, 12));
        p.put("created_at", Instant.now().toString());
        p.put("user", System.getProperty("user.name"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", cfg.data());
        d.put("prepare_run_id", prepareProvenance.get("run_id"));
        d.put("prepare_fingerprint", prepareProvenance.get("fingerprint"));
        d.put("vocab_hash", vocab.hash());
        p.put("data", d);
        p.put("seed", cfg.seed());
        p.put("config", cfg.describe());
        p.put("spark_master", spark.sparkContext().master());
        p.put("versions", BuildInfo.versions());
        HadoopFiles.writeText(new Path(out, ModelBundle.PROVENANCE), Json.write(p), conf);
        HadoopFiles.writeText(new Path(out, ModelBundle.BUNDLE), Json.write(bundle), conf);
    }
}
