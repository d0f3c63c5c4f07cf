package org.textrnn.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.io.Hashing;
import org.textrnn.io.Json;
import org.textrnn.metrics.MistakeHeap;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.provenance.Provenance;
import org.textrnn.testing.Resources;

/**
 * evaluate's steps that need no Spark: one source per input mode, the run id, the provenance and
 * metrics.json built from what a source evaluated; against the metrics.json evaluate wrote at 747e394
 * ({@code before-typed/evaluate-metrics.json}) and a golden bundle.
 */
class EvaluateStepsTest {

    static final Map<String, Object> OLDER = Json.readMap(Resources.text("/org/textrnn/before-typed/evaluate-metrics.json"), "metrics.json");

    static ModelBundle golden() throws Exception {
        return ModelBundle.load(Path.of(EvaluateStepsTest.class.getResource("/golden/bundle-format1-lstm").toURI()).toString(), new Configuration());
    }

    static EvaluationSource.Evaluated evaluated(Map<String, Object> keys, String batching, String noBaselines) {
        PredictionTally tally = new PredictionTally(2);
        tally.add(0, new double[] {0.7, 0.3});
        tally.add(1, new double[] {0.6, 0.4});
        return new EvaluationSource.Evaluated(new ModelScoring.Partial(tally, new MistakeHeap(5)), 2, null, null, batching, keys, noBaselines);
    }

    @Test
    void eachInputModeHasItsSource() throws Exception {
        EvaluateConfig data = EvaluateIT.config("--model", "m", "--data", "d", "--report", "r");
        EvaluateConfig input = EvaluateIT.config("--model", "m", "--input", "docs.tsv", "--format", "tsv", "--report", "r");
        EvaluateConfig table = EvaluateIT.config("--model", "m", "--table", "/tables/t", "--report", "r");
        assertThat(EvaluationSource.of(data, new org.apache.hadoop.fs.Path("/d"), DocumentEncoder.NONE))
                .isInstanceOf(PreparedDataSource.class).returns("data", EvaluationSource::option).returns("d", EvaluationSource::name);
        assertThat(EvaluationSource.of(input, null, DocumentEncoder.NONE))
                .isInstanceOf(RawInputSource.class).returns("input", EvaluationSource::option).returns("docs.tsv", EvaluationSource::name);
        EvaluationSource t = EvaluationSource.of(table, null, DocumentEncoder.NONE);
        assertThat(t).isInstanceOf(TableSource.class).returns("table", EvaluationSource::option).returns("/tables/t", EvaluationSource::name);
        assertThat(t.provenance(new Configuration())).isEqualTo(Provenance.Input.table("/tables/t"));
    }

