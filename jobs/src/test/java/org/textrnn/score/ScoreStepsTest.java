package org.textrnn.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.io.Json;
import org.textrnn.model.Batching;
import org.textrnn.provenance.Provenance;
import org.textrnn.testing.Resources;

/**
 * score's steps that need no Spark: the run id and summary.json with its provenance, against the
 * summary.json score wrote at 747e394 ({@code before-typed/score-summary.json}).
 */
class ScoreStepsTest {

    static final Map<String, Object> OLDER = Json.readMap(Resources.text("/org/textrnn/before-typed/score-summary.json"), "summary.json");

    @Test
    void theRunIdIsTheRunDateUnlessOneIsGiven() {
        ScoreConfig cfg = ScoreFixtures.config("--model", "m", "--input", "docs.tsv", "--format", "tsv", "--table", "/t", "--run-date", "2026-11-01");
        assertThat(ScoreJob.runId(cfg)).isEqualTo("score-2026-11-01").isEqualTo(cfg.effectiveRunId());
        assertThat(ScoreJob.runId(ScoreFixtures.config("--model", "m", "--input", "docs.tsv", "--format", "tsv", "--table", "/t",
                "--run-date", "2026-11-01", "--run-id", "manual__2026-11-01"))).isEqualTo("manual__2026-11-01");
    }

    @Test
    @SuppressWarnings("unchecked")
    void summaryJsonKeepsTheKeysAndOrderOfOlderRunsAndAddsTheProvenance(@TempDir Path dir) throws Exception {
        Path docs = dir.resolve("docs.tsv");
        Files.writeString(docs, "a\tx\nb\ty\n");
        Path bundleDir = Path.of(ScoreStepsTest.class.getResource("/golden/bundle-format1-gru").toURI());
        ScoreConfig cfg = ScoreFixtures.config("--model", bundleDir.toString(), "--input", docs.toString(), "--format", "tsv",
                "--table", dir.resolve("table").toString(), "--run-date", "2026-11-01");
        ModelBundle bundle = ModelBundle.load(bundleDir.toString(), new Configuration());
        Provenance p = ScoreJob.provenance(cfg, "score-2026-11-01", bundle, new Provenance.Spark("local[2]", "app-1"), new Configuration());
        ScoreSummary summary = new ScoreSummary("score-2026-11-01", "2026-11-01", 2, 2, 0, 0, 2, 1.25);
        org.apache.hadoop.fs.Path runDir = new org.apache.hadoop.fs.Path("file:" + dir.resolve("table/_textrnn_runs/run_date=2026-11-01"));
        Map<String, Object> m = Json.readMap(Json.write(ScoreJob.runRecord(cfg, summary, bundle, Batching.PADDED, runDir,
                new org.apache.hadoop.fs.Path(runDir, "rejected"), Instant.now(), p)), "s");
        List<String> keys = new ArrayList<>(m.keySet());
        keys.retainAll(OLDER.keySet());
        List<String> olderKeys = new ArrayList<>(OLDER.keySet());
        olderKeys.removeAll(List.of("spark_master", "config", "versions"));
        keys.removeAll(List.of("spark_master", "config", "versions"));
        assertThat(keys).as("the keys of older runs, in their order").isEqualTo(olderKeys);
        assertThat(m).containsKeys("spark_master", "config", "versions", "command", "created_at", "inputs")
                .containsEntry("run_id", "score-2026-11-01").containsEntry("rows_written", 2).containsEntry("spark_master", "local[2]")
                .containsEntry("model_version", bundle.version()).containsEntry("batching", "padded")
                .containsEntry("run_dir", runDir.toString()).containsEntry("runs_dir", runDir.getParent().toString())
                .containsEntry("config", Json.readMap(Json.write(cfg.describe()), "c"));
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) m.get("inputs");
        assertThat(inputs).extracting(i -> i.get("kind")).containsExactly("model", "files");
        assertThat(inputs.get(1)).containsEntry("files", 1).containsEntry("bytes", 8);
    }
}
