package org.textrnn.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;
import org.textrnn.testing.SharedData;
import org.textrnn.testing.SparkTestBase;

/**
 * The whole pipeline on a real, if small, deployment: a Spark standalone Master and two Workers
 * (separate JVMs on 127.0.0.1, one core each), Hadoop's HDFS mini cluster for every input and
 * output, and the shaded jar submitted through {@code SparkSubmit} in client mode for prepare,
 * train (parameter averaging over the two executors), score (into a Parquet table on HDFS) and
 * evaluate. It asserts what each step wrote, and, from the Spark event log, that the training
 * tasks ran on both executors.
 *
 * <p>Runs only with {@code -Pcluster-e2e} (see {@code deploy/cluster-e2e.sh}), which copies Spark's
 * runtime jars into {@code jobs/target/spark-home/jars}. Uses a subset of web snippets (about 3,000
 * training and 500 test documents) read from {@code ../shared/data}; skipped when that is absent.
 * Work folders, logs and event logs go to {@code jobs/target/cluster-e2e}.
 *
 * <p>Memory: each executor gets a 1 GB heap and JavaCPP (ND4J's off-heap arrays) at most 1 GB
 * ({@code org.bytedeco.javacpp.maxbytes}), 2.5 GB physical in all ({@code maxphysicalbytes}:
 * heap, off-heap and the JVM's own). {@code spark.executor.memoryOverhead} is set to 1.5 GB to
 * match, although a standalone Worker does not enforce it (YARN and Kubernetes size their
 * containers by heap + overhead, so the same pair of settings carries over there).
 */
@Tag("cluster-e2e")
class StandaloneClusterIT extends SparkTestBase {

    static final Path SPARK_HOME = Path.of(System.getProperty("textrnn.e2e.spark-home", "jobs/target/spark-home")).toAbsolutePath();
    static final Path WORK = Path.of(System.getProperty("textrnn.e2e.work", "jobs/target/cluster-e2e")).toAbsolutePath();
    static final int TRAIN_EVERY = 10;
    static final int TRAIN_KEEP = 3;
    static final int TEST_EVERY = 9;
    static final int TEST_KEEP = 2;
    static final String RUN_DATE = "2026-11-28";
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    static Path jar;
    static MiniDFSCluster hdfs;
    static StandaloneCluster cluster;
    static String fs;
    static Configuration conf;
    static int trainDocs;
    static int testDocs;
    /** Unlabelled text for train's --pretrain word2vec: training snippets outside the training subset, without their labels. */
    static int unlabelledDocs;
    static final int UNLABELLED_GROUP = 3;

