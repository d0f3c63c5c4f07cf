package org.textrnn.train;

import org.textrnn.prepared.PreparedData;
import org.textrnn.bundle.ModelBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.textrnn.command.Parser;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.Json;
import org.textrnn.model.ModelConfig;
import org.textrnn.model.NetworkFactory;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.prepare.PrepareResult;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyCorpus;

/** Training through Spark: equivalence with single-machine DL4J, resume, and a small run that must learn. */
class TrainSparkIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    static Path data;
    static PrepareResult prepared;

    /** Three classes: "alpha" docs, "beta" docs, and docs with neither, among 40 filler words. */
    @BeforeAll
    static void prepareData() throws IOException {
        Path in = ToyCorpus.threeClasses().writeTsv(tmp.resolve("toy.tsv"), 900, 3);
        data = tmp.resolve("prepared");
        prepared = PrepareJob.run(spark, org.textrnn.prepare.PrepareConfig.builder().input(in.toString())
                .format(org.textrnn.corpus.InputFormat.TSV).output(data.toString()).vocabMinCount(1)
                .maxLength(org.textrnn.prepare.PrepareConfig.MaxLength.tokens(12)).build());
    }

    /** {@code args} parsed as {@code textrnn train} parses them. */
    static TrainConfig config(String... args) {
        return Parser.parse(new TrainCommand(), args).config();
    }

    /** A config that only says how minibatches are made and averaged. */
    static TrainConfig averaging(int batchSize, int averagingFrequency) {
        return TrainConfig.builder().data("d").model("m").batchSize(batchSize).averagingFrequency(averagingFrequency).build();
    }

    @Test
    void oneWorkerSparkTrainingEqualsSingleMachineTraining() throws IOException {
        ModelConfig mc = new ModelConfig(prepared.vocabSize(), 3, 12, 8, true, ModelConfig.Cell.LSTM, 1, 8, true,
                ModelConfig.Pooling.MEAN, 0, 0, true, 0.01, 1e-4, 0, 1, 0.25, 5, null);
        int batch = 16;
        List<DataSet> batches = SequenceBatches.batches(PreparedData.split(spark, data.toString(), SequenceSchema.TRAIN).limit(8 * batch),
                batch, 3, 12, 9L).collect();
        assertThat(batches).hasSize(8);

        MultiLayerNetwork single = NetworkFactory.create(mc, null);
        for (DataSet ds : batches) {
            single.fit(ds);
        }

        // the job's own master, over two averaging rounds of 4 minibatches: the Adam state must
        // survive a round (dl4j-spark drops it unless told to keep it)
        MultiLayerNetwork distributed = NetworkFactory.create(mc, null);
        assertThat(distributed.params()).isEqualTo(NetworkFactory.create(mc, null).params());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AveragingRounds.Master master = TrainJob.master(averaging(batch, 4), 1, 5);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, distributed, master);
        sparkNet.fit(master.layout(jsc.parallelize(batches.subList(0, 4), 2)));
        sparkNet.fit(master.layout(jsc.parallelize(batches.subList(4, 8), 2)));

        assertThat(sparkNet.getNetwork().getUpdater().getStateViewArray().equalsWithEps(single.getUpdater().getStateViewArray(), 1e-6))
                .as("Adam state after 8 minibatches").isTrue();
        assertThat(sparkNet.getNetwork().params().equalsWithEps(single.params(), 1e-5))
                .as("parameters after the same 8 minibatches").isTrue();
        assertThat(single.params()).isNotEqualTo(NetworkFactory.create(mc, null).params());
    }

    @Test
    void theLayoutPutsEachRoundsMinibatchesInOnePartitionPerWorker() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Long> items = java.util.stream.LongStream.range(0, 23).boxed().toList();
        // 2 workers averaging every 3: 4 rounds; item i in round i mod 4, a round's items to the workers in turn
        List<List<Long>> partitions = AveragingRounds.layout(jsc.parallelize(items, 3), 2, 3).glom().collect();
        assertThat(partitions).containsExactly(List.of(0L, 8L, 16L), List.of(4L, 12L, 20L), List.of(1L, 9L, 17L), List.of(5L, 13L, 21L),
                List.of(2L, 10L, 18L), List.of(6L, 14L, 22L), List.of(3L, 11L, 19L), List.of(7L, 15L));

        AveragingRounds.Master master = TrainJob.master(averaging(8, 3), 2, 1);
        JavaRDD<Long>[] rounds = master.getSplitRDDs(AveragingRounds.layout(jsc.parallelize(items, 3), 2, 3), 23, 4);
        assertThat(rounds).hasSize(4);
        assertThat(rounds[0].glom().collect()).containsExactly(List.of(0L, 8L, 16L), List.of(4L, 12L, 20L));
        assertThat(rounds[3].glom().collect()).containsExactly(List.of(3L, 11L, 19L), List.of(7L, 15L));
        assertThatThrownBy(() -> master.getSplitRDDs(jsc.parallelize(items, 3), 23, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not laid out for 2 workers averaging every 3");

        // averaging every minibatch, 5 of them: rounds of 2, 2 and 1
        AveragingRounds.Master everyOne = TrainJob.master(averaging(8, 1), 2, 1);
        JavaRDD<Long>[] small = everyOne.getSplitRDDs(AveragingRounds.layout(jsc.parallelize(items.subList(0, 5), 3), 2, 1), 5, 4);
        assertThat(small).hasSize(3);
        assertThat(small[0].glom().collect()).containsExactly(List.of(0L), List.of(3L));
        assertThat(small[2].glom().collect()).as("a worker without minibatches sits the round out").containsExactly(List.of(2L));
    }

    /** Counts the minibatches the workers fit (local mode: the workers' copies of it share the counter). */
    static final class CountingListener extends org.deeplearning4j.optimize.api.BaseTrainingListener implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicInteger FITS = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
            FITS.incrementAndGet();
        }
    }

    @Test
    void averagingTrainsEveryMinibatchOnceInOneSparkStagePerRoundAndRepeatsItself() throws Exception {
        ModelConfig mc = new ModelConfig(prepared.vocabSize(), 3, 12, 8, true, ModelConfig.Cell.LSTM, 1, 8, true,
                ModelConfig.Pooling.MEAN, 0, 0, true, 0.01, 1e-4, 0, 1, 0.25, 5, null);
        int batch = 16;
        List<org.apache.spark.sql.Row> rows = PreparedData.split(spark, data.toString(), SequenceSchema.TRAIN)
                .select(SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH, SequenceSchema.TOKENS).limit(37 * batch).collectAsList();
        List<DataSet> batches = new java.util.ArrayList<>();
        for (int i = 0; i < 37; i++) {
            batches.add(SequenceBatches.toDataSet(rows.subList(i * batch, (i + 1) * batch), 3, 12));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainConfig cfg = averaging(2 * batch, 4);
        org.nd4j.linalg.api.ndarray.INDArray[] params = new org.nd4j.linalg.api.ndarray.INDArray[2];
        for (int run = 0; run < 2; run++) {
            // 2 workers, 4 minibatches each between averagings: 5 rounds of 8, 8, 7, 7 and 7 minibatches
            AveragingRounds.Master master = TrainJob.master(cfg, 2, 7);
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, NetworkFactory.create(mc, null), master);
            sparkNet.setListeners(List.of(new CountingListener()));
            CountingListener.FITS.set(0);
            try (SparkActivity activity = SparkActivity.start(spark.sparkContext())) {
                activity.phase("fit");
                sparkNet.fit(master.layout(jsc.parallelize(batches, 3)));
                activity.phase(null);
                spark.sparkContext().listenerBus().waitUntilEmpty();
                SparkActivity.Counts c = activity.counts("fit");
                assertThat(CountingListener.FITS.get()).as("minibatches fitted").isEqualTo(37);
                // the layout's count, dl4j-spark's count (with the layout's shuffle), then one job of one stage of 2 tasks per round
                assertThat(c.jobs()).as(c.describe()).isEqualTo(2 + 5);
                assertThat(c.stages()).as(c.describe()).isEqualTo(1 + 2 + 5);
                assertThat(c.singleTaskStages()).as(c.describe()).isZero();
                assertThat(c.tasks()).as(c.describe()).isEqualTo(3 + (3 + 5 * 2) + 5 * 2);
            }
            params[run] = sparkNet.getNetwork().params().dup();
        }
        assertThat(params[1]).as("the same seed, the same training").isEqualTo(params[0]);
    }

    /** A small run with no random masks (no dropout of any kind, no pretraining): a resumed run must be the same run. */
    private static String[] resumable() {
        return new String[] {"--data", data.toString(), "--embedding-size", "8", "--hidden-size", "8", "--layers", "1",
                "--embedding-dropout", "0", "--rnn-dropout", "0", "--word-dropout", "0", "--pretrain", "none", "--batch-size", "32",
                "--workers-per-executor", "1", "--patience", "0"};
    }

    @Test
    void resumeAfterAnEpochEqualsAnUninterruptedRun() throws IOException {
        String[] common = resumable();
        Path whole = tmp.resolve("whole");
        TrainJob.run(spark, config(concat(common, "--model", whole.toString(), "--epochs", "2")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        Path split = tmp.resolve("split");
        TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "1")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        TrainResult resumed = TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "2", "--resume")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        assertThat(resumed.epochsTrained()).isEqualTo(2);
        Configuration conf = new Configuration();
        MultiLayerNetwork a = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(whole.resolve("checkpoint/model.zip").toString()), conf);
        MultiLayerNetwork b = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(split.resolve("checkpoint/model.zip").toString()), conf);
        assertThat(b.params().equalsWithEps(a.params(), 1e-5)).as("parameters after epoch 2").isTrue();
        assertThat(Files.readAllLines(split.resolve("metrics.jsonl"))).hasSize(2);

        Path state = split.resolve("checkpoint/state.json");
        Files.writeString(state, Files.readString(state).replaceAll("\"vocab_hash\" : \"[0-9a-f]{6}", "\"vocab_hash\" : \"000000"));
        Files.deleteIfExists(split.resolve("checkpoint/.state.json.crc")); // Hadoop's local checksum of the old content
        assertThatThrownBy(() -> TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "3", "--resume")), org.textrnn.evaluate.EvaluateJob::afterTraining))
                .hasMessageStartingWith("--resume: the checkpoint in " + split)
                .hasMessageContaining("was trained with another vocabulary (hash 000000")
                .hasMessageEndingWith("resume with the data it was trained on");
        assertThatThrownBy(() -> TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "2")), org.textrnn.evaluate.EvaluateJob::afterTraining))
                .isInstanceOf(UsageException.class)
                .hasMessage("--model " + split + " already holds a model: add --resume to continue its training, or --overwrite to replace it");
    }

    @Test
    void averagedEpochsKeepTheMeanOfTheLastEpochsAndResumeAsAnUninterruptedRun() throws IOException {
        String[] common = concat(resumable(), "--average-epochs", "2");
        Path whole = tmp.resolve("avg-whole");
        TrainResult w = TrainJob.run(spark, config(concat(common, "--model", whole.toString(), "--epochs", "3")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        Path split = tmp.resolve("avg-split");
        TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "2")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path ck = new org.apache.hadoop.fs.Path(split.resolve("checkpoint").toString());
        // the checkpoint after epoch 2 holds the weights of epochs 1 and 2, the last of them its own network's
        EpochAverage after2 = EpochAverage.read(ck, 2, 2, conf);
        assertThat(after2.held()).isEqualTo(2);
        org.nd4j.linalg.api.ndarray.INDArray rows = readRows(split);
        org.nd4j.linalg.api.ndarray.INDArray p1 = rows.getRow(0, true).dup();
        org.nd4j.linalg.api.ndarray.INDArray p2 = rows.getRow(1, true).dup();
        MultiLayerNetwork ck2 = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(split.resolve("checkpoint/model.zip").toString()), conf);
        assertThat(p2.equalsWithEps(ck2.params().reshape(1, ck2.numParams()), 0)).as("the last row is the checkpoint's network").isTrue();

        TrainResult r = TrainJob.run(spark, config(concat(common, "--model", split.toString(), "--epochs", "3", "--resume")), org.textrnn.evaluate.EvaluateJob::afterTraining);
        assertThat(r.epochsTrained()).isEqualTo(3);
        assertThat(r.bestEpoch()).isEqualTo(w.bestEpoch());
        MultiLayerNetwork ck3 = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(split.resolve("checkpoint/model.zip").toString()), conf);
        MultiLayerNetwork wholeCk = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(whole.resolve("checkpoint/model.zip").toString()), conf);
        assertThat(ck3.params().equalsWithEps(wholeCk.params(), 1e-5)).as("parameters after epoch 3").isTrue();
        MultiLayerNetwork kept = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(split.resolve("model.zip").toString()), conf);
        MultiLayerNetwork wholeKept = ModelBundle.readNetwork(new org.apache.hadoop.fs.Path(whole.resolve("model.zip").toString()), conf);
        assertThat(kept.params().equalsWithEps(wholeKept.params(), 1e-5)).as("the kept network, resumed or not").isTrue();

        // the kept (best) network is the mean of the weights of its epoch and the one before, computed here
        org.nd4j.linalg.api.ndarray.INDArray p3 = ck3.params().reshape(1, ck3.numParams());
        org.nd4j.linalg.api.ndarray.INDArray expected = switch (r.bestEpoch()) {
            case 1 -> p1;
            case 2 -> p1.add(p2).divi(2);
            default -> p2.add(p3).divi(2);
        };
        assertThat(kept.params().reshape(1, kept.numParams()).equalsWithEps(expected, 1e-6)).as("the mean at epoch " + r.bestEpoch()).isTrue();
        assertThat(kept.params().equalsWithEps(ck3.params(), 1e-4)).as("the kept network is not the last epoch's own").isFalse();
        assertThat(readRows(split).getRow(1, true).equalsWithEps(p3, 0)).isTrue();
    }

    /** The weights of the last epochs a checkpoint holds (EpochAverage.FILE), one row per epoch. */
    private static org.nd4j.linalg.api.ndarray.INDArray readRows(Path bundle) throws IOException {
        try (var in = new java.io.DataInputStream(Files.newInputStream(bundle.resolve("checkpoint").resolve(EpochAverage.FILE)))) {
            return org.nd4j.linalg.factory.Nd4j.read(in);
        }
    }

    @Test
    void smallRunLearnsAndWritesABundle() throws IOException {
        Path out = tmp.resolve("model");
        TrainResult r = TrainJob.run(spark, TrainConfig.builder().data(data.toString()).model(out.toString()).epochs(6).batchSize(32)
                .network(n -> n.embeddingSize(16).hiddenSize(16).learningRate(0.01).pooling(ModelConfig.Pooling.MAX).cell(ModelConfig.Cell.GRU))
                .batching(org.textrnn.model.Batching.PADDED).build(), org.textrnn.evaluate.EvaluateJob::afterTraining); // the default, length buckets, in lengthBucketsByDefaultLearnAndTheBundleSaysSo
        assertThat(r.testMetrics()).isNotNull();
        assertThat((Double) r.testMetrics().get("accuracy")).as("test accuracy, chance is 0.33").isGreaterThan(0.8);
        assertThat((Double) r.testMetrics().get("macro_f1")).isGreaterThan(0.8);
        for (String f : List.of("model.zip", "vocab.tsv", "labels.tsv", "bundle.json", "train-config.json", "metrics.jsonl",
                "test-metrics.json", "provenance.json", "checkpoint/model.zip", "checkpoint/state.json", "_SUCCESS")) {
            assertThat(out.resolve(f)).as(f).exists();
        }
        Map<String, Object> bundle = Json.readMap(Files.readString(out.resolve("bundle.json")), "bundle.json");
        assertThat(bundle).containsEntry("format", 2).containsEntry("recurrent_layers", "textrnn");
        assertThat(ModelBundle.load(out.toString(), new Configuration()).recurrentLayers()).isEqualTo("textrnn");
        assertThat(bundle.get("vocab_hash")).isEqualTo(Json.readMap(Files.readString(data.resolve("stats.json")), "s")
                .entrySet().stream().filter(e -> e.getKey().equals("vocab")).map(e -> ((Map<?, ?>) e.getValue()).get("hash")).findFirst().orElseThrow());
        assertThat(Files.readString(out.resolve("vocab.tsv"))).isEqualTo(Files.readString(data.resolve("vocab.tsv")));
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(metrics).isNotEmpty();
        assertThat(Json.readMap(metrics.get(0), "metrics")).containsKeys("train_loss", "validation_accuracy", "validation_macro_f1",
                "samples_per_second", "learning_rate");
    }

    @Test
    void lengthBucketBatchesHoldEveryRowOnceWithoutPadding() throws IOException {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train = PreparedData.split(spark, data.toString(), SequenceSchema.TRAIN);
        long rows = train.count();
        long lengths = train.select(org.apache.spark.sql.functions.least(org.apache.spark.sql.functions.col(SequenceSchema.LENGTH),
                org.apache.spark.sql.functions.lit(12))).distinct().count();
        int batch = 16;
        List<DataSet> first = SequenceBatches.lengthBuckets(train, batch, 3, 12, 1L).collect();
        List<DataSet> second = SequenceBatches.lengthBuckets(train, batch, 3, 12, 2L).collect();
        assertThat(first.stream().mapToLong(DataSet::numExamples).sum()).as("every row once").isEqualTo(rows);
        assertThat(first).hasSize((int) ((rows + batch - 1) / batch));
        int padded = 0;
        for (int i = 0; i < first.size(); i++) {
            DataSet ds = first.get(i);
            assertThat(ds.numExamples()).as("batch " + i).isEqualTo(i < first.size() - 1 ? batch : (int) (rows - (long) batch * i));
            long width = ds.getFeatures().size(1);
            assertThat(width).isBetween(1L, 12L);
            // a batch is as long as its longest document: some row uses the last step
            assertThat(ds.getFeaturesMaskArray().getColumn(width - 1).sumNumber().doubleValue()).isPositive();
            if (ds.getFeaturesMaskArray().minNumber().doubleValue() == 0) {
                padded++;
            }
        }
        assertThat(padded).as("only batches where one length ends and the next begins hold padding").isLessThan((int) lengths);
        assertThat(first.stream().map(ds -> ds.getFeatures().size(1)).sorted().toList())
                .as("the same batches in another order for another seed")
                .isEqualTo(second.stream().map(ds -> ds.getFeatures().size(1)).sorted().toList());
        assertThat(first.stream().map(ds -> ds.getFeatures().size(1)).toList())
                .isNotEqualTo(second.stream().map(ds -> ds.getFeatures().size(1)).toList());
    }

    @Test
    void lengthBucketsByDefaultLearnAndTheBundleSaysSo() throws IOException {
        Path out = tmp.resolve("buckets");
        TrainResult r = TrainJob.run(spark, TrainConfig.builder().data(data.toString()).model(out.toString()).epochs(6).batchSize(32)
                .network(n -> n.embeddingSize(16).hiddenSize(16).learningRate(0.01)).build(), org.textrnn.evaluate.EvaluateJob::afterTraining);
        assertThat((Double) r.testMetrics().get("accuracy")).as("test accuracy, chance is 0.33").isGreaterThan(0.8);
        assertThat(Json.readMap(Files.readString(out.resolve("bundle.json")), "bundle.json")).containsEntry("batching", "length-buckets");
        assertThat(ModelBundle.load(out.toString(), new Configuration()).batching()).isEqualTo(org.textrnn.model.Batching.LENGTH_BUCKETS);
        // the test split scored again as evaluate does, with the bundle's batching: the same figures
        ModelBundle bundle = ModelBundle.load(out.toString(), new Configuration());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        org.textrnn.metrics.PredictionTally again = TrainJob.predict(jsc, bundle.network(),
                PreparedData.split(spark, data.toString(), SequenceSchema.TEST), jsc.broadcast(bundle.vocabulary()), 3, 12,
                bundle.batching(), 7);
        assertThat(again.metrics().accuracy()).isCloseTo((Double) r.testMetrics().get("accuracy"), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--batching", "sorted"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("batching must be one of padded, length-buckets; found 'sorted'");
        assertThat(config("--data", "d", "--model", "m", "--cell", "gru").batching()).as("length buckets for both cells")
                .isEqualTo(org.textrnn.model.Batching.LENGTH_BUCKETS);
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--lr-schedule", "cosine"))
                .hasMessage("--lr-schedule must be step:EPOCHS:FACTOR (e.g. step:8:0.1) or constant, found 'cosine'");
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--cell", "rnn"))
                .hasMessage("--cell must be one of lstm, gru; found 'rnn'");
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--resume", "--overwrite"))
                .hasMessageStartingWith("--resume continues the run in --model, --overwrite replaces it");
        assertThat(config("--data", "d", "--model", "m", "--pooling", "mean").network().pooling()).as("every pooling with 2 bidirectional layers")
                .isEqualTo(ModelConfig.Pooling.MEAN);
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--rnn-dropout", "1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--rnn-dropout must be in [0, 1), found 1.0");
        assertThatThrownBy(() -> config("--data", "d", "--model", "m", "--embedding-size", "0"))
                .hasMessage("--embedding-size 0 takes the size from --glove, which is not given");
        assertThatThrownBy(() -> TrainJob.check(config("--data", tmp.resolve("nothing").toString(), "--model", "m"), new Configuration()))
                .hasMessageContaining("is not a prepare output: vocab.tsv is missing");
        assertThatThrownBy(() -> TrainJob.check(config("--data", data.toString(), "--model", tmp.resolve("m").toString(), "--resume"),
                new Configuration())).hasMessageContaining("holds no checkpoint to continue from");
    }

    /** {@code a} then {@code b}. */
    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
