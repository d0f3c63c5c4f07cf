package org.textrnn.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.UsageException;
import org.textrnn.table.Tables.CatalogKind;
import org.textrnn.table.Tables.Format;
import org.textrnn.table.Tables.Target;

/**
 * The tables layer without Spark: what --table names, which catalog a warehouse gets, the catalog's
 * JDBC settings, and local paths. (The catalog options and the SQLite / Hadoop warehouses are also in
 * score's CatalogOptionsTest; reading and writing tables in the score ITs.)
 */
class TablesTest {

    /** A file system that is not the local one (as s3a:// or gs:// are), over the local disk: scheme {@code fake}. */
    public static final class FakeObjectStore extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("fake:///");
        }

        @Override
        public String getScheme() {
            return "fake";
        }
    }

    static Configuration withFakeObjectStore() {
        Configuration conf = new Configuration();
        conf.set("fs.fake.impl", FakeObjectStore.class.getName());
        conf.setBoolean("fs.fake.impl.disable.cache", true);
        return conf;
    }

    static void hadoopTable(Path warehouse, String db, String table) throws IOException {
        Path metadata = warehouse.resolve(db).resolve(table).resolve("metadata");
        Files.createDirectories(metadata);
        Files.writeString(metadata.resolve("version-hint.text"), "1");
    }

    // --- what --table names

    @Test
    void aNameIsAnIcebergTableAndDbTableIsInTextrnnsCatalog() {
        assertThat(Tables.resolve("db.t", "auto")).isEqualTo(new Target(Format.ICEBERG, "textrnn.db.t"));
        assertThat(Tables.resolve("prod.db.t", "auto")).isEqualTo(new Target(Format.ICEBERG, "prod.db.t"));
        assertThat(Tables.resolve("  mail.Predictions_2 ", "auto")).isEqualTo(new Target(Format.ICEBERG, "textrnn.mail.Predictions_2"));
        assertThat(Tables.resolve("_db._t", "iceberg")).isEqualTo(new Target(Format.ICEBERG, "textrnn._db._t"));
    }

    @Test
    void aPathOrAUriIsAParquetTable() {
        assertThat(Tables.resolve("/data/predictions", "auto")).isEqualTo(new Target(Format.PARQUET, "/data/predictions"));
        assertThat(Tables.resolve("out/predictions", "auto")).isEqualTo(new Target(Format.PARQUET, "out/predictions"));
        assertThat(Tables.resolve("s3a://bucket/predictions", "auto")).isEqualTo(new Target(Format.PARQUET, "s3a://bucket/predictions"));
        assertThat(Tables.resolve("hdfs://nn:8020/p", "auto").format()).isEqualTo(Format.PARQUET);
        // --table-format parquet takes a name as a (relative) path
        assertThat(Tables.resolve("db.t", "parquet")).isEqualTo(new Target(Format.PARQUET, "db.t"));
    }

    @Test
    void badNamesAreRefusedSayingHowTablesAreNamed() {
        String rule = ": an Iceberg table is named db.table or catalog.db.table (letters, digits, _)";
        for (String name : java.util.List.of("t", "a.b.c.d", "1db.t", "db.t-x", "db..t", "db.t.")) {
            assertThatThrownBy(() -> Tables.resolve(name, "auto")).as(name).isInstanceOf(UsageException.class)
                    .hasMessage("--table " + name + rule);
        }
        assertThatThrownBy(() -> Tables.resolve("/data/p", "iceberg")).isInstanceOf(UsageException.class)
                .hasMessage("--table /data/p" + rule + "; for a Parquet table at a path use --table-format parquet");
        assertThatThrownBy(() -> Tables.resolve("s3a://b/p", "iceberg")).isInstanceOf(UsageException.class)
                .hasMessage("--table s3a://b/p" + rule + "; for a Parquet table at a path use --table-format parquet");
    }

    @Test
    void anEmptyTableOrAnUnknownFormatIsRefused() {
        assertThatThrownBy(() -> Tables.resolve("", "auto")).isInstanceOf(UsageException.class).hasMessage("--table must not be empty");
        assertThatThrownBy(() -> Tables.resolve(" \t", "parquet")).isInstanceOf(UsageException.class).hasMessage("--table must not be empty");
        assertThatThrownBy(() -> Tables.resolve("db.t", "delta")).isInstanceOf(UsageException.class)
                .hasMessage("--table-format must be auto, parquet or iceberg; found 'delta'");
        assertThatThrownBy(() -> Tables.resolve("db.t", "Parquet")).isInstanceOf(UsageException.class)
                .hasMessage("--table-format must be auto, parquet or iceberg; found 'Parquet'");
    }

    @Test
    void aTargetSaysWhatItIs() {
        assertThat(Tables.resolve("db.t", "auto")).hasToString("iceberg table textrnn.db.t");
        assertThat(Tables.resolve("/p", "auto")).hasToString("parquet table /p");
        assertThat(Format.PARQUET.optionValue()).isEqualTo("parquet");
        assertThat(Format.ICEBERG.optionValue()).isEqualTo("iceberg");
    }

    @Test
    void onlyIcebergTablesOfTextrnnsCatalogUseIt() {
        assertThat(Tables.usesCatalog(Tables.resolve("db.t", "auto"))).isTrue();
        assertThat(Tables.usesCatalog(Tables.resolve("textrnn.db.t", "auto"))).isTrue();
        assertThat(Tables.usesCatalog(Tables.resolve("textrnn2.db.t", "auto"))).isFalse();
        assertThat(Tables.usesCatalog(Tables.resolve("prod.db.t", "auto"))).isFalse();
        assertThat(Tables.usesCatalog(Tables.resolve("textrnn.db.t", "parquet"))).as("a path, whatever its name").isFalse();
        assertThat(Tables.usesCatalog(null)).isFalse();
    }

    // --- local paths

    @Test
    void aPathWithoutASchemeIsLocalAndMadeAbsolute(@TempDir Path dir) {
        Path missing = dir.resolve("not here");
        assertThat(Tables.absolute(missing.toString())).isEqualTo("file:" + dir.toString().replace(" ", "%20") + "/not%20here");
        assertThat(Tables.absolute("warehouse")).isEqualTo("file:" + Path.of("warehouse").toAbsolutePath().toString().replace(" ", "%20")
                + (Files.isDirectory(Path.of("warehouse")) ? "/" : ""));
        for (String withScheme : java.util.List.of("file:/tmp/w", "hdfs://nn:8020/w", "s3a://bucket/w h", "viewfs://cluster/w")) {
            assertThat(Tables.absolute(withScheme)).as(withScheme).isEqualTo(withScheme);
        }
        assertThat(Tables.isLocal("warehouse")).isTrue();
        assertThat(Tables.isLocal(missing.toString())).isTrue();
        assertThat(Tables.isLocal("file:///tmp/w")).isTrue();
        assertThat(Tables.isLocal("FILE:/tmp/w")).isTrue();
        assertThat(Tables.isLocal("hdfs://nn:8020/w")).isFalse();
        assertThat(Tables.isLocal("s3a://bucket/w h")).isFalse();
    }

    // --- the catalog database

    @Test
    void aLocalWarehouseHoldsItsSqliteCatalogAndANamedOneIsUsedAsGiven(@TempDir Path dir) {
        Path wh = dir.resolve("ware house");
        assertThat(Tables.catalogUri(new CatalogOptions(wh.toString(), null))).isEqualTo("jdbc:sqlite:" + wh.resolve("textrnn-catalog.db"));
        assertThat(Tables.catalogUri(new CatalogOptions("file:" + wh, null))).isEqualTo("jdbc:sqlite:" + wh.resolve("textrnn-catalog.db"));
        CatalogOptions pg = new CatalogOptions("hdfs://nn/wh", "jdbc:postgresql://u:s3cret@db:5432/cat?password=s3cret");
        assertThat(Tables.catalogUri(pg)).isEqualTo("jdbc:postgresql://u:s3cret@db:5432/cat?password=s3cret");
        assertThat(Tables.catalogDescription(pg)).isEqualTo("jdbc:postgresql://u:***@db:5432/cat?password=***");
        assertThat(Tables.catalogDescription(new CatalogOptions(wh.toString(), null))).isEqualTo("jdbc:sqlite:" + wh.resolve("textrnn-catalog.db"));
    }

    @Test
    void theJdbcCatalogsPropertiesWaitForOtherWritersOnSqliteOnly(@TempDir Path dir) {
        assumeTrue(System.getenv(CatalogOptions.USER_ENV) == null && System.getenv(CatalogOptions.PASSWORD_ENV) == null,
                "catalog credentials are set in the environment");
        Path wh = dir.resolve("wh");
        Map<String, String> sqlite = Tables.jdbcProperties(new CatalogOptions(wh.toString(), null));
        assertThat(sqlite).containsExactly(
                Map.entry("catalog-impl", TextrnnJdbcCatalog.class.getName()),
                Map.entry("uri", "jdbc:sqlite:" + wh.resolve(Tables.CATALOG_FILE)),
                Map.entry("warehouse", "file:" + wh),
                Map.entry("jdbc.schema-version", "V1"),
                Map.entry("jdbc.busy_timeout", "120000"),
                Map.entry("jdbc.journal_mode", "WAL"),
                Map.entry("table-default.commit.retry.num-retries", "20"));
        Map<String, String> pg = Tables.jdbcProperties(new CatalogOptions("s3a://bucket/wh", "jdbc:postgresql://db/cat"));
        assertThat(pg).containsExactly(
                Map.entry("catalog-impl", TextrnnJdbcCatalog.class.getName()),
                Map.entry("uri", "jdbc:postgresql://db/cat"),
                Map.entry("warehouse", "s3a://bucket/wh"),
                Map.entry("jdbc.schema-version", "V1"),
                Map.entry("table-default.commit.retry.num-retries", "20"));
    }

    // --- which catalog a warehouse gets

    @Test
    void aWarehouseOffTheLocalDiskNeedsACatalogDatabaseOrHadoopTables(@TempDir Path dir) throws IOException {
        Configuration conf = withFakeObjectStore();
        String store = "fake://" + dir.resolve("bucket/wh");
        assertThatThrownBy(() -> Tables.catalogKind(store, conf)).isInstanceOf(UsageException.class)
                .hasMessage("--warehouse " + store + " is not on the local file system, so it cannot hold textrnn's SQLite catalog "
                        + "textrnn-catalog.db: name a catalog database with --catalog-uri (e.g. jdbc:postgresql://host:5432/db), or "
                        + "configure a catalog with spark-submit --conf spark.sql.catalog.NAME=... and name tables NAME.db.table "
                        + "(see docs/tables.md)");
        assertThat(Tables.catalogKind(new CatalogOptions(store, "jdbc:postgresql://db/cat"), conf)).isEqualTo(CatalogKind.JDBC);
        // an SQLite file there is not used: SQLite cannot live on an object store
        Files.createDirectories(dir.resolve("bucket/wh"));
        Files.createFile(dir.resolve("bucket/wh").resolve(Tables.CATALOG_FILE));
        assertThatThrownBy(() -> Tables.catalogKind(store, conf)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--warehouse " + store + " is not on the local file system");
        // Hadoop-catalog tables there keep the Hadoop catalog
        hadoopTable(dir.resolve("bucket/wh"), "db", "t");
        assertThat(Tables.catalogKind(store, conf)).isEqualTo(CatalogKind.HADOOP);
        assertThat(Tables.catalogSettings(new CatalogOptions(store, null), conf))
                .containsEntry("spark.sql.catalog.textrnn", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.catalog.textrnn.type", "hadoop")
                .containsEntry("spark.sql.catalog.textrnn.warehouse", store);
    }

    @Test
    void hdfsAndViewfsWarehousesGetTheHadoopCatalogWithoutBeingLookedAt() throws IOException {
        Configuration conf = new Configuration();
        assertThat(Tables.catalogKind("hdfs://nowhere:8020/wh", conf)).isEqualTo(CatalogKind.HADOOP);
        assertThat(Tables.catalogKind("viewfs://cluster/wh", conf)).isEqualTo(CatalogKind.HADOOP);
    }

    @Test
    void aCatalogConfiguredWithSparkSubmitIsTheirs(@TempDir Path dir) throws IOException {
        String wh = dir.resolve("wh").toString();
        try {
            System.setProperty("spark.sql.catalog.textrnn", "org.apache.iceberg.spark.SparkCatalog");
            assertThat(Tables.catalogKind(wh, new Configuration())).isEqualTo(CatalogKind.SPARK);
            assertThat(Tables.catalogSettings(new CatalogOptions(wh, null), new Configuration()))
                    .containsOnlyKeys("spark.sql.extensions");
            Tables.prepareCatalog(new CatalogOptions(wh, null), new Configuration());
            assertThat(dir.resolve("wh")).as("nothing is made for a catalog that is not textrnn's").doesNotExist();
            System.setProperty("spark.sql.catalog.textrnn.type", "hadoop");
            assertThat(Tables.catalogKind(wh, new Configuration())).isEqualTo(CatalogKind.HADOOP);
        } finally {
            System.clearProperty("spark.sql.catalog.textrnn");
            System.clearProperty("spark.sql.catalog.textrnn.type");
        }
        assertThat(Tables.catalogKind(wh, new Configuration())).isEqualTo(CatalogKind.JDBC);
    }

    @Test
    void hadoopTablesAreDbTableFoldersWithAVersionHintSorted(@TempDir Path dir) throws IOException {
        Configuration conf = new Configuration();
        Path wh = dir.resolve("wh");
        assertThat(Tables.hadoopTables(wh.toString(), conf)).as("no warehouse yet").isEmpty();
        Files.writeString(dir.resolve("file"), "x");
        assertThat(Tables.hadoopTables(dir.resolve("file").toString(), conf)).as("a file, not a folder").isEmpty();

        hadoopTable(wh, "zdb", "t");
        hadoopTable(wh, "adb", "u");
        hadoopTable(wh, "adb", "b");
        hadoopTable(wh, "_textrnn_runs", "t"); // textrnn's run records, not a namespace
        hadoopTable(wh, ".hidden", "t");
        hadoopTable(wh, "adb", ".staging");
        hadoopTable(wh, "adb", "_tmp");
        Files.createDirectories(wh.resolve("adb/no-hint/metadata"));
        Files.writeString(wh.resolve("adb/loose-file"), "x");
        Files.writeString(wh.resolve("top-file"), "x");
        assertThat(Tables.hadoopTables(wh.toString(), conf)).containsExactly("adb.b", "adb.u", "zdb.t");
        assertThat(Tables.hadoopTables("file:" + wh, conf)).containsExactly("adb.b", "adb.u", "zdb.t");
    }
}
