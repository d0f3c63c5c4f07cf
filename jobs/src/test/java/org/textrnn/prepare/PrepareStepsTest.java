package org.textrnn.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.corpus.StatusCounts;
import org.textrnn.io.Json;
import org.textrnn.prepared.PrepareStats;
import org.textrnn.provenance.Provenance;
import org.textrnn.testing.Resources;
import org.textrnn.vocab.LabelIndex;

/**
 * prepare's steps that need no Spark: the split cuts, the max-length rule, stats.json and provenance
 * built from what the steps counted, and the run id; against the files prepare wrote at 747e394
 * ({@code src/test/resources/org/textrnn/before-typed/}).
 */
class PrepareStepsTest {

    static final String STATS = Resources.text("/org/textrnn/before-typed/stats.json");
    static final String STATS_WITH_VOCAB_FROM = Resources.text("/org/textrnn/before-typed/stats-with-vocab-from.json");
    /** The options of the run that wrote {@link #STATS} (its input path as it was then). */
    static final String[] OPTIONS = {"--input", "/tmp/typed-fixtures/old/work/train.tsv", "--format", "tsv", "--output", "/data/toy/prepared",
        "--vocab.min-count", "1", "--max-length", "12"};

    @Test
    void splitsAreCutAtTheCumulativeRatiosInOrder() {
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("train", 0.8);
        ratios.put("validation", 0.1);
        ratios.put("test", 0.1);
        PrepareJob.SplitCuts cuts = PrepareJob.splitCuts(ratios);
        assertThat(cuts.below()).extracting(Map.Entry::getKey).containsExactly("train", "validation");
        assertThat(cuts.below().get(0).getValue()).isEqualTo(0.8);
        assertThat(cuts.below().get(1).getValue()).isCloseTo(0.9, within(1e-12));
        assertThat(cuts.rest()).isEqualTo("test");
        ratios.put("validation", 0.0);
        ratios.put("test", 0.2);
        assertThat(PrepareJob.splitCuts(ratios)).isEqualTo(new PrepareJob.SplitCuts(java.util.List.of(Map.entry("train", 0.8)), "test"));
        assertThat(PrepareJob.splitCuts(Map.of("train", 1.0))).isEqualTo(new PrepareJob.SplitCuts(java.util.List.of(), "train"));
    }

    @Test
    void aPercentileMaxLengthSaysItsRuleAndIsCappedAtTheLimit() {
        assertThat(PrepareJob.percentileMaxLength(99, 40, true))
                .isEqualTo(new PrepareStats.MaxLength(40, "p99 of the training split's lengths"));
        assertThat(PrepareJob.percentileMaxLength(99.5, 25_000, false)).isEqualTo(new PrepareStats.MaxLength(10_000,
                "p99.5 of the documents' lengths (25000), capped at the limit of 10000"));
    }

    @Test
    void statsJsonOfOlderPrepareRunsReadsAndWritesBackTheSame() {
        PrepareStats s = PrepareStats.read(STATS, "stats.json");
        assertThat(s.maxLength().value()).isEqualTo(12);
        assertThat(s.vocab().from()).isNull();
        assertThat(s.vocab().distinctTokens()).isEqualTo(42);
        assertThat(s.labels().labels()).containsExactly("a", "b", "c");
        assertThat(s.documents()).containsExactly(Map.entry("train", 484L), Map.entry("validation", 58L), Map.entry("test", 58L));
        assertThat(s.splits().get("train").length()).containsEntry("p50", 9).containsEntry("mean", 8.5);
        assertThat(s.toJson()).isEqualTo(STATS);
        PrepareStats reused = PrepareStats.read(STATS_WITH_VOCAB_FROM, "stats.json");
        assertThat(reused.vocab().from()).isEqualTo("/data/toy/model/vocab.tsv");
        assertThat(reused.vocab().distinctTokens()).isNull();
        assertThat(reused.toJson()).isEqualTo(STATS_WITH_VOCAB_FROM);
    }

