package org.textrnn.evaluate;

import org.textrnn.prepared.PreparedData;
import org.textrnn.command.ExitCodes;
import org.textrnn.prepared.ModelScoring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.command.Parser;
import org.textrnn.corpus.InputFormat;
import org.textrnn.model.ModelConfig;
import org.textrnn.cli.TextrnnCli;
import org.textrnn.UsageException;
import org.textrnn.io.Json;
import org.textrnn.prepare.PrepareConfig;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyCorpus;
import org.textrnn.train.TrainConfig;
import org.textrnn.train.TrainJob;
import org.textrnn.train.TrainResult;

/**
 * End to end on real files: prepare a toy corpus, train a small model (whose closing report is
 * evaluate's), then evaluate it on the prepared test split and on the raw test file.
 */
class EvaluateIT extends SparkTestBase {

    static final ToyCorpus CORPUS = ToyCorpus.threeClasses();

    @TempDir
    static Path tmp;
    static Path data;
    static Path model;
    static Path rawTest;
    static TrainResult trained;

    /** Three classes: "alpha" docs, "beta" docs, and docs with neither, among 40 filler words; the test split is its own file. */
    @BeforeAll
    static void trainModel() throws IOException {
        Path train = tmp.resolve("train.tsv");
        rawTest = tmp.resolve("test.tsv");
        Files.writeString(train, CORPUS.tsv(600, 3));
        Files.writeString(rawTest, CORPUS.tsv(150, 4) + "zzz\tan unknown label\n");
        data = tmp.resolve("prepared");
        PrepareJob.run(spark, PrepareConfig.builder().input("train=" + train, "test=" + rawTest).format(InputFormat.TSV)
                .output(data.toString()).vocabMinCount(1).maxLength(PrepareConfig.MaxLength.tokens(12))
                .labelsFrom(CORPUS.writeLabels(tmp.resolve("labels.tsv")).toString()).build());
        model = tmp.resolve("model");
        trained = TrainJob.run(spark, TrainConfig.builder().data(data.toString()).model(model.toString()).epochs(4).batchSize(32)
                .network(n -> n.embeddingSize(16).hiddenSize(16).layers(1).learningRate(0.02).pooling(ModelConfig.Pooling.MAX)
                        .embeddingDropout(0).rnnDropout(0)).build(), org.textrnn.evaluate.EvaluateJob::afterTraining);
    }

    /** {@code args} parsed as {@code textrnn evaluate} parses them. */
    static EvaluateConfig config(String... args) {
        return Parser.parse(new EvaluateCommand(), args).config();
    }

