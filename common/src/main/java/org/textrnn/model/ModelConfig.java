package org.textrnn.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.textrnn.TextrnnException;

/**
 * The classifier and its optimiser. Defaults are the reference project's recipe: embedding 50 →
 * dropout 0.6 → 2-layer bidirectional LSTM 128 (dropout 0.5 between layers) → last valid step →
 * batch norm → dense softmax; cross-entropy; Adam lr 0.005, L2 weight decay 1e-4, lr × 0.1 every 8
 * epochs, gradient-norm clip 0.25.
 *
 * <p>Dropouts here are probabilities of <em>dropping</em> a unit (as in PyTorch); DL4J's
 * {@code dropOut(x)} takes the probability of keeping one, and {@link NetworkFactory} converts.
 *
 * <p>Before the data is known (train's options: {@link #forData} fills it in) the vocabulary size,
 * the number of classes and the max length are 0, and the embedding size may be 0 (the GloVe
 * file's dimension).
 *
 * @param vocabSize   embedding rows (vocabulary size including PAD and UNK); 0: not yet known
 * @param maxLength   sequence length T (the prepared data's max length)
 * @param classWeights loss weight per class, or null for none
 * @param embeddingSgdRate 0: a trained embedding learns with the network's Adam and its schedule; above 0: with plain SGD at this
 *                    constant rate on its (clipped, weight-decayed) gradient, so that a row moves with how often its word occurs
 */
