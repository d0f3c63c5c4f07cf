package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.textrnn.io.Json;

/** Where a training run stands after an epoch (checkpoint/state.json): early-stopping bookkeeping and the file --resume reads. */
class TrainingStateTest {

    static final Configuration CONF = new Configuration();

    static Map<String, Object> options() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", "lstm");
        m.put("hidden-size", 8);
        return m;
    }

    static org.apache.hadoop.fs.Path hpath(Path p) {
        return new org.apache.hadoop.fs.Path(p.toString());
    }

    @Test
    void aNewRunHasTrainedNothingAndHasNoBestYet() {
        TrainingState s = TrainingState.start("abc123", options(), "fp");
        assertThat(s.epoch()).isZero();
        assertThat(s.bestEpoch()).isZero();
        assertThat(s.bestMacroF1()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.epochsWithoutImprovement()).isZero();
        assertThat(s.vocabHash()).isEqualTo("abc123");
        assertThat(s.trainedWith()).isEqualTo(options());
        assertThat(s.dataFingerprint()).isEqualTo("fp");
    }

    @Test
    void anImprovementBecomesTheBestAndResetsThePatienceCount() {
        TrainingState s = TrainingState.start("abc123", options(), "fp").improved(1, 0.5).notImproved(2).notImproved(3);
        assertThat(s.epoch()).isEqualTo(3);
        assertThat(s.bestEpoch()).isEqualTo(1);
        assertThat(s.bestMacroF1()).isEqualTo(0.5);
        assertThat(s.epochsWithoutImprovement()).isEqualTo(2);

        TrainingState better = s.improved(4, 0.75);
        assertThat(better).isEqualTo(new TrainingState(4, 4, 0.75, 0, "abc123", options(), "fp"));
        assertThat(s.epochsWithoutImprovement()).as("states are values: the old one is unchanged").isEqualTo(2);
    }

    @Test
    void recordingKeepsTheProgressAndTakesThisRunsOptions() {
        TrainingState old = new TrainingState(3, 2, 0.6, 1, "abc123", null, null);
        Map<String, Object> now = Map.of("cell", "gru");
        TrainingState s = old.recording(now, "fp2");
        assertThat(s).isEqualTo(new TrainingState(3, 2, 0.6, 1, "abc123", now, "fp2"));
    }

    @Test
    void theStateFileRoundTripsAndNamesEveryField(@TempDir Path dir) throws IOException {
        TrainingState s = TrainingState.start("abc123", options(), "fp").improved(1, 0.5).notImproved(2);
        Path file = dir.resolve("checkpoint/state.json");
        s.write(hpath(file), CONF);
        Map<String, Object> json = Json.readMap(Files.readString(file), "state.json");
        assertThat(json.keySet()).containsExactly("epoch", "best_epoch", "best_macro_f1", "epochs_without_improvement", "vocab_hash",
                "data_fingerprint", "trained_with");
        assertThat(json).containsEntry("epoch", 2).containsEntry("best_epoch", 1).containsEntry("best_macro_f1", 0.5)
                .containsEntry("epochs_without_improvement", 1).containsEntry("vocab_hash", "abc123").containsEntry("data_fingerprint", "fp")
                .containsEntry("trained_with", options());
        assertThat(TrainingState.read(hpath(file), CONF)).isEqualTo(s);
    }

    @Test
    void noBestYetIsWrittenAsNullAndReadBackAsMinusInfinity(@TempDir Path dir) throws IOException {
        TrainingState s = TrainingState.start("abc123", options(), "fp");
        Path file = dir.resolve("state.json");
        s.write(hpath(file), CONF);
        assertThat(Json.readMap(Files.readString(file), "state.json")).containsEntry("best_macro_f1", null);
        assertThat(TrainingState.read(hpath(file), CONF).bestMacroF1()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(TrainingState.read(hpath(file), CONF)).isEqualTo(s);
    }

    @Test
    void aCheckpointOfAnOlderTextrnnWithoutOptionsOrFingerprintReadsAsNull(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"epoch\": 2, \"best_epoch\": 2, \"best_macro_f1\": 0.8, \"epochs_without_improvement\": 0, "
                + "\"vocab_hash\": \"abc123\"}");
        TrainingState s = TrainingState.read(hpath(file), CONF);
        assertThat(s).isEqualTo(new TrainingState(2, 2, 0.8, 0, "abc123", null, null));
        // a record that is not an object of options counts as none; a fingerprint is read as text
        Files.writeString(file, "{\"epoch\": 2, \"best_epoch\": 1, \"best_macro_f1\": 1, \"epochs_without_improvement\": 1, "
                + "\"vocab_hash\": \"abc123\", \"trained_with\": \"lstm\", \"data_fingerprint\": 42}");
        assertThat(TrainingState.read(hpath(file), CONF)).isEqualTo(new TrainingState(2, 1, 1.0, 1, "abc123", null, "42"));
    }

    @Test
    void aMissingStateFileIsAnIoErrorNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("none/state.json");
        assertThatThrownBy(() -> TrainingState.read(hpath(file), CONF)).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aStateFileThatIsNotJsonIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "epoch=2\n");
        assertThatThrownBy(() -> TrainingState.read(hpath(file), CONF)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(hpath(file) + " is not valid JSON: ");
    }
}
