package org.textrnn.train;

import org.textrnn.UsageException;
import org.textrnn.command.OptionValue;
import org.textrnn.model.ModelConfig;
import picocli.CommandLine.Option;

/**
 * train's network options (defaults: textrnn's recipe; {@link Recipe#REFERENCE} is the seed's), a picocli option group: they make the
 * {@link ModelConfig} a {@link TrainConfig} holds, which checks them (and names the option); the
 * data fills in the rest ({@link ModelConfig#forData}).
 */
public final class NetworkOptions {

    @Option(names = "--embedding-size", paramLabel = "N", description = "Embedding dimension (0: the --glove file's dimension).")
    int embeddingSize = 50;

    @Option(names = "--glove", paramLabel = "PATH", description = "GloVe text vectors to initialise the embedding rows of the tokens they cover.")
    String glove;

    @Option(names = "--glove-trainable", paramLabel = "BOOL", arity = "1",
            description = "Keep training GloVe-initialised embeddings (the reference freezes them).")
    boolean gloveTrainable;

    @Option(names = "--cell", description = "Recurrent cell.")
    ModelConfig.Cell cell = ModelConfig.Cell.LSTM;

    @Option(names = "--layers", paramLabel = "N", description = "Stacked recurrent layers.")
    int layers = 1;

    @Option(names = "--hidden-size", paramLabel = "N", description = "Hidden units per direction.")
    int hiddenSize = 64;

    @Option(names = "--bidirectional", paramLabel = "BOOL", arity = "1",
            description = "Run each recurrent layer in both directions and concatenate.")
    boolean bidirectional = true;

    @Option(names = "--pooling", description = "last: each direction's state at the document's end; mean/max over the valid steps;"
            + " or a concatenation of them (last-mean-max: all three).")
    ModelConfig.Pooling pooling = ModelConfig.Pooling.MEAN_MAX;

    @Option(names = "--word-dropout", paramLabel = "P",
            description = "In training, replace each token by the unknown token with probability P (robustness to unseen words).")
    double wordDropout = 0.5;

    @Option(names = "--embedding-dropout", paramLabel = "P", description = "Dropout probability after the embedding.")
    double embeddingDropout = 0.6;

    @Option(names = "--rnn-dropout", paramLabel = "P", description = "Dropout probability between recurrent layers.")
    double rnnDropout = 0.5;

    @Option(names = "--batch-norm", paramLabel = "BOOL", arity = "1", description = "Batch normalisation before the output layer.")
    boolean batchNorm = true;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Adam learning rate.")
    double learningRate = 0.005;

    @Option(names = "--weight-decay", paramLabel = "W", description = "L2 weight decay (added to the gradient, as PyTorch's Adam).")
    double weightDecay = 1e-4;

    @Option(names = "--lr-schedule", paramLabel = "step:E:F|constant", description = "Multiply the learning rate by F every E epochs.")
    LrSchedule lrSchedule = new LrSchedule(8, 0.1);

    @Option(names = "--gradient-clip", paramLabel = "NORM", description = "Clip each layer's gradient L2 norm (0: off).")
    double gradientClip = 0.25;

    @Option(names = "--embedding-updater", paramLabel = "adam|sgd:RATE",
            description = "How a trained embedding learns: adam (the network's Adam and --lr-schedule), or plain SGD at a constant RATE on"
                    + " its clipped gradient, so that rows of rare words move little. No effect on a frozen embedding.")
    EmbeddingUpdater embeddingUpdater = EmbeddingUpdater.ADAM;

    NetworkOptions() {
    }

    /** The network before the data is known; fails with {@link org.textrnn.TextrnnException} naming the option. */
    ModelConfig model(long seed) {
        return new ModelConfig(0, 0, 0, embeddingSize, true, cell, layers, hiddenSize, bidirectional, pooling, embeddingDropout,
                rnnDropout, batchNorm, learningRate, weightDecay, lrSchedule.every(), lrSchedule.factor(), gradientClip, seed, null, wordDropout,
                embeddingUpdater.sgdRate());
    }

    public NetworkOptions embeddingSize(int embeddingSize) {
        this.embeddingSize = embeddingSize;
        return this;
    }

    public NetworkOptions glove(String glove) {
        this.glove = glove;
        return this;
    }

    public NetworkOptions gloveTrainable(boolean gloveTrainable) {
        this.gloveTrainable = gloveTrainable;
        return this;
    }