public record ModelConfig(int vocabSize, int numClasses, int maxLength, int embeddingSize, boolean embeddingTrainable,
                          Cell cell, int layers, int hiddenSize, boolean bidirectional, Pooling pooling,
                          double embeddingDropout, double rnnDropout, boolean batchNorm,
                          double learningRate, double weightDecay, int lrDecayEvery, double lrDecayFactor,
                          double gradientClip, long seed, double[] classWeights, double wordDropout,
                          double embeddingSgdRate) implements Serializable {

    /** The recurrent cell. */
    public enum Cell { LSTM, GRU }

    /**
     * How the sequence of RNN outputs becomes one vector; all ignore padding. The combined ones
     * concatenate their parts in the order last, mean, max ({@link SequencePooling}).
     */
    public enum Pooling {
        LAST, MEAN, MAX, MEAN_MAX, LAST_MEAN, LAST_MAX, LAST_MEAN_MAX;

        public boolean usesLast() {
            return name().startsWith("LAST");
        }

        public boolean usesMean() {
            return name().contains("MEAN");
        }

        public boolean usesMax() {
            return name().contains("MAX");
        }

        /** How many vectors of the RNN's output width the pooled vector holds. */
        public int parts() {
            return (usesLast() ? 1 : 0) + (usesMean() ? 1 : 0) + (usesMax() ? 1 : 0);
        }
    }

    public ModelConfig {
        if (vocabSize != 0 || numClasses != 0 || maxLength != 0) {
            require(vocabSize >= 3, "vocabulary size must be >= 3 (PAD, UNK and a token), found " + vocabSize);
            require(numClasses >= 2, "a classifier needs at least 2 classes, found " + numClasses);
            require(maxLength >= 1, "max length must be >= 1, found " + maxLength);
            require(embeddingSize >= 1, "--embedding-size must be >= 1, found " + embeddingSize);
        } else {
            require(embeddingSize >= 0, "--embedding-size must be >= 1 (or 0 to take the GloVe dimension), found " + embeddingSize);
        }
        require(layers >= 1, "--layers must be >= 1, found " + layers);
        require(hiddenSize >= 1, "--hidden-size must be >= 1, found " + hiddenSize);
        require(wordDropout >= 0 && wordDropout < 1, "--word-dropout must be in [0, 1), found " + wordDropout);
        require(embeddingDropout >= 0 && embeddingDropout < 1, "--embedding-dropout must be in [0, 1), found " + embeddingDropout);
        require(rnnDropout >= 0 && rnnDropout < 1, "--rnn-dropout must be in [0, 1), found " + rnnDropout);
        require(learningRate > 0, "--learning-rate must be > 0, found " + learningRate);
        require(weightDecay >= 0, "--weight-decay must be >= 0, found " + weightDecay);
        require(lrDecayEvery >= 0, "--lr-decay-every must be >= 0 (0: constant), found " + lrDecayEvery);
        require(lrDecayFactor > 0 && lrDecayFactor <= 1, "--lr-decay-factor must be in (0, 1], found " + lrDecayFactor);
        require(gradientClip >= 0, "--gradient-clip must be >= 0 (0: off), found " + gradientClip);
        require(embeddingSgdRate >= 0 && Double.isFinite(embeddingSgdRate),
                "--embedding-updater: the SGD rate must be > 0, found " + embeddingSgdRate);
        if (classWeights != null) {
            require(classWeights.length == numClasses, "class weights: " + classWeights.length + " given for " + numClasses + " classes");
            for (double w : classWeights) {
                require(w > 0 && Double.isFinite(w), "class weights must be positive, found " + w);
            }
        }
    }

    /** Without word dropout (the reference recipe has none). */
    public ModelConfig(int vocabSize, int numClasses, int maxLength, int embeddingSize, boolean embeddingTrainable,
                       Cell cell, int layers, int hiddenSize, boolean bidirectional, Pooling pooling,
                       double embeddingDropout, double rnnDropout, boolean batchNorm,
                       double learningRate, double weightDecay, int lrDecayEvery, double lrDecayFactor,
                       double gradientClip, long seed, double[] classWeights) {
        this(vocabSize, numClasses, maxLength, embeddingSize, embeddingTrainable, cell, layers, hiddenSize, bidirectional, pooling,
                embeddingDropout, rnnDropout, batchNorm, learningRate, weightDecay, lrDecayEvery, lrDecayFactor, gradientClip, seed,
                classWeights, 0, 0);
    }

    /** With the network's Adam for the embedding too (as before {@code --embedding-updater}). */
    public ModelConfig(int vocabSize, int numClasses, int maxLength, int embeddingSize, boolean embeddingTrainable,
                       Cell cell, int layers, int hiddenSize, boolean bidirectional, Pooling pooling,
                       double embeddingDropout, double rnnDropout, boolean batchNorm,
                       double learningRate, double weightDecay, int lrDecayEvery, double lrDecayFactor,
                       double gradientClip, long seed, double[] classWeights, double wordDropout) {
        this(vocabSize, numClasses, maxLength, embeddingSize, embeddingTrainable, cell, layers, hiddenSize, bidirectional, pooling,
                embeddingDropout, rnnDropout, batchNorm, learningRate, weightDecay, lrDecayEvery, lrDecayFactor, gradientClip, seed,
                classWeights, wordDropout, 0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new TextrnnException(message);
        }
    }

    /**
     * This network for data with {@code vocabSize} tokens, {@code numClasses} labels and documents of
     * at most {@code maxLength} tokens, with embeddings of {@code embeddingSize} (trainable or frozen)
     * and the loss weights of the classes (null: none).
     */
    public ModelConfig forData(int vocabSize, int numClasses, int maxLength, int embeddingSize, boolean embeddingTrainable,
                               double[] classWeights) {
        return new ModelConfig(vocabSize, numClasses, maxLength, embeddingSize, embeddingTrainable, cell, layers, hiddenSize,
                bidirectional, pooling, embeddingDropout, rnnDropout, batchNorm, learningRate, weightDecay, lrDecayEvery,
                lrDecayFactor, gradientClip, seed, classWeights, wordDropout, embeddingSgdRate);
    }

    /** True when the embedding is trained with its own SGD ({@link #embeddingSgdRate}) rather than the network's Adam. */
    public boolean embeddingSgd() {
        return embeddingTrainable && embeddingSgdRate > 0;
    }

    /** The pooled vector's width: the RNN output width times the pooling's parts. */
    public int pooledSize() {
        return rnnOutputSize() * pooling.parts();
    }

    /** RNN output width: hidden size times directions. */
    public int rnnOutputSize() {
        return hiddenSize * (bidirectional ? 2 : 1);
    }

    public static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new TextrnnException("--" + option + " must be one of " + sb + "; found '" + value + "'");
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocab_size", vocabSize);
        m.put("num_classes", numClasses);
        m.put("max_length", maxLength);
        m.put("embedding_size", embeddingSize);
        m.put("embedding_trainable", embeddingTrainable);
        if (embeddingSgd()) { // recorded when used, as word dropout
            m.put("embedding_updater", "sgd:" + embeddingSgdRate);
        }
        m.put("cell", cell.name().toLowerCase(Locale.ROOT));
        m.put("layers", layers);
        m.put("hidden_size", hiddenSize);
        m.put("bidirectional", bidirectional);
        m.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        if (wordDropout > 0) { // recorded when used: the descriptions of networks without it stay as they were
            m.put("word_dropout", wordDropout);
        }
        m.put("embedding_dropout", embeddingDropout);
        m.put("rnn_dropout", rnnDropout);
        m.put("batch_norm", batchNorm);
        m.put("learning_rate", learningRate);
        m.put("weight_decay", weightDecay);
        m.put("lr_decay_every", lrDecayEvery);
        m.put("lr_decay_factor", lrDecayFactor);
        m.put("gradient_clip", gradientClip);
        m.put("seed", seed);
        m.put("class_weights", classWeights == null ? null : java.util.Arrays.stream(classWeights).boxed().toList());
        return m;
    }
}
