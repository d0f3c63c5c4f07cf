package org.textrnn.corpus;

import java.util.Iterator;
import org.apache.spark.sql.Row;

/** A lazy map over a partition's rows, so a partition is never held in memory at once. */
public final class MappingIterator implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final RowFunction f;

    /** The function applied to each row. */
    public interface RowFunction {
        Row apply(Row r) throws Exception;
    }

    public MappingIterator(Iterator<Row> rows, RowFunction f) {
        this.rows = rows;
        this.f = f;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public Row next() {
        try {
            return f.apply(rows.next());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
