package org.textrnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.command.Parser;
import org.textrnn.model.Batching;
import org.textrnn.model.ModelConfig;

class TrainConfigTest {

    static TrainConfig config(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--data";
        all[1] = "d";
        all[2] = "--model";
        all[3] = "m";
        System.arraycopy(args, 0, all, 4, args.length);
        return Parser.parse(new TrainCommand(), all).config();
    }

    @Test
    void theBuildersDefaultsAreTheDeclaredOnesTheDefaultRecipe() {
        TrainConfig built = TrainConfig.builder().data("d").model("m").build();
        assertThat(built).isEqualTo(config());
        assertThat(built).isEqualTo(config("--recipe", "default"));
        assertThat(built.settings()).containsEntry("recipe", "default");
        assertThat(built.batchSize()).isEqualTo(128);
        assertThat(built.batching()).isEqualTo(Batching.LENGTH_BUCKETS);
        assertThat(built.validationFraction()).isEqualTo(0.1);
        assertThat(built.baseline()).isTrue();
        assertThat(built.model(100, 3, 12, 50, null)).isEqualTo(built.network().forData(100, 3, 12, 50, true, null));
    }

    @Test
    void theWord2VecEmbeddingIsTrainableUnlessTheRunFreezesIt() {
        String[] unlabelled = {"--unlabelled-input", "u.tsv", "--format", "tsv"};
        assertThat(config().embeddingTrainable()).as("Word2Vec on the training text").isTrue();
        assertThat(config(unlabelled).embeddingTrainable()).as("and on unlabelled text too").isTrue();
        assertThat(config(cat(unlabelled, "--pretrain.trainable", "false")).embeddingTrainable()).isFalse();
        assertThat(config("--pretrain.trainable", "false").embeddingTrainable()).isFalse();
        assertThat(config("--pretrain", "none").embeddingTrainable()).as("randomly initialised").isTrue();
        assertThat(config("--recipe", "reference").embeddingTrainable()).isTrue();
        assertThat(config("--glove", "g.txt").embeddingTrainable()).as("GloVe: --glove-trainable, false by default").isFalse();
        assertThat(config("--glove", "g.txt", "--glove-trainable", "true").embeddingTrainable()).isTrue();
        assertThat(config("--pretrain.trainable", "false").model(10, 2, 5, 50, null).embeddingTrainable()).isFalse();
        // recorded only with a pretraining
        assertThat(config("--pretrain.trainable", "false").settings()).containsEntry("pretrain.trainable", false);
        assertThat(config().settings()).containsEntry("pretrain.trainable", true);
        assertThat(config("--pretrain", "none").settings()).doesNotContainKey("pretrain.trainable");
        assertThat(TrainConfig.builder().data("d").model("m").pretrain(p -> p.trainable(false)).build().embeddingTrainable()).isFalse();
        assertThatThrownBy(() -> config("--pretrain.trainable", "maybe")).hasMessage("--pretrain.trainable must be true or false, found 'maybe'");
    }

