package org.textrnn.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.metrics.ClassificationMetrics;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.model.Batching;
import org.textrnn.model.ModelConfig;
import org.textrnn.vocab.Vocabulary;

/**
 * train's epochs: each trains by parameter averaging, evaluates on the validation split (the epoch's
 * network, or with --average-epochs the mean of the last epochs' weights: {@link EpochAverage}), writes a
 * checkpoint (and, improved, the best network) and its metrics.jsonl line, and logs its figures, until
 * {@code --epochs} or {@code --patience} epochs without a better validation macro-F1.
 *
 * @param metricsLines the metrics.jsonl lines so far (a resumed run's), added to as epochs end
 * @param out          the bundle's staging folder, where checkpoints and metrics.jsonl go
 */
record EpochLoop(TrainConfig cfg, JavaSparkContext jsc, ModelConfig model, TrainJob.Splits splits, Broadcast<Vocabulary> vocab, int workers,
                 List<String> metricsLines, Path out, Configuration conf) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    /** Trains the epochs after {@code state}'s, from {@code net}; the state after the last. */
    TrainingState run(TrainingState state, MultiLayerNetwork net) throws IOException {
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, TrainJob.master(cfg, workers, cfg.seed()));
        // what each epoch's training costs Spark (jobs, stages, tasks, CPU), logged after the epoch
        SparkActivity activity = SparkActivity.start(jsc.sc());
        List<Double> epochSeconds = new ArrayList<>();
        EpochAverage average = EpochAverage.read(Checkpoint.folder(out), cfg.averageEpochs(), state.epoch(), conf);
        if (average.size() > 1) {
            LOG.info("train: each epoch validates and keeps the mean of the weights at the end of the last {} epochs (--average-epochs)",
                    average.size());
        }
        try {
            for (int epoch = state.epoch() + 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                String trainPhase = "train epoch " + epoch;
                activity.phase(trainPhase);
                double cpu0 = SparkActivity.processCpuSeconds();
                sparkNet = fit(sparkNet.getNetwork(), epoch);
                // the network validated and kept: the epoch's own, or the mean of the last epochs' (--average-epochs)
                MultiLayerNetwork kept = average.add(sparkNet.getNetwork());
                EpochLine line = EpochLine.trained(epoch, TrainJob.learningRate(model, epoch - 1), sparkNet.getScore(),
                        (System.nanoTime() - t0) / 1e9, splits.trainCount());
                double cpu1 = SparkActivity.processCpuSeconds();
                activity.phase("validation epoch " + epoch);
                double macroF1 = Double.NaN;
                if (splits.hasValidation()) {
                    PredictionTally tally = validate(kept);
                    ClassificationMetrics m = tally.metrics();
                    macroF1 = m.macroF1();
                    line = line.validated(tally.logLoss(), m.accuracy(), macroF1);
                }
                activity.phase(null);
                double cpu2 = SparkActivity.processCpuSeconds();
                double total = (System.nanoTime() - t0) / 1e9;
                epochSeconds.add(total);
                boolean improved = !splits.hasValidation() || macroF1 > state.bestMacroF1();
                line = line.closed(total, improved);
                state = checkpoint(state, line, macroF1, sparkNet.getNetwork(), average, kept);
                log(line, epochSeconds, activity.counts(trainPhase).describe(), cpu1 - cpu0, cpu2 - cpu1);
                if (cfg.patience() > 0 && splits.hasValidation() && state.epochsWithoutImprovement() >= cfg.patience()) {
                    LOG.info("train: no better validation macro-F1 for {} epochs: stopping early after epoch {}", cfg.patience(), epoch);
                    break;
                }
            }
        } finally {
            activity.close();
        }
        return state;
    }

    /**
     * One epoch of training from {@code current}: its minibatches (their order seeded by the epoch),
     * laid out once in averaging rounds, so that a resumed run trains on exactly what an uninterrupted
     * one would.
     */
    private SparkDl4jMultiLayer fit(MultiLayerNetwork current, int epoch) {
        // the learning-rate schedule counts epochs from 0
        current.getLayerWiseConfigurations().setEpochCount(epoch - 1);
        AveragingRounds.Master master = TrainJob.master(cfg, workers, cfg.seed() + epoch);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, current, master);
        int perWorker = cfg.perWorkerBatch(workers);
        int classes = model.numClasses();
        JavaRDD<DataSet> minibatches = (cfg.batching() == Batching.LENGTH_BUCKETS
                ? SequenceBatches.lengthBuckets(splits.train(), perWorker, classes, model.maxLength(), cfg.seed() + epoch)
                : SequenceBatches.batches(splits.train(), perWorker, classes, model.maxLength(), cfg.seed() + epoch))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        sparkNet.fit(master.layout(minibatches));
        minibatches.unpersist(false);
        return sparkNet;
    }

    /** The network's predictions on the validation split, tallied on the executors. */
    private PredictionTally validate(MultiLayerNetwork net) throws IOException {
        return TrainJob.predict(jsc, net, splits.validation(), vocab, model.numClasses(), model.maxLength(), cfg.batching(), cfg.batchSize());
    }

    /**
     * The checkpoint after the epoch ({@code trained}, and the weights {@code average} holds), its metrics and
     * (improved) the best network ({@code kept}: the network validated), published together;
     * the new state ({@code macroF1}: the validation macro-F1 as computed, NaN without a validation split).
     */
    private TrainingState checkpoint(TrainingState state, EpochLine line, double macroF1, MultiLayerNetwork trained, EpochAverage average,
                                     MultiLayerNetwork kept) throws IOException {
        trained.getLayerWiseConfigurations().setEpochCount(line.epoch());
        kept.getLayerWiseConfigurations().setEpochCount(line.epoch());
        TrainingState next = line.best() ? state.improved(line.epoch(), macroF1) : state.notImproved(line.epoch());
        metricsLines.add(Json.line(line));
        Checkpoint.write(out, trained, average, kept, line.best(), next, metricsLines, conf);
        HadoopFiles.writeText(new Path(out, ModelBundle.METRICS), String.join("", metricsLines), conf);
        return next;
    }

    /** The epoch's figures, the ETA from the mean of {@code epochSeconds}, and what its training cost Spark. */
    private void log(EpochLine line, List<Double> epochSeconds, String sparkCounts, double trainCpu, double validationCpu) {
        double mean = epochSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        LOG.info("train: epoch {}/{}: train loss {}, validation loss {}, accuracy {}, macro-F1 {}{}; {}s, {} samples/s, ETA {}s",
                line.epoch(), cfg.epochs(), line.trainLoss(), line.validationLoss(), line.validationAccuracy(), line.validationMacroF1(),
                line.best() ? " (best)" : "", line.epochSeconds(), line.samplesPerSecond(), Math.round(mean * (cfg.epochs() - line.epoch())));
        LOG.info("train: epoch {} training: {}; process CPU {}s training, {}s validation", line.epoch(), sparkCounts,
                Math.round(trainCpu * 100) / 100.0, Math.round(validationCpu * 100) / 100.0);
    }
}
