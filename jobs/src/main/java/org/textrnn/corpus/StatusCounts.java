package org.textrnn.corpus;

import static org.apache.spark.sql.functions.col;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How many records of a read have each {@link RawSchema#STATUS} ({@code ok}, {@code empty},
 * {@code rejected}), counted in one Spark job.
 */
public record StatusCounts(Map<String, Long> byStatus) {

    public StatusCounts {
        byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
    }

    /** Counts the rows of {@code records} (with a {@link RawSchema#STATUS} column) by status. */
    public static StatusCounts of(Dataset<Row> records) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : records.groupBy(col(RawSchema.STATUS)).count().collectAsList()) {
            m.put(r.getString(0), r.getLong(1));
        }
        return new StatusCounts(m);
    }

    public long ok() {
        return byStatus.getOrDefault(RawSchema.OK, 0L);
    }

    public long empty() {
        return byStatus.getOrDefault(RawSchema.EMPTY, 0L);
    }

    public long rejected() {
        return byStatus.getOrDefault(RawSchema.REJECTED, 0L);
    }

    /** Every record, whatever its status. */
    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
