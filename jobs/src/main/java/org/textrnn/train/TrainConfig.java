package org.textrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.command.Recorded;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.RunOptions;
import org.textrnn.command.Settings;
import org.textrnn.model.Batching;
import org.textrnn.model.ModelConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A train run, validated. The network's shape comes from the options ({@link #network}, checked
 * once, by {@link ModelConfig}) plus what the prepared data says (vocabulary size, classes, max
 * length); {@link #model} builds the full {@link ModelConfig} once those are known. The options are
 * declared once, in {@link Builder} and {@link NetworkOptions}.
 *
 * @param network       the network and optimiser options, before the data is known
 * @param batchSize     the minibatch of one training step, shared by the workers (as the reference's batch)
 * @param batchSizePerWorker each worker's minibatch, or 0 for {@code batchSize / workers}
 * @param averageEpochs the network validated, kept and scored is the mean of the weights at the end of the last this many epochs (1: the epoch's own)
 * @param workersPerExecutor model replicas per executor (0: one per executor core)
 * @param batching      how documents of different lengths share minibatches, in training and whenever the model predicts
 * @param classWeights  "none", "balanced", or a file of {@code label<TAB>weight} lines
 * @param baseline      the closing report also trains and scores the TF-IDF baselines (see textrnn evaluate)
 * @param settings      every option by its name, as {@link #describe} records them
 * @param pretrain      the embedding's pretraining ({@link PretrainOptions}), {@link PretrainOptions.Pretrain#NONE} without
 */
public record TrainConfig(String data, String model, ModelConfig network, String glove, boolean gloveTrainable,
                          int batchSize, int batchSizePerWorker, int epochs, int patience, int averageEpochs,
                          int workersPerExecutor, int averagingFrequency, int prefetch, Batching batching, double validationFraction,
                          String classWeights, long seed, boolean resume, boolean overwrite, String runId, boolean baseline,
                          Map<String, Object> settings, PretrainOptions.Pretrain pretrain) {

    public TrainConfig {
        check(network.embeddingSize() > 0 || glove != null, "--embedding-size 0 takes the size from --glove, which is not given");
        check(batching != null, "--batching must be padded or length-buckets, found none");
        check(!(resume && overwrite), "--resume continues the run in --model, --overwrite replaces it: give one of them");
    }

    /** The defaults of every option: the default recipe ({@link Recipe#DEFAULT}). */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code --embedding-size} (0: the GloVe file's dimension). */
    public int embeddingSize() {
        return network.embeddingSize();
    }

    /**
     * Each worker's minibatch: {@code --batch-size-per-worker}, else {@code --batch-size} shared by
     * the workers. Averaging the parameters of W workers that each took a step moves the model about
     * as far as one step would (Adam's steps hardly depend on the batch), so W workers on full
     * batches would take W times fewer steps per epoch than the recipe; sharing the batch keeps the
     * recipe's steps per epoch.
     */
    public int perWorkerBatch(int workers) {
        return batchSizePerWorker > 0 ? batchSizePerWorker : Math.max(1, (int) Math.round(batchSize / (double) workers));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }

    /** The network for data with this vocabulary, label set and max length. */
    public ModelConfig model(int vocabSize, int numClasses, int maxLength, int embeddingDimension, double[] weights) {
        return network.forData(vocabSize, numClasses, maxLength, embeddingDimension, embeddingTrainable(), weights);
    }

    /**
     * Whether the classifier trains the embedding: --glove-trainable with --glove, --pretrain.trainable
     * with a pretraining, else (random initialisation) always.
     */
    public boolean embeddingTrainable() {
        return glove != null ? gloveTrainable : !pretrain.enabled() || pretrain.trainable();
    }

    /** Every setting by its option name, for the bundle's train-config.json, provenance and checkpoints. */
    public Map<String, Object> describe() {
        return new LinkedHashMap<>(settings);
    }

    /** The options of train, each declared once: a picocli option group, and the builder of {@link TrainConfig}. */
    public static final class Builder {

        @Option(names = "--data", paramLabel = "DIR", required = true, description = "Output folder of prepare (sequences, vocab.tsv, labels.tsv).")
        String data;

        @Option(names = "--model", paramLabel = "OUT", required = true, description = "Model bundle folder to write (any Hadoop file system).")
        String model;

        @Option(names = "--recipe", description = "Defaults to train with: default: textrnn's (embedding pretrained by Word2Vec on"
                + " the training text, word dropout 0.5, mean-max pooling, one layer of 64; docs/training.md); reference: the seed"
                + " PyTorch project's exact recipe (no pretraining or word dropout, last-step pooling, two layers of 128)."
                + " Options given explicitly win over the recipe.")
        Recipe recipe = Recipe.DEFAULT;

        @Mixin
        NetworkOptions network = new NetworkOptions();

        @Option(names = "--batch-size", paramLabel = "N",
                description = "Minibatch of one training step, shared by the workers (each takes N / workers).")
        @Rule(">= 1")
        int batchSize = 128;

        @Option(names = "--batch-size-per-worker", paramLabel = "N", description = "Each worker's minibatch instead (0: --batch-size / workers).")
        @Rule(value = ">= 0", note = "0: --batch-size shared by the workers")
        int batchSizePerWorker;

        @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs.")
        @Rule(">= 1")
        int epochs = 20;

        @Option(names = "--patience", paramLabel = "N", description = "Stop after N epochs without a better validation macro-F1 (0: never).")
        @Rule(value = ">= 0", note = "0: no early stopping")
        int patience = 5;

        @Option(names = "--average-epochs", paramLabel = "N", description = "Validate, keep and score the mean of the weights at the end"
                + " of the last N epochs (1: each epoch's own weights); training goes on from each epoch's own weights.")
        @Rule(value = ">= 1", note = "1: no averaging")
        int averageEpochs = 1;

        @Option(names = "--workers-per-executor", paramLabel = "N",
                description = "Model replicas trained in parallel on each executor (0: one per executor core).")
        @Rule(value = ">= 0", note = "0: one per executor core")
        int workersPerExecutor;

        @Option(names = "--averaging-frequency", paramLabel = "N", description = "Minibatches each worker fits between parameter averagings.")
        @Rule(">= 1")
        int averagingFrequency = 5;

        @Option(names = "--prefetch", paramLabel = "N", description = "Minibatches each worker prefetches in a background thread (0: none;"
                + " 2 trained slower on 2 cores, see bench/RESULTS.md).")
        @Rule(">= 0")
        int prefetch;

        @Option(names = "--batching", description = "How documents of different lengths share minibatches in training, validation and test"
                + " scoring: length-buckets: documents of one length together, no padding; padded: every document padded to the max"
                + " length. The bundle records it for score and evaluate.")
        Batching batching = Batching.LENGTH_BUCKETS;

        @Option(names = "--validation-fraction", paramLabel = "F",
                description = "Share of train carved out (by id hash) when the data has no validation split; 0: none.")
        @Rule("[0, 1)")
        double validationFraction = 0.1;

        @Option(names = "--class-weights", paramLabel = "none|balanced|FILE",
                description = "Loss weights per class: balanced = N / (classes x class count), or label<TAB>weight lines.")
        String classWeights = "none";

        @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffling and the validation carve-out.")
        long seed = 42;

        @Option(names = "--resume", description = "Continue from the last checkpoint in --model (optimizer state and epoch counter included).")
        @Recorded(false)
        boolean resume;

        @Mixin
        RunOptions run = new RunOptions();

        @Option(names = "--baseline", paramLabel = "BOOL", arity = "1",
                description = "The closing report (MODEL/report) also trains TF-IDF naive Bayes and logistic regression baselines.")
        boolean baseline = true;

        @Mixin
        PretrainOptions pretrain = new PretrainOptions();

        /** The options given on the command line or in the config file (the parsed path), or null (built in code). */
        private java.util.Set<String> given;

        Builder() {
        }

        /**
         * A recipe's defaults ({@link Recipe}): set now, so options set after this call win over it.
         * (Parsed from the command line, the recipe is applied by {@link #build} to every option that
         * was not given.)
         */
        public Builder recipe(Recipe recipe) {
            this.recipe = recipe;
            recipe.apply(this, java.util.Set.of());
            return this;
        }

        /** The options given on the command line or in the config file; the recipe applies to the others. */
        Builder given(java.util.Set<String> names) {
            this.given = names;
            return this;
        }

        public Builder data(String data) {
            this.data = data;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder network(Consumer<NetworkOptions> change) {
            change.accept(network);
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchSizePerWorker(int batchSizePerWorker) {
            this.batchSizePerWorker = batchSizePerWorker;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder averageEpochs(int averageEpochs) {
            this.averageEpochs = averageEpochs;
            return this;
        }

        public Builder workersPerExecutor(int workersPerExecutor) {
            this.workersPerExecutor = workersPerExecutor;
            return this;
        }

        public Builder averagingFrequency(int averagingFrequency) {
            this.averagingFrequency = averagingFrequency;
            return this;
        }

        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        public Builder batching(Batching batching) {
            this.batching = batching;
            return this;
        }

        public Builder validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        public Builder classWeights(String classWeights) {
            this.classWeights = classWeights;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            run.overwrite(overwrite);
            return this;
        }

        public Builder runId(String runId) {
            run.runId(runId);
            return this;
        }

        public Builder baseline(boolean baseline) {
            this.baseline = baseline;
            return this;
        }

        public Builder pretrain(Consumer<PretrainOptions> change) {
            change.accept(pretrain);
            return this;
        }

        /** The config; fails with {@link UsageException} naming the option, the rule and the value. */
        public TrainConfig build() {
            if (network.glove != null) {
                pretrain.gloveGiven(given != null && given.contains("pretrain"));
            }
            if (given != null) {
                recipe.apply(this, given);
                given = null; // applied once: what the builder holds from now on is what is built
            }
            Rules.check(this, "train");
            ModelConfig checked;
            try {
                checked = network.model(seed);
            } catch (TextrnnException e) {
                throw e instanceof UsageException u ? u : new UsageException(e.getMessage());
            }
            Map<String, Object> settings = Settings.of(this, null);
            PretrainOptions.Pretrain pretraining = pretrain.build(Settings.orNull(network.glove), settings);
            return new TrainConfig(data, model, checked, Settings.orNull(network.glove), network.gloveTrainable, batchSize,
                    batchSizePerWorker, epochs, patience, averageEpochs, workersPerExecutor, averagingFrequency, prefetch, batching, validationFraction,
                    classWeights, seed, resume, run.overwrite(), run.runId(), baseline, Settings.frozen(settings), pretraining);
        }
    }
}