    @Test
    void eachSourceChecksItsInputBeforeSpark(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ModelBundle bundle = golden();
        Configuration conf = new Configuration();
        java.nio.file.Files.createDirectories(dir.resolve("prepared/sequences"));
        java.nio.file.Files.writeString(dir.resolve("prepared/vocab.tsv"), "<pad>\t0\t0\n<unk>\t1\t0\nword\t2\t3\n");
        java.nio.file.Files.writeString(dir.resolve("prepared/labels.tsv"), "business\t0\ncomputers\t1\n");
        EvaluateConfig data = EvaluateIT.config("--model", "m", "--data", dir.resolve("prepared").toString(), "--report", "r");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PreparedDataSource(data, new org.apache.hadoop.fs.Path(dir.resolve("prepared")
                .toString())).check(bundle.description(), conf)).isInstanceOf(org.textrnn.UsageException.class)
                .hasMessageStartingWith("--data " + dir.resolve("prepared") + " was prepared with another vocabulary");
        EvaluateConfig input = EvaluateIT.config("--model", "m", "--input", dir.resolve("none*.tsv").toString(), "--format", "tsv", "--report", "r");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RawInputSource(input, DocumentEncoder.NONE).check(bundle.description(), conf))
                .hasMessage("--input " + dir.resolve("none*.tsv") + ": no such file or folder");
        EvaluateConfig table = EvaluateIT.config("--model", "m", "--table", dir.resolve("table").toString(), "--report", "r");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TableSource(table).check(bundle.description(), conf))
                .hasMessage("--table " + dir.resolve("table") + ": no such table folder");
    }

    @Test
    void aTableSaysWhatItLeftOut() {
        assertThat(TableSource.leftOut(0, 0)).isNull();
        assertThat(TableSource.leftOut(2, 1)).isEqualTo("2 rows without a label and 1 with a label the model does not know were left out");
    }

    @Test
    void theRunIdFollowsTheSettingsAndTheNetwork() {
        EvaluateConfig cfg = EvaluateIT.config("--model", "m", "--data", "d", "--report", "r");
        byte[] network = {1, 2, 3};
        assertThat(EvaluateJob.runId(cfg, network)).isEqualTo("evaluate-"
                + Hashing.sha256Hex(Json.write(cfg.describe()) + Hashing.sha256Hex(network)).substring(0, 12));
        assertThat(EvaluateJob.runId(EvaluateIT.config("--model", "m", "--data", "d", "--report", "r", "--run-id", "x"), network)).isEqualTo("x");
    }

    @Test
    @SuppressWarnings("unchecked")
    void metricsJsonHasTheKeysOfOlderRunsAndOneProvenance() throws Exception {
        EvaluateConfig cfg = EvaluateIT.config("--model", "m", "--data", "d", "--report", "r", "--split", "test");
        ModelBundle bundle = golden();
        Provenance p = EvaluateJob.provenance(cfg, "evaluate-1", bundle, Provenance.Input.prepared("test", "d", "prepare-1", "f", "v"),
                new Provenance.Spark("local[2]", "app"));
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("split", "test");
        EvaluationSource.Evaluated e = evaluated(keys, "padded", null);
        List<String> labels = bundle.labels().labels();
        Map<String, Object> modelMetrics = e.scored().tally().describe(labels, 2);
        Guardrails g = Guardrails.check(e.scored().tally().metrics(), labels, Map.of(), "accuracy", 0.0);
        Map<String, Object> m = Json.readMap(Json.write(EvaluateJob.metrics(cfg, "evaluate-1", new PreparedDataSource(cfg, null), e, labels,
                modelMetrics, Map.of(), "--baseline false", g, p)), "metrics.json");
        assertThat(new ArrayList<>(m.keySet())).isEqualTo(new ArrayList<>(OLDER.keySet()));
        Map<String, Object> what = (Map<String, Object>) m.get("evaluated");
        assertThat(new ArrayList<>(what.keySet())).isEqualTo(new ArrayList<>(((Map<String, Object>) OLDER.get("evaluated")).keySet()));
        assertThat(what).containsEntry("data", "d").containsEntry("split", "test").containsEntry("documents", 2).containsEntry("batching", "padded");
        Map<String, Object> provenance = (Map<String, Object>) m.get("provenance");
        assertThat(provenance).containsKeys(((Map<String, Object>) OLDER.get("provenance")).keySet().toArray(new String[0]))
                .containsEntry("model_vocab_hash", bundle.description().vocabHash())
                .containsEntry("model_labels_hash", bundle.description().labelsHash())
                .containsEntry("config", Json.readMap(Json.write(cfg.describe()), "c"));
        assertThat((List<Map<String, Object>>) provenance.get("inputs")).extracting(i -> i.get("kind")).containsExactly("model", "prepared");
        assertThat(((List<Map<String, Object>>) provenance.get("inputs")).get(0)).containsEntry("version", bundle.version());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTablesEvaluatedKeysAreItsOwn() throws Exception {
        EvaluateConfig cfg = EvaluateIT.config("--model", "m", "--table", "/tables/t", "--report", "r", "--run-date", "2026-11-01");
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("split", null);
        keys.put("table_format", "parquet");
        keys.put("run_date", "2026-11-01");
        keys.put("left_out", null);
        EvaluationSource.Evaluated e = evaluated(keys, null, TableSource.NO_BASELINES);
        ModelBundle bundle = golden();
        List<String> labels = bundle.labels().labels();
        Map<String, Object> m = EvaluateJob.metrics(cfg, "r", new TableSource(cfg), e, labels, e.scored().tally().describe(labels, 1),
                Map.of(), TableSource.NO_BASELINES, Guardrails.check(e.scored().tally().metrics(), labels, Map.of(), "accuracy", 0.0),
                EvaluateJob.provenance(cfg, "r", bundle, Provenance.Input.table("t"), new Provenance.Spark("local", null)));
        assertThat(((Map<String, Object>) m.get("evaluated")).keySet())
                .containsExactly("model", "data", "split", "table_format", "run_date", "left_out", "documents", "labels");
        assertThat(m).containsEntry("baseline_note", TableSource.NO_BASELINES);
    }
}