    @Test
    void theEmbeddingLearnsWithAdamOrItsOwnSgd() {
        assertThat(config("--embedding-updater", "adam").network().embeddingSgdRate()).isZero();
        TrainConfig sgd = config("--embedding-updater", "sgd:0.5");
        assertThat(sgd.network().embeddingSgdRate()).isEqualTo(0.5);
        assertThat(sgd.model(10, 2, 5, 50, null).embeddingSgd()).isTrue();
        assertThat(sgd.settings()).containsEntry("embedding-updater", "sgd:0.5");
        assertThat(config("--embedding-updater", "adam").settings()).containsEntry("embedding-updater", "adam");
        assertThat(config("--embedding-updater", "sgd:1", "--pretrain.trainable", "false").model(10, 2, 5, 50, null).embeddingSgd())
                .as("a frozen embedding is not trained at all").isFalse();
        assertThat(TrainConfig.builder().data("d").model("m").network(n -> n.embeddingUpdater(NetworkOptions.EmbeddingUpdater.parse("sgd:2")))
                .build().network().embeddingSgdRate()).isEqualTo(2.0);
        assertThat(NetworkOptions.EmbeddingUpdater.parse("sgd:1.0").toString()).isEqualTo("sgd:1.0");
        assertThatThrownBy(() -> TrainConfig.builder().data("d").model("m")
                .network(n -> n.embeddingUpdater(new NetworkOptions.EmbeddingUpdater(-1))).build())
                .as("a rate set in code is checked with the network").isInstanceOf(UsageException.class)
                .hasMessage("--embedding-updater: the SGD rate must be > 0, found -1.0");
        assertThatThrownBy(() -> config("--embedding-updater", "rmsprop"))
                .hasMessage("--embedding-updater must be adam or sgd:RATE (e.g. sgd:1.0), found 'rmsprop'");
        assertThatThrownBy(() -> config("--embedding-updater", "sgd:")).hasMessage("--embedding-updater must be adam or sgd:RATE (e.g. sgd:1.0), found 'sgd:'");
        assertThatThrownBy(() -> config("--embedding-updater", "sgd:0")).hasMessage("--embedding-updater: the SGD rate must be > 0, found 'sgd:0'");
        assertThatThrownBy(() -> config("--embedding-updater", "sgd:-1")).hasMessage("--embedding-updater: the SGD rate must be > 0, found 'sgd:-1'");
        assertThatThrownBy(() -> config("--embedding-updater", "sgd:NaN")).hasMessage("--embedding-updater: the SGD rate must be > 0, found 'sgd:NaN'");
    }

    @Test
    void theKeptNetworkAveragesTheLastEpochsWhenAsked() {
        assertThat(config().averageEpochs()).isEqualTo(1);
        TrainConfig three = config("--average-epochs", "3");
        assertThat(three.averageEpochs()).isEqualTo(3);
        assertThat(three.settings()).containsEntry("average-epochs", 3);
        assertThat(TrainConfig.builder().data("d").model("m").averageEpochs(2).build().averageEpochs()).isEqualTo(2);
        assertThat(TrainJob.fingerprinted(config()).keySet()).as("the run id of a run without averaging is the one it had before the option")
                .doesNotContain("average-epochs");
        assertThat(TrainJob.fingerprinted(three)).containsEntry("average-epochs", 3);
        assertThatThrownBy(() -> config("--average-epochs", "0")).isInstanceOf(UsageException.class).hasMessageContaining("--average-epochs")
                .hasMessageContaining(">= 1");
    }

    private static String[] cat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The seed PyTorch project's recipe, as textrnn's defaults were before issue 16. */
    private static final ModelConfig REFERENCE = new ModelConfig(0, 0, 0, 50, true, ModelConfig.Cell.LSTM, 2, 128, true,
            ModelConfig.Pooling.LAST, 0.6, 0.5, true, 0.005, 1e-4, 8, 0.1, 0.25, 42, null, 0);

    @Test
    void theReferenceRecipeIsTheSeedProjectsFromTheCommandLineAndFromCode() {
        TrainConfig parsed = config("--recipe", "reference");
        assertThat(parsed.network()).isEqualTo(REFERENCE);
        assertThat(parsed.epochs()).isEqualTo(20);
        assertThat(parsed.patience()).isEqualTo(5);
        assertThat(parsed.classWeights()).isEqualTo("none");
        assertThat(parsed.settings()).containsEntry("recipe", "reference").containsEntry("pooling", "last").containsEntry("word-dropout", 0.0);
        TrainConfig built = TrainConfig.builder().data("d").model("m").recipe(Recipe.REFERENCE).build();
        assertThat(built).isEqualTo(parsed);
        // the recipe differs from the defaults in the options it lists, and in no other
        TrainConfig defaults = config();
        assertThat(Recipe.REFERENCE.options()).isNotEmpty().allSatisfy(o ->
                assertThat(parsed.settings().get(o)).as(o).isNotEqualTo(defaults.settings().get(o)));
        parsed.settings().forEach((k, v) -> {
            if (!Recipe.REFERENCE.options().contains(k) && !k.equals("recipe")) {
                assertThat(v).as(k).isEqualTo(defaults.settings().get(k));
            }
        });
    }

