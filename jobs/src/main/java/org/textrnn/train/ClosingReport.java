package org.textrnn.train;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What train runs on a finished bundle before publishing it: the CLI wires in evaluate's report
 * ({@code EvaluateJob::afterTraining}), which train does not know (a stage never imports another).
 */
@FunctionalInterface
public interface ClosingReport {

    /** No report (a bundle without {@code report/}). */
    ClosingReport NONE = (spark, data, model, at, baseline) -> null;

    /**
     * Writes the report on the bundle named {@code model}, being written in {@code at} (train's
     * staging folder, published with it), on the test (else validation) split of {@code data}.
     *
     * @return whatever the report returns, or null when there is nothing to report on
     */
    Object write(SparkSession spark, String data, String model, Path at, boolean baseline) throws IOException;
}
