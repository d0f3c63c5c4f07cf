package org.textrnn.score;

import java.io.File;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.textrnn.cli.UsageException;

/**
 * Where predictions go: a Parquet table at a path on any Hadoop file system, or an Apache Iceberg
 * table by name. Unqualified Iceberg names ({@code db.table}) live in textrnn's own Hadoop catalog
 * {@value #CATALOG} (a warehouse folder); {@code catalog.db.table} names any catalog configured in
 * Spark (e.g. through spark-submit {@code --conf spark.sql.catalog.prod=...}).
 */
public final class Tables {

    /** The Iceberg catalog textrnn configures (unless spark-submit already did). */
    public static final String CATALOG = "textrnn";
    public static final String DEFAULT_WAREHOUSE = "warehouse";

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
     * dates whose publication a killed run left midway are finished first (see {@link ScoreJob}).
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

    /** Spark settings of textrnn's Iceberg catalog over {@code warehouse} (a path on any Hadoop file system). */
    public static Map<String, String> catalogSettings(String warehouse) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        m.put("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog");
        m.put("spark.sql.catalog." + CATALOG + ".type", "hadoop");
        m.put("spark.sql.catalog." + CATALOG + ".warehouse", absolute(warehouse));
        return m;
    }

    /** A local relative path made absolute (the catalog must not depend on the working directory later). */
    static String absolute(String path) {
        URI uri = URI.create(path.replace(" ", "%20"));
        if (uri.getScheme() != null) {
            return path;
        }
        return new File(path).getAbsoluteFile().toURI().toString();
    }
}
