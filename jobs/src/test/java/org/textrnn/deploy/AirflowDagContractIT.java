package org.textrnn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Airflow DAG contract test ({@code deploy/airflow/test_dags.py}) with Debian's Python 3 and
 * Jinja2: every spark-submit command the DAGs would build, rendered for two nights, must be accepted
 * by {@code textrnn validate}; their Spark settings must be the cluster profile's
 * ({@code conf/spark-cluster.properties}, as {@code deploy/submit.sh} passes it); dates and run ids
 * must be templated; the check task must look where score names its runs folder, and the check and
 * promotion tasks must refuse missing, empty or flagged runs. Needs {@code python3-jinja2} (installed
 * by {@code deploy/test.sh}); {@code TEXTRNN_SKIP_PYTHON=1} skips it on a machine without.
 */
class AirflowDagContractIT {

    private static final String TEST = "deploy/airflow/test_dags.py";

    /** The project root: tests run there, but look upwards in case they were started from the module. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(TEST))) {
                return p;
            }
        }
        throw new AssertionError(TEST + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void dagsBuildCommandsTheCliAccepts() throws IOException, InterruptedException {
        assumeFalse("1".equals(System.getenv("TEXTRNN_SKIP_PYTHON")), "TEXTRNN_SKIP_PYTHON=1: DAG contract test skipped");
        Path python = Path.of(System.getenv().getOrDefault("TEXTRNN_PYTHON", "/usr/bin/python3"));
        assertThat(python).as("Debian's python3 with python3-jinja2 (apt-get install python3-jinja2), or TEXTRNN_SKIP_PYTHON=1")
                .isExecutable();
        Path log = Files.createTempFile("dag-contract", ".log");
        Process p = new ProcessBuilder(python.toString(), "-m", "unittest", "-v", TEST)
                .directory(root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(done).as("DAG contract test finished in time").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Ran 8 tests").contains("OK").doesNotContain("skipped");
    }
}
