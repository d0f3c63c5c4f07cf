package org.textrnn.table;

import org.textrnn.table.PredictionTable;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;

/**
 * Where predictions go: a Parquet table at a path on any Hadoop file system, or an Apache Iceberg
 * table by name. Unqualified Iceberg names ({@code db.table}) live in textrnn's own catalog
 * {@value #CATALOG}: Iceberg's JdbcCatalog, whose database (an SQLite file {@value #CATALOG_FILE}
 * in a local warehouse, or {@code --catalog-uri}) records each table's current metadata file and
 * moves it atomically on every commit, with the table files in the warehouse folder.
 * {@code catalog.db.table} names any catalog configured in Spark (e.g. through spark-submit
 * {@code --conf spark.sql.catalog.prod=...}). See docs/tables.md.
 */
public final class Tables {

    private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

    /** The Iceberg catalog textrnn configures (unless spark-submit already did). */
    public static final String CATALOG = "textrnn";
    public static final String DEFAULT_WAREHOUSE = "warehouse";
    /** textrnn's catalog database in a local warehouse: SQLite, for Iceberg's JdbcCatalog. */
    public static final String CATALOG_FILE = "textrnn-catalog.db";
    /** How long an SQLite connection waits for another process's write to finish before failing. */
    public static final int SQLITE_BUSY_TIMEOUT_MS = 120_000;
    /** Iceberg's commit retries of new tables (its default of 4 is few when a backfill commits many dates at once). */
    public static final int COMMIT_RETRIES = 20;
    public static final String MIGRATE_COMMAND = "textrnn catalog migrate --warehouse ";

    private static final String PREFIX = "spark.sql.catalog." + CATALOG;
    private static final String VERSION_HINT = "version-hint.text";

