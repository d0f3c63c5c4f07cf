package org.textrnn.corpus;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The records a read rejected, as every command that reads raw documents keeps them: one JSON line
 * per record ({@code source}, {@code reason}, {@code text}: an excerpt of what was read) in one file
 * of a {@code rejected} folder (prepare's {@code DIR/rejected}, train's {@code MODEL/pretrain-rejected}),
 * and, with {@code --on-error fail}, the first of them as the run's error.
 */
public final class RejectedRecords {

    private RejectedRecords() {
    }

    /**
     * Writes {@code rejected} (columns {@link RawSchema#SOURCE}, {@link RawSchema#REASON},
     * {@link RawSchema#TEXT}) as JSON lines into {@code dir}, replacing what is there.
     *
     * @return how many were written (counted from the written files, so the records are computed once)
     */
    public static long write(SparkSession spark, Dataset<Row> rejected, Path dir) {
        rejected.coalesce(1).write().mode(SaveMode.Overwrite).json(dir.toString());
        return spark.read().schema(rejected.schema()).json(dir.toString()).count();
    }

    /**
     * The first rejected record of {@code records} (rows with {@link RawSchema#STATUS},
     * {@link RawSchema#SOURCE} and {@link RawSchema#REASON}) by source, as {@code SOURCE: REASON};
     * null when none was rejected.
     */
    public static String first(Dataset<Row> records) {
        List<Row> first = records.filter(col(RawSchema.STATUS).equalTo(RawSchema.REJECTED)).orderBy(RawSchema.SOURCE)
                .select(RawSchema.SOURCE, RawSchema.REASON).limit(1).collectAsList();
        return first.isEmpty() ? null : first.get(0).getString(0) + ": " + first.get(0).getString(1);
    }
}
