package org.textrnn.score;

import org.textrnn.table.PredictionTable;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.io.Json;
import org.textrnn.io.OutputLock;
import org.textrnn.testing.CliProcess;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyModel;

/**
 * Parquet tables under kill -9 and overlapping runs: a score run in a child JVM is killed at each
 * step of its commit protocol (before and after each rename, with the preload shim
 * {@code ../shared/tools/killat.c}); a reader then sees all the old rows of the date or all the new
 * ones (and the run record that goes with them), and the next run finishes the publication and
 * leaves no staging behind. Two runs of one date: the second is refused, naming the first; two
 * dates at once: both land in full.
 */
@Tag("reliability")
class ScoreFaultIT extends SparkTestBase {

    static final String DATE = "2026-11-02";
    static final int DOCS = 400;

    @TempDir
    static Path tmp;
    static Path model;
    static Path docs;
    static Path killat;

    @BeforeAll
    static void build() throws Exception {
        killat = org.textrnn.testing.KillAt.build(tmp);
        model = ToyModel.train(spark, tmp.resolve("train")).bundle();
        docs = tmp.resolve("docs.tsv");
        Files.writeString(docs, ToyModel.CORPUS.tsv(DOCS, 21));
    }

    private static List<String> args(String table, String date, String runId) {
        return new ArrayList<>(List.of("--model", model.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", table, "--run-date", date, "--run-id", runId));
    }

    private static ScoreSummary scoreHere(String table, String date, String runId) throws IOException {
        return ScoreJob.run(spark, ScoreFixtures.config(args(table, date, runId).toArray(new String[0])));
    }

    private static CliProcess child(String table, String date, String runId, String... env) {
        List<String> a = new ArrayList<>(List.of("score"));
        a.addAll(args(table, date, runId));
        CliProcess p = CliProcess.of(tmp.resolve("child-" + runId + "-" + date + "-" + System.nanoTime() + ".log"), a.toArray(new String[0]));
        p.env("LD_PRELOAD", killat.toString());
        for (int i = 0; i < env.length; i += 2) {
            p.env(env[i], env[i + 1]);
        }
        return p;
    }

    /** The date's rows by run id, as a plain Spark reader of the table folder sees them. */
    private static Map<String, Long> view(String table, String date) {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Row r : spark.read().parquet(table).where("run_date = DATE'" + date + "'").groupBy("run_id").count().collectAsList()) {
            m.put(r.getString(0), r.getLong(1));
        }
        return m;
    }

    private static String recordRunId(String table, String date) throws IOException {
        Path summary = Path.of(table, ScoreJob.RUNS, "run_date=" + date, ScoreJob.SUMMARY);
        return Files.exists(summary) ? (String) Json.readMap(Files.readString(summary), summary.toString()).get("run_id") : "none";
    }

    private static List<String> hidden(String table) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path dir : List.of(Path.of(table), Path.of(table, ScoreJob.RUNS))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.contains("textrnn")).forEach(names::add);
            }
        }
        return names;
    }

    @Test
    void aRunKilledAtAnyStepLeavesAllOldOrAllNewRowsAndTheNextRunFinishesIt() throws Exception {
        record Kill(String name, String expect, String... env) { }
        String date = "run_date=" + DATE;
        List<Kill> kills = List.of(
                new Kill("while Spark writes the staged files", "old", "KILLAT_RENAME_HAS", "." + date + ".textrnn-staging/part-"),
                new Kill("before the journal (the commit point)", "old", "KILLAT_RENAME_HAS", "." + date + ".textrnn-journal"),
                new Kill("after the journal", "old", "KILLAT_RENAME_HAS", "." + date + ".textrnn-journal", "KILLAT_AFTER", "1"),
                new Kill("after the old date is retired", "gap", "KILLAT_RENAME_HAS", "." + date + ".textrnn-retired-", "KILLAT_AFTER", "1"),
                new Kill("after the new date is moved in", "new", "KILLAT_RENAME_TO", "/pq-4/" + date, "KILLAT_AFTER", "1"),
                new Kill("after the run record is moved in", "new", "KILLAT_RENAME_TO", "/" + ScoreJob.RUNS + "/" + date, "KILLAT_AFTER", "1"));
        for (int k = 0; k < kills.size(); k++) {
            Kill kill = kills.get(k);
            String table = tmp.resolve("pq-" + k).toString();
            scoreHere(table, "2026-11-01", "other-date");
            scoreHere(table, DATE, "old");
            CliProcess killed = child(table, DATE, "killed", kill.env());
            int code = killed.run(240);
            assertThat(code).as("killed " + kill.name() + "; log:\n" + killed.output()).isEqualTo(137);

            Map<String, Long> seen = view(table, DATE);
            switch (kill.expect()) {
                case "old" -> {
                    assertThat(seen).as("reader after a kill " + kill.name()).isEqualTo(Map.of("old", (long) DOCS));
                    assertThat(recordRunId(table, DATE)).isEqualTo("old");
                }
                case "new" -> assertThat(seen).as("reader after a kill " + kill.name()).isEqualTo(Map.of("killed", (long) DOCS));
                // the two renames are microseconds apart; killed between them, a plain reader finds
                // the date absent (never mixed) until any textrnn run of the table finishes the move
                default -> assertThat(seen).as("reader after a kill " + kill.name()).isEmpty();
            }
            // textrnn's own readers (evaluate --table) finish an interrupted publication first
            long read = Tables.read(spark, Tables.resolve(table, "parquet")).where("run_date = DATE'" + DATE + "'").count();
            assertThat(read).as("rows after Tables.read repaired a kill " + kill.name()).isEqualTo(DOCS);
            if (!kill.expect().equals("old")) {
                assertThat(view(table, DATE)).isEqualTo(Map.of("killed", (long) DOCS));
                assertThat(recordRunId(table, DATE)).as("run record after a kill " + kill.name()).isEqualTo("killed");
            }
            // the next run of the date takes over the dead run's lock and leaves nothing behind
            ScoreSummary next = scoreHere(table, DATE, "next");
            assertThat(next.written()).isEqualTo(DOCS);
            assertThat(view(table, DATE)).isEqualTo(Map.of("next", (long) DOCS));
            assertThat(recordRunId(table, DATE)).isEqualTo("next");
            assertThat(hidden(table)).as("leftovers after a kill " + kill.name()).isEmpty();
            assertThat(view(table, "2026-11-01")).as("the other date").isEqualTo(Map.of("other-date", (long) DOCS));
        }
    }

    @Test
    void aSecondRunOfTheSameDateIsRefusedAndTheTableStaysReadable() throws Exception {
        String table = tmp.resolve("pqs").toString();
        scoreHere(table, DATE, "first");
        Path mark = tmp.resolve("mark");
        // run A waits 20 s at its commit point, with everything staged
        CliProcess a = child(table, DATE, "A", "SLEEP_RENAME_TO", "/.run_date=" + DATE + ".textrnn-journal", "SLEEP_SECS", "20",
                "SLEEP_MARK", mark.toString()).start();
        long until = System.currentTimeMillis() + 180_000;
        while (!Files.exists(mark) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        assertThat(mark).as("run A reached its publication; log:\n" + a.output()).exists();
        assertThatThrownBy(() -> scoreHere(table, DATE, "B"))
                .isInstanceOf(OutputLock.Held.class)
                .hasMessageContaining("parquet table " + table + ", run_date " + DATE + " is being written by another run: run A (pid");
        assertThat(view(table, DATE)).as("while A publishes").isEqualTo(Map.of("first", (long) DOCS));
        assertThat(a.waitFor(180)).as("run A; log:\n" + a.output()).isZero();
        assertThat(view(table, DATE)).isEqualTo(Map.of("A", (long) DOCS));
        assertThat(spark.read().parquet(table).count()).isEqualTo(DOCS);
        assertThat(hidden(table)).isEmpty();
    }

    @Test
    void twoDatesAtOnceBothLandInFull() throws Exception {
        String table = tmp.resolve("pq2").toString();
        scoreHere(table, "2026-11-05", "first");
        // both runs hold their journals for 5 s, so their publications overlap
        List<CliProcess> runs = new ArrayList<>();
        for (String d : List.of("2026-11-06", "2026-11-07")) {
            runs.add(child(table, d, "run-" + d, "SLEEP_RENAME_TO", ".textrnn-journal", "SLEEP_SECS", "5").start());
        }
        for (CliProcess p : runs) {
            assertThat(p.waitFor(240)).as("log:\n" + p.output()).isZero();
        }
        for (String d : List.of("2026-11-05", "2026-11-06", "2026-11-07")) {
            assertThat(view(table, d).values().stream().mapToLong(Long::longValue).sum()).as(d).isEqualTo(DOCS);
        }
        assertThat(hidden(table)).isEmpty();
    }

    @Test
    void anIcebergRunKilledAroundItsCommitLeavesTheRunRecordWithTheRowsItDescribes() throws Exception {
        String warehouse = tmp.resolve("wh").toString();
        Tables.catalogSettings(new CatalogOptions(warehouse, null), spark.sparkContext().hadoopConfiguration()).forEach((k, v) -> {
            if (k.startsWith("spark.sql.catalog.")) { // the session extensions are static, and not needed here
                spark.conf().set(k, v);
            }
        });
        String table = "db.kills";
        Tables.Target target = Tables.resolve(table, "auto");
        // as score's command does before Spark starts: the warehouse, the catalog database, the namespace
        Tables.prepareCatalog(new CatalogOptions(warehouse, null), target, spark.sparkContext().hadoopConfiguration());
        Path runs = Path.of(warehouse, ScoreJob.RUNS, target.name());
        java.util.function.Supplier<Map<String, Long>> rows = () -> {
            Map<String, Long> m = new java.util.TreeMap<>();
            spark.sql("REFRESH TABLE " + target.name());
            for (Row r : spark.table(target.name()).where("run_date = DATE'" + DATE + "'").groupBy("run_id").count().collectAsList()) {
                m.put(r.getString(0), r.getLong(1));
            }
            return m;
        };
        java.util.function.Function<String[], ScoreConfig> cfg = extra -> {
            List<String> a = args(table, DATE, extra[0]);
            a.addAll(List.of("--warehouse", warehouse));
            return ScoreFixtures.config(a.toArray(new String[0]));
        };
        ScoreJob.run(spark, cfg.apply(new String[] {"old"}));
        Path runDir = runs.resolve("run_date=" + DATE);
        PredictionTable.IcebergTable iceberg = new PredictionTable.IcebergTable(spark, target);

        // killed after its journal, before the Iceberg commit: the rows and the record stay old
        List<String> a = new ArrayList<>(List.of("score"));
        a.addAll(args(table, DATE, "before-commit"));
        a.addAll(List.of("--warehouse", warehouse));
        CliProcess p = CliProcess.of(tmp.resolve("ice-1.log"), a.toArray(new String[0])).env("LD_PRELOAD", killat.toString())
                .env("KILLAT_RENAME_HAS", ".run_date=" + DATE + ".textrnn-journal").env("KILLAT_AFTER", "1");
        assertThat(p.run(240)).as(p.output()).isEqualTo(137);
        assertThat(rows.get()).isEqualTo(Map.of("old", (long) DOCS));
        iceberg.recover(LocalDate.parse(DATE), new org.apache.hadoop.fs.Path(runDir.toString()), "test");
        assertThat(recordOf(runDir)).isEqualTo("old");

        // killed after the Iceberg commit, before the record is moved in: recovery publishes the record
        a.set(a.indexOf("before-commit"), "after-commit");
        p = CliProcess.of(tmp.resolve("ice-2.log"), a.toArray(new String[0])).env("LD_PRELOAD", killat.toString())
                .env("KILLAT_RENAME_HAS", ".run_date=" + DATE + ".textrnn-retired-");
        assertThat(p.run(240)).as(p.output()).isEqualTo(137);
        assertThat(rows.get()).isEqualTo(Map.of("after-commit", (long) DOCS));
        assertThat(recordOf(runDir)).as("before recovery").isEqualTo("old");
        iceberg.recover(LocalDate.parse(DATE), new org.apache.hadoop.fs.Path(runDir.toString()), "test");
        assertThat(recordOf(runDir)).as("after recovery").isEqualTo("after-commit");
        try (Stream<Path> s = Files.list(runs)) {
            assertThat(s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".textrnn-") && !n.endsWith("-lock")).toList())
                    .isEmpty();
        }
        // and the next run proceeds (the dead run's lock is taken over)
        ScoreJob.run(spark, cfg.apply(new String[] {"next"}));
        assertThat(rows.get()).isEqualTo(Map.of("next", (long) DOCS));
        assertThat(recordOf(runDir)).isEqualTo("next");
    }

    private static String recordOf(Path runDir) throws IOException {
        Path summary = runDir.resolve(ScoreJob.SUMMARY);
        return Files.exists(summary) ? (String) Json.readMap(Files.readString(summary), summary.toString()).get("run_id") : "none";
    }
}
