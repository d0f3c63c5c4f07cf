package org.textrnn.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code textrnn <command> ...} in a child JVM (this test JVM's class path and module flags,
 * local[2] Spark), for tests that kill a writer or run two writers at once: the child can be
 * killed, or preloaded with {@code ../shared/tools/killat.c}, without touching the test JVM.
 */
public final class CliProcess {

    private final String mainClass;
    private final List<String> args;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Path log;
    private Process process;

    private CliProcess(Path log, String mainClass, List<String> args) {
        this.log = log;
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
    }

    /** A run of {@code textrnn args...} whose stdout and stderr go to {@code log}. */
    public static CliProcess of(Path log, String... args) {
        return new CliProcess(log, "org.textrnn.cli.TextrnnCli", List.of(args));
    }

    /** A run of another main class of the test class path, set up the same way. */
    public static CliProcess ofMain(Path log, String mainClass, String... args) {
        return new CliProcess(log, mainClass, List.of(args));
    }

    /** A further JVM option of the child ({@code -Dspark.x=y}). */
    public CliProcess jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    public CliProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1500m", "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-XX:+IgnoreUnrecognized")
                    || a.startsWith("-Dlog4j.configurationFile")) {
                cmd.add(a);
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(env);
        process = pb.start();
        return this;
    }

    /** Waits for the exit code (fails after {@code seconds}, killing the child). */
    public int waitFor(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("textrnn " + args + " ran past " + seconds + "s; its log:\n" + output());
        }
        return process.exitValue();
    }

    /** Starts, waits and returns the exit code. */
    public int run(long seconds) throws IOException, InterruptedException {
        return start().waitFor(seconds);
    }

    /** Whether the child is still running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
