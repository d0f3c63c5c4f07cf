package org.textrnn.score;

import org.textrnn.table.PredictionTable;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.TextrnnException;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.io.Json;
import org.textrnn.model.Batching;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyModel;
import org.textrnn.testing.UnreadableFiles;
import org.textrnn.text.Tokenizer;
import org.textrnn.bundle.ModelBundle;

/** The score job against Parquet and Iceberg tables: predictions, re-runs, dates, failures, schema checks, SQL. */
class ScoreIT extends SparkTestBase {

    @TempDir
    static Path tmp;
    static Path model;
    static Path docs;
    static final int DOCS = 60;

    @BeforeAll
    static void trainAndWriteDocuments() throws IOException {
        model = ToyModel.train(spark, tmp.resolve("train")).bundle();
        docs = tmp.resolve("docs.tsv");
        // 60 documents, one malformed line (no tab), one document with no tokens
        Files.writeString(docs, ToyModel.CORPUS.tsv(DOCS, 11) + "no-tab-here\n" + "b\t \u00a0\n");
        Files.writeString(tmp.resolve("other-docs.tsv"), ToyModel.CORPUS.tsv(20, 12));
        // textrnn's default catalog, as the commands configure it: Iceberg's JdbcCatalog on an SQLite file in the warehouse
        CatalogOptions catalog = new CatalogOptions(tmp.resolve("warehouse").toString(), null);
        Tables.catalogSettings(catalog, new Configuration()).forEach((k, v) -> {
            if (!k.equals("spark.sql.extensions")) { // a static setting; the tests need no SQL extensions
                spark.conf().set(k, v);
            }
        });
        Tables.prepareCatalog(catalog, new Configuration()); // as score does before Spark starts
    }

    @AfterEach
    void noInjectedFaults() {
        spark.conf().unset(ScoreJob.FAULT_INJECTION);
    }

