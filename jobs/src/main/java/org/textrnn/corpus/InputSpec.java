package org.textrnn.corpus;

import java.io.Serializable;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;

/**
 * One {@code --input}: a path (any Hadoop file system, globs allowed), optionally prefixed by the
 * split its documents belong to ({@code test=hdfs:///corpora/test.txt}).
 *
 * @param split the split name, or null when the documents are split by {@code --split}
 */
public record InputSpec(String split, String path) implements Serializable {

    public static InputSpec parse(String value) {
        int eq = value.indexOf('=');
        if (eq > 0) {
            String prefix = value.substring(0, eq);
            if (SequenceSchema.isSplitName(prefix)) {
                String path = value.substring(eq + 1);
                if (path.isBlank()) {
                    throw new UsageException("--input " + value + " names the split but no path");
                }
                return new InputSpec(prefix, path);
            }
        }
        if (value.isBlank()) {
            throw new UsageException("--input must not be empty");
        }
        return new InputSpec(null, value);
    }

    @Override
    public String toString() {
        return split == null ? path : split + "=" + path;
    }
}
