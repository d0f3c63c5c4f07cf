package org.textrnn.score;

import org.textrnn.table.Tables;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.cli.TextrnnCli;
import org.textrnn.testing.CliProcess;
import org.textrnn.testing.SparkTestBase;
import org.textrnn.testing.ToyModel;

/**
 * textrnn's default catalog (Iceberg's JdbcCatalog on SQLite in the warehouse) with {@code textrnn score}
 * in child JVMs: two runs of two dates committing to one table at once both land in full, and a
 * warehouse of the old Hadoop catalog keeps working, is migrated, and then commits through the JDBC
 * catalog.
 */
class CatalogIT extends SparkTestBase {

    static final int DOCS = 200;

    @TempDir
    static Path tmp;
    static Path model;
    static Path docs;

    @BeforeAll
    static void trainAndWriteDocuments() throws IOException {
        model = ToyModel.train(spark, tmp.resolve("train")).bundle();
        docs = tmp.resolve("docs.tsv");
        Files.writeString(docs, ToyModel.CORPUS.tsv(DOCS, 21));
    }

    private static CliProcess score(Path log, Path warehouse, String date) {
        return CliProcess.of(log, "score", "--model", model.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", "db.t", "--warehouse", warehouse.toString(), "--run-date", date);
    }

    /** {@code textrnn args...} in this JVM (the catalog command runs no Spark); returns what it printed on standard output. */
    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = TextrnnCli.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(code).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        return printed;
    }

    private static long metadataFiles(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table.resolve("metadata"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
        }
    }

    /** Rows per run date of textrnn.db.t, read back with {@code textrnn sql} in a child JVM (the catalog as the commands configure it). */
    private static Map<String, Long> rowsPerDate(String log, Path warehouse) throws Exception {
        CliProcess sql = CliProcess.of(tmp.resolve(log), "sql", "--warehouse", warehouse.toString(),
                "SELECT CAST(run_date AS STRING) AS d, count(DISTINCT doc_id) AS ids, count(*) AS n FROM textrnn.db.t GROUP BY 1");
        assertThat(sql.run(600)).as(sql.output()).isZero();
        Map<String, Long> rows = new TreeMap<>();
        for (String line : sql.output().lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d\t\\d+\t\\d+")).toList()) {
            String[] f = line.split("\t");
            assertThat(f[1]).as("distinct ids of " + f[0]).isEqualTo(f[2]);
            rows.put(f[0], Long.parseLong(f[2]));
        }
        return rows;
    }