    private static ScoreSummary score(String table, String date, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--model", model.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", table, "--run-date", date, "--warehouse", tmp.resolve("warehouse").toString()));
        args.addAll(List.of(more));
        return ScoreJob.run(spark, ScoreFixtures.config(args.toArray(new String[0])));
    }

    private static long rows(String parquetTable, String date) {
        return spark.read().parquet(parquetTable).where("run_date = DATE'" + date + "'").count();
    }

    @Test
    void predictionsEqualTheInMemoryModelsAndCarryTheirColumns() throws IOException {
        String table = tmp.resolve("equal").toString();
        ScoreSummary s = score(table, "2026-11-01", "--keep-columns", "label,text", "--top-k", "2", "--batch-size", "7");
        assertThat(s.scored()).isEqualTo(DOCS);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.empty()).isEqualTo(1);
        assertThat(s.read()).isEqualTo(DOCS + 2);
        assertThat(s.written()).isEqualTo(DOCS);

        ModelBundle bundle = ModelBundle.load(model.toString(), new Configuration());
        MultiLayerNetwork net = bundle.network();
        Tokenizer tokenizer = bundle.tokenizer().create();
        SequenceEncoder encoder = bundle.encoder();
        List<String> labels = bundle.labels().labels();
        List<Row> rows = spark.read().parquet(table).collectAsList();
        assertThat(rows).hasSize(DOCS);
        Set<String> ids = new HashSet<>();
        for (Row r : rows) {
            ids.add(r.getAs("doc_id"));
            float[] expected = alone(net, encoder, tokenizer.tokenize(r.getAs("text")), bundle.batching());
            Map<String, Double> probabilities = r.getJavaMap(r.fieldIndex("probabilities"));
            int best = 0;
            for (int c = 0; c < labels.size(); c++) {
                assertThat(probabilities.get(labels.get(c))).as("probability of " + labels.get(c)).isCloseTo(expected[c], within(1e-5));
                best = expected[c] > expected[best] ? c : best;
            }
            assertThat((String) r.getAs("predicted_label")).isEqualTo(labels.get(best));
            assertThat((Double) r.getAs("confidence")).isCloseTo(expected[best], within(1e-5));
            List<String> top = r.getList(r.fieldIndex("top_k"));
            assertThat(top).hasSize(2).startsWith(labels.get(best));
            assertThat((String) r.getAs("model_version")).isEqualTo(bundle.version());
            assertThat((String) r.getAs("vocab_hash")).isEqualTo(bundle.vocabulary().hash());
            assertThat((Double) r.getAs("oov_rate")).isEqualTo(0.0); // the toy vocabulary has every word
            assertThat((String) r.getAs("label")).isIn("a", "b", "c");
            assertThat((String) r.getAs("run_id")).isEqualTo("score-2026-11-01");
            assertThat((Date) r.getAs("run_date")).isEqualTo(Date.valueOf("2026-11-01"));
        }
        assertThat(ids).hasSize(DOCS);
        // the model learned the toy task, so the scores are not noise
        long right = rows.stream().filter(r -> r.getAs("label").equals(r.getAs("predicted_label"))).count();
        assertThat(right).as("correct predictions of " + DOCS).isGreaterThan(DOCS / 2);

        Path run = Path.of(table, ScoreJob.RUNS, "run_date=2026-11-01");
        assertThat(run.resolve("_SUCCESS")).exists();
        Map<String, Object> summary = Json.readMap(Files.readString(run.resolve(ScoreJob.SUMMARY)), "summary");
        assertThat(summary).containsEntry("documents_read", DOCS + 2).containsEntry("scored", DOCS).containsEntry("rejected", 1)
                .containsEntry("empty", 1).containsEntry("rows_written", DOCS).containsEntry("run_id", "score-2026-11-01");
        // where the record is, qualified, so that schedulers and notebooks need not know the rule
        assertThat(summary).containsEntry("runs_dir", "file:" + Path.of(table, ScoreJob.RUNS)).containsEntry("run_dir", "file:" + run);
        List<Row> rejected = spark.read().json(run.resolve("rejected").toString()).collectAsList();
        assertThat(rejected).extracting(r -> (String) r.getAs("reason"))
                .containsExactlyInAnyOrder("expected 2 tab-separated fields (label,text), found 1", "no tokens in the document");
    }

    /** A document's probabilities computed alone, as the batching gives it to the network: padded to the max length or not padded. */
    private static float[] alone(MultiLayerNetwork net, SequenceEncoder encoder, List<String> tokens, Batching batching) {
        SequenceEncoder.Encoded e = encoder.encode(tokens);
        int t = batching == Batching.PADDED ? encoder.maxLength() : Batching.steps(e.length(), encoder.maxLength());
        INDArray f = Nd4j.create(1, t);
        INDArray m = Nd4j.zeros(1, t);
        for (int j = 0; j < t; j++) {
            f.putScalar(0, j, e.tokens()[j]);
            m.putScalar(0, j, j < e.length() ? 1 : 0);
        }
        return net.output(f, false, m, null).toFloatVector();
    }

    @Test
    void theBatchingOptionOverridesTheBundles() throws IOException {
        ModelBundle bundle = ModelBundle.load(model.toString(), new Configuration());
        assertThat(bundle.batching()).as("the default of train").isEqualTo(Batching.LENGTH_BUCKETS);
        MultiLayerNetwork net = bundle.network();
        Tokenizer tokenizer = bundle.tokenizer().create();
        for (Batching b : Batching.values()) {
            String table = tmp.resolve("batching-" + b.id()).toString();
            score(table, "2026-11-02", "--keep-columns", "text", "--batch-size", "7", "--batching", b.id());
            for (Row r : spark.read().parquet(table).collectAsList()) {
                float[] expected = alone(net, bundle.encoder(), tokenizer.tokenize(r.getAs("text")), b);
                Map<String, Double> probabilities = r.getJavaMap(r.fieldIndex("probabilities"));
                for (int c = 0; c < expected.length; c++) {
                    assertThat(probabilities.get(bundle.labels().labels().get(c))).as(b.id()).isCloseTo(expected[c], within(1e-5));
                }
            }
            Path run = Path.of(table, ScoreJob.RUNS, "run_date=2026-11-02");
            Map<String, Object> summary = Json.readMap(Files.readString(run.resolve(ScoreJob.SUMMARY)), "summary");
            assertThat(summary).containsEntry("batching", b.id());
            assertThat(((Map<?, ?>) summary.get("config")).get("batching")).as("as given").isEqualTo(b.id());
        }
    }

    @Test
    void reRunningADateReplacesItsRowsAndLeavesOtherDatesAlone() throws IOException {
        String table = tmp.resolve("reruns").toString();
        score(table, "2026-11-02");
        score(table, "2026-11-03", "--run-id", "first");
        ScoreSummary again = score(table, "2026-11-03", "--run-id", "second");
        assertThat(again.written()).isEqualTo(DOCS);
        assertThat(rows(table, "2026-11-02")).isEqualTo(DOCS);
        assertThat(rows(table, "2026-11-03")).isEqualTo(DOCS);
        assertThat(spark.read().parquet(table).where("run_date = DATE'2026-11-03'").select("doc_id").distinct().count()).isEqualTo(DOCS);
        assertThat(spark.read().parquet(table).where("run_date = DATE'2026-11-03'").select("run_id").distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("second");
    }

    @Test
    void aFailedJobLeavesTheTableAsItWas() throws IOException {
        String table = tmp.resolve("failing").toString();
        score(table, "2026-11-04", "--run-id", "good");
        spark.conf().set(ScoreJob.FAULT_INJECTION, "always");
        assertThatThrownBy(() -> score(table, "2026-11-04", "--run-id", "bad")).hasStackTraceContaining("injected scoring failure");
        assertThatThrownBy(() -> score(table, "2026-11-05", "--run-id", "bad")).hasStackTraceContaining("injected scoring failure");
        spark.conf().unset(ScoreJob.FAULT_INJECTION);
        assertThat(rows(table, "2026-11-04")).isEqualTo(DOCS);
        assertThat(spark.read().parquet(table).select("run_id").distinct().collectAsList()).extracting(r -> r.getString(0))
                .containsExactly("good");
        try (Stream<Path> files = Files.list(Path.of(table))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")))
                    .as("no partial date, nothing a reader would see").containsExactly("run_date=2026-11-04");
        }
        assertThat(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-05", "_SUCCESS")).doesNotExist();
        // the good run's record survives the failed re-run of its date: its rejected records, summary and marker
        assertThat(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-04", "_SUCCESS")).exists();
        assertThat(Files.readString(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-04", ScoreJob.SUMMARY))).contains("\"run_id\" : \"good\"");
        try (Stream<Path> rejected = Files.list(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-04", "rejected"))) {
            assertThat(rejected.filter(p -> p.getFileName().toString().endsWith(".json"))).isNotEmpty();
        }
    }

    @Test
    void aRunOfADateAnotherRunHoldsIsRefusedAndOtherDatesProceed() throws IOException {
        for (String table : List.of(tmp.resolve("locked").toString(), "db.locked")) {
            Tables.Target target = Tables.resolve(table, "auto");
            ScoreConfig cfg = ScoreFixtures.config("--model", model.toString(), "--input", docs.toString(), "--format", "tsv",
                    "--table", table, "--run-date", "2026-11-08", "--warehouse", tmp.resolve("warehouse").toString());
            PredictionTable t = PredictionTable.of(spark, target);
            // another live run (this process, as far as the lock can tell) holds 2026-11-08
            try (org.textrnn.io.OutputLock other = org.textrnn.io.OutputLock.acquire(t.lockFile(cfg.runDate(), ScoreJob.runDir(cfg)),
                    t.lockSubject(cfg.runDate()), "nightly-8", spark.sparkContext().hadoopConfiguration())) {
                assertThatThrownBy(() -> ScoreJob.run(spark, cfg))
                        .isInstanceOf(org.textrnn.io.OutputLock.Held.class)
                        .hasMessageContaining(" is being written by another run: run nightly-8 (pid " + ProcessHandle.current().pid());
                if (t instanceof PredictionTable.IcebergTable ice && ice.hadoopCatalog()) {
                    // a Hadoop catalog's commits are unsafe between processes: the whole table waits
                    assertThatThrownBy(() -> score(table, "2026-11-09")).isInstanceOf(org.textrnn.io.OutputLock.Held.class)
                            .hasMessageContaining(target + " (in a Hadoop catalog: one run of the table at a time)");
                } else {
                    assertThatThrownBy(() -> ScoreJob.run(spark, cfg)).hasMessageContaining(target + ", run_date 2026-11-08");
                    // another date proceeds meanwhile
                    assertThat(score(table, "2026-11-09").written()).isEqualTo(DOCS);
                }
            }
            assertThat(score(table, "2026-11-08").written()).as("after the other run released it").isEqualTo(DOCS);
        }
    }

    @Test
    void aReRunWithNothingToScoreEmptiesItsDateAndSaysSo() throws IOException {
        String table = tmp.resolve("emptied").toString();
        score(table, "2026-11-06", "--run-id", "full");
        score(table, "2026-11-07", "--run-id", "other");
        Path none = tmp.resolve("nothing.tsv");
        Files.writeString(none, "");
        List<String> args = new java.util.ArrayList<>(List.of("--model", model.toString(), "--input", none.toString(), "--format", "tsv",
                "--table", table, "--run-date", "2026-11-06", "--run-id", "empty"));
        ScoreSummary s = ScoreJob.run(spark, ScoreFixtures.config(args.toArray(new String[0])));
        assertThat(s.written()).isZero();
        assertThat(rows(table, "2026-11-06")).isZero();
        assertThat(rows(table, "2026-11-07")).isEqualTo(DOCS);
        assertThat(Files.readString(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-06", ScoreJob.SUMMARY)))
                .contains("\"run_id\" : \"empty\"").contains("\"rows_written\" : 0");
    }

    @Test
    void anIncompatibleTableIsRefusedBeforeWriting() throws IOException {
        String table = tmp.resolve("schema").toString();
        score(table, "2026-11-06", "--keep-columns", "label");
        assertThatThrownBy(() -> score(table, "2026-11-07", "--keep-columns", "source"))
                .isInstanceOf(TextrnnException.class)
                .hasMessage("parquet table " + table + " has an incompatible schema: column 'source' (string) is missing from the table; "
                        + "write to another table, or keep the same --keep-columns as the runs that made it");
        assertThat(Path.of(table, "run_date=2026-11-07")).doesNotExist();
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> score(foreign.toString(), "2026-11-07"))
                .hasMessageContaining("is not a textrnn predictions table: it holds 'notes.txt'");
    }

    @Test
    void evaluateReadsAScoredTableThatKeptTheLabel() throws IOException {
        String table = tmp.resolve("to-evaluate").toString();
        score(table, "2026-11-15", "--keep-columns", "label,text");
        score(table, "2026-11-16", "--keep-columns", "label,text", "--input", tmp.resolve("other-docs.tsv").toString());
        List<Row> rows = spark.read().parquet(table).where("run_date = DATE'2026-11-15'").collectAsList();
        long right = rows.stream().filter(r -> r.getAs("label").equals(r.getAs("predicted_label"))).count();
        Path report = tmp.resolve("table-report");
        org.textrnn.evaluate.EvaluateResult result = org.textrnn.evaluate.EvaluateJob.run(spark, org.textrnn.evaluate.EvaluateConfig.builder()
                .model(model.toString()).table(table).runDate(java.time.LocalDate.parse("2026-11-15")).report(report.toString()).build());
        assertThat(result.documents()).isEqualTo(DOCS);
        Map<String, Object> metrics = Json.readMap(Files.readString(report.resolve("metrics.json")), "metrics");
        assertThat(((Number) metrics.get("accuracy")).doubleValue()).isCloseTo(right / (double) DOCS, within(1e-6));
        assertThat((String) metrics.get("baseline_note")).startsWith("--table holds predictions");
        assertThat(report.resolve("report.html")).exists();

        String noLabel = tmp.resolve("no-label").toString();
        score(noLabel, "2026-11-15");
        assertThatThrownBy(() -> org.textrnn.evaluate.EvaluateJob.run(spark, org.textrnn.evaluate.EvaluateConfig.builder()
                .model(model.toString()).table(noLabel).report(tmp.resolve("no-label-report").toString()).build()))
                .hasMessage("parquet table " + noLabel + " has no 'label' column: score with --keep-columns label to keep the true label "
                        + "for evaluation (is it a table written by textrnn score?)");
    }

    @Test
    void onErrorFailStopsAtTheFirstBadRecordBeforeWriting() throws IOException {
        String table = tmp.resolve("strict").toString();
        assertThatThrownBy(() -> score(table, "2026-11-14", "--on-error", "fail"))
                .isInstanceOf(TextrnnException.class)
                .hasMessageMatching(".*docs\\.tsv:6[12]: .* \\(--on-error fail; nothing was written to parquet table .*strict\\)");
        // no partition, no staging, no lock left behind (at most the empty runs folder)
        if (Files.exists(Path.of(table))) {
            try (java.util.stream.Stream<Path> all = Files.walk(Path.of(table))) {
                assertThat(all.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void anUnreadableFileIsARejectedRecordAndWithOnErrorFailOneLine() throws IOException {
        Path inbox = tmp.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("1.txt"), "w1 alpha w2 w3");
        Files.writeString(inbox.resolve("2.txt"), "w4 beta w5 w6");
        UnreadableFiles.checksumMismatch(inbox.resolve("3.txt"), "w7 w8 w9", "w7 w8 w0");
        String table = tmp.resolve("unreadable").toString();
        String[] args = {"--model", model.toString(), "--input", inbox.toString(), "--format", "dir-per-class", "--unlabelled",
            "--table", table, "--run-date", "2026-11-09"};
        ScoreSummary s = ScoreJob.run(spark, ScoreFixtures.config(args));
        assertThat(s.scored()).isEqualTo(2);
        assertThat(s.rejected()).isEqualTo(1);
        List<Row> rejected = spark.read().json(Path.of(table, ScoreJob.RUNS, "run_date=2026-11-09", "rejected").toString()).collectAsList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat((String) r.getAs("source")).endsWith("inbox/3.txt");
            assertThat((String) r.getAs("reason")).startsWith("cannot read the file: Checksum error: ").contains("inbox/3.txt");
        });

        String[] strict = java.util.Arrays.copyOf(args, args.length + 2);
        strict[args.length] = "--on-error";
        strict[args.length + 1] = "fail";
        strict[args.length - 1] = "2026-11-10";
        assertThatThrownBy(() -> ScoreJob.run(spark, ScoreFixtures.config(strict)))
                .satisfies(e -> assertThat(org.textrnn.cli.TextrnnCliAccess.userMessage(e))
                        .matches("file:/\\S*/inbox/3\\.txt: cannot read the file: Checksum error: \\S*/inbox/3\\.txt at 0 exp: -?\\d+ got: -?\\d+"
                                + " \\(--on-error fail; nothing was written to parquet table \\S*unreadable\\)"));
        assertThat(rows(table, "2026-11-10")).isZero();
    }

    @Test
    void unlabelledDocumentsAreScored() throws IOException {
        Path unlabelled = tmp.resolve("unlabelled.txt");
        StringBuilder sb = new StringBuilder();
        for (String line : ToyModel.CORPUS.tsv(30, 5).split("\n")) {
            sb.append(line.substring(line.indexOf('\t') + 1)).append('\n');
        }
        Files.writeString(unlabelled, sb.toString());
        String table = tmp.resolve("unlabelled-table").toString();
        ScoreSummary s = ScoreJob.run(spark, ScoreFixtures.config("--model", model.toString(), "--input", unlabelled.toString(),
                "--format", "tsv", "--columns", "text", "--unlabelled", "--table", table, "--run-date", "2026-11-08",
                "--keep-columns", "source"));
        assertThat(s.scored()).isEqualTo(30);
        assertThat(spark.read().parquet(table).where("source like '%unlabelled.txt:%'").count()).isEqualTo(30);
        assertThatThrownBy(() -> ScoreFixtures.config("--model", "m", "--input", "i", "--format", "tsv", "--columns", "text",
                "--unlabelled", "--table", "t/x", "--run-date", "2026-11-08", "--keep-columns", "label"))
                .hasMessage("--keep-columns label with --unlabelled: the input has no labels to keep");
    }

    @Test
    void icebergTableReRunsAndDatesAndSql() throws IOException {
        String table = "db.predictions";
        score(table, "2026-11-09");
        score(table, "2026-11-10");
        ScoreSummary again = score(table, "2026-11-10", "--run-id", "again");
        assertThat(again.written()).isEqualTo(DOCS);
        String full = Tables.CATALOG + "." + table;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long n = SqlCommand.print(spark, "SELECT run_date, count(*) AS n, count(DISTINCT doc_id) AS ids, max(run_id) AS run FROM " + full
                + " GROUP BY run_date ORDER BY run_date", 0, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(n).isEqualTo(2);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo("run_date\tn\tids\trun\n"
                + "2026-11-09\t60\t60\tscore-2026-11-09\n" + "2026-11-10\t60\t60\tagain\n");
        Path record = Path.of(tmp.resolve("warehouse").toString(), ScoreJob.RUNS, full, "run_date=2026-11-10");
        assertThat(record.resolve("_SUCCESS")).exists();
        assertThat(Json.readMap(Files.readString(record.resolve(ScoreJob.SUMMARY)), "summary"))
                .containsEntry("runs_dir", "file:" + record.getParent()).containsEntry("run_dir", "file:" + record);
        // a failed run leaves the Iceberg table's snapshot as it was
        long snapshots = spark.sql("SELECT * FROM " + full + ".snapshots").count();
        spark.conf().set(ScoreJob.FAULT_INJECTION, "always");
        assertThatThrownBy(() -> score(table, "2026-11-10", "--run-id", "bad")).hasStackTraceContaining("injected scoring failure");
        spark.conf().unset(ScoreJob.FAULT_INJECTION);
        assertThat(spark.sql("SELECT * FROM " + full + ".snapshots").count()).isEqualTo(snapshots);
        assertThat(spark.sql("SELECT DISTINCT run_id FROM " + full + " WHERE run_date = DATE'2026-11-10'").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("again");
        // and its schema is checked like a Parquet table's
        assertThatThrownBy(() -> score(table, "2026-11-11", "--keep-columns", "text"))
                .hasMessageContaining("has an incompatible schema: column 'text' (string) is missing from the table");
    }

    @Test
    void sqlReadsParquetTablesByPathAndEscapesValues() throws IOException {
        String table = tmp.resolve("sql").toString();
        score(table, "2026-11-12");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SqlCommand.print(spark, "SELECT count(*) AS n, 'a\tb' AS odd, CAST(NULL AS STRING) AS missing FROM parquet.`" + table + "`", 0,
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo("n\todd\tmissing\n60\ta\\tb\t\\N\n");
        assertThatThrownBy(() -> SqlCommand.print(spark, "SELEC 1", 0, System.out)).hasMessageStartingWith("query failed: ");
    }

    @Test
    void aBadBundleFailsBeforeReadingInput() throws IOException {
        Configuration conf = new Configuration();
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("none").toString(), conf)).hasMessageEndingWith("does not exist");
        Path copy = tmp.resolve("bad-bundle");
        Files.createDirectories(copy);
        for (String f : List.of("bundle.json", "vocab.tsv", "labels.tsv")) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        assertThatThrownBy(() -> ModelBundle.load(copy.toString(), conf)).hasMessage("--model " + copy
                + " is not a model bundle: model.zip is missing");
        Files.writeString(copy.resolve("model.zip"), "not a zip");
        assertThatThrownBy(() -> ModelBundle.load(copy.toString(), conf)).hasMessageContaining("model.zip is corrupt or not a DL4J network");
        Files.copy(model.resolve("model.zip"), copy.resolve("model.zip"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(ModelBundle.load(copy.toString(), conf).version()).isNotEmpty();
        Map<String, Object> b = new HashMap<>(Json.readMap(Files.readString(copy.resolve("bundle.json")), "b"));
        b.put("format", 3);
        Files.writeString(copy.resolve("bundle.json"), Json.write(b));
        assertThatThrownBy(() -> ModelBundle.load(copy.toString(), conf))
                .hasMessageContaining("in bundle format 3; this textrnn reads format 2 and older");
        ScoreConfig cfg = ScoreFixtures.config("--model", copy.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", tmp.resolve("never").toString(), "--run-date", "2026-11-13");
        assertThatThrownBy(() -> ScoreJob.check(cfg, conf)).hasMessageContaining("in bundle format 3");
    }
}