    @BeforeAll
    static void startClusters() throws IOException, InterruptedException {
        // JUnit reports an assumption that fails in @BeforeAll nowhere in Maven's output: say it too
        requireForTheTest(Files.exists(SharedData.ROOT.resolve("web-snippets/train.txt")), "shared data set "
                + SharedData.ROOT.resolve("web-snippets") + " is absent (see ../shared/data/SOURCES.md)");
        Path train = SharedData.require("web-snippets/train.txt");
        Path test = SharedData.require("web-snippets/test.txt");
        requireForTheTest(Files.isDirectory(SPARK_HOME.resolve("jars")), SPARK_HOME.resolve("jars")
                + " is absent: the standalone-cluster test needs Spark's jars there; run it through deploy/cluster-e2e.sh (mvn -Pcluster-e2e)");
        try (Stream<Path> s = Files.list(Path.of("jobs/target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("textrnn-jobs-.*-spark\\.jar")).findFirst().map(Path::toAbsolutePath)
                    .orElse(null);
        }
        requireForTheTest(jar != null, "no shaded jar jobs/target/textrnn-jobs-*-spark.jar: run it through deploy/cluster-e2e.sh (mvn -Pcluster-e2e)");

        deleteRecursively(WORK);
        Files.createDirectories(WORK.resolve("events"));

        conf = new Configuration();
        hdfs = new MiniDFSCluster.Builder(conf, WORK.resolve("dfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        fs = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();
        conf.set("fs.defaultFS", fs);
        trainDocs = putSubset(train, TRAIN_EVERY, TRAIN_KEEP, "/corpus/train.txt");
        testDocs = putSubset(test, TEST_EVERY, TEST_KEEP, "/corpus/test.txt");
        unlabelledDocs = putUnlabelled(train, "/corpus/unlabelled/part-1.txt");
        System.out.printf("cluster-e2e: HDFS at %s holds %d training, %d test and %d unlabelled documents%n", fs, trainDocs, testDocs,
                unlabelledDocs);

        long t0 = System.nanoTime();
        cluster = StandaloneCluster.start(SPARK_HOME, WORK, 2, 1, "1g", Duration.ofSeconds(90));
        System.out.printf("cluster-e2e: master %s with ALIVE workers %s after %ds%n", cluster.masterUrl(), cluster.aliveWorkers(),
                (System.nanoTime() - t0) / 1_000_000_000L);
    }

    static void requireForTheTest(boolean condition, String why) {
        if (!condition) {
            System.out.println("cluster-e2e: test skipped: " + why);
        }
        assumeTrue(condition, why + ": test skipped");
    }

    @AfterAll
    static void stopClusters() {
        if (cluster != null) {
            cluster.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /**
     * Writes every {@code every}-th group of {@code keep} lines of a web-snippets file to HDFS (the
     * files are sorted by class, so a stride keeps every class), one line per distinct text, and
     * returns how many documents that is.
     */
    static int putSubset(Path source, int every, int keep, String target) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        Map<String, String> byText = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lastSpace = line.lastIndexOf(' ');
            if (i % every < keep && lastSpace > 0) {
                byText.putIfAbsent(line.substring(0, lastSpace).strip(), line);
            }
        }
        HadoopFiles.writeText(new org.apache.hadoop.fs.Path(fs + target), String.join("\n", byText.values()) + "\n", conf);
        return byText.size();
    }

    /**
     * Writes the text (no label) of the lines of group {@value #UNLABELLED_GROUP} of every {@value #TRAIN_EVERY}
     * (none of them in the training subset) to HDFS, one document a line, then one line that is not
     * UTF-8 (a record to reject); returns how many documents that is.
     */
    static int putUnlabelled(Path source, String target) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lastSpace = line.lastIndexOf(' ');
            if (i % TRAIN_EVERY == UNLABELLED_GROUP && lastSpace > 0) {
                texts.add(line.substring(0, lastSpace).strip());
            }
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(fs + target);
        try (java.io.OutputStream o = p.getFileSystem(conf).create(p, true)) {
            o.write((String.join("\n", texts) + "\n").getBytes(StandardCharsets.UTF_8));
            o.write("caf\u00e9 in Latin-1\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return texts.size();
    }

    @Test
    @Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
    @SuppressWarnings("unchecked")
    void preparesTrainsScoresAndEvaluatesOnTwoExecutorsWithHdfs() throws IOException, InterruptedException {
        String prepared = fs + "/textrnn/prepared";
        String model = fs + "/textrnn/model";
        String table = fs + "/textrnn/predictions";
        String report = fs + "/textrnn/report";

        run("prepare", "--input", "train=" + fs + "/corpus/train.txt", "--input", "test=" + fs + "/corpus/test.txt", "--format",
                "last-word-label", "--output", prepared, "--run-id", "cluster-e2e");
        assertThat(exists(prepared + "/_SUCCESS")).as(prepared + "/_SUCCESS").isTrue();
        Map<String, Object> stats = json(prepared + "/stats.json");
        Map<String, Object> input = (Map<String, Object>) stats.get("input");
        assertThat(((Number) input.get("documents")).longValue()).as("documents in stats.json").isEqualTo(trainDocs + testDocs);
        assertThat(((Number) input.get("rejected")).longValue()).as("rejected records in stats.json").isZero();
        assertThat(spark.read().parquet(prepared + "/sequences").count()).as("prepared sequences").isEqualTo(trainDocs + testDocs);

        // one epoch of a small network (one unidirectional LSTM layer, light dropout, a larger step
        // than the default 0.005): enough to learn well above chance, and quick on two single-core
        // executors; about 8 averaging rounds of 10 minibatches of 16 documents per executor. The
        // embedding starts from Word2Vec (two passes) on the training text and the unlabelled text
        StandaloneCluster.Submission train = run("train", "--data", prepared, "--model", model, "--epochs", "1", "--layers", "1",
                "--bidirectional", "false", "--hidden-size", "64", "--embedding-dropout", "0.2", "--learning-rate", "0.01", "--batch-size", "32",
                "--averaging-frequency", "10", "--baseline", "false", "--run-id", "cluster-e2e", "--pretrain", "word2vec",
                "--pretrain.iterations", "2", "--unlabelled-input", fs + "/corpus/unlabelled/*.txt", "--format", "last-word-label");
        assertThat(exists(model + "/_SUCCESS")).as(model + "/_SUCCESS").isTrue();
        Map<String, Object> coverage = json(model + "/word2vec-coverage.json");
        System.out.println("cluster-e2e: word2vec-coverage.json " + coverage + "; " + train.logLines("train: word2vec learned"));
        assertThat(((Number) coverage.get("vocabulary_coverage")).doubleValue()).as("vocabulary_coverage in word2vec-coverage.json")
                .isGreaterThan(0.9);
        assertThat(((Number) coverage.get("token_coverage")).doubleValue()).as("token_coverage in word2vec-coverage.json").isGreaterThan(0.5);
        Map<String, Object> pretrain = json(model + "/pretrain.json");
        assertThat(pretrain.get("unlabelled")).as("the unlabelled records in pretrain.json")
                .isEqualTo(Map.of("records", unlabelledDocs + 1, "documents", unlabelledDocs, "empty", 0, "rejected", 1));
        assertThat(spark.read().json(model + "/pretrain-rejected").count()).as("records in pretrain-rejected/").isEqualTo(1);
        assertThat(exists(model + "/word2vec-vectors.txt")).as(model + "/word2vec-vectors.txt").isTrue();
        Map<String, Object> testMetrics = json(model + "/test-metrics.json");
        double trainedAccuracy = ((Number) testMetrics.get("accuracy")).doubleValue();
        System.out.printf("cluster-e2e: test-metrics.json accuracy %.3f (chance 0.125)%n", trainedAccuracy);
        assertThat(trainedAccuracy).as("test accuracy after one epoch; 8 classes, chance is 0.125").isGreaterThan(0.3);
        List<String> workersLine = train.logLines("train: 2 workers");
        assertThat(workersLine).as("the driver's 'train: N workers' line in " + train.log()).hasSize(1);
        System.out.println("cluster-e2e: driver log: " + workersLine.get(0));

        run("score", "--model", model, "--input", fs + "/corpus/test.txt", "--format", "last-word-label", "--table", table,
                "--run-date", RUN_DATE, "--keep-columns", "label", "--run-id", "cluster-e2e-score");
        Dataset<Row> rows = spark.read().parquet(table).where("run_date = DATE'" + RUN_DATE + "'");
        long rowCount = rows.count();
        long distinctIds = rows.select("doc_id").distinct().count();
        long correct = rows.where("predicted_label = label").count();
        assertThat(rowCount).as("rows in the predictions table").isEqualTo(testDocs);
        assertThat(distinctIds).as("distinct doc_id in the predictions table").isEqualTo(testDocs);
        String runDir = table + "/_textrnn_runs/run_date=" + RUN_DATE;
        assertThat(exists(runDir + "/_SUCCESS")).as(runDir + "/_SUCCESS").isTrue();
        Map<String, Object> summary = json(runDir + "/summary.json");
        assertThat(((Number) summary.get("rows_written")).longValue()).as("rows_written in summary.json").isEqualTo(rowCount);
        assertThat(((Number) summary.get("scored")).longValue()).as("scored in summary.json").isEqualTo(testDocs);
        assertThat(summary.get("spark_master")).as("spark_master in summary.json").isEqualTo(cluster.masterUrl());

        run("evaluate", "--model", model, "--table", table, "--run-date", RUN_DATE, "--report", report, "--run-id", "cluster-e2e-evaluate");
        Map<String, Object> metrics = json(report + "/metrics.json");
        double tableAccuracy = correct / (double) rowCount;
        System.out.printf("cluster-e2e: evaluate metrics.json accuracy %s; the table: %d of %d predictions right (%.4f)%n",
                metrics.get("accuracy"), correct, rowCount, tableAccuracy);
        assertThat(((Number) metrics.get("documents")).longValue()).as("documents in metrics.json").isEqualTo(rowCount);
        assertThat(((Number) metrics.get("accuracy")).doubleValue()).as("accuracy in metrics.json against the table's rows")
                .isCloseTo(tableAccuracy, within(1e-3));
        // the table scored the same test documents with the same model as training's test split did
        assertThat(((Number) metrics.get("accuracy")).doubleValue()).as("accuracy in metrics.json against test-metrics.json")
                .isCloseTo(trainedAccuracy, within(1e-3));

        assertTrainingRanOnTwoExecutors();
    }

    /**
     * Reads the train application's event log: the executors it had, and on which executors the
     * tasks of the stages that DL4J's parameter averaging started ran. Each averaging round is a
     * {@code treeAggregate} stage of one task per worker, each task fitting its share of the
     * minibatches; the rounds must have run on both executors at once.
     */
    @SuppressWarnings("unchecked")
    static void assertTrainingRanOnTwoExecutors() throws IOException {
        List<Map<String, Object>> events = eventLog("textrnn train");
        Map<String, String> executors = new TreeMap<>();
        Map<Integer, String> trainingStages = new TreeMap<>();
        for (Map<String, Object> e : events) {
            if ("SparkListenerExecutorAdded".equals(e.get("Event"))) {
                Map<String, Object> info = (Map<String, Object>) e.get("Executor Info");
                executors.put(String.valueOf(e.get("Executor ID")), info.get("Host") + " " + info.get("Total Cores") + " core");
            } else if ("SparkListenerStageSubmitted".equals(e.get("Event"))) {
                Map<String, Object> stage = (Map<String, Object>) e.get("Stage Info");
                if (String.valueOf(stage.get("Details")).contains("ParameterAveragingTrainingMaster")) {
                    trainingStages.put((Integer) stage.get("Stage ID"), String.valueOf(stage.get("Stage Name")));
                }
            }
        }
        Map<String, Map<String, Integer>> tasksPerExecutor = new TreeMap<>();
        Map<Integer, Set<String>> executorsPerStage = new TreeMap<>();
        for (Map<String, Object> e : events) {
            if ("SparkListenerTaskEnd".equals(e.get("Event")) && trainingStages.containsKey((Integer) e.get("Stage ID"))
                    && "Success".equals(((Map<String, Object>) e.get("Task End Reason")).get("Reason"))) {
                String executor = String.valueOf(((Map<String, Object>) e.get("Task Info")).get("Executor ID"));
                int stage = (Integer) e.get("Stage ID");
                tasksPerExecutor.computeIfAbsent(executor, k -> new TreeMap<>()).merge(trainingStages.get(stage), 1, Integer::sum);
                executorsPerStage.computeIfAbsent(stage, k -> new TreeSet<>()).add(executor);
            }
        }
        List<Integer> rounds = trainingStages.entrySet().stream().filter(s -> s.getValue().startsWith("treeAggregate"))
                .map(Map.Entry::getKey).collect(Collectors.toList());
        long roundsOnBoth = rounds.stream().filter(r -> executorsPerStage.getOrDefault(r, Set.of()).size() == 2).count();
        System.out.println("cluster-e2e: train application executors: " + executors);
        System.out.printf("cluster-e2e: %d stages started by ParameterAveragingTrainingMaster, %d of them averaging rounds (treeAggregate); "
                + "%d rounds ran on both executors%n", trainingStages.size(), rounds.size(), roundsOnBoth);
        tasksPerExecutor.forEach((executor, perStage) -> System.out.printf("cluster-e2e: executor %s ran %d training tasks: %s%n", executor,
                perStage.values().stream().mapToInt(Integer::intValue).sum(), perStage));
        assertThat(executors).as("executors of the train application").hasSize(2);
        assertThat(rounds).as("averaging rounds (treeAggregate stages of ParameterAveragingTrainingMaster) among " + trainingStages)
                .isNotEmpty();
        assertThat(tasksPerExecutor.keySet()).as("executors that ran training tasks").isEqualTo(executors.keySet());
        assertThat(roundsOnBoth).as("averaging rounds whose tasks ran on both executors, per round: " + executorsPerStage).isPositive();
    }

    /** The events of the one application named {@code appName} in the event log folder. */
    static List<Map<String, Object>> eventLog(String appName) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(WORK.resolve("events"))) {
            files = s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).collect(Collectors.toList());
        }
        List<List<Map<String, Object>>> matching = new ArrayList<>();
        for (Path f : files) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(Json.readMap(line, f.toString()));
                }
            }
            if (events.stream().anyMatch(e -> "SparkListenerApplicationStart".equals(e.get("Event")) && appName.equals(e.get("App Name")))) {
                matching.add(events);
            }
        }
        assertThat(matching).as("event logs of '" + appName + "' in " + WORK.resolve("events") + ": " + files).hasSize(1);
        return matching.get(0);
    }

    /** Submits one textrnn command to the cluster and asserts that it exited 0 (else shows its log's end). */
    static StandaloneCluster.Submission run(String command, String... args) throws IOException, InterruptedException {
        List<String> appArgs = new ArrayList<>(List.of(command));
        appArgs.addAll(List.of(args));
        StandaloneCluster.Submission s = cluster.submit(command, driverJvm(), sparkConf(), jar, "org.textrnn.cli.TextrnnCli", appArgs,
                STEP_TIMEOUT);
        System.out.printf("cluster-e2e: %s exited %d after %ds (driver log %s)%n", command, s.exitCode(), s.took().toSeconds(), s.log());
        assertThat(s.exitCode()).as("exit code of textrnn " + command + "; the end of its driver log:\n" + s.logTail(60)).isZero();
        return s;
    }

    /** The driver is the SparkSubmit JVM itself (client mode): its heap, JIT and JavaCPP limits are set here. */
    static List<String> driverJvm() {
        return List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=2500m",
                "-Dlog4j.configurationFile=" + Path.of("conf/log4j2-test.properties").toAbsolutePath());
    }

    static List<String> sparkConf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.driver.host", "127.0.0.1");
        c.put("spark.driver.bindAddress", "127.0.0.1");
        c.put("spark.ui.enabled", "false");
        // one single-core executor per worker; start only once both have registered
        c.put("spark.executor.cores", "1");
        c.put("spark.cores.max", "2");
        c.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        c.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        // heap for Spark and the network's on-heap side; ND4J's arrays live off-heap, capped by JavaCPP
        c.put("spark.executor.memory", "1g");
        c.put("spark.executor.memoryOverhead", "1536m");
        // Spark 3.5 adds the Java 17 module flags to the executors' options itself. C1 only: each
        // application's executors live a minute or two, and C2's warm-up took a third of the run's
        // CPU on 2 cores (ND4J's arithmetic is native code either way)
        c.put("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m");
        c.put("spark.executorEnv.OMP_NUM_THREADS", "1");
        c.put("spark.sql.shuffle.partitions", "4");
        c.put("spark.eventLog.enabled", "true");
        c.put("spark.eventLog.dir", WORK.resolve("events").toUri().toString());
        List<String> args = new ArrayList<>();
        c.forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        return args;
    }

    static boolean exists(String path) throws IOException {
        return HadoopFiles.exists(new org.apache.hadoop.fs.Path(path), conf);
    }

    static Map<String, Object> json(String path) throws IOException {
        return Json.readMap(HadoopFiles.readText(new org.apache.hadoop.fs.Path(path), conf), path);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }
}