    /**
     * Which catalog {@value #CATALOG} is. {@link #JDBC}: Iceberg's JdbcCatalog (SQLite in the warehouse,
     * or {@code --catalog-uri}), whose commits are atomic across processes. {@link #HADOOP}: Iceberg's
     * Hadoop catalog (a warehouse made by an earlier textrnn, or configured so with spark-submit),
     * whose commits are NOT safe when two processes commit to one table at once: callers should hold
     * a table-wide lock. {@link #SPARK}: configured entirely with spark-submit as another kind (Hive,
     * REST, ...), whose commits are that catalog's business.
     */
    public enum CatalogKind { HADOOP, JDBC, SPARK }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){1,2}");

    private Tables() {
    }

    /** The kinds of table. */
    public enum Format {
        PARQUET, ICEBERG;

        public String optionValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A resolved table: a Parquet path or a fully qualified Iceberg identifier. */
    public record Target(Format format, String name) implements java.io.Serializable {
        @Override
        public String toString() {
            return format.optionValue() + " table " + name;
        }
    }

    /**
     * @param table  a path (has a '/' or a scheme) or a name {@code [catalog.]db.table}
     * @param format auto (by the look of {@code table}), parquet or iceberg
     */
    public static Target resolve(String table, String format) {
        String t = table.strip();
        if (t.isEmpty()) {
            throw new UsageException("--table must not be empty");
        }
        boolean looksLikePath = t.contains("/") || t.contains(":") || t.contains(File.separator);
        Format f = switch (format) {
            case "auto" -> looksLikePath ? Format.PARQUET : Format.ICEBERG;
            case "parquet" -> Format.PARQUET;
            case "iceberg" -> Format.ICEBERG;
            default -> throw new UsageException("--table-format must be auto, parquet or iceberg; found '" + format + "'");
        };
        if (f == Format.PARQUET) {
            return new Target(f, t);
        }
        if (!IDENTIFIER.matcher(t).matches()) {
            throw new UsageException("--table " + t + ": an Iceberg table is named db.table or catalog.db.table (letters, digits, _)"
                    + (looksLikePath ? "; for a Parquet table at a path use --table-format parquet" : ""));
        }
        return new Target(f, t.chars().filter(c -> c == '.').count() == 1 ? CATALOG + "." + t : t);
    }

    /**
     * The rows of an existing table; fails naming the table when there is none. A Parquet table's
     * dates whose publication a killed run left midway are finished first (see score's ScoreJob).
     */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> read(org.apache.spark.sql.SparkSession spark, Target target) {
        if (target.format() == Format.PARQUET) {
            try {
                new PredictionTable.ParquetTable(spark, target).repairOtherDates(null, "read-" + java.util.UUID.randomUUID());
            } catch (java.io.IOException e) {
                throw new org.textrnn.TextrnnException(target + ": cannot finish an interrupted run's publication: " + e.getMessage(), e);
            }
        }
        try {
            return target.format() == Format.PARQUET ? spark.read().parquet(target.name()) : spark.table(target.name());
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
            throw new org.textrnn.TextrnnException(target + " cannot be read (is it written by textrnn score?): "
                    + String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(""), e);
        }
    }

    /** Whether {@code target} is a table of textrnn's own catalog {@value #CATALOG} (null: no table). */
    public static boolean usesCatalog(Target target) {
        return target != null && (target.format() == Format.ICEBERG && target.name().startsWith(CATALOG + "."));
    }

    /**
     * The catalog {@value #CATALOG} is over {@code catalog}: the one spark-submit configured
     * ({@code spark.sql.catalog.textrnn=...}), else JDBC with {@code --catalog-uri}, else JDBC when the
     * warehouse holds the SQLite file {@value #CATALOG_FILE}, else Hadoop when it holds Hadoop-catalog
     * tables ({@code db/table/metadata/version-hint.text}), else JDBC on a new SQLite file when the
     * warehouse is on the local file system, else Hadoop on HDFS (atomic renames; score locks the whole
     * table).
     *
     * @throws UsageException for a warehouse on an object store (s3a://, gs://, ...) with neither a
     *                        catalog database nor Hadoop-catalog tables: SQLite cannot live there, and
     *                        a Hadoop catalog is not safe without atomic renames
     */
    public static CatalogKind catalogKind(CatalogOptions catalog, Configuration conf) throws IOException {
        SparkConf spark = new SparkConf();
        if (spark.contains(PREFIX)) {
            return "hadoop".equalsIgnoreCase(spark.get(PREFIX + ".type", "")) ? CatalogKind.HADOOP : CatalogKind.SPARK;
        }
        if (catalog.catalogUri() != null) {
            return CatalogKind.JDBC;
        }
        Path warehouse = new Path(absolute(catalog.warehouse()));
        String scheme = warehouse.toUri().getScheme();
        if ("hdfs".equals(scheme) || "viewfs".equals(scheme)) {
            // HDFS renames are atomic, which Iceberg's Hadoop catalog needs; textrnn's score takes a
            // table-wide lock on it, so its own runs never commit to one table at once
            return CatalogKind.HADOOP;
        }
        FileSystem fs = warehouse.getFileSystem(conf);
        boolean local = isLocal(catalog.warehouse());
        if (local && fs.exists(new Path(warehouse, CATALOG_FILE))) {
            return CatalogKind.JDBC;
        }
        if (!hadoopTables(catalog.warehouse(), conf).isEmpty()) {
            return CatalogKind.HADOOP;
        }
        if (local) {
            return CatalogKind.JDBC;
        }
        throw new UsageException("--warehouse " + catalog.warehouse() + " is not on the local file system, so it cannot hold "
                + "textrnn's SQLite catalog " + CATALOG_FILE + ": name a catalog database with --catalog-uri (e.g. "
                + "jdbc:postgresql://host:5432/db), or configure a catalog with spark-submit --conf spark.sql.catalog.NAME=... "
                + "and name tables NAME.db.table (see docs/tables.md)");
    }

    /** As {@link #catalogKind(CatalogOptions, Configuration)} with no {@code --catalog-uri}. */
    public static CatalogKind catalogKind(String warehouse, Configuration conf) throws IOException {
        return catalogKind(new CatalogOptions(warehouse, null), conf);
    }

    /**
     * The Hadoop-catalog tables in {@code warehouse}, as {@code db.table}: folders
     * {@code db/table/metadata} that hold Iceberg's {@value #VERSION_HINT}.
     */
    public static List<String> hadoopTables(String warehouse, Configuration conf) throws IOException {
        Path root = new Path(absolute(warehouse));
        FileSystem fs = root.getFileSystem(conf);
        List<String> tables = new ArrayList<>();
        if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
            return tables;
        }
        for (FileStatus db : fs.listStatus(root)) {
            if (!db.isDirectory() || hidden(db.getPath().getName())) {
                continue;
            }
            for (FileStatus t : fs.listStatus(db.getPath())) {
                if (t.isDirectory() && !hidden(t.getPath().getName())
                        && fs.exists(new Path(new Path(t.getPath(), "metadata"), VERSION_HINT))) {
                    tables.add(db.getPath().getName() + "." + t.getPath().getName());
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    /**
     * Spark settings of textrnn's Iceberg catalog over {@code catalog} (see {@link #catalogKind}); a
     * Hadoop catalog is logged as a WARN naming the migration command. The catalog database is not
     * touched (see {@link #prepareCatalog} for writers).
     */
    public static Map<String, String> catalogSettings(CatalogOptions catalog, Configuration conf) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        CatalogKind kind = catalogKind(catalog, conf);
        if (new SparkConf().contains(PREFIX)) {
            return m; // spark-submit configured the catalog: all of it is theirs
        }
        if (kind == CatalogKind.HADOOP) {
            LOG.warn("catalog {}: {} holds Hadoop-catalog tables {} (or is on HDFS) and no catalog database {}: using Iceberg's "
                            + "Hadoop catalog, whose commits are NOT safe between processes (two commits to one table at once can "
                            + "lose one's rows); textrnn's score therefore runs one at a time per table (a table-wide lock), and other "
                            + "writers must not write these tables; on a local disk migrate the tables to textrnn's JDBC catalog with: "
                            + "{}{} (or give --catalog-uri)", CATALOG, catalog.warehouse(),
                    hadoopTables(catalog.warehouse(), conf), CATALOG_FILE, MIGRATE_COMMAND, catalog.warehouse());
            m.put(PREFIX, "org.apache.iceberg.spark.SparkCatalog");
            m.put(PREFIX + ".type", "hadoop");
            m.put(PREFIX + ".warehouse", absolute(catalog.warehouse()));
            return m;
        }
        m.put(PREFIX, "org.apache.iceberg.spark.SparkCatalog");
        jdbcProperties(catalog).forEach((k, v) -> m.put(PREFIX + "." + k, v));
        return m;
    }

    /**
     * {@link #catalogSettings} when {@code target} is in textrnn's catalog, else (a Parquet table,
     * another catalog's, or null: none) only Iceberg's SQL extensions: the warehouse is not looked at.
     */
    public static Map<String, String> catalogSettings(CatalogOptions catalog, Target target, Configuration conf) throws IOException {
        if (usesCatalog(target)) {
            return catalogSettings(catalog, conf);
        }
        return Map.of("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    }

    /**
     * The Iceberg catalog properties of textrnn's JdbcCatalog over {@code catalog}: its database (the
     * SQLite file in the warehouse unless {@code --catalog-uri}), the table location root, the
     * credentials from the environment, and for SQLite a busy timeout (a connection waits for another
     * process's write instead of failing) and write-ahead logging (readers do not block a writer).
     * {@code jdbc.*} properties reach the driver without their prefix.
     */
    static Map<String, String> jdbcProperties(CatalogOptions catalog) {
        Map<String, String> p = new LinkedHashMap<>();
        // Iceberg's JdbcCatalog (type=jdbc) with the result sets it leaves open closed: see TextrnnJdbcCatalog
        p.put("catalog-impl", TextrnnJdbcCatalog.class.getName());
        p.put("uri", catalogUri(catalog));
        p.put("warehouse", absolute(catalog.warehouse()));
        // the catalog table's view-aware layout (and no WARN about views at every start)
        p.put("jdbc.schema-version", "V1");
        if (catalog.catalogUri() == null) {
            p.put("jdbc.busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
            p.put("jdbc.journal_mode", "WAL");
        }
        String user = System.getenv(CatalogOptions.USER_ENV);
        String password = System.getenv(CatalogOptions.PASSWORD_ENV);
        if (user != null && !user.isEmpty()) {
            p.put("jdbc.user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.put("jdbc.password", password);
        }
        // a commit that lost the race to another run's commit is retried on the new table state
        p.put("table-default.commit.retry.num-retries", String.valueOf(COMMIT_RETRIES));
        return p;
    }

    /** The catalog database's JDBC URL: {@code --catalog-uri}, or the SQLite file in the (local) warehouse. */
    static String catalogUri(CatalogOptions catalog) {
        if (catalog.catalogUri() != null) {
            return catalog.catalogUri();
        }
        return "jdbc:sqlite:" + new File(URI.create(absolute(catalog.warehouse()).replace(" ", "%20"))).toPath().resolve(CATALOG_FILE);
    }

    /** Where textrnn's catalog database is, for logs and messages (no credentials). */
    public static String catalogDescription(CatalogOptions catalog) {
        return catalog.catalogUri() != null ? catalog.displayUri() : catalogUri(catalog);
    }

    /**
     * Makes the catalog database ready before Spark opens it (writers only): creates the local
     * warehouse folder and Iceberg's catalog tables in the database. Iceberg creates them on first
     * use with check-then-create, which fails in one of two processes that start on a new database
     * at once; here a failed attempt is retried, and then finds the tables in place. Nothing is done
     * for a Hadoop or spark-submit catalog.
     */
    public static void prepareCatalog(CatalogOptions catalog, Configuration conf) throws IOException {
        prepareCatalog(catalog, null, conf);
    }

    /**
     * As {@link #prepareCatalog(CatalogOptions, Configuration)}, and creates the namespace of
     * {@code table} (a table of this catalog, or null) when it is missing: Spark's {@code CREATE
     * NAMESPACE IF NOT EXISTS} fails in one of two runs that create it at once (Iceberg's JdbcCatalog
     * reports the duplicate key as an SQL error), as a backfill into a new table does.
     */
    public static void prepareCatalog(CatalogOptions catalog, Target table, Configuration conf) throws IOException {
        if (catalogKind(catalog, conf) != CatalogKind.JDBC || new SparkConf().contains(PREFIX)) {
            return;
        }
        if (catalog.catalogUri() == null) {
            Path warehouse = new Path(absolute(catalog.warehouse()));
            warehouse.getFileSystem(conf).mkdirs(warehouse);
        }
        try (JdbcCatalog c = openJdbcCatalog(catalog, conf)) {
            LOG.info("catalog {}: Iceberg JdbcCatalog on {}, tables in {}", CATALOG, catalogDescription(catalog), catalog.warehouse());
            if (usesCatalog(table)) {
                String[] parts = table.name().split("\\.");
                org.apache.iceberg.catalog.Namespace ns = org.apache.iceberg.catalog.Namespace.of(
                        java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
                if (!c.namespaceExists(ns)) {
                    try {
                        c.createNamespace(ns);
                    } catch (RuntimeException e) {
                        if (!c.namespaceExists(ns)) { // not another run creating it meanwhile
                            throw new TextrnnException("catalog " + CATALOG + ": namespace " + ns + " cannot be created: " + rootMessage(e), e);
                        }
                    }
                }
            }
        }
    }

    /**
     * Iceberg's JdbcCatalog {@value #CATALOG} over {@code catalog}, outside Spark (the migration and
     * {@link #prepareCatalog}); Spark settings {@code spark.sql.catalog.textrnn.*} given with
     * spark-submit (e.g. {@code jdbc.password}) apply as they do in Spark.
     */
    public static JdbcCatalog openJdbcCatalog(CatalogOptions catalog, Configuration conf) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(jdbcProperties(catalog));
        for (scala.Tuple2<String, String> kv : new SparkConf().getAllWithPrefix(PREFIX + ".")) {
            props.put(kv._1(), kv._2());
        }
        loadDriver(props.get("uri"));
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            JdbcCatalog c = new TextrnnJdbcCatalog();
            c.setConf(conf);
            try {
                c.initialize(CATALOG, props);
                return c;
            } catch (RuntimeException e) {
                last = e;
                LOG.info("catalog {}: opening {} failed (attempt {} of 5), retrying: {}", CATALOG, catalogDescription(catalog), attempt,
                        rootMessage(e));
                try {
                    c.close();
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException ignored) {
                    // a half-opened catalog: nothing to keep
                }
            }
        }
        throw new TextrnnException("catalog " + CATALOG + ": the catalog database " + catalogDescription(catalog) + " cannot be opened: "
                + rootMessage(last), last);
    }

    /** Registers the JDBC driver of {@code uri} (DriverManager may not see a driver in an application jar under spark-submit). */
    private static void loadDriver(String uri) {
        String driver = uri.startsWith("jdbc:sqlite:") ? "org.sqlite.JDBC"
                : uri.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : null;
        if (driver != null) {
            try {
                Class.forName(driver, true, Tables.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                LOG.debug("JDBC driver {} is not on the class path", driver);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        // a driver's message may quote the URL, password and all
        return CatalogOptions.redact(t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")");
    }

    /** Whether {@code path} is on the local file system (no scheme, or file:). */
    public static boolean isLocal(String path) {
        return "file".equalsIgnoreCase(URI.create(absolute(path).replace(" ", "%20")).getScheme());
    }

    /** A local relative path made absolute (the catalog must not depend on the working directory later). */
    public static String absolute(String path) {
        URI uri = URI.create(path.replace(" ", "%20"));
        if (uri.getScheme() != null) {
            return path;
        }
        return new File(path).getAbsoluteFile().toURI().toString();
    }
}
