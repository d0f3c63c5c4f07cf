package org.textrnn.evaluate;

import org.textrnn.command.ExitCodes;
import static org.textrnn.command.OptionSpec.flag;
import static org.textrnn.command.OptionSpec.required;
import static org.textrnn.command.OptionSpec.value;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.command.Command;
import org.textrnn.command.OptionSpec;
import org.textrnn.command.Settings;
import org.textrnn.spark.SparkSessions;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.model.Batching;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.table.CatalogOptions;
import org.textrnn.table.Tables;

/**
 * {@code textrnn evaluate}: options and their translation into an {@link EvaluateConfig}. Exits
 * with {@link ExitCodes#REGRESSION} (3) when {@code --fail-on-regression} is given and a guardrail
 * is hit (a class with zero recall, or the model below the best baseline plus the margin).
 */
public final class EvaluateCommand implements Command {

    private final DocumentEncoder encoder;

    /** The options only (parsing, help, validation); the CLI builds the command with what it runs after or before the job. */
    public EvaluateCommand() {
        this(DocumentEncoder.NONE);
    }

    public EvaluateCommand(DocumentEncoder encoder) {
        this.encoder = encoder;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "Evaluate a model bundle on labelled data (a prepare output or a raw corpus): accuracy, F1, per-class metrics, "
                + "confusion matrix, log loss, top-k accuracy, the most confident mistakes, TF-IDF baselines and an HTML report. "
                + "Exit code 3: a guardrail was hit and --fail-on-regression is set.";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> options = new ArrayList<>(List.of(
                required("model", "BUNDLE", "Model bundle folder written by train."),
                value("data", "DIR", "", "A prepare output made with the bundle's vocabulary (its training data, or data prepared with "
                        + "--vocab.from BUNDLE/vocab.tsv --labels.from BUNDLE/labels.tsv); give --data or --input."),
                value("split", "NAME", SequenceSchema.TEST, "Split of --data to evaluate: train, validation or test."),
                value("input", "PATH", "", "Raw labelled documents (any Hadoop path, globs allowed), encoded with the bundle's own "
                        + "vocabulary and encoding settings; give --data or --input."),
                value("format", InputFormat.choices(), "", "Layout of --input (as prepare's --format)."),
                value("table", "TABLE", "", "Predictions written by textrnn score with --keep-columns label (Parquet path or Iceberg "
                        + "[catalog.]db.table); evaluated as scored, no baselines."),
                value("run-date", "YYYY-MM-DD", "", "With --table: evaluate this date's rows only (default: all)."),
                value("table-format", "auto|parquet|iceberg", "auto", "With --table: auto: a path is Parquet, a name is Iceberg."),
                required("report", "OUT", "Folder for metrics.json, confusion.csv, errors.csv and report.html (replaced on a re-run)."),
                value("top-k", "K", "3", "Report top-k accuracy for every k from 1 to K."),
                value("errors", "N", "50", "How many of the most confident mistakes errors.csv lists."),
                value("batch-size", "N", "256", "Documents per prediction minibatch on the executors."),
                value("batching", "padded|length-buckets", "", "How documents share the prediction minibatches, overriding the bundle's "
                        + "(none: the batching the bundle was trained with); not with --table."),
                value("baseline", "BOOL", "true", "Also train TF-IDF naive Bayes and logistic regression on the training split and report them."),
                value("baseline.lr-iterations", "N", "100", "Maximum iterations of the logistic regression baseline."),
                value("baseline.lr-regularization", "L", "0.01", "L2 regularization of the logistic regression baseline."),
                value("regression.metric", "accuracy|macro-f1", "accuracy", "What the model is compared with the baselines on."),
                value("regression.margin", "M", "0", "Flag the model when its metric is below the best baseline's plus M."),
                flag("fail-on-regression", "Exit with code 3 when a guardrail is hit: a class with zero recall, or the model below "
                        + "the best baseline plus the margin (for schedulers)."),
                value("run-id", "ID", "", "Run id for metrics.json and the report; none: derived from the options and the model.")));
        options.addAll(CatalogOptions.OPTIONS);
        // --input is read exactly as prepare reads it
        options.addAll(ReaderOptions.OPTIONS);
        return options;
    }

    public static EvaluateConfig config(Settings s) {
        String format = s.optional("format");
        try {
            return new EvaluateConfig(s.string("model"), s.optional("data"), s.optional("input"),
                    format == null ? null : InputFormat.parse(format), ReaderOptions.from(s), s.string("split").strip(),
                    s.string("report"), s.integer("top-k"), s.integer("errors"), s.integer("batch-size"), s.bool("baseline"),
                    s.integer("baseline.lr-iterations"), s.decimal("baseline.lr-regularization"), s.string("regression.metric").strip(),
                    s.decimal("regression.margin"), s.bool("fail-on-regression"), s.optional("run-id"),
                    s.optional("table") == null ? null : Tables.resolve(s.string("table"), s.string("table-format")),
                    s.optional("run-date"), CatalogOptions.from(s), s.parsed("batching", Batching::parse));
        } catch (TextrnnException e) {
            throw e instanceof UsageException ? e : new UsageException(e.getMessage());
        }
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
    public int execute(Settings settings, Mode mode) throws Exception {
        EvaluateConfig cfg = config(settings);
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