    public NetworkOptions embeddingUpdater(EmbeddingUpdater embeddingUpdater) {
        this.embeddingUpdater = embeddingUpdater;
        return this;
    }

    public NetworkOptions cell(ModelConfig.Cell cell) {
        this.cell = cell;
        return this;
    }

    public NetworkOptions layers(int layers) {
        this.layers = layers;
        return this;
    }

    public NetworkOptions hiddenSize(int hiddenSize) {
        this.hiddenSize = hiddenSize;
        return this;
    }

    public NetworkOptions bidirectional(boolean bidirectional) {
        this.bidirectional = bidirectional;
        return this;
    }

    public NetworkOptions pooling(ModelConfig.Pooling pooling) {
        this.pooling = pooling;
        return this;
    }

    public NetworkOptions wordDropout(double wordDropout) {
        this.wordDropout = wordDropout;
        return this;
    }

    public NetworkOptions embeddingDropout(double embeddingDropout) {
        this.embeddingDropout = embeddingDropout;
        return this;
    }

    public NetworkOptions rnnDropout(double rnnDropout) {
        this.rnnDropout = rnnDropout;
        return this;
    }

    public NetworkOptions batchNorm(boolean batchNorm) {
        this.batchNorm = batchNorm;
        return this;
    }

    public NetworkOptions learningRate(double learningRate) {
        this.learningRate = learningRate;
        return this;
    }

    public NetworkOptions weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    public NetworkOptions lrSchedule(LrSchedule lrSchedule) {
        this.lrSchedule = lrSchedule;
        return this;
    }

    public NetworkOptions gradientClip(double gradientClip) {
        this.gradientClip = gradientClip;
        return this;
    }

    /**
     * {@code --lr-schedule}: multiply the learning rate by {@code factor} every {@code every} epochs,
     * or keep it ({@code constant}: every 0).
     */
    public record LrSchedule(int every, double factor) implements OptionValue {

        public static final LrSchedule CONSTANT = new LrSchedule(0, 1.0);

        public LrSchedule {
            if (every != 0 && (every < 1 || factor <= 0 || factor > 1)) {
                throw new UsageException("--lr-schedule: EPOCHS must be >= 1 and FACTOR in (0, 1], found 'step:" + every + ":" + factor + "'");
            }
        }

        /** {@code step:EPOCHS:FACTOR} or {@code constant}. */
        public static LrSchedule parse(String value) {
            if (value.equals("constant")) {
                return CONSTANT;
            }
            String[] p = value.split(":");
            try {
                if (p.length != 3 || !p[0].equals("step")) {
                    throw new NumberFormatException();
                }
                int every = Integer.parseInt(p[1]);
                if (every == 0) {
                    throw new UsageException("--lr-schedule: EPOCHS must be >= 1 and FACTOR in (0, 1], found '" + value + "'");
                }
                return new LrSchedule(every, Double.parseDouble(p[2]));
            } catch (NumberFormatException e) {
                throw new UsageException("--lr-schedule must be step:EPOCHS:FACTOR (e.g. step:8:0.1) or constant, found '" + value + "'");
            }
        }

        @Override
        public String toString() {
            return every == 0 ? "constant" : "step:" + every + ":" + factor;
        }
    }

    /**
     * {@code --embedding-updater}: the network's Adam ({@code adam}, sgd rate 0), or plain SGD at a
     * constant rate ({@code sgd:RATE}) for the embedding alone. {@link #parse} refuses option text
     * with no positive rate; a rate set in code is checked with the network ({@link ModelConfig}).
     */
    public record EmbeddingUpdater(double sgdRate) implements OptionValue {

        public static final EmbeddingUpdater ADAM = new EmbeddingUpdater(0);

        /** {@code adam} or {@code sgd:RATE}. */
        public static EmbeddingUpdater parse(String value) {
            if (value.equals("adam")) {
                return ADAM;
            }
            String[] p = value.split(":");
            double rate;
            try {
                if (p.length != 2 || !p[0].equals("sgd")) {
                    throw new NumberFormatException();
                }
                rate = Double.parseDouble(p[1]);
            } catch (NumberFormatException e) {
                throw new UsageException("--embedding-updater must be adam or sgd:RATE (e.g. sgd:1.0), found '" + value + "'");
            }
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw new UsageException("--embedding-updater: the SGD rate must be > 0, found '" + value + "'");
            }
            return new EmbeddingUpdater(rate);
        }

        @Override
        public String toString() {
            return sgdRate == 0 ? "adam" : "sgd:" + sgdRate;
        }
    }
}
