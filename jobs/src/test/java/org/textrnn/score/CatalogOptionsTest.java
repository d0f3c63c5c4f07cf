package org.textrnn.score;

import org.textrnn.command.ExitCodes;
import org.textrnn.table.TextrnnJdbcCatalog;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.command.Command;
import org.textrnn.command.Parser;
import org.textrnn.cli.TextrnnCli;
import org.textrnn.UsageException;
import org.textrnn.evaluate.EvaluateCommand;

/** The catalog options every Iceberg command shares, and which catalog a warehouse gets. */
class CatalogOptionsTest {

    @Test
    void everyCommandWithAWarehouseTakesTheSameCatalogOptions() {
        for (Command c : List.of(new ScoreCommand(), new SqlCommand(), new EvaluateCommand(), new CatalogCommand())) {
            List<Object> shared = Parser.options(c).stream().filter(o -> o.longestName().equals("--warehouse")
                    || o.longestName().equals("--catalog-uri")).map(o -> o.userObject()).toList();
            assertThat(shared).as(c.name()).hasSize(2).allSatisfy(declaration ->
                    assertThat(((java.lang.reflect.Field) declaration).getDeclaringClass()).isEqualTo(CatalogOptions.Builder.class));
        }
    }

    @Test
    void catalogUriIsAJdbcUrlAndItsPasswordIsNeverShown() {
        assertThat(new CatalogOptions("w", " ").catalogUri()).isNull();
        assertThatThrownBy(() -> new CatalogOptions("w", "thrift://metastore:9083")).isInstanceOf(UsageException.class)
                .hasMessageContaining("must be a JDBC URL").hasMessageContaining("spark.sql.catalog.NAME");
        assertThat(CatalogOptions.redact("jdbc:postgresql://db:5432/cat?user=u&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/cat?user=u&password=***&ssl=true");
        assertThat(CatalogOptions.redact("jdbc:postgresql://u:s3cret@db/cat")).isEqualTo("jdbc:postgresql://u:***@db/cat");
        assertThat(ScoreConfig.builder().model("m").input("i").format(org.textrnn.corpus.InputFormat.TSV).table("db.t")
                .runDate(java.time.LocalDate.parse("2026-11-28")).catalog(c -> c.catalogUri("jdbc:postgresql://db/cat?password=s3cret"))
                .build().describe().toString()).contains("catalog-uri=jdbc:postgresql://db/cat?password=***").doesNotContain("s3cret");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TextrnnCli.run(new String[] {"validate", "sql", "--catalog-uri", "jdbc:postgresql://db/cat?password=s3cret", "SELECT 1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("catalog-uri = jdbc:postgresql://db/cat?password=***")
                .doesNotContain("s3cret");
    }

    @Test
    void aLocalWarehouseGetsAnSqliteJdbcCatalogThatWaitsForOtherWriters(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        CatalogOptions local = new CatalogOptions(dir.resolve("wh").toString(), null);
        assertThat(Tables.catalogKind(local, conf)).isEqualTo(Tables.CatalogKind.JDBC);
        Map<String, String> s = Tables.catalogSettings(local, conf);
        String p = "spark.sql.catalog." + Tables.CATALOG;
        assertThat(s).containsEntry(p, "org.apache.iceberg.spark.SparkCatalog").containsEntry(p + ".catalog-impl", TextrnnJdbcCatalog.class.getName()).doesNotContainKey(p + ".type")
                .containsEntry(p + ".uri", "jdbc:sqlite:" + dir.resolve("wh").resolve(Tables.CATALOG_FILE))
                .containsEntry(p + ".warehouse", Tables.absolute(dir.resolve("wh").toString()))
                .containsEntry(p + ".jdbc.busy_timeout", String.valueOf(Tables.SQLITE_BUSY_TIMEOUT_MS))
                .containsEntry(p + ".jdbc.journal_mode", "WAL")
                .containsEntry(p + ".table-default.commit.retry.num-retries", String.valueOf(Tables.COMMIT_RETRIES));
        // reading the settings creates nothing; a writer's prepareCatalog creates the database
        assertThat(dir.resolve("wh")).doesNotExist();
        Tables.prepareCatalog(local, conf);
        assertThat(dir.resolve("wh").resolve(Tables.CATALOG_FILE)).exists();

        // a named catalog database: no SQLite settings, the warehouse may be anywhere
        Map<String, String> pg = Tables.catalogSettings(new CatalogOptions("hdfs://nn/wh", "jdbc:postgresql://db/cat"), conf);
        // an HDFS warehouse without a catalog database: the Hadoop catalog (atomic renames), decided without touching HDFS
        assertThat(Tables.catalogKind(new CatalogOptions("hdfs://nowhere:8020/wh", null), conf)).isEqualTo(Tables.CatalogKind.HADOOP);
        assertThat(pg).containsEntry(p + ".uri", "jdbc:postgresql://db/cat").containsEntry(p + ".warehouse", "hdfs://nn/wh")
                .doesNotContainKey(p + ".jdbc.busy_timeout");
        // only tables of textrnn's catalog look at the warehouse
        assertThat(Tables.catalogSettings(new CatalogOptions("hdfs://nowhere/wh", null), Tables.resolve("/tmp/p", "auto"), conf))
                .containsOnlyKeys("spark.sql.extensions");
        assertThat(Tables.usesCatalog(Tables.resolve("db.t", "auto"))).isTrue();
        assertThat(Tables.usesCatalog(Tables.resolve("prod.db.t", "auto"))).isFalse();
    }

    @Test
    void aWarehouseOfHadoopCatalogTablesKeepsTheHadoopCatalogUntilMigrated(@TempDir Path dir) throws Exception {
        Configuration conf = new Configuration();
        Path wh = dir.resolve("wh");
        Files.createDirectories(wh.resolve("db/t/metadata"));
        Files.writeString(wh.resolve("db/t/metadata/version-hint.text"), "1");
        Files.createDirectories(wh.resolve("_textrnn_runs/textrnn.db.t/metadata"));
        Files.writeString(wh.resolve("_textrnn_runs/textrnn.db.t/metadata/version-hint.text"), "1"); // not a table folder
        assertThat(Tables.hadoopTables(wh.toString(), conf)).containsExactly("db.t");
        assertThat(Tables.catalogKind(wh.toString(), conf)).isEqualTo(Tables.CatalogKind.HADOOP);
        assertThat(Tables.catalogSettings(new CatalogOptions(wh.toString(), null), conf))
                .containsEntry("spark.sql.catalog." + Tables.CATALOG + ".type", "hadoop");
        // with a catalog database named, or once the SQLite catalog exists (after migration), it is JDBC
        assertThat(Tables.catalogKind(new CatalogOptions(wh.toString(), "jdbc:postgresql://db/cat"), conf)).isEqualTo(Tables.CatalogKind.JDBC);
        Files.createFile(wh.resolve(Tables.CATALOG_FILE));
        assertThat(Tables.catalogKind(wh.toString(), conf)).isEqualTo(Tables.CatalogKind.JDBC);
    }

    @Test
    void catalogCommandTakesAnActionAndHasHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(TextrnnCli.run(new String[] {"catalog", "--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: textrnn catalog [options] [ACTION]", "--warehouse", "--catalog-uri");
        assertThat(TextrnnCli.run(new String[] {"validate", "catalog", "migrate", "--warehouse", "/w"}, o, e)).isZero();
        assertThat(TextrnnCli.run(new String[] {"validate", "catalog", "move", "--warehouse", "/w"}, o, e)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--action must be one of migrate, status; found 'move'");
        assertThat(TextrnnCli.run(new String[] {"--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  catalog    Manage textrnn's Iceberg catalog");
    }
}
