package org.textrnn.table;

import static org.textrnn.command.OptionSpec.value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.UsageException;

/**
 * Where textrnn's own Iceberg catalog {@value Tables#CATALOG} keeps its tables: the warehouse folder
 * (table data and metadata files) and the catalog database that records each table's current
 * metadata file (by default an SQLite file in a local warehouse; {@code --catalog-uri} names a
 * shared one such as PostgreSQL). Every command that reads or writes Iceberg tables takes
 * {@link #OPTIONS}.
 *
 * @param warehouse  a path on any Hadoop file system
 * @param catalogUri a JDBC URL, or null for the SQLite file {@value Tables#CATALOG_FILE} in the warehouse
 */
public record CatalogOptions(String warehouse, String catalogUri) implements java.io.Serializable {

    /** Environment variables with the catalog database's credentials (a Spark setting {@code spark.sql.catalog.textrnn.jdbc.user} wins). */
    public static final String USER_ENV = "TEXTRNN_CATALOG_USER";
    public static final String PASSWORD_ENV = "TEXTRNN_CATALOG_PASSWORD";

    /** The catalog options of every command that reads or writes Iceberg tables (score, sql, evaluate, catalog). */
    public static final List<OptionSpec> OPTIONS = List.of(
            value("warehouse", "PATH", Tables.DEFAULT_WAREHOUSE, "Warehouse folder of textrnn's Iceberg catalog '" + Tables.CATALOG
                    + "' (tables as WAREHOUSE/db/table)."),
            value("catalog-uri", "JDBC-URL", "", "Catalog database of '" + Tables.CATALOG + "', e.g. jdbc:postgresql://host:5432/db "
                    + "(user and password from $" + USER_ENV + " and $" + PASSWORD_ENV + "); needed when the warehouse is not on "
                    + "the local disk (none: the SQLite file WAREHOUSE/" + Tables.CATALOG_FILE + ")."));

    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;](password|pass|pwd|secret|token)[^=&;]*=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    public CatalogOptions {
        if (warehouse == null || warehouse.isBlank()) {
            throw new UsageException("--warehouse must not be empty");
        }
        warehouse = warehouse.strip();
        if (catalogUri != null) {
            catalogUri = catalogUri.strip();
            if (catalogUri.isEmpty()) {
                catalogUri = null;
            } else if (!catalogUri.startsWith("jdbc:")) {
                throw new UsageException("--catalog-uri must be a JDBC URL such as jdbc:postgresql://host:5432/db, found '"
                        + redact(catalogUri) + "' (a Hive or REST catalog is configured with spark-submit --conf "
                        + "spark.sql.catalog.NAME=... and its tables named NAME.db.table)");
            }
        }
    }

    public static CatalogOptions from(Settings s) {
        return new CatalogOptions(s.string("warehouse"), s.optional("catalog-uri"));
    }

    /** The catalog database's URL as logs and summaries may show it: a password in it is masked. */
    public String displayUri() {
        return catalogUri == null ? null : redact(catalogUri);
    }

    /** {@code uri} with the password in it (user info or a parameter) masked. */
    public static String redact(String uri) {
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(uri).replaceAll("$1***")).replaceAll("$1***@");
    }

    /** For provenance and dry runs (no credentials). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warehouse", warehouse);
        m.put("catalog-uri", catalogUri == null ? "" : displayUri());
        return m;
    }
}
