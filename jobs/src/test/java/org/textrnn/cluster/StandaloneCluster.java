package org.textrnn.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.textrnn.io.Json;

/**
 * A Spark standalone cluster on 127.0.0.1 for end-to-end tests: one Master and N Workers, each a
 * separate JVM started from a Spark home whose {@code jars/} folder holds Spark's runtime jars (the
 * {@code cluster-e2e} Maven profile copies them there from the build's {@code provided}
 * dependencies; no Spark distribution is downloaded). Applications are submitted through
 * {@code org.apache.spark.deploy.SparkSubmit} in client mode, so the driver is one more JVM.
 *
 * <p>{@link #close()} stops every JVM it started (drivers, workers with the executors they
 * launched, master), also after a failure; a JVM shutdown hook does the same if the test JVM is
 * stopped first.
 */
final class StandaloneCluster implements AutoCloseable {

    /**
     * The module flags Spark's own launcher adds on Java 17; the Master, Worker and driver JVMs need them
     * too: conf/jvm-flags.txt as a Java argument file, the list deploy/textrnn and the Maven tests use
     * (the tests run in the project root).
     */
    static final List<String> JAVA17_FLAGS = List.of("@" + Path.of("conf", "jvm-flags.txt").toAbsolutePath());

    /**
     * Master and Workers only route messages and launch executors: a small heap, and the quick
     * C1 compiler only (the C2 compiler's warm-up costs CPU that the 2-core test machine lacks).
     */
    private static final List<String> DAEMON_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path sparkHome;
    private final Path dir;
    private final int masterPort;
    private final int masterUiPort;
    private final List<Process> daemons = new ArrayList<>();
    private final List<Process> drivers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "standalone-cluster-cleanup");

    /** What a submitted application did: its exit code, its driver log, how long it ran. */
    record Submission(String name, int exitCode, Path log, Duration took) {

        String logTail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        /** The driver log lines that contain {@code text}. */
        List<String> logLines(String text) throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).collect(Collectors.toList());
        }
    }

    private StandaloneCluster(Path sparkHome, Path dir) throws IOException {
        this.sparkHome = sparkHome;
        this.dir = dir;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        Files.createDirectories(dir.resolve("logs"));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a Master and {@code workers} Workers (each offering {@code coresPerWorker} cores and
     * {@code workerMemory} for executors) with their work and log folders under {@code dir}, and
     * waits until the master lists every worker as ALIVE.
     */
    static StandaloneCluster start(Path sparkHome, Path dir, int workers, int coresPerWorker, String workerMemory, Duration timeout)
            throws IOException, InterruptedException {
        StandaloneCluster c = new StandaloneCluster(sparkHome, dir);
        try {
            c.daemons.add(c.launch("master", DAEMON_JVM, "org.apache.spark.deploy.master.Master",
                    List.of("--host", "127.0.0.1", "--port", Integer.toString(c.masterPort), "--webui-port", Integer.toString(c.masterUiPort)),
                    Map.of()));
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                Path local = Files.createDirectories(dir.resolve("worker-" + i + "-local"));
                c.daemons.add(c.launch("worker-" + i, DAEMON_JVM, "org.apache.spark.deploy.worker.Worker",
                        List.of("--host", "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                                "--cores", Integer.toString(coresPerWorker), "--memory", workerMemory, "--work-dir", work.toString(),
                                c.masterUrl()),
                        // the Worker builds each executor's command with Spark's launcher code: it takes
                        // SPARK_HOME/jars/* as the class path, and needs the Scala version, which a
                        // distribution's bin/load-spark-env.sh would export
                        Map.of("SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_DIRS", local.toString())));
            }
            c.awaitAliveWorkers(workers, timeout);
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    URI masterJson() {
        return URI.create("http://127.0.0.1:" + masterUiPort + "/json/");
    }

    /** The master's state as its web UI's {@code /json/} endpoint reports it. */
    Map<String, Object> masterState() throws IOException {
        HttpURLConnection http = (HttpURLConnection) masterJson().toURL().openConnection();
        http.setConnectTimeout(2000);
        http.setReadTimeout(5000);
        try (InputStream in = http.getInputStream()) {
            return Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8), masterJson().toString());
        } finally {
            http.disconnect();
        }
    }

    /** The ids of the workers the master lists as ALIVE. */
    @SuppressWarnings("unchecked")
    List<String> aliveWorkers() throws IOException {
        List<Map<String, Object>> workers = (List<Map<String, Object>>) masterState().getOrDefault("workers", List.of());
        return workers.stream().filter(w -> "ALIVE".equals(w.get("state"))).map(w -> String.valueOf(w.get("id"))).collect(Collectors.toList());
    }

    private void awaitAliveWorkers(int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer from " + masterJson();
        while (System.nanoTime() < deadline) {
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster JVM exited with code " + p.exitValue() + " while starting; see the logs in "
                            + dir.resolve("logs"));
                }
            }
            try {
                List<String> alive = aliveWorkers();
                if (alive.size() >= expected) {
                    return;
                }
                last = alive.size() + " ALIVE workers " + alive;
            } catch (IOException e) {
                last = "no answer from " + masterJson() + " (" + e.getMessage() + ")";
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the master did not list " + expected + " ALIVE workers within " + timeout.toSeconds() + "s: " + last
                + "; see the logs in " + dir.resolve("logs"));
    }

    /**
     * Runs {@code SparkSubmit --master spark://... --deploy-mode client [sparkArgs] appJar appArgs}
     * as a separate JVM (the driver, with {@code driverJvmArgs}) and waits for it; its output goes
     * to {@code logs/<name>.log}. A run that takes longer than {@code timeout} is killed.
     */
    Submission submit(String name, List<String> driverJvmArgs, List<String> sparkArgs, Path appJar, String mainClass, List<String> appArgs,
            Duration timeout) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", "client", "--class", mainClass));
        args.addAll(sparkArgs);
        args.add(appJar.toString());
        args.addAll(appArgs);
        long t0 = System.nanoTime();
        Process p = launch(name, driverJvmArgs, "org.apache.spark.deploy.SparkSubmit", args, Map.of("OMP_NUM_THREADS", "1"));
        drivers.add(p);
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            stop(p);
        }
        drivers.remove(p);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Submission(name, done ? p.exitValue() : -1, log(name), took);
    }

    Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    private Process launch(String name, List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        cmd.addAll(JAVA17_FLAGS);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().remove("SPARK_CONF_DIR");
        pb.environment().remove("HADOOP_CONF_DIR");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Stops drivers, then workers (which stop their executors), then the master. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook is running or has run
        }
    }

    private synchronized void stopAll() {
        for (Process p : List.copyOf(drivers)) {
            stop(p);
        }
        drivers.clear();
        // workers first, in reverse order of starting, the master last
        for (int i = daemons.size() - 1; i >= 0; i--) {
            stop(daemons.get(i));
        }
        daemons.clear();
    }

    /**
     * Ends a JVM and everything it started: SIGTERM first (a Worker's shutdown hook then kills its
     * executors), SIGKILL for whatever is left after 20 seconds.
     */
    private static void stop(Process p) {
        List<ProcessHandle> descendants = p.descendants().collect(Collectors.toList());
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        for (ProcessHandle h : descendants) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
