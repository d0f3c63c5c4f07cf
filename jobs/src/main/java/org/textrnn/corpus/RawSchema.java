package org.textrnn.corpus;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What every reader produces, one row per record: the record's text and label, where it came from,
 * and whether it is usable ({@code ok}), blank ({@code empty}) or malformed ({@code rejected}, with
 * the reason and the offending text).
 */
public final class RawSchema {

    public static final String DOC_KEY = "doc_key";
    public static final String LABEL = "label";
    public static final String TEXT = "text";
    public static final String SOURCE = "source";
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    public static final String SPLIT = "split";

    public static final String OK = "ok";
    public static final String EMPTY = "empty";
    public static final String REJECTED = "rejected";

    public static final StructType SCHEMA = new StructType()
            .add(DOC_KEY, DataTypes.StringType, true)
            .add(LABEL, DataTypes.StringType, true)
            .add(TEXT, DataTypes.StringType, true)
            .add(SOURCE, DataTypes.StringType, false)
            .add(STATUS, DataTypes.StringType, false)
            .add(REASON, DataTypes.StringType, true)
            .add(SPLIT, DataTypes.StringType, true);

    private RawSchema() {
    }

    static Row ok(String docKey, String label, String text, String source, String split) {
        return RowFactory.create(docKey, label, text, source, OK, null, split);
    }

    static Row empty(String source, String split) {
        return RowFactory.create(null, null, null, source, EMPTY, null, split);
    }

    static Row rejected(String text, String source, String reason, String split) {
        return RowFactory.create(null, null, text, source, REJECTED, reason, split);
    }
}
