package org.textrnn.train;

import org.textrnn.command.ExitCodes;
import static org.textrnn.command.OptionSpec.flag;
import static org.textrnn.command.OptionSpec.required;
import static org.textrnn.command.OptionSpec.value;

import java.util.List;
import org.textrnn.TextrnnException;
import org.textrnn.command.Command;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;
import org.textrnn.model.Batching;
import org.textrnn.model.ModelConfig;

/** {@code textrnn train}: options (defaults = the reference recipe) and their translation into a {@link TrainConfig}. */
public final class TrainCommand implements Command {

    private final ClosingReport report;

    /** The options only (parsing, help, validation); the CLI builds the command with what it runs after or before the job. */
    public TrainCommand() {
        this(ClosingReport.NONE);
    }

    public TrainCommand(ClosingReport report) {
        this.report = report;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Train the embedding-RNN classifier on prepared data by parameter averaging across Spark executors; "
                + "writes a self-contained model bundle with checkpoints, metrics and provenance.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                required("data", "DIR", "Output folder of prepare (sequences, vocab.tsv, labels.tsv)."),
                required("model", "OUT", "Model bundle folder to write (any Hadoop file system)."),
                value("embedding-size", "N", "50", "Embedding dimension (0: the --glove file's dimension)."),
                value("glove", "PATH", "", "GloVe text vectors to initialise the embedding rows of the tokens they cover."),
                value("glove-trainable", "BOOL", "false", "Keep training GloVe-initialised embeddings (the reference freezes them)."),
                value("cell", "lstm|gru", "lstm", "Recurrent cell."),
                value("layers", "N", "2", "Stacked recurrent layers."),
                value("hidden-size", "N", "128", "Hidden units per direction."),
                value("bidirectional", "BOOL", "true", "Run each recurrent layer in both directions and concatenate."),
                value("pooling", "last|mean|max", "last", "last valid step, or mean/max over valid steps."),
                value("embedding-dropout", "P", "0.6", "Dropout probability after the embedding."),
                value("rnn-dropout", "P", "0.5", "Dropout probability between recurrent layers."),
                value("batch-norm", "BOOL", "true", "Batch normalisation before the output layer."),
                value("learning-rate", "LR", "0.005", "Adam learning rate."),
                value("weight-decay", "W", "1e-4", "L2 weight decay (added to the gradient, as PyTorch's Adam)."),
                value("lr-schedule", "step:E:F|constant", "step:8:0.1", "Multiply the learning rate by F every E epochs."),
                value("gradient-clip", "NORM", "0.25", "Clip each layer's gradient L2 norm (0: off)."),
                value("batch-size", "N", "128", "Minibatch of one training step, shared by the workers (each takes N / workers)."),
                value("batch-size-per-worker", "N", "0", "Each worker's minibatch instead (0: --batch-size / workers)."),
                value("epochs", "N", "20", "Maximum epochs."),
                value("patience", "N", "5", "Stop after N epochs without a better validation macro-F1 (0: never)."),
                value("workers-per-executor", "N", "0", "Model replicas trained in parallel on each executor (0: one per executor core)."),
                value("averaging-frequency", "N", "5", "Minibatches each worker fits between parameter averagings."),
                value("prefetch", "N", "0", "Minibatches each worker prefetches in a background thread (0: none; 2 trained slower on 2 cores, see bench/RESULTS.md)."),
                value("batching", "padded|length-buckets", "length-buckets", "How documents of different lengths share minibatches in training, validation "
                        + "and test scoring: length-buckets: documents of one length together, no padding; padded: every document padded to "
                        + "the max length. The bundle records it for score and evaluate."),
                value("validation-fraction", "F", "0.1", "Share of train carved out (by id hash) when the data has no validation split; 0: none."),
                value("class-weights", "none|balanced|FILE", "none", "Loss weights per class: balanced = N / (classes x class count), or label<TAB>weight lines."),
                value("seed", "N", "42", "Seed of initialisation, shuffling and the validation carve-out."),
                flag("resume", "Continue from the last checkpoint in --model (optimizer state and epoch counter included)."),
                flag("overwrite", "Replace a model bundle already in --model."),
                value("run-id", "ID", "", "Run id for provenance; none: derived from the options and the data."),
                value("baseline", "BOOL", "true", "The closing report (MODEL/report) also trains TF-IDF naive Bayes and logistic regression baselines.")
        );
    }

    public static TrainConfig config(Settings s) {
        String schedule = s.string("lr-schedule").strip();
        int every = 0;
        double factor = 1.0;
        if (!schedule.equals("constant")) {
            String[] p = schedule.split(":");
            try {
                if (p.length != 3 || !p[0].equals("step")) {
                    throw new NumberFormatException();
                }
                every = Integer.parseInt(p[1]);
                factor = Double.parseDouble(p[2]);
            } catch (NumberFormatException e) {
                throw new UsageException(s.describe("lr-schedule") + " must be step:EPOCHS:FACTOR (e.g. step:8:0.1) or constant, found '" + schedule + "'");
            }
            if (every < 1 || factor <= 0 || factor > 1) {
                throw new UsageException(s.describe("lr-schedule") + ": EPOCHS must be >= 1 and FACTOR in (0, 1], found '" + schedule + "'");
            }
        }
        try {
            return new TrainConfig(s.string("data"), s.string("model"), s.integer("embedding-size"), s.optional("glove"),
                    s.bool("glove-trainable"), ModelConfig.parseEnum(ModelConfig.Cell.class, "cell", s.string("cell")),
                    s.integer("layers"), s.integer("hidden-size"), s.bool("bidirectional"),
                    ModelConfig.parseEnum(ModelConfig.Pooling.class, "pooling", s.string("pooling")),
                    s.decimal("embedding-dropout"), s.decimal("rnn-dropout"), s.bool("batch-norm"), s.decimal("learning-rate"),
                    s.decimal("weight-decay"), every, factor, s.decimal("gradient-clip"), s.integer("batch-size"), s.integer("batch-size-per-worker"),
                    s.integer("epochs"), s.integer("patience"), s.integer("workers-per-executor"), s.integer("averaging-frequency"),
                    s.integer("prefetch"), s.parsed("batching", Batching::parse), s.decimal("validation-fraction"), s.string("class-weights"), s.longValue("seed"),
                    s.bool("resume"), s.bool("overwrite"), s.optional("run-id"), s.bool("baseline"));
        } catch (TextrnnException e) {
            throw e instanceof UsageException ? e : new UsageException(e.getMessage());
        }
    }

    @Override
    public int execute(Settings settings, Mode mode) throws Exception {
        TrainConfig cfg = config(settings);
        if (mode.checksFiles()) {
            TrainJob.check(cfg, new org.apache.hadoop.conf.Configuration());
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        SparkSessions.run("textrnn train", spark -> TrainJob.run(spark, cfg, report));
        return ExitCodes.OK;
    }
}