    private static String catalogRow(Path warehouse) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + warehouse.resolve(Tables.CATALOG_FILE));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT metadata_location FROM iceberg_tables WHERE catalog_name = 'textrnn' "
                     + "AND table_namespace = 'db' AND table_name = 't'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The operator's bug: two runs for two dates committing to one table at once, both exit 0, one
     * date's rows lost. The overlap is forced: the test holds SQLite's write lock while both runs
     * score, so both write their new metadata file from the same base and then wait at the catalog
     * update; when the lock goes, one update wins and the other finds the base moved, and Iceberg
     * retries it on the new state.
     */
    @Test
    void twoRunsOfTwoDatesCommittingAtOnceBothLand() throws Exception {
        Path wh = tmp.resolve("wh-concurrent");
        CliProcess first = score(tmp.resolve("first.log"), wh, "2026-11-06");
        assertThat(first.run(600)).as(first.output()).isZero();
        assertThat(wh.resolve(Tables.CATALOG_FILE)).exists();
        assertThat(wh.resolve("db/t/metadata/version-hint.text")).doesNotExist();
        Path table = wh.resolve("db/t");
        long before = metadataFiles(table);

        List<CliProcess> runs = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + wh.resolve(Tables.CATALOG_FILE));
             Statement st = lock.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // the write lock: readers go on, writers wait (busy timeout)
            for (String date : List.of("2026-11-07", "2026-11-08")) {
                runs.add(score(tmp.resolve("run-" + date + ".log"), wh, date).start());
            }
            long deadline = System.nanoTime() + 480_000_000_000L;
            while (metadataFiles(table) < before + 2 && System.nanoTime() < deadline
                    && runs.stream().allMatch(CliProcess::isAlive)) {
                Thread.sleep(200);
            }
            assertThat(metadataFiles(table)).as("both runs wrote their commit's metadata file on the same base while the catalog "
                    + "was locked; logs:\n" + runs.get(0).output() + "\n" + runs.get(1).output()).isEqualTo(before + 2);
            Thread.sleep(1000); // both are now at the catalog update, waiting
            st.execute("ROLLBACK");
        }
        StringBuilder logs = new StringBuilder();
        for (CliProcess run : runs) {
            int code = run.waitFor(600);
            assertThat(code).as(run.output()).isZero();
            logs.append(run.output());
        }
        // the proof that the commits overlapped: one lost the race and Iceberg retried it
        assertThat(logs.toString()).contains("Retrying task after failure").contains("CommitFailedException");
        logs.toString().lines().filter(l -> l.contains("Retrying task after failure")).forEach(l -> System.out.println("child: " + l));
        assertThat(metadataFiles(table)).as("the retry wrote one more metadata file").isGreaterThanOrEqualTo(before + 3);
        assertThat(rowsPerDate("sql-concurrent.log", wh)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-11-06", (long) DOCS, "2026-11-07", (long) DOCS, "2026-11-08", (long) DOCS)));
    }

    /** A backfill into a new table: three runs start at once on a warehouse with no catalog yet (all create the catalog, the namespace, the table). */
    @Test
    void runsStartingTogetherOnANewWarehouseAllLand() throws Exception {
        Path wh = tmp.resolve("wh-fresh");
        List<CliProcess> runs = new ArrayList<>();
        for (String date : List.of("2026-12-01", "2026-12-02", "2026-12-03")) {
            runs.add(score(tmp.resolve("fresh-" + date + ".log"), wh, date).start());
        }
        for (CliProcess run : runs) {
            assertThat(run.waitFor(600)).as(run.output()).isZero();
        }
        assertThat(rowsPerDate("sql-fresh.log", wh)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-12-01", (long) DOCS, "2026-12-02", (long) DOCS, "2026-12-03", (long) DOCS)));
    }

    @Test
    void aHadoopCatalogWarehouseKeepsWorkingIsMigratedAndThenCommitsThroughTheJdbcCatalog() throws Exception {
        Path wh = tmp.resolve("wh-hadoop");
        // the old code path: textrnn's catalog as it was before, Iceberg's Hadoop catalog over the warehouse
        spark.conf().set("spark.sql.catalog.old", "org.apache.iceberg.spark.SparkCatalog");
        spark.conf().set("spark.sql.catalog.old.type", "hadoop");
        spark.conf().set("spark.sql.catalog.old.warehouse", Tables.absolute(wh.toString()));
        ScoreJob.run(spark, ScoreFixtures.config("--model", model.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", "old.db.t", "--warehouse", wh.toString(), "--run-date", "2026-11-01"));
        Path hint = wh.resolve("db/t/metadata/version-hint.text");
        assertThat(hint).exists();
        Configuration conf = new Configuration();
        assertThat(Tables.catalogKind(wh.toString(), conf)).isEqualTo(Tables.CatalogKind.HADOOP);

        // before migration: a run still works, in the Hadoop catalog, with a WARN naming the migration
        CliProcess before = score(tmp.resolve("hadoop-before.log"), wh, "2026-11-02");
        assertThat(before.run(600)).as(before.output()).isZero();
        assertThat(before.output()).contains("NOT safe between processes").contains("textrnn catalog migrate --warehouse " + wh);
        assertThat(wh.resolve(Tables.CATALOG_FILE)).doesNotExist();
        String hintBefore = Files.readString(hint);

        // the migration, twice: the second finds the table registered and changes nothing
        assertThat(cli("catalog", "migrate", "--warehouse", wh.toString())).contains("textrnn.db.t\tregistered\t")
                .contains("1 of 1 Hadoop-catalog table(s) registered");
        String registered = catalogRow(wh);
        assertThat(registered).isNotNull();
        assertThat(cli("catalog", "migrate", "--warehouse", wh.toString())).contains("textrnn.db.t\talready registered\t")
                .contains("0 of 1 Hadoop-catalog table(s) registered");
        assertThat(catalogRow(wh)).isEqualTo(registered);
        assertThat(Tables.catalogKind(wh.toString(), conf)).isEqualTo(Tables.CatalogKind.JDBC);
        assertThat(cli("catalog", "status", "--warehouse", wh.toString())).contains("catalog textrnn: Iceberg JdbcCatalog on jdbc:sqlite:");

        // after it, a run commits through the JDBC catalog (the Hadoop catalog's hint stays put), and every date reads back
        CliProcess after = score(tmp.resolve("hadoop-after.log"), wh, "2026-11-03");
        assertThat(after.run(600)).as(after.output()).isZero();
        assertThat(after.output()).doesNotContain("NOT safe between processes");
        assertThat(Files.readString(hint)).isEqualTo(hintBefore);
        String now = catalogRow(wh);
        assertThat(now).isNotEqualTo(registered);
        assertThat(Path.of(java.net.URI.create(now)).getFileName().toString()).doesNotStartWith("v");
        assertThat(rowsPerDate("sql-migrated.log", wh)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-11-01", (long) DOCS, "2026-11-02", (long) DOCS, "2026-11-03", (long) DOCS)));
    }
}