    @Test
    void anOptionGivenExplicitlyWinsOverTheRecipe(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(config("--recipe", "reference", "--pooling", "mean").network().pooling()).isEqualTo(ModelConfig.Pooling.MEAN);
        assertThat(config("--pooling", "mean", "--recipe", "reference").network().pooling()).as("in any order").isEqualTo(ModelConfig.Pooling.MEAN);
        assertThat(config("--recipe", "reference", "--epochs", "7").epochs()).isEqualTo(7);
        java.nio.file.Path file = dir.resolve("train.conf");
        java.nio.file.Files.writeString(file, "recipe = reference\nword-dropout = 0.125\n");
        TrainConfig fromFile = config("--config", file.toString());
        assertThat(fromFile.network().wordDropout()).as("a config-file value wins over the recipe").isEqualTo(0.125);
        assertThat(fromFile.network().pooling()).as("and the recipe sets the rest").isEqualTo(ModelConfig.Pooling.LAST);
        assertThat(TrainConfig.builder().data("d").model("m").recipe(Recipe.REFERENCE).network(n -> n.pooling(ModelConfig.Pooling.MAX))
                .build().network().pooling()).as("a builder value set after the recipe").isEqualTo(ModelConfig.Pooling.MAX);
        assertThatThrownBy(() -> config("--recipe", "tuned")).hasMessage("--recipe must be one of default, reference; found 'tuned'");
    }

    @Test
    void theRecordedSettingsAreTheOptionsByName() {
        Map<String, Object> d = config("--glove", "g.txt", "--lr-schedule", "step:3:0.50", "--resume").describe();
        assertThat(d).containsEntry("glove", "g.txt").containsEntry("lr-schedule", "step:3:0.5").containsEntry("cell", "lstm")
                .containsEntry("batching", "length-buckets").containsEntry("run-id", null).containsEntry("seed", 42L)
                .doesNotContainKeys("resume", "overwrite", "config", "help", "dry-run");
        assertThat(d.keySet()).startsWith("data", "model", "recipe", "embedding-size", "glove", "glove-trainable", "cell").endsWith("run-id", "baseline");
        assertThat(config("--lr-schedule", "constant").describe()).containsEntry("lr-schedule", "constant");
    }

