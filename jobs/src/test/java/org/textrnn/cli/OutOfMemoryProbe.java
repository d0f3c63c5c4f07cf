package org.textrnn.cli;

import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.textrnn.prepare.PrepareCommand;

/**
 * A child JVM's main for {@link OutOfMemoryIT}: a Spark job, opened as every command opens its
 * session, whose tasks run out of heap, reported as the command line reports a failed prepare.
 */
public final class OutOfMemoryProbe {

    private OutOfMemoryProbe() {
    }

    public static void main(String[] args) {
        int code;
        try {
            SparkSessions.run("textrnn out-of-memory probe", spark -> {
                // 8 GiB in each task, far more than the child's heap
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(1, 2), 2)
                        .map(i -> new long[Integer.MAX_VALUE / 2].length).count();
            });
            code = ExitCodes.OK;
        } catch (Exception | OutOfMemoryError e) {
            code = TextrnnCli.failed(new PrepareCommand(), e, System.err);
        }
        System.exit(code);
    }
}
