package org.textrnn.score;

import org.textrnn.command.ExitCodes;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;
import static org.textrnn.command.OptionSpec.required;
import static org.textrnn.command.OptionSpec.value;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.textrnn.TextrnnException;
import org.textrnn.command.Command;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;

/**
 * {@code textrnn sql "QUERY"}: Spark SQL in local mode with the catalog score uses, the result on
 * standard output as TSV with a header line (tabs, line breaks and backslashes in values escaped
 * as {@code \t}, {@code \n}, {@code \\}; NULL as {@code \N}).
 */
public final class SqlCommand implements Command {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String summary() {
        return "Run a Spark SQL query (Parquet tables as parquet.`PATH`, Iceberg tables by name) and print the result as TSV.";
    }

    @Override
    public String positional() {
        return "query";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new ArrayList<>(List.of(
                required("query", "SQL", "The query; may also be given as the bare argument: textrnn sql \"SELECT ...\".")));
        options.addAll(CatalogOptions.OPTIONS);
        options.add(value("max-rows", "N", "0", "Print at most N rows (0: all)."));
        return options;
    }

    @Override
    public int execute(Settings settings, Mode mode) throws Exception {
        String query = settings.string("query").strip();
        if (query.isEmpty()) {
            throw new UsageException("the query is empty");
        }
        int maxRows = settings.integer("max-rows");
        if (maxRows < 0) {
            throw new UsageException(settings.describe("max-rows") + " must be >= 0, found " + maxRows);
        }
        CatalogOptions catalog = CatalogOptions.from(settings);
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SparkSessions.run("textrnn sql", Tables.catalogSettings(catalog, new Configuration()), spark -> print(spark, query, maxRows, out));
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
