package org.textrnn.data;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of prepared sequences ({@code DIR/sequences/split=NAME/part-*.parquet}).
 *
 * <table>
 *   <tr><th>column</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>doc_id</td><td>string</td><td>from the input, else a content hash; repeats get "#2", "#3"</td></tr>
 *   <tr><td>label</td><td>string, null when unlabelled</td><td>the class label</td></tr>
 *   <tr><td>label_index</td><td>int, null when unlabelled</td><td>index in labels.tsv</td></tr>
 *   <tr><td>length</td><td>int</td><td>true token count after truncation (1..max length)</td></tr>
 *   <tr><td>truncated</td><td>boolean</td><td>whether the document had more tokens</td></tr>
 *   <tr><td>tokens</td><td>array&lt;int&gt;</td><td>vocabulary indices padded with 0 to the max length</td></tr>
 *   <tr><td>split</td><td>string (partition column)</td><td>train, validation or test</td></tr>
 * </table>
 */
public final class SequenceSchema {

    public static final String DOC_ID = "doc_id";
    public static final String LABEL = "label";
    public static final String LABEL_INDEX = "label_index";
    public static final String LENGTH = "length";
    public static final String TRUNCATED = "truncated";
    public static final String TOKENS = "tokens";
    public static final String SPLIT = "split";

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    /** The columns stored in the Parquet files (the split is the partition folder). */
    public static final StructType SCHEMA = new StructType()
            .add(DOC_ID, DataTypes.StringType, false)
            .add(LABEL, DataTypes.StringType, true)
            .add(LABEL_INDEX, DataTypes.IntegerType, true)
            .add(LENGTH, DataTypes.IntegerType, false)
            .add(TRUNCATED, DataTypes.BooleanType, false)
            .add(TOKENS, DataTypes.createArrayType(DataTypes.IntegerType, false), false);

    private SequenceSchema() {
    }

    /** Orders split names train, validation, test, then any other alphabetically. */
    public static int compareSplits(String a, String b) {
        int ra = rank(a);
        int rb = rank(b);
        return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    }

    private static int rank(String split) {
        return switch (split) {
            case TRAIN -> 0;
            case VALIDATION -> 1;
            case TEST -> 2;
            default -> 3;
        };
    }

    public static boolean isSplitName(String name) {
        return TRAIN.equals(name) || VALIDATION.equals(name) || TEST.equals(name);
    }
}
