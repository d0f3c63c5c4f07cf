package org.textrnn.bench;

import org.textrnn.prepared.PreparedData;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.textrnn.command.Parser;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.model.ModelConfig;
import org.textrnn.model.NetworkFactory;
import org.textrnn.train.SequenceBatches;
import org.textrnn.train.TrainCommand;
import org.textrnn.train.TrainConfig;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * The single-machine DL4J baseline of {@code textrnn train}: the same network
 * ({@link TrainCommand} options → {@link TrainConfig#model} → {@link NetworkFactory}), the same
 * prepared data and validation carve-out (seeded id hash, as TrainJob), minibatches built by
 * {@link SequenceBatches#toDataSet} at the full {@code --batch-size}, fitted by plain
 * {@code MultiLayerNetwork.fit} in one process: no Spark, no parameter averaging.
 *
 * <p>A local SparkSession only reads the Parquet rows and is stopped before anything is timed.
 * Per epoch it reports the seconds to build the epoch's DataSets, to fit them, the process CPU
 * seconds of both (every thread, OpenMP's included), samples/s and tokens/s (true tokens: the sum
 * of lengths; padded time steps: rows × max length), and, unless {@code --evaluate false}, the
 * validation and test accuracy after the epoch (not timed). Prints one JSON object on stdout.
 *
 * <p>{@code SingleMachineTrainBench --data PREPARED [any textrnn train option, e.g. --epochs 1]
 * [--evaluate true] [--max-batches N] [--export-tsv DIR]}. {@code --max-batches} fits only the first N
 * batches of each shuffled epoch (a rate on part of the data; 0, the default: all). {@code --export-tsv} writes train/validation/test as
 * {@code label_index<TAB>length<TAB>space-separated tokens} (the first {@code length} tokens) for
 * bench/pytorch_recipe.py, and stops there. OMP_NUM_THREADS sets ND4J's threads.
 */
public final class SingleMachineTrainBench {

    private SingleMachineTrainBench() {
    }

    public static void main(String[] args) throws IOException {
        boolean evaluate = true;
        String export = null;
        int maxBatches = 0;
        List<String> trainArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--evaluate") && i + 1 < args.length) {
                evaluate = Boolean.parseBoolean(args[++i]);
            } else if (args[i].equals("--max-batches") && i + 1 < args.length) {
                maxBatches = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--export-tsv") && i + 1 < args.length) {
                export = args[++i];
            } else {
                trainArgs.add(args[i]);
            }
        }
        if (!trainArgs.contains("--model")) {
            trainArgs.addAll(List.of("--model", "unused-by-the-bench"));
        }
        TrainConfig cfg = Parser.parse(new TrainCommand(), trainArgs.toArray(new String[0])).config();
        Configuration conf = new Configuration();
        Path data = new Path(cfg.data());
        Vocabulary vocab = Vocabulary.parse(HadoopFiles.readText(new Path(data, "vocab.tsv"), conf), cfg.data() + "/vocab.tsv");
        LabelIndex labels = LabelIndex.parse(HadoopFiles.readText(new Path(data, "labels.tsv"), conf), cfg.data() + "/labels.tsv");
        Map<String, Object> stats = Json.readMap(HadoopFiles.readText(new Path(data, "stats.json"), conf), cfg.data() + "/stats.json");
        int maxLength = ((Number) ((Map<?, ?>) stats.get("max_length")).get("value")).intValue();
        int numClasses = labels.size();

        // rows to the driver, with TrainJob's validation carve-out; Spark is stopped before any timing
        long r0 = System.nanoTime();
        List<Row> train;
        List<Row> validation;
        List<Row> test;
        SparkSession spark = SparkSession.builder().appName("single-machine-train-bench").master("local[1]")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> tr = PreparedData.split(spark, cfg.data(), SequenceSchema.TRAIN);
            Dataset<Row> va = PreparedData.split(spark, cfg.data(), SequenceSchema.VALIDATION);
            if (va.isEmpty() && cfg.validationFraction() > 0) {
                Column u = pmod(xxhash64(lit(cfg.seed()), col(SequenceSchema.DOC_ID)), lit(1_000_000L)).divide(1_000_000.0);
                va = tr.filter(u.lt(cfg.validationFraction()));
                tr = tr.filter(u.geq(cfg.validationFraction()));
            }
            train = collect(tr);
            validation = collect(va);
            test = collect(PreparedData.split(spark, cfg.data(), SequenceSchema.TEST));
        } finally {
            spark.stop();
        }
        double readSeconds = (System.nanoTime() - r0) / 1e9;
        if (export != null) {
            java.nio.file.Path dir = java.nio.file.Path.of(export);
            Files.createDirectories(dir);
            writeTsv(dir.resolve("train.tsv"), train, maxLength);
            writeTsv(dir.resolve("validation.tsv"), validation, maxLength);
            writeTsv(dir.resolve("test.tsv"), test, maxLength);
            Files.writeString(dir.resolve("meta.json"), Json.write(Map.of("vocab_size", vocab.size(), "num_classes", numClasses,
                    "max_length", maxLength, "train", train.size(), "validation", validation.size(), "test", test.size())));
            System.err.println("SingleMachineTrainBench: wrote " + train.size() + " train, " + validation.size() + " validation, "
                    + test.size() + " test rows to " + dir);
            return;
        }

        ModelConfig model = cfg.model(vocab.size(), numClasses, maxLength, cfg.embeddingSize(), null);
        MultiLayerNetwork net = NetworkFactory.create(model, null);
        long trueTokens = train.stream().mapToLong(r -> Math.max(1, Math.min(r.getInt(1), maxLength))).sum();
        long paddedSteps = (long) train.size() * maxLength;
        List<DataSet> validationBatches = batches(validation, cfg.batchSize(), numClasses, maxLength);
        List<DataSet> testBatches = batches(test, cfg.batchSize(), numClasses, maxLength);

        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Map<String, Object>> epochs = new ArrayList<>();
        double cumulative = 0;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            // the learning-rate schedule counts epochs from 0, as TrainJob sets it
            net.getLayerWiseConfigurations().setEpochCount(epoch - 1);
            List<Row> order = new ArrayList<>(train);
            Collections.shuffle(order, new Random(cfg.seed() + epoch));
            if (maxBatches > 0 && order.size() > maxBatches * cfg.batchSize()) {
                order = order.subList(0, maxBatches * cfg.batchSize());
            }
            long samples = order.size();
            long epochTokens = order.stream().mapToLong(r -> Math.max(1, Math.min(r.getInt(1), maxLength))).sum();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            List<DataSet> batches = batches(order, cfg.batchSize(), numClasses, maxLength);
            long t1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            for (int b = 0; b < batches.size(); b++) {
                net.fit(batches.get(b));
                if ((b + 1) % 10 == 0) {
                    System.err.printf("SingleMachineTrainBench: epoch %d, %d/%d batches, %.1f s, %.1f CPU s%n", epoch, b + 1, batches.size(),
                            (System.nanoTime() - t1) / 1e9, (os.getProcessCpuTime() - c1) / 1e9);
                }
            }
            long t2 = System.nanoTime();
            long c2 = os.getProcessCpuTime();
            double build = (t1 - t0) / 1e9;
            double fit = (t2 - t1) / 1e9;
            cumulative += build + fit;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", epoch);
            e.put("batches", batches.size());
            e.put("build_s", round(build));
            e.put("fit_s", round(fit));
            e.put("train_s", round(build + fit));
            e.put("cumulative_train_s", round(cumulative));
            e.put("build_cpu_s", round((c1 - c0) / 1e9));
            e.put("fit_cpu_s", round((c2 - c1) / 1e9));
            e.put("samples", samples);
            e.put("samples_per_s", round(samples / (build + fit)));
            e.put("tokens_per_s", round(epochTokens / (build + fit)));
            e.put("padded_steps_per_s", round(samples * maxLength / (build + fit)));
            e.put("fit_samples_per_s", round(samples / fit));
            e.put("train_loss", round(net.score()));
            if (evaluate) {
                long v0 = System.nanoTime();
                e.put("validation_accuracy", round(accuracy(net, validationBatches)));
                e.put("test_accuracy", round(accuracy(net, testBatches)));
                e.put("evaluate_s", round((System.nanoTime() - v0) / 1e9));
            }
            System.err.println("SingleMachineTrainBench: " + Json.write(e).replaceAll("\\s*\\n\\s*", " "));
            epochs.add(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("variant", "dl4j-single");
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        out.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        out.put("batch_size", cfg.batchSize());
        out.put("train_documents", train.size());
        out.put("validation_documents", validation.size());
        out.put("test_documents", test.size());
        out.put("max_length", maxLength);
        out.put("true_tokens", trueTokens);
        out.put("padded_steps", paddedSteps);
        out.put("parameters", net.numParams());
        out.put("read_rows_s", round(readSeconds));
        out.put("epochs", epochs);
        System.out.println(Json.write(out).replaceAll("\\s*\\n\\s*", " "));
    }

    private static List<Row> collect(Dataset<Row> rows) {
        // sorted by id: the list, hence the seeded shuffles, do not depend on Parquet's file order
        return rows.select(SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH, SequenceSchema.TOKENS, SequenceSchema.DOC_ID)
                .orderBy(SequenceSchema.DOC_ID).collectAsList();
    }

    private static List<DataSet> batches(List<Row> rows, int batchSize, int numClasses, int maxLength) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += batchSize) {
            out.add(SequenceBatches.toDataSet(rows.subList(from, Math.min(rows.size(), from + batchSize)), numClasses, maxLength));
        }
        return out;
    }

    private static double accuracy(MultiLayerNetwork net, List<DataSet> batches) {
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        DataSetIterator it = new ListDataSetIterator<>(batches, Integer.MAX_VALUE);
        Evaluation e = net.evaluate(it);
        return e.accuracy();
    }

    private static void writeTsv(java.nio.file.Path file, List<Row> rows, int maxLength) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (Row r : rows) {
                int length = Math.max(1, Math.min(r.getInt(1), maxLength));
                List<Integer> tokens = r.getList(2);
                StringBuilder sb = new StringBuilder();
                sb.append(r.isNullAt(0) ? -1 : r.getInt(0)).append('\t').append(length).append('\t');
                for (int t = 0; t < length; t++) {
                    sb.append(t == 0 ? "" : " ").append(t < tokens.size() ? tokens.get(t) : 0);
                }
                w.println(sb);
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
