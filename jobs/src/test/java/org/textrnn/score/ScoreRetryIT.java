package org.textrnn.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.testing.ToyModel;

/** Task retries (local[2,2]: a task may fail once): a first attempt that dies mid-partition still gives one row per document. */
class ScoreRetryIT {

    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get() : null;
        if (active != null) {
            active.stop();
        }
        spark = SparkSession.builder().master("local[2,2]").appName("textrnn-retry-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void failedFirstAttemptsAreRetriedWithoutDuplicates() throws Exception {
        Path model = ToyModel.train(spark, tmp.resolve("train")).bundle();
        Path docs = tmp.resolve("docs.tsv");
        Files.writeString(docs, ToyModel.CORPUS.tsv(90, 17));
        String table = tmp.resolve("table").toString();
        java.util.concurrent.atomic.AtomicInteger failedTasks = new java.util.concurrent.atomic.AtomicInteger();
        spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                if (!(end.reason() instanceof org.apache.spark.Success$)) {
                    failedTasks.incrementAndGet();
                }
            }
        });
        spark.conf().set(ScoreJob.FAULT_INJECTION, "first-attempt");
        ScoreSummary s = ScoreJob.run(spark, ScoreFixtures.config("--model", model.toString(), "--input", docs.toString(),
                "--format", "tsv", "--table", table, "--run-date", "2026-11-20"));
        spark.conf().unset(ScoreJob.FAULT_INJECTION);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        assertThat(failedTasks.get()).as("first attempts that failed").isGreaterThan(0);
        assertThat(s.written()).isEqualTo(90);
        assertThat(spark.read().parquet(table).count()).isEqualTo(90);
        assertThat(spark.read().parquet(table).select("doc_id").distinct().count()).isEqualTo(90);
    }
}
