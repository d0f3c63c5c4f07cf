package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.OnError;

/** train's pretraining options: their rules and messages, what is recorded, and what --resume makes of them. */
class PretrainOptionsTest {

    static TrainConfig config(String... args) {
        return TrainConfigTest.config(args);
    }

    @Test
    void withoutPretrainingNothingOfItIsRecorded() {
        TrainConfig off = config("--pretrain", "none");
        assertThat(off.pretrain()).isEqualTo(PretrainOptions.Pretrain.NONE);
        assertThat(off.pretrain().enabled()).isFalse();
        assertThat(off.pretrain().source()).isNull();
        assertThat(off.describe()).doesNotContainKeys("pretrain", "pretrain.iterations", "pretrain.window", "unlabelled-input", "format",
                "on-error", "columns", "encoding", "text-column");
        assertThat(off.describe().keySet()).endsWith("run-id", "baseline");
        // the reader options of a config file that prepare and score share do not reach a run without pretraining
        assertThat(config("--pretrain", "none", "--encoding", "ISO-8859-1", "--format", "tsv").describe()).isEqualTo(off.describe());
        assertThat(TrainConfig.builder().data("d").model("m").pretrain(o -> o.pretrain(PretrainOptions.Method.NONE)).build()).isEqualTo(off);
        assertThat(config("--recipe", "reference").pretrain()).as("the reference recipe has none").isEqualTo(PretrainOptions.Pretrain.NONE);
        assertThat(config("--glove", "g.txt").pretrain()).as("--glove without --pretrain: none").isEqualTo(PretrainOptions.Pretrain.NONE);
        assertThat(TrainConfig.builder().data("d").model("m").network(n -> n.glove("g.txt")).build().pretrain()).isEqualTo(PretrainOptions.Pretrain.NONE);
    }

    @Test
    void theDefaultRecipePretrainsOnTheTrainingText() {
        TrainConfig defaults = config();
        assertThat(defaults.pretrain().method()).isEqualTo(PretrainOptions.Method.WORD2VEC);
        assertThat(defaults.pretrain().source()).isNull();
        assertThat(defaults).isEqualTo(config("--pretrain", "word2vec"));
        assertThat(TrainConfig.builder().data("d").model("m").build()).isEqualTo(defaults);
    }

    @Test
    void word2vecRecordsItsOptionsAndItsInput() {
        TrainConfig on = config("--pretrain", "word2vec", "--pretrain.iterations", "3", "--pretrain.window", "2", "--unlabelled-input",
                "u1.tsv", "--unlabelled-input", "hdfs:///nightly/*.tsv", "--format", "tsv", "--columns", "id,text", "--on-error", "fail");
        PretrainOptions.Pretrain p = on.pretrain();
        assertThat(p.enabled()).isTrue();
        assertThat(p.method()).isEqualTo(PretrainOptions.Method.WORD2VEC);
        assertThat(p.iterations()).isEqualTo(3);
        assertThat(p.window()).isEqualTo(2);
        assertThat(p.unlabelledInputs()).containsExactly("u1.tsv", "hdfs:///nightly/*.tsv");
        assertThat(p.onError()).isEqualTo(OnError.FAIL);
        assertThat(p.source().labelled()).as("read without labels").isFalse();
        assertThat(p.source().format()).isEqualTo(InputFormat.TSV);
        assertThat(p.source().reader().columns()).containsExactly("id", "text");
        assertThat(on.describe()).containsEntry("pretrain", "word2vec").containsEntry("pretrain.iterations", 3)
                .containsEntry("pretrain.window", 2).containsEntry("unlabelled-input", List.of("u1.tsv", "hdfs:///nightly/*.tsv"))
                .containsEntry("format", "tsv").containsEntry("columns", "id,text").containsEntry("on-error", "fail")
                .containsEntry("encoding", "UTF-8");
        assertThat(TrainConfig.builder().data("d").model("m").pretrain(o -> o.pretrain(PretrainOptions.Method.WORD2VEC).iterations(3).window(2)
                        .unlabelledInput("u1.tsv", "hdfs:///nightly/*.tsv").format(InputFormat.TSV).reader(r -> r.columns("id", "text"))
                        .onError(OnError.FAIL)).build())
                .as("the builder makes the same config").isEqualTo(on);
        TrainConfig alone = config("--pretrain", "word2vec");
        assertThat(alone.pretrain().source()).as("the training split's text alone").isNull();
        assertThat(alone.pretrain().iterations()).isEqualTo(5);
        assertThat(alone.pretrain().window()).isEqualTo(5);
        assertThat(alone.describe()).containsEntry("unlabelled-input", null).containsEntry("format", null);
    }

