package org.textrnn.evaluate;

import java.io.IOException;
import org.apache.spark.sql.SparkSession;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.ReaderOptions;

/**
 * Encodes raw documents ({@code evaluate --input}) as the bundle's training data was encoded, into a
 * prepare output with one test split. The CLI wires in prepare's encoder
 * ({@code PrepareJob::encodeWithBundle}), which evaluate does not know (a stage never imports another).
 */
@FunctionalInterface
public interface DocumentEncoder {

    /** For runs that evaluate prepared data or a table: asked to encode, it fails. */
    DocumentEncoder NONE = (spark, input, format, reader, bundle, bundleDir, output) -> {
        throw new IllegalStateException("evaluate --input needs prepare's encoder; this evaluate run was built without it");
    };

    Object encode(SparkSession spark, String input, InputFormat format, ReaderOptions reader, ModelBundle bundle, String bundleDir,
                  String output) throws IOException;
}
