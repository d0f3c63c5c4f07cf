package org.textrnn.score;

import org.textrnn.command.ExitCodes;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.textrnn.TextrnnException;
import org.textrnn.command.Command;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code textrnn sql "QUERY"}: Spark SQL in local mode with the catalog score uses, the result on
 * standard output as TSV with a header line (tabs, line breaks and backslashes in values escaped
 * as {@code \t}, {@code \n}, {@code \\}; NULL as {@code \N}).
 */
@picocli.CommandLine.Command(name = "sql", description = "Run a Spark SQL query (Parquet tables as parquet.`PATH`, Iceberg tables by name)"
        + " and print the result as TSV.")
public final class SqlCommand implements Command {

    @Option(names = "--query", paramLabel = "SQL", required = true,
            description = "The query; may also be given as the bare argument: textrnn sql \"SELECT ...\".")
    String query;

    @Mixin
    CatalogOptions.Builder catalog = CatalogOptions.builder();

    @Option(names = "--max-rows", paramLabel = "N", description = "Print at most N rows (0: all).")
    @Rule(">= 0")
    int maxRows;

    @Override
    public String positional() {
        return "query";
    }

    @Override
    public Map<String, Object> settings() {
        Rules.check(this, name());
        if (query.isBlank()) {
            throw new UsageException("the query is empty");
        }
        catalog.build();
        return Settings.of(this);
    }

    @Override
    public int execute(Mode mode) throws Exception {
        settings();
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        String sql = query.strip();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SparkSessions.run("textrnn sql", Tables.catalogSettings(catalog.build(), new Configuration()), spark -> print(spark, sql, maxRows, out));
        return ExitCodes.OK;
    }

    /** Runs {@code query} and writes the TSV; fails with {@link TextrnnException} on a query Spark rejects. */
    public static long print(SparkSession spark, String query, int maxRows, PrintStream out) {
        Dataset<Row> result;
        try {
            result = spark.sql(query);
        } catch (Exception e) { // parse and analysis errors are checked exceptions in Scala's eyes
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new TextrnnException("query failed: " + msg.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(msg), e);
        }
        StructField[] fields = result.schema().fields();
        Column[] asText = new Column[fields.length];
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            asText[i] = result.col("`" + fields[i].name().replace("`", "``") + "`").cast(DataTypes.StringType);
            header.append(i == 0 ? "" : "\t").append(escape(fields[i].name()));
        }
        out.println(header);
        Dataset<Row> rows = result.select(asText);
        if (maxRows > 0) {
            rows = rows.limit(maxRows);
        }
        long n = 0;
        for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); n++) {
            Row r = it.next();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < fields.length; i++) {
                line.append(i == 0 ? "" : "\t").append(r.isNullAt(i) ? "\\N" : escape(r.getString(i)));
            }
            out.println(line);
        }
        return n;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
