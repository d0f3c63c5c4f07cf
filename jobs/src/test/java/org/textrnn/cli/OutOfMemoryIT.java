package org.textrnn.cli;

import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.testing.CliProcess;

/** A task that runs out of heap in local mode: one line and exit code 4, not Spark's exit 52 with stack traces. */
class OutOfMemoryIT {

    @TempDir
    Path dir;

    @Test
    void aTaskOutOfHeapEndsWithOneLineAndExitCode4() throws Exception {
        CliProcess probe = CliProcess.ofMain(dir.resolve("probe.log"), OutOfMemoryProbe.class.getName());
        int code = probe.run(180);
        String out = probe.output();
        assertThat(code).as(out).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        assertThat(out).contains("\ntextrnn prepare: ran out of memory (Java heap space): give the JVMs more heap (TEXTRNN_DRIVER_MEMORY"
                + " for deploy/textrnn, default 4g; spark.driver.memory and spark.executor.memory under spark-submit), or make the work"
                + " smaller with --max-length\n");
        assertThat(out).doesNotContain("SparkUncaughtExceptionHandler");
    }

    @Test
    void withoutTheLocalModeSettingSparkWouldExitTheJvmWith52() throws Exception {
        // what SparkSessions keeps from happening: Spark's own handler exits the JVM before the driver can report
        CliProcess probe = CliProcess.ofMain(dir.resolve("probe.log"), OutOfMemoryProbe.class.getName())
                .jvm("-D" + SparkSessions.KILL_ON_FATAL_ERROR_DEPTH + "=5");
        int code = probe.run(180);
        assertThat(code).as(probe.output()).isEqualTo(52);
    }
}
