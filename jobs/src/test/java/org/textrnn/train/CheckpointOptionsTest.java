package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.command.Parser;

/** --resume against the options a checkpoint recorded, including checkpoints older than an option. */
class CheckpointOptionsTest {

    private static TrainConfig config(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"--data", "d", "--model", "m"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        return Parser.parse(new TrainCommand(), all).config();
    }

    /** What a checkpoint written before --recipe and --word-dropout existed records: today's reference values, without those keys. */
    private static TrainingState olderCheckpoint() {
        Map<String, Object> recorded = new LinkedHashMap<>(Checkpoint.trainedWith(config("--recipe", "reference")));
        Checkpoint.ADDED_LATER.keySet().forEach(recorded::remove);
        return TrainingState.start("vocab", recorded, "fp");
    }

    @Test
    void aCheckpointWithoutALaterOptionResumesWhenTheOptionHasTheValueItHadBefore() {
        assertThatCode(() -> Checkpoint.checkResumable(config("--recipe", "reference"), "fp", olderCheckpoint(), new Path("m")))
                .doesNotThrowAnyException();
    }

    @Test
    void aCheckpointWithoutALaterOptionIsRefusedWhenTheOptionHasAnotherValue() {
        assertThatThrownBy(() -> Checkpoint.checkResumable(config("--recipe", "reference", "--word-dropout", "0.2"), "fp", olderCheckpoint(),
                new Path("m"))).isInstanceOf(UsageException.class).hasMessageContaining("--word-dropout 0.0 in the checkpoint, 0.2 now");
        // resumed with today's defaults, the older checkpoint's recipe differs (and the options it sets)
        assertThatThrownBy(() -> Checkpoint.checkResumable(config(), "fp", olderCheckpoint(), new Path("m")))
                .hasMessageContaining("--recipe reference in the checkpoint, default now");
    }

    @Test
    void theAddedOptionsAreOptionsOfTrainWithTheirReferenceValues() {
        Map<String, Object> reference = Checkpoint.trainedWith(config("--recipe", "reference"));
        // each is recorded with that value, or (the pretraining options, recorded only with a pretraining) not at all
        Checkpoint.ADDED_LATER.forEach((k, v) -> assertThat(reference.getOrDefault(k, v)).as(k).isEqualTo(v));
    }

    @Test
    void aWord2VecCheckpointFromBeforeTheEmbeddingCouldBeFrozenResumesTrainable() {
        // such a checkpoint records a Word2Vec run whose embedding was trained further, without the option
        Map<String, Object> recorded = new LinkedHashMap<>(Checkpoint.trainedWith(config()));
        assertThat(recorded.remove("pretrain.trainable")).isEqualTo(true);
        TrainingState older = TrainingState.start("vocab", recorded, "fp");
        assertThatCode(() -> Checkpoint.checkResumable(config(), "fp", older, new Path("m"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Checkpoint.checkResumable(config("--pretrain.trainable", "false"), "fp", older, new Path("m")))
                .hasMessageContaining("--pretrain.trainable true in the checkpoint, false now");
    }
}
