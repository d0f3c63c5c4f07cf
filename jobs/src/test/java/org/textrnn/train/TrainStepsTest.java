package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.TextrnnException;
import org.textrnn.bundle.BundleDescription;
import org.textrnn.command.Parser;
import org.textrnn.io.Json;
import org.textrnn.model.ModelConfig;
import org.textrnn.prepared.PrepareStats;
import org.textrnn.prepared.PreparedData;
import org.textrnn.provenance.Provenance;
import org.textrnn.testing.Resources;
import org.textrnn.vocab.LabelIndex;
import org.textrnn.vocab.Vocabulary;

/**
 * train's steps that need no Spark: bundle.json, provenance and the run id built from the data and
 * the training state, and the metrics.jsonl line; against the files train wrote at 747e394
 * ({@code before-typed/}: the model of {@code ScoreFixtures.trainModel}, trained with {@link #OPTIONS}).
 */
class TrainStepsTest {

    static final String BUNDLE = Resources.text("/org/textrnn/before-typed/bundle-format2.json");
    static final String PROVENANCE = Resources.text("/org/textrnn/before-typed/train-provenance.json");
    static final String PREPARE_PROVENANCE = Resources.text("/org/textrnn/before-typed/prepare-provenance.json");
    static final String STATS = Resources.text("/org/textrnn/before-typed/stats.json");
    static final String VOCAB_HASH = "1fc764b6411f8d253c5ad7f9808336a98f4913bd0826651b9853b4e94d35c2ab";
    /** ScoreFixtures.trainModel's options (the reference recipe: the defaults then), with the paths of the run that wrote the files. */
    static final String[] OPTIONS = {"--recipe", "reference", "--data", "/tmp/typed-fixtures/old/work/prepared", "--model", "/tmp/typed-fixtures/old/work/model",
        "--embedding-size", "8", "--hidden-size", "8", "--layers", "1", "--epochs", "4", "--pooling", "max", "--batch-size", "32",
        "--learning-rate", "0.02", "--workers-per-executor", "1"};

    static TrainConfig config(String... args) {
        return Parser.parse(new TrainCommand(), args).config();
    }

    /** The training data of the fixture: its vocabulary (44 entries), labels a, b, c, max length 12. */
    static TrainJob.TrainingData data(Path dir) throws Exception {
        Vocabulary vocab = Vocabulary.parse(Resources.text("/org/textrnn/before-typed/vocab.tsv"), "vocab.tsv");
        return new TrainJob.TrainingData(PreparedData.open("--data", dir.toString(), new Configuration()), vocab,
                LabelIndex.of(List.of("a", "b", "c")), PrepareStats.read(STATS, "stats.json"));
    }

    static TrainingState state() {
        return TrainingState.start(VOCAB_HASH, Map.of(), null).improved(1, 0.6).notImproved(2).improved(3, 0.9).improved(4, 0.9488810619129767);
    }

    @Test
    void bundleJsonIsTheFileOlderTrainRunsWrote(@TempDir Path dir) throws Exception {
        TrainConfig cfg = config(OPTIONS);
        TrainJob.TrainingData data = data(dir);
        ModelConfig model = cfg.model(44, 3, data.maxLength(), 8, null);
        BundleDescription b = TrainJob.bundleDescription(cfg, data, Provenance.read(PREPARE_PROVENANCE, "p"), model, state());
        Map<String, Object> written = Json.readMap(b.toJson(), "bundle.json");
        Map<String, Object> older = Json.readMap(BUNDLE, "bundle.json");
        written.remove("textrnn");
        older.remove("textrnn");
        assertThat(written).isEqualTo(older);
        assertThat(new java.util.ArrayList<>(written.keySet())).isEqualTo(new java.util.ArrayList<>(older.keySet()));
    }

    @Test
    void aPrepareOutputWithoutTokenizerSettingsIsSaid(@TempDir Path dir) throws Exception {
        Map<String, Object> p = Json.readMap(PREPARE_PROVENANCE, "p");
        ((Map<?, ?>) p.get("config")).remove("tokenizer");
        assertThatThrownBy(() -> TrainJob.bundleDescription(config(OPTIONS), data(dir), Provenance.read(Json.write(p), "p"),
                config(OPTIONS).model(44, 3, 12, 8, null), state())).isInstanceOf(TextrnnException.class)
                .hasMessage("--data /tmp/typed-fixtures/old/work/prepared: provenance.json has no valid tokenizer settings: "
                        + "tokenizer setting 'tokenizer' is missing");
    }

    @Test
    void theRunIdIsTheOneOlderRunsGot() {
        assertThat(TrainJob.runId(config(OPTIONS), VOCAB_HASH)).isEqualTo("train-238deb0c6419")
                .isEqualTo(Provenance.read(PROVENANCE, "p").runId());
        String[] named = java.util.Arrays.copyOf(OPTIONS, OPTIONS.length + 2);
        named[OPTIONS.length] = "--run-id";
        named[OPTIONS.length + 1] = "nightly";
        assertThat(TrainJob.runId(config(named), VOCAB_HASH)).isEqualTo("nightly");
    }

    @Test
    void theProvenanceHasTheKeysOfOlderOnesAndTheDataTrainedOn(@TempDir Path dir) throws Exception {
        TrainConfig cfg = config(OPTIONS);
        Provenance p = TrainJob.provenance(cfg, data(dir).vocab(), Provenance.read(PREPARE_PROVENANCE, "p"), new Provenance.Spark("local[2]", "a"));
        Map<String, Object> written = Json.readMap(Json.write(p), "p");
        Map<String, Object> older = Json.readMap(PROVENANCE, "p");
        assertThat(written).containsKeys(older.keySet().toArray(new String[0]));
        for (String same : List.of("command", "run_id", "data", "seed", "spark_master")) {
            assertThat(written.get(same)).as(same).isEqualTo(same.equals("data") ? Json.readMap(Json.write(older.get("data"))
                    .replace("/data/toy", "/tmp/typed-fixtures/old/work"), "d") : older.get(same));
        }
        assertThat(written.get("config")).isEqualTo(Json.readMap(Json.write(cfg.describe()), "c"));
    }

    @Test
    void anEpochLineIsWrittenAsMetricsJsonlHasIt() {
        EpochLine line = EpochLine.trained(1, 0.02, 1.1096312345, 3.4449, 484).validated(1.01687777, 0.6206896, 0.62020001).closed(5.31, true);
        assertThat(Json.line(line)).isEqualTo("{\"epoch\":1,\"learning_rate\":0.02,\"train_loss\":1.109631,\"train_seconds\":3.4,"
                + "\"samples_per_second\":140,\"validation_loss\":1.016878,\"validation_accuracy\":0.62069,\"validation_macro_f1\":0.6202,"
                + "\"epoch_seconds\":5.3,\"best\":true}\n");
        Map<String, Object> noValidation = new LinkedHashMap<>(Json.readMap(Json.line(EpochLine.trained(2, 0.002, 0.5, 2.0, 100).closed(2.0, true)),
                "l"));
        assertThat(noValidation.keySet()).containsExactly("epoch", "learning_rate", "train_loss", "train_seconds", "samples_per_second",
                "epoch_seconds", "best");
    }
}
