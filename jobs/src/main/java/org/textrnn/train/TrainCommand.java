package org.textrnn.train;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import picocli.CommandLine.Mixin;

/** {@code textrnn train}: its options (defaults: textrnn's recipe, {@link Recipe}) are {@link TrainConfig.Builder}'s. */
@picocli.CommandLine.Command(name = "train", description = "Train the embedding-RNN classifier on prepared data by parameter averaging"
        + " across Spark executors; writes a self-contained model bundle with checkpoints, metrics and provenance.")
public final class TrainCommand implements Command {

    private final ClosingReport report;

    @Mixin
    TrainConfig.Builder options = TrainConfig.builder();

    /** The options only (parsing, help, validation); the CLI builds the command with what it runs after or before the job. */
    public TrainCommand() {
        this(ClosingReport.NONE);
    }

    public TrainCommand(ClosingReport report) {
        this.report = report;
    }

    /** The options, validated; fails with {@link org.textrnn.UsageException} naming the option. */
    public TrainConfig config() {
        return options.build();
    }

    @Override
    public void given(java.util.Set<String> names) {
        options.given(names);
    }

    @Override
    public Map<String, Object> settings() {
        return config().describe();
    }

    @Override
    public int execute(Mode mode) throws Exception {
        TrainConfig cfg = config();
        if (mode.checksFiles()) {
            TrainJob.check(cfg, new Configuration());
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        SparkSessions.run("textrnn train", spark -> TrainJob.run(spark, cfg, report));
        return ExitCodes.OK;
    }
}