    /** An evaluation of the model on the prepared data into {@code report}. */
    static EvaluateConfig.Builder onData(Path report) {
        return EvaluateConfig.builder().model(model.toString()).data(data.toString()).report(report.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatesThePreparedTestSplitAsTrainingDidAndBeatsOrMatchesTheBaselines() throws Exception {
        Path out = tmp.resolve("report-data");
        EvaluateResult r = EvaluateJob.run(spark, onData(out).topK(2).errors(5).build());
        Map<String, Object> m = Json.readMap(Files.readString(out.resolve(EvaluateJob.METRICS)), "metrics.json");

        // an independent computation: DL4J's own Evaluation of the same model on the same split, done by train
        Map<String, Object> fromTraining = Json.readMap(Files.readString(model.resolve("test-metrics.json")), "test-metrics.json");
        assertThat(r.documents()).isEqualTo(150);
        assertThat(m.get("documents")).isEqualTo(150);
        for (String k : List.of("accuracy", "macro_f1", "weighted_f1", "per_class", "confusion")) {
            assertThat(m.get(k)).as(k).isEqualTo(fromTraining.get(k));
        }
        assertThat((Double) m.get("accuracy")).as("test accuracy; chance is 0.33").isGreaterThan(0.8);
        double logLoss = ((Number) m.get("log_loss")).doubleValue();
        assertThat(logLoss).isGreaterThan(0).isLessThan(Math.log(3));
        Map<String, Object> topK = (Map<String, Object>) m.get("top_k_accuracy");
        assertThat(topK.keySet()).containsExactly("1", "2");
        assertThat(topK.get("1")).isEqualTo(m.get("accuracy"));
        assertThat((Double) topK.get("2")).isGreaterThanOrEqualTo((Double) m.get("accuracy"));

        // the baselines ran on the same documents and learn this task
        Map<String, Map<String, Object>> baselines = (Map<String, Map<String, Object>>) m.get("baselines");
        assertThat(baselines.keySet()).containsExactly(Baselines.NAIVE_BAYES, Baselines.LOGISTIC_REGRESSION);
        for (Map<String, Object> b : baselines.values()) {
            assertThat(b.get("documents")).isEqualTo(150);
            assertThat((Double) b.get("accuracy")).isGreaterThan(0.6);
        }
        Map<String, Object> guardrails = (Map<String, Object>) m.get("guardrails");
        assertThat(guardrails.get("scores")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("model",
                Baselines.NAIVE_BAYES, Baselines.LOGISTIC_REGRESSION);
        assertThat(guardrails.get("zero_recall_classes")).isEqualTo(List.of());

        // confusion.csv is the matrix of metrics.json with labels
        List<String> confusion = Files.readAllLines(out.resolve(EvaluateJob.CONFUSION));
        assertThat(confusion.get(0)).isEqualTo("true\\predicted,a,b,c");
        List<List<Number>> matrix = (List<List<Number>>) m.get("confusion");
        for (int a = 0; a < 3; a++) {
            StringBuilder row = new StringBuilder(List.of("a", "b", "c").get(a));
            matrix.get(a).forEach(v -> row.append(',').append(v));
            assertThat(confusion.get(a + 1)).isEqualTo(row.toString());
        }

        // errors.csv: at most 5 mistakes, most confident first, each really a mistake
        List<String> errors = Files.readAllLines(out.resolve(EvaluateJob.ERRORS));
        assertThat(errors.get(0)).isEqualTo("doc_id,text_excerpt,true,predicted,confidence,true_probability");
        long wrong = 150 - Math.round((Double) m.get("accuracy") * 150);
        assertThat(errors).hasSize((int) Math.min(5, wrong) + 1);
        double previous = 1.0;
        for (String line : errors.subList(1, errors.size())) {
            String[] f = line.split(",");
            assertThat(f).hasSize(6);
            assertThat(f[2]).isNotEqualTo(f[3]);
            assertThat(f[1]).matches("[a-z0-9 ]+");
            double confidence = Double.parseDouble(f[4]);
            assertThat(confidence).isLessThanOrEqualTo(previous).isGreaterThan(Double.parseDouble(f[5]));
            previous = confidence;
        }
        assertThat(out.resolve(EvaluateJob.REPORT)).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void evaluatesRawDocumentsWithTheBundlesVocabulary() throws Exception {
        Path out = tmp.resolve("report-input");
        EvaluateResult r = EvaluateJob.run(spark, EvaluateConfig.builder().model(model.toString()).input(rawTest.toString())
                .format(InputFormat.TSV).report(out.toString()).baseline(false).build(), org.textrnn.prepare.PrepareJob::encodeWithBundle);
        Map<String, Object> fromData = Json.readMap(Files.readString(model.resolve("test-metrics.json")), "test-metrics.json");
        assertThat(r.documents()).as("the record with an unknown label is rejected").isEqualTo(150);
        Map<String, Object> written = Json.readMap(Files.readString(out.resolve(EvaluateJob.METRICS)), "metrics.json");
        assertThat(written.get("confusion")).as("the same documents, encoded the same way").isEqualTo(fromData.get("confusion"));
        assertThat(Files.readString(out.resolve("prepared/vocab.tsv"))).isEqualTo(Files.readString(model.resolve("vocab.tsv")));
        assertThat((Map<String, Object>) r.metrics().get("baselines")).isEmpty();
        assertThat(r.metrics().get("baseline_note")).isEqualTo("--baseline false");
        Map<String, Object> stats = Json.readMap(Files.readString(out.resolve("prepared/stats.json")), "stats.json");
        assertThat(((Map<String, Object>) stats.get("input")).get("rejected")).isEqualTo(1);
    }

    @Test
    void theBatchingOptionOverridesTheBundles() throws Exception {
        org.textrnn.bundle.ModelBundle bundle = org.textrnn.bundle.ModelBundle.load(model.toString(), new org.apache.hadoop.conf.Configuration());
        org.apache.spark.api.java.JavaSparkContext jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> test = org.textrnn.prepared.PreparedData.split(spark, data.toString(), "test");
        for (org.textrnn.model.Batching b : org.textrnn.model.Batching.values()) {
            Path out = tmp.resolve("report-" + b.id());
            EvaluateResult r = EvaluateJob.run(spark, onData(out).baseline(false).batching(b).build());
            // the same rows scored with that batching directly
            double expected = ModelScoring.score(test, jsc.broadcast(bundle.networkBytes()), jsc.broadcast(bundle.vocabulary()), 3,
                    bundle.maxLength(), b, 256, 0).tally().logLoss();
            assertThat(((Number) r.metrics().get("log_loss")).doubleValue()).as(b.id()).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(2e-6)); // metrics.json rounds to 6 decimals
            assertThat(((Map<?, ?>) r.metrics().get("evaluated")).get("batching")).isEqualTo(b.id());
            assertThat(((Map<?, ?>) r.metrics().get("config")).get("batching")).isEqualTo(b.id());
        }
        assertThat(bundle.batching()).as("train's default").isEqualTo(org.textrnn.model.Batching.LENGTH_BUCKETS);
    }

    @Test
    void trainWroteTheSameReportAndItRendersInChromium() throws Exception {
        Path report = model.resolve(EvaluateJob.TRAIN_REPORT);
        Map<String, Object> m = Json.readMap(Files.readString(report.resolve(EvaluateJob.METRICS)), "metrics.json");
        assertThat(m.get("accuracy")).isEqualTo(trained.testMetrics().get("accuracy"));
        String dom = HeadlessChromium.dumpDom(report.resolve(EvaluateJob.REPORT));
        Map<String, Map<String, String>> charts = HeadlessChromium.charts(dom);
        assertThat(charts.keySet()).contains("chart-models", "chart-loss", "chart-quality", "chart-confusion", "chart-per-class",
                "chart-lengths", "chart-oov");
        assertThat(charts.get("chart-confusion")).containsEntry("data-rendered-marks", "9");
        assertThat(charts.get("chart-loss")).as("train and validation loss: 2 lines and 4 points each")
                .containsEntry("data-rendered-marks", "10");
        charts.forEach((id, a) -> assertThat(a).as(id).containsEntry("data-rendered", "true"));
        // the default recipe pretrains the embedding with Word2Vec: the report shows that coverage
        assertThat(dom).contains("<h3>Word2Vec coverage</h3>").doesNotContain("id=\"glove-none\"");
        assertThat(charts).containsKey("chart-glove");
    }

    @Test
    void theCommandLineChecksOptionsBeforeSpark() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] args = {"evaluate", "--model", model.toString(), "--data", data.toString(), "--report", tmp.resolve("report-fail").toString(),
                "--baseline", "false", "--regression.margin", "0.5"};
        assertThat(TextrnnCli.run(concat(args, "--dry-run"), System.out, errStream)).isZero();
        assertThat(TextrnnCli.run(new String[] {"evaluate", "--model", model.toString(), "--report", "x"}, System.out, errStream))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give one of --data DIR (a prepare output), --input PATH with --format FMT (raw labelled documents) or --table TABLE");
    }

    @Test
    void aFlaggedModelMakesEvaluateExitWithThreeUnderFailOnRegression() throws Exception {
        // the model cannot beat the best baseline by 0.5 accuracy: flagged
        EvaluateConfig cfg = onData(tmp.resolve("report-flag")).regressionMargin(0.5).failOnRegression(true).lrIterations(10).build();
        EvaluateResult r = EvaluateJob.run(spark, cfg);
        assertThat(r.guardrails().flagged()).isTrue();
        assertThat(r.guardrails().belowBaseline()).isTrue();
        assertThat(r.guardrails().messages().get(0)).startsWith("the model's accuracy ").contains("plus the margin 0.5000");
        String html = Files.readString(tmp.resolve("report-flag").resolve(EvaluateJob.REPORT));
        assertThat(html).contains("<div class=\"flag verdict\"><b>Flagged:</b>").contains("<tr class=\"flag\"><td>textrnn model"); // "(best)" when it beats the baselines all the same
        assertThat(new EvaluateCommand().exitCode(cfg, r)).isEqualTo(3);
        assertThat(new EvaluateCommand().exitCode(onData(Path.of("x")).regressionMargin(0.5).build(), r))
                .as("without --fail-on-regression").isZero();
    }

    @Test
    void mismatchedDataIsRefusedBeforeSpark() throws IOException {
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("sequences"));
        Files.writeString(other.resolve("vocab.tsv"), "<pad>\t0\t0\n<unk>\t1\t0\nzebra\t2\t5\n");
        Files.writeString(other.resolve("labels.tsv"), "a\t0\nb\t1\nc\t2\n");
        assertThatThrownBy(() -> EvaluateJob.check(onData(tmp.resolve("r")).data(other.toString()).build(),
                new org.apache.hadoop.conf.Configuration()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--data " + other + " was prepared with another vocabulary (hash ")
                .hasMessageEndingWith("prepare it with --vocab.from " + model + "/vocab.tsv --labels.from " + model
                        + "/labels.tsv, or give the raw documents with --input");
        Path notReport = tmp.resolve("not-a-report");
        Files.createDirectories(notReport);
        Files.writeString(notReport.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> EvaluateJob.check(onData(notReport).build(), new org.apache.hadoop.conf.Configuration()))
                .hasMessage("--report " + notReport + " holds files that are not an evaluate report: choose a new or empty folder");
        assertThatThrownBy(() -> config("--model", model.toString(), "--input", rawTest.toString(), "--report", "x"))
                .hasMessage("--input " + rawTest + " needs --format (last-word-label|tsv|csv|jsonl|parquet|dir-per-class|email)");
        assertThatThrownBy(() -> config("--model", model.toString(), "--data", "d", "--report", "x", "--regression.metric", "f1"))
                .hasMessage("--regression.metric must be one of accuracy, macro-f1, found 'f1'");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