    @Test
    void everyRuleNamesTheOptionTheRuleAndTheValue() {
        assertThatThrownBy(() -> config("--batch-size", "0")).isInstanceOf(UsageException.class).hasMessage("--batch-size must be >= 1, found 0");
        assertThatThrownBy(() -> config("--batch-size-per-worker", "-1"))
                .hasMessage("--batch-size-per-worker must be >= 0, found -1 (0: --batch-size shared by the workers)");
        assertThatThrownBy(() -> config("--epochs", "0")).hasMessage("--epochs must be >= 1, found 0");
        assertThatThrownBy(() -> config("--patience", "-1")).hasMessage("--patience must be >= 0, found -1 (0: no early stopping)");
        assertThatThrownBy(() -> config("--workers-per-executor", "-2"))
                .hasMessage("--workers-per-executor must be >= 0, found -2 (0: one per executor core)");
        assertThatThrownBy(() -> config("--averaging-frequency", "0")).hasMessage("--averaging-frequency must be >= 1, found 0");
        assertThatThrownBy(() -> config("--prefetch", "-1")).hasMessage("--prefetch must be >= 0, found -1");
        assertThatThrownBy(() -> config("--validation-fraction", "1")).hasMessage("--validation-fraction must be in [0, 1), found 1.0");
        // the network's options are checked where the network is defined, ModelConfig
        assertThatThrownBy(() -> config("--embedding-size", "-1"))
                .hasMessage("--embedding-size must be >= 1 (or 0 to take the GloVe dimension), found -1");
        assertThatThrownBy(() -> config("--embedding-size", "0")).hasMessage("--embedding-size 0 takes the size from --glove, which is not given");
        assertThat(config("--embedding-size", "0", "--glove", "g.txt").embeddingSize()).isZero();
        assertThatThrownBy(() -> config("--layers", "0")).hasMessage("--layers must be >= 1, found 0");
        assertThatThrownBy(() -> config("--hidden-size", "0")).hasMessage("--hidden-size must be >= 1, found 0");
        assertThatThrownBy(() -> config("--embedding-dropout", "1")).hasMessage("--embedding-dropout must be in [0, 1), found 1.0");
        assertThatThrownBy(() -> config("--rnn-dropout", "-0.1")).hasMessage("--rnn-dropout must be in [0, 1), found -0.1");
        assertThatThrownBy(() -> config("--learning-rate", "0")).hasMessage("--learning-rate must be > 0, found 0.0");
        assertThatThrownBy(() -> config("--weight-decay", "-1")).hasMessage("--weight-decay must be >= 0, found -1.0");
        assertThatThrownBy(() -> config("--gradient-clip", "-1")).hasMessage("--gradient-clip must be >= 0 (0: off), found -1.0");
        assertThatThrownBy(() -> config("--lr-schedule", "cosine"))
                .hasMessage("--lr-schedule must be step:EPOCHS:FACTOR (e.g. step:8:0.1) or constant, found 'cosine'");
        assertThatThrownBy(() -> config("--lr-schedule", "step:0:0.1")).hasMessage("--lr-schedule: EPOCHS must be >= 1 and FACTOR in (0, 1], found 'step:0:0.1'");
        assertThatThrownBy(() -> config("--lr-schedule", "step:2:1.5")).hasMessage("--lr-schedule: EPOCHS must be >= 1 and FACTOR in (0, 1], found 'step:2:1.5'");
        assertThatThrownBy(() -> config("--cell", "rnn")).hasMessage("--cell must be one of lstm, gru; found 'rnn'");
        assertThatThrownBy(() -> config("--pooling", "sum")).hasMessage("--pooling must be one of last, mean, max, mean-max, last-mean, last-max, last-mean-max; found 'sum'");
        assertThatThrownBy(() -> config("--batching", "sorted")).hasMessage("--batching: batching must be one of padded, length-buckets; found 'sorted'");
        assertThatThrownBy(() -> config("--bidirectional", "maybe")).hasMessage("--bidirectional must be true or false, found 'maybe'");
        assertThatThrownBy(() -> config("--learning-rate", "fast")).hasMessage("--learning-rate must be a number, found 'fast'");
        assertThatThrownBy(() -> config("--resume", "--overwrite"))
                .hasMessage("--resume continues the run in --model, --overwrite replaces it: give one of them");
        assertThatThrownBy(() -> Parser.parse(new TrainCommand(), "--model", "m")).hasMessage("--data is required for train: Output folder of prepare"
                + " (sequences, vocab.tsv, labels.tsv).");
        assertThatThrownBy(() -> TrainConfig.builder().model("m").build()).as("the builder checks the same declarations")
                .hasMessage("--data is required for train: Output folder of prepare (sequences, vocab.tsv, labels.tsv).");
        assertThatThrownBy(() -> TrainConfig.builder().data("d").model("m").epochs(0).build()).hasMessage("--epochs must be >= 1, found 0");
        assertThatThrownBy(() -> TrainConfig.builder().data("d").model("m").network(n -> n.hiddenSize(-1)).build())
                .hasMessage("--hidden-size must be >= 1, found -1");
    }
}