    @Test
    void statsAreBuiltFromWhatTheStepsCounted() {
        PrepareStats old = PrepareStats.read(STATS, "stats.json");
        PrepareConfig cfg = PrepareConfigTest.config(OPTIONS);
        PrepareStats built = PrepareJob.stats(old.runId(), cfg, new StatusCounts(Map.of("ok", 600L)), 0, 0,
                PrepareStats.VocabStats.built(42, 4112, 0, 44, 1, 0, old.vocab().hash()), LabelIndex.of(java.util.List.of("c", "b", "a")),
                new PrepareStats.MaxLength(12, "fixed by --max-length"), old.splits());
        assertThat(built.toJson()).isEqualTo(STATS);

        PrepareStats unlabelled = PrepareJob.stats("r", PrepareConfigTest.config("--input", "x", "--format", "tsv", "--columns", "id,text",
                "--unlabelled", "--output", "o"), new StatusCounts(Map.of("ok", 3L, "empty", 1L)), 2, 1,
                PrepareStats.VocabStats.reused("v.tsv", 5, 5, 0, "h"), null, new PrepareStats.MaxLength(4, "fixed by --max-length"),
                Map.of("test", PrepareStats.SplitStats.of(3, 30, 20, 3, 1, Map.of("max", 9), null)));
        Map<String, Object> m = Json.readMap(unlabelled.toJson(), "stats");
        assertThat(m).doesNotContainKey("labels").containsEntry("labelled", false)
                .containsEntry("input", Map.of("records", 4, "documents", 3, "empty", 1, "rejected", 2, "repeated_ids", 1));
        assertThat(Json.readMap(Json.write(((Map<?, ?>) m.get("splits")).get("test")), "test")).doesNotContainKey("class_counts")
                .containsEntry("oov_rate", 0.1);
    }

    @Test
    void theRunIdIsTheOneOlderRunsGot() {
        assertThat(PrepareJob.runId(PrepareConfigTest.config(OPTIONS))).isEqualTo("prepare-c3ca815c7c36")
                .isEqualTo(PrepareConfigTest.config(OPTIONS).effectiveRunId());
        String[] named = java.util.Arrays.copyOf(OPTIONS, OPTIONS.length + 2);
        named[OPTIONS.length] = "--run-id";
        named[OPTIONS.length + 1] = "nightly";
        assertThat(PrepareJob.runId(PrepareConfigTest.config(named))).isEqualTo("nightly");
    }

    @Test
    void provenanceRecordsTheSettingsFingerprintAndInputFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train.tsv"), "a\tx y\n");
        PrepareConfig cfg = PrepareConfigTest.config("--input", "train=" + dir.resolve("train.tsv"), "--format", "tsv", "--output", "o");
        Provenance p = PrepareJob.provenance(cfg, "prepare-1", new Provenance.Spark("local[2]", "app"), new Configuration());
        assertThat(p.command()).isEqualTo("prepare");
        assertThat(p.fingerprint()).isEqualTo(cfg.fingerprint());
        assertThat(p.settings()).isEqualTo(cfg.describe());
        assertThat(p.inputs()).singleElement().satisfies(i -> {
            assertThat(i.split()).isEqualTo("train");
            assertThat(i.files()).isEqualTo(1);
            assertThat(i.bytes()).isEqualTo(6);
        });
        Map<String, Object> older = Json.readMap(Resources.text("/org/textrnn/before-typed/prepare-provenance.json"), "p");
        assertThat(Json.readMap(Json.write(p), "p")).containsKeys(older.keySet().toArray(new String[0]));
    }

    @Test
    void theRunMarkerOfOlderRunsReads() {
        PrepareJob.RunMarker m = Json.read("{\n  \"run_id\" : \"prepare-c3ca815c7c36\",\n  \"fingerprint\" : \"c3ca\"\n}\n",
                PrepareJob.RunMarker.class, "_textrnn_run.json");
        assertThat(m).isEqualTo(new PrepareJob.RunMarker("prepare-c3ca815c7c36", "c3ca"));
        assertThat(Json.write(m)).isEqualTo("{\n  \"run_id\" : \"prepare-c3ca815c7c36\",\n  \"fingerprint\" : \"c3ca\"\n}\n");
    }
}
