package org.textrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.textrnn.TextrnnException;
import org.textrnn.UsageException;
import org.textrnn.model.Batching;
import org.textrnn.model.ModelConfig;

/**
 * A train run, validated. The network's shape comes from the options plus what the prepared data
 * says (vocabulary size, classes, max length); {@link #model} builds the {@link ModelConfig} once
 * those are known.
 *
 * @param lrDecayEvery  epochs between learning-rate decays (0: constant rate)
 * @param batchSize     the minibatch of one training step, shared by the workers (as the reference's batch)
 * @param batchSizePerWorker each worker's minibatch, or 0 for {@code batchSize / workers}
 * @param workersPerExecutor model replicas per executor (0: one per executor core)
 * @param batching      how documents of different lengths share minibatches, in training and whenever the model predicts
 * @param classWeights  "none", "balanced", or a file of {@code label<TAB>weight} lines
 * @param baseline      the closing report also trains and scores the TF-IDF baselines (see textrnn evaluate)
 */
public record TrainConfig(String data, String model, int embeddingSize, String glove, boolean gloveTrainable,
                          ModelConfig.Cell cell, int layers, int hiddenSize, boolean bidirectional, ModelConfig.Pooling pooling,
                          double embeddingDropout, double rnnDropout, boolean batchNorm, double learningRate, double weightDecay,
                          int lrDecayEvery, double lrDecayFactor, double gradientClip, int batchSize, int batchSizePerWorker, int epochs, int patience,
                          int workersPerExecutor, int averagingFrequency, int prefetch, Batching batching, double validationFraction, String classWeights,
                          long seed, boolean resume, boolean overwrite, String runId, boolean baseline) {

    public TrainConfig {
        check(embeddingSize >= 0, "--embedding-size must be >= 1 (or 0 to take the GloVe dimension), found " + embeddingSize);
        check(embeddingSize > 0 || glove != null, "--embedding-size 0 takes the size from --glove, which is not given");
        check(batchSize >= 1, "--batch-size must be >= 1, found " + batchSize);
        check(batchSizePerWorker >= 0, "--batch-size-per-worker must be >= 0 (0: --batch-size shared by the workers), found " + batchSizePerWorker);
        check(epochs >= 1, "--epochs must be >= 1, found " + epochs);
        check(patience >= 0, "--patience must be >= 0 (0: no early stopping), found " + patience);
        check(workersPerExecutor >= 0, "--workers-per-executor must be >= 0 (0: one per executor core), found " + workersPerExecutor);
        check(averagingFrequency >= 1, "--averaging-frequency must be >= 1, found " + averagingFrequency);
        check(prefetch >= 0, "--prefetch must be >= 0, found " + prefetch);
        check(validationFraction >= 0 && validationFraction < 1, "--validation-fraction must be in [0, 1), found " + validationFraction);
        check(batching != null, "--batching must be padded or length-buckets, found none");
        check(!(resume && overwrite), "--resume continues the run in --model, --overwrite replaces it: give one of them");
        // the network options are checked where the network is defined (ModelConfig), here before any Spark work
        try {
            new ModelConfig(3, 2, 1, Math.max(1, embeddingSize), true, cell, layers, hiddenSize, bidirectional, pooling,
                    embeddingDropout, rnnDropout, batchNorm, learningRate, weightDecay, lrDecayEvery, lrDecayFactor, gradientClip, seed, null);
        } catch (TextrnnException e) {
            throw new UsageException(e.getMessage());
        }
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
        return new ModelConfig(vocabSize, numClasses, maxLength, embeddingDimension, glove == null || gloveTrainable,
                cell, layers, hiddenSize, bidirectional, pooling, embeddingDropout, rnnDropout, batchNorm,
                learningRate, weightDecay, lrDecayEvery, lrDecayFactor, gradientClip, seed, weights);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("model", model);
        m.put("embedding-size", embeddingSize);
        m.put("glove", glove);
        m.put("glove-trainable", gloveTrainable);
        m.put("cell", cell.name().toLowerCase(java.util.Locale.ROOT));
        m.put("layers", layers);
        m.put("hidden-size", hiddenSize);
        m.put("bidirectional", bidirectional);
        m.put("pooling", pooling.name().toLowerCase(java.util.Locale.ROOT));
        m.put("embedding-dropout", embeddingDropout);
        m.put("rnn-dropout", rnnDropout);
        m.put("batch-norm", batchNorm);
        m.put("learning-rate", learningRate);
        m.put("weight-decay", weightDecay);
        m.put("lr-schedule", lrDecayEvery == 0 ? "constant" : "step:" + lrDecayEvery + ":" + lrDecayFactor);
        m.put("gradient-clip", gradientClip);
        m.put("batch-size", batchSize);
        m.put("batch-size-per-worker", batchSizePerWorker);
        m.put("epochs", epochs);
        m.put("patience", patience);
        m.put("workers-per-executor", workersPerExecutor);
        m.put("averaging-frequency", averagingFrequency);
        m.put("prefetch", prefetch);
        m.put("batching", batching.id());
        m.put("validation-fraction", validationFraction);
        m.put("class-weights", classWeights);
        m.put("seed", seed);
        m.put("run-id", runId);
        m.put("baseline", baseline);
        return m;
    }
}
