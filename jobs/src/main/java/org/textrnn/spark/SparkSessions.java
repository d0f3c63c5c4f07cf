package org.textrnn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the SparkSession of a job. Under spark-submit the master and every setting come from it;
 * started directly (deploy/textrnn, an IDE) with no {@code spark.master}, it runs in local mode on
 * all cores.
 */
public final class SparkSessions {

    /** How deep in a failed task's causes Spark looks for a fatal error that makes it exit the executor. */
    public static final String KILL_ON_FATAL_ERROR_DEPTH = "spark.executor.killOnFatalError.depth";

    private SparkSessions() {
    }

    /** A job body that runs against a SparkSession. */
    public interface Job {
        void run(SparkSession spark) throws Exception;
    }

    /** Opens a session, runs the job, and stops the session whatever happens. */
    public static void run(String appName, Job job) throws Exception {
        run(appName, java.util.Map.of(), job);
    }

    /** As {@link #run(String, Job)}, with settings that apply where spark-submit did not set them. */
    public static void run(String appName, java.util.Map<String, String> defaults, Job job) throws Exception {
        SparkSession spark = open(appName, defaults);
        try {
            job.run(spark);
        } finally {
            spark.stop();
        }
    }

    public static SparkSession open(String appName) {
        return open(appName, java.util.Map.of());
    }

    /** Opens a session; {@code defaults} apply to keys that spark-submit (or -D) did not set. */
    public static SparkSession open(String appName, java.util.Map<String, String> defaults) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        defaults.forEach((k, v) -> {
            if (!conf.contains(k)) {
                builder.config(k, v);
            }
        });
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        boolean local = conf.get("spark.master", "local[*]").startsWith("local");
        if (local && !conf.contains(KILL_ON_FATAL_ERROR_DEPTH)) {
            // In local mode the executor is this JVM: on an OutOfMemoryError in a task Spark would exit it
            // (code 52) before the driver could say what ran out. Here the task fails, and so the job, with it.
            builder.config(KILL_ON_FATAL_ERROR_DEPTH, "0");
        }
        if (local && !conf.contains("spark.sql.shuffle.partitions")) {
            // Spark's 200 shuffle partitions suit a cluster; on a few local cores they are mostly scheduling overhead
            builder.config("spark.sql.shuffle.partitions", Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        }
        return builder.getOrCreate();
    }
}
