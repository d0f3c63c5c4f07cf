package org.textrnn.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.textrnn.TextrnnException;
import org.textrnn.text.Tokenizer;

/**
 * Documents read for their text alone ({@code --unlabelled-input}: prepare counts its vocabulary
 * over them, train pretrains its embedding on them): any input format and reader options, read as
 * {@code --unlabelled} reads (labels in them are ignored), and tokenized. Every record is kept as a
 * row of {@link #SCHEMA} with its status, so that it can be counted ({@link StatusCounts}), and the
 * rejected ones written with their reasons ({@link RejectedRecords}).
 */
public final class UnlabelledText {

    /** The tokens of a document ({@code ok}); null for the other statuses. */
    public static final String TOKENS = "tokens";

    /** Longest excerpt of a rejected record that is kept. */
    public static final int EXCERPT = 500;

    /** source, status, reason (rejected), text (rejected: an excerpt of the record), tokens (ok). */
    public static final StructType SCHEMA = new StructType()
            .add(RawSchema.SOURCE, DataTypes.StringType, false)
            .add(RawSchema.STATUS, DataTypes.StringType, false)
            .add(RawSchema.REASON, DataTypes.StringType, true)
            .add(RawSchema.TEXT, DataTypes.StringType, true)
            .add(TOKENS, DataTypes.createArrayType(DataTypes.StringType, false), true);

    private UnlabelledText() {
    }

    /** What to read: {@code paths} (any Hadoop path, globs allowed) in {@code format}, without labels. */
    public static CorpusReader.Source source(List<String> paths, InputFormat format, ReaderOptions reader) {
        List<InputSpec> inputs = new ArrayList<>();
        for (String p : paths) {
            inputs.add(new InputSpec(null, p));
        }
        return new CorpusReader.Source(inputs, format, reader, false);
    }

    /** Fails with {@link org.textrnn.UsageException} naming {@code option} when a path matches nothing or does not fit the format. */
    public static void checkInputs(String option, CorpusReader.Source source, Configuration conf) throws IOException {
        CorpusReader.checkInputs(option, source, conf);
    }

    /** Every record of {@code source}, tokenized with {@code tokenizer}: rows of {@link #SCHEMA} (not persisted). */
    public static Dataset<Row> read(SparkSession spark, CorpusReader.Source source, Tokenizer tokenizer) {
        return CorpusReader.read(spark, source).mapPartitions(tokenize(tokenizer), Encoders.row(SCHEMA));
    }

    /**
     * Fails when no document could be read but some records were rejected: the layout ({@code --format},
     * {@code --columns}, ...) does not fit the input. An input of empty records only (an empty file) is no error.
     *
     * @param read   the records, as {@link #read} gives them
     * @param status their counts
     */
    public static void requireReadable(String option, CorpusReader.Source source, Dataset<Row> read, StatusCounts status) {
        if (status.ok() == 0 && status.rejected() > 0) {
            throw new TextrnnException(option + " " + source.inputs() + ": no document could be read (" + status.rejected() + " of its "
                    + status.total() + " records rejected, the others empty), e.g. "
                    + RejectedRecords.first(read) + "; is --format " + source.format().optionValue() + " (with its reader options) right?");
        }
    }

    /** The documents' tokens (one column, {@link #TOKENS}). */
    public static Dataset<Row> documents(Dataset<Row> read) {
        return read.filter(col(RawSchema.STATUS).equalTo(RawSchema.OK)).select(TOKENS);
    }

    /** The rejected records: source, reason, text (an excerpt), as {@link RejectedRecords#write} takes them. */
    public static Dataset<Row> rejected(Dataset<Row> read) {
        return read.filter(col(RawSchema.STATUS).equalTo(RawSchema.REJECTED)).select(RawSchema.SOURCE, RawSchema.REASON, RawSchema.TEXT);
    }

    /** The rejected records by reason, most frequent first, at most {@code limit} reasons. */
    public static Map<String, Long> rejectedByReason(Dataset<Row> read, int limit) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Row r : rejected(read).groupBy(RawSchema.REASON).agg(count(col(RawSchema.SOURCE)).as("n"))
                .orderBy(desc("n"), col(RawSchema.REASON)).limit(limit).collectAsList()) {
            m.put(r.getString(0), r.getLong(1));
        }
        return m;
    }

    private static MapPartitionsFunction<Row, Row> tokenize(Tokenizer tokenizer) {
        return rows -> new MappingIterator(rows, r -> {
            String status = r.getAs(RawSchema.STATUS);
            String text = r.getAs(RawSchema.TEXT);
            String source = r.getAs(RawSchema.SOURCE);
            if (RawSchema.REJECTED.equals(status)) {
                String excerpt = text == null || text.length() <= EXCERPT ? text : text.substring(0, EXCERPT);
                return RowFactory.create(source, status, r.getAs(RawSchema.REASON), excerpt, null);
            }
            List<String> tokens = RawSchema.EMPTY.equals(status) ? List.of() : tokenizer.tokenize(text);
            if (tokens.isEmpty()) {
                return RowFactory.create(source, RawSchema.EMPTY, null, null, null);
            }
            return RowFactory.create(source, RawSchema.OK, null, null, tokens.toArray(new String[0]));
        });
    }
}
