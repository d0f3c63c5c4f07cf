package org.textrnn.score;

import org.textrnn.command.ExitCodes;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.command.Command;
import org.textrnn.command.Rules;
import org.textrnn.command.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.textrnn.UsageException;

/**
 * {@code textrnn catalog migrate --warehouse W}: registers every Hadoop-catalog table of a warehouse
 * (made by textrnn before its catalog became JDBC) in textrnn's JdbcCatalog, at the table's current
 * metadata file, so that later runs commit through the catalog database. Nothing is copied or
 * rewritten; tables already in the catalog are left as they are, so running it again changes nothing.
 * {@code textrnn catalog status} prints which catalog the commands would use and its tables.
 */
@picocli.CommandLine.Command(name = "catalog", description = "Manage textrnn's Iceberg catalog: 'catalog migrate' registers a warehouse's"
        + " Hadoop-catalog tables in the JDBC catalog (safe for overlapping runs; idempotent), 'catalog status' shows which catalog is used.")
public final class CatalogCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogCommand.class);

    /** What {@code textrnn catalog} does. */
    enum Action { MIGRATE, STATUS }

    @Option(names = "--action", required = true, description = "migrate: register every Hadoop-catalog table (WAREHOUSE/db/table/metadata/"
            + "version-hint.text) in the JDBC catalog at its current metadata file; status: print the catalog and its tables. May be"
            + " given as the bare argument: textrnn catalog migrate --warehouse W.")
    Action action;

    @Mixin
    CatalogOptions.Builder catalog = CatalogOptions.builder();

    @Override
    public String positional() {
        return "action";
    }

    @Override
    public Map<String, Object> settings() {
        Rules.check(this, name());
        catalog.build();
        return Settings.of(this);
    }

    @Override
    public int execute(Mode mode) throws Exception {
        settings();
        if (!mode.checksFiles()) {
            return ExitCodes.OK;
        }
        CatalogOptions options = catalog.build();
        Configuration conf = new Configuration();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (action == Action.STATUS || !mode.runs()) {
            status(options, conf, out);
            return ExitCodes.OK;
        }
        migrate(options, conf, out);
        return ExitCodes.OK;
    }

    static void status(CatalogOptions catalog, Configuration conf, PrintStream out) throws IOException {
        Tables.CatalogKind kind = Tables.catalogKind(catalog, conf);
        List<String> hadoop = Tables.hadoopTables(catalog.warehouse(), conf);
        out.println("catalog " + Tables.CATALOG + ": " + switch (kind) {
            case JDBC -> "Iceberg JdbcCatalog on " + Tables.catalogDescription(catalog) + ", tables in " + catalog.warehouse();
            case HADOOP -> "Iceberg Hadoop catalog in " + catalog.warehouse()
                    + " (NOT safe for overlapping runs; migrate with: " + Tables.MIGRATE_COMMAND + catalog.warehouse() + ")";
            case SPARK -> "configured with spark-submit (spark.sql.catalog." + Tables.CATALOG + ")";
        });
        out.println("Hadoop-catalog tables in the warehouse: " + (hadoop.isEmpty() ? "none" : String.join(", ", hadoop)));
    }

    /** The outcome of migrating one table. */
    record Migrated(String table, String outcome, String metadataFile) {
    }

    /** Registers every Hadoop-catalog table of the warehouse in the JDBC catalog; returns what happened to each. */
    static List<Migrated> migrate(CatalogOptions catalog, Configuration conf, PrintStream out) throws IOException {
        if (new org.apache.spark.SparkConf().contains("spark.sql.catalog." + Tables.CATALOG)) {
            throw new UsageException("spark.sql.catalog." + Tables.CATALOG + " is configured with spark-submit: migrate registers tables "
                    + "in textrnn's own JDBC catalog, so run it without that setting");
        }
        if (catalog.catalogUri() == null && !Tables.isLocal(catalog.warehouse())) {
            throw new UsageException("--warehouse " + catalog.warehouse() + " is not on the local file system, so it cannot hold the SQLite "
                    + "catalog " + Tables.CATALOG_FILE + ": give the catalog database to migrate into with --catalog-uri");
        }
        List<String> tables = Tables.hadoopTables(catalog.warehouse(), conf);
        String warehouse = Tables.absolute(catalog.warehouse());
        List<Migrated> done = new ArrayList<>();
        Tables.prepareCatalog(catalog, conf);
        HadoopCatalog hadoop = new HadoopCatalog();
        hadoop.setConf(conf);
        hadoop.initialize("hadoop", Map.of("warehouse", warehouse));
        try (JdbcCatalog jdbc = Tables.openJdbcCatalog(catalog, conf)) {
            for (String name : tables) {
                String[] parts = name.split("\\.", 2);
                TableIdentifier id = TableIdentifier.of(parts[0], parts[1]);
                String location = metadataFile(hadoop.loadTable(id));
                Migrated m;
                if (jdbc.tableExists(id)) {
                    // registered by an earlier migration when the catalog's version is the Hadoop table's or descends from it
                    TableMetadata current = ((HasTableOperations) jdbc.loadTable(id)).operations().current();
                    boolean descends = current.metadataFileLocation().equals(location)
                            || current.previousFiles().stream().anyMatch(e -> e.file().equals(location));
                    m = new Migrated(name, descends ? "already registered" : "already in the catalog, kept at "
                            + current.metadataFileLocation() + " (not from the Hadoop catalog's current version: was the table "
                            + "written by an older textrnn after the migration?)", location);
                } else {
                    Namespace ns = Namespace.of(parts[0]);
                    if (!jdbc.namespaceExists(ns)) {
                        try {
                            jdbc.createNamespace(ns);
                        } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
                            // another migration made it meanwhile
                        }
                    }
                    Table t;
                    try {
                        t = jdbc.registerTable(id, location);
                    } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
                        done.add(new Migrated(name, "already registered (by another process)", location));
                        continue;
                    }
                    if (!t.properties().containsKey(TableProperties.COMMIT_NUM_RETRIES)) {
                        t.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, String.valueOf(Tables.COMMIT_RETRIES)).commit();
                    }
                    m = new Migrated(name, "registered", location);
                }
                LOG.info("catalog migrate: {}.{} {} ({})", Tables.CATALOG, name, m.outcome(), location);
                done.add(m);
            }
        } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
            throw new TextrnnException("catalog migrate: " + e.getMessage(), e);
        }
        for (Migrated m : done) {
            out.println(Tables.CATALOG + "." + m.table() + "\t" + m.outcome() + "\t" + m.metadataFile());
        }
        out.println("catalog migrate: " + done.stream().filter(m -> m.outcome().equals("registered")).count() + " of " + tables.size()
                + " Hadoop-catalog table(s) registered in " + Tables.catalogDescription(catalog)
                + (tables.isEmpty() ? " (none found in " + catalog.warehouse() + ")" : "")
                + "; runs on this warehouse now commit through the JDBC catalog");
        return done;
    }

    private static String metadataFile(Table t) {
        return ((HasTableOperations) t).operations().current().metadataFileLocation();
    }
}