    @Test
    void badCombinationsAndValuesAreNamed() {
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--glove", "g.txt")).isInstanceOf(UsageException.class)
                .hasMessage("--pretrain word2vec and --glove g.txt both initialise the embedding: give one of them");
        assertThatThrownBy(() -> config("--pretrain", "none", "--unlabelled-input", "u.txt", "--format", "tsv")).isInstanceOf(UsageException.class)
                .hasMessage("--unlabelled-input is text for --pretrain word2vec, and --pretrain is none: give --pretrain word2vec,"
                        + " or leave out --unlabelled-input");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--unlabelled-input", "u.txt")).isInstanceOf(UsageException.class)
                .hasMessage("--unlabelled-input needs --format, the layout of its files (last-word-label, tsv, csv, jsonl, parquet,"
                        + " dir-per-class, email)");
        assertThatThrownBy(() -> config("--pretrain", "glove")).isInstanceOf(UsageException.class)
                .hasMessage("--pretrain must be one of none, word2vec; found 'glove'");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--pretrain.iterations", "0"))
                .hasMessage("--pretrain.iterations must be >= 1, found 0");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--pretrain.window", "-1"))
                .hasMessage("--pretrain.window must be >= 1, found -1");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--on-error", "ignore"))
                .hasMessage("--on-error must be one of skip, fail; found 'ignore'");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--embedding-size", "0"))
                .hasMessage("--embedding-size 0 takes the size from --glove, which is not given");
        assertThatThrownBy(() -> config("--pretrain", "word2vec", "--unlabelled-input", "u", "--format", "tsv", "--columns", "label,words"))
                .hasMessageStartingWith("--columns entries must be id, label, text or _ (ignored); found 'words'");
    }

    /** A checkpoint that recorded {@code options}' trained-with record. */
    static TrainingState checkpoint(TrainConfig options) {
        return TrainingState.start("hash", Checkpoint.trainedWith(options), null).improved(1, 0.5);
    }

    @Test
    void resumeComparesPretrainingOptionsAndTakesTheirOffValueWhereARecordLacksThem() {
        TrainConfig off = config("--resume", "--pretrain", "none");
        TrainConfig on = config("--resume", "--pretrain", "word2vec", "--unlabelled-input", "u.tsv", "--format", "tsv");
        Path where = new Path("m");
        assertThat(Checkpoint.ADDED_LATER).containsEntry("pretrain", "none").containsEntry("unlabelled-input", null)
                .containsEntry("pretrain.iterations", 5).containsEntry("on-error", "skip").containsEntry("columns", "label,text");
        // a checkpoint of a run without pretraining (as every checkpoint written before the option existed) records none of it
        assertThat(Checkpoint.trainedWith(off)).doesNotContainKeys("pretrain", "unlabelled-input");
        Checkpoint.checkResumable(off, null, checkpoint(config("--pretrain", "none")), where);
        Checkpoint.checkResumable(on, null, checkpoint(config("--pretrain", "word2vec", "--unlabelled-input", "u.tsv", "--format", "tsv")),
                where);
        assertThatThrownBy(() -> Checkpoint.checkResumable(on, null, checkpoint(config("--pretrain", "none")), where)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--pretrain none in the checkpoint, word2vec now; --unlabelled-input (none) in the checkpoint, [u.tsv] now;"
                        + " --format (none) in the checkpoint, tsv now.")
                .hasMessageNotContaining("--pretrain.iterations").hasMessageNotContaining("--columns");
        assertThatThrownBy(() -> Checkpoint.checkResumable(off, null, checkpoint(config("--pretrain", "word2vec")), where))
                .isInstanceOf(UsageException.class).hasMessageContaining("--pretrain word2vec in the checkpoint, none now.");
        assertThatThrownBy(() -> Checkpoint.checkResumable(on, null, checkpoint(config("--pretrain", "word2vec", "--pretrain.window", "3",
                "--unlabelled-input", "u.tsv", "--format", "tsv")), where))
                .isInstanceOf(UsageException.class).hasMessageContaining("--pretrain.window 3 in the checkpoint, 5 now.");
        // an option the record lacks that was not added later still differs
        Map<String, Object> trainedWith = new java.util.LinkedHashMap<>(Checkpoint.trainedWith(off));
        trainedWith.remove("cell");
        assertThatThrownBy(() -> Checkpoint.checkResumable(off, null, TrainingState.start("hash", trainedWith, null), where))
                .hasMessageContaining("--cell (none) in the checkpoint, lstm now");
    }
}
