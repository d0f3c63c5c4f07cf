package org.textrnn.evaluate;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import org.textrnn.table.Tables;
import picocli.CommandLine.Mixin;

/**
 * {@code textrnn evaluate}: its options are {@link EvaluateConfig.Builder}'s. Exits
 * with {@link ExitCodes#REGRESSION} (3) when {@code --fail-on-regression} is given and a guardrail
 * is hit (a class with zero recall, or the model below the best baseline plus the margin).
 */
@picocli.CommandLine.Command(name = "evaluate", description = "Evaluate a model bundle on labelled data (a prepare output or a raw corpus):"
        + " accuracy, F1, per-class metrics, confusion matrix, log loss, top-k accuracy, the most confident mistakes, TF-IDF baselines and"
        + " an HTML report. Exit code 3: a guardrail was hit and --fail-on-regression is set.")
public final class EvaluateCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    private final DocumentEncoder encoder;

    @Mixin
    EvaluateConfig.Builder options = EvaluateConfig.builder();

    /** The options only (parsing, help, validation); the CLI builds the command with what it runs after or before the job. */
    public EvaluateCommand() {
        this(DocumentEncoder.NONE);
    }

    public EvaluateCommand(DocumentEncoder encoder) {
        this.encoder = encoder;
    }

    /** The options, validated; fails with {@link org.textrnn.UsageException} naming the option. */
    public EvaluateConfig config() {
        return options.build();
    }

    @Override
    public Map<String, Object> settings() {
        return config().describe();
    }

    /** {@link ExitCodes#REGRESSION} for a guardrail hit under --fail-on-regression, else {@link ExitCodes#OK}. */
    int exitCode(EvaluateConfig cfg, EvaluateResult result) {
        if (cfg.failOnRegression() && result.guardrails().flagged()) {
            LOG.error("evaluate: guardrail hit with --fail-on-regression: {}; exit code {}",
                    String.join("; ", result.guardrails().messages()), ExitCodes.REGRESSION);
            return ExitCodes.REGRESSION;
        }
        return ExitCodes.OK;
    }

    @Override
    public int execute(Mode mode) throws Exception {
        EvaluateConfig cfg = config();
        if (mode.checksFiles()) {
            EvaluateJob.check(cfg, new org.apache.hadoop.conf.Configuration());
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        EvaluateResult[] result = new EvaluateResult[1];
        SparkSessions.run("textrnn evaluate", Tables.catalogSettings(cfg.catalog(), cfg.table(), new Configuration()),
                spark -> result[0] = EvaluateJob.run(spark, cfg, encoder));
        return exitCode(cfg, result[0]);
    }
}
