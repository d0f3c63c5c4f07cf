package org.textrnn.table;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.textrnn.UsageException;
import org.textrnn.command.Recorded;
import picocli.CommandLine.Option;

/**
 * Where textrnn's own Iceberg catalog {@value Tables#CATALOG} keeps its tables: the warehouse folder
 * (table data and metadata files) and the catalog database that records each table's current
 * metadata file (by default an SQLite file in a local warehouse; {@code --catalog-uri} names a
 * shared one such as PostgreSQL). Every command that reads or writes Iceberg tables takes the
 * options of {@link Builder}.
 *
 * @param warehouse  a path on any Hadoop file system
 * @param catalogUri a JDBC URL, or null for the SQLite file {@value Tables#CATALOG_FILE} in the warehouse
 */
public record CatalogOptions(String warehouse, String catalogUri) implements java.io.Serializable {

    /** Environment variables with the catalog database's credentials (a Spark setting {@code spark.sql.catalog.textrnn.jdbc.user} wins). */
    public static final String USER_ENV = "TEXTRNN_CATALOG_USER";
    public static final String PASSWORD_ENV = "TEXTRNN_CATALOG_PASSWORD";

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

    /** The defaults of both options. */
    public static Builder builder() {
        return new Builder();
    }

    /** The catalog database's URL as logs and summaries may show it: a password in it is masked. */
    public String displayUri() {
        return catalogUri == null ? null : redact(catalogUri);
    }

    /** {@code uri} with the password in it (user info or a parameter) masked. */
    public static String redact(String uri) {
        return USER_INFO.matcher(SECRET_PARAMETER.matcher(uri).replaceAll("$1***")).replaceAll("$1***@");
    }

    /**
     * The catalog options: a picocli option group of every command that reads or writes Iceberg
     * tables (score, sql, evaluate, catalog), and the builder of {@link CatalogOptions}.
     */
    public static final class Builder {

        @Option(names = "--warehouse", paramLabel = "PATH",
                description = "Warehouse folder of textrnn's Iceberg catalog '" + Tables.CATALOG + "' (tables as WAREHOUSE/db/table).")
        String warehouse = Tables.DEFAULT_WAREHOUSE;

        @Option(names = "--catalog-uri", paramLabel = "JDBC-URL",
                description = "Catalog database of '" + Tables.CATALOG + "', e.g. jdbc:postgresql://host:5432/db (user and password from $"
                        + USER_ENV + " and $" + PASSWORD_ENV + "); needed when the warehouse is not on the local disk (none: the SQLite"
                        + " file WAREHOUSE/" + Tables.CATALOG_FILE + ").")
        @Recorded(as = Redacted.class)
        String catalogUri;

        Builder() {
        }

        public Builder warehouse(String warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        public Builder catalogUri(String catalogUri) {
            this.catalogUri = catalogUri;
            return this;
        }

        public CatalogOptions build() {
            return new CatalogOptions(warehouse, catalogUri);
        }
    }

    /** What provenance and dry runs show of a catalog URI: {@link #redact}ed. */
    static final class Redacted implements UnaryOperator<Object> {
        @Override
        public Object apply(Object uri) {
            return redact(uri.toString());
        }
    }
}
