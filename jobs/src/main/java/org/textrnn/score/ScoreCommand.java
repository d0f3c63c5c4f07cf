package org.textrnn.score;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import org.textrnn.table.Tables;
import picocli.CommandLine.Mixin;

/** {@code textrnn score}: classify documents with a model bundle and replace one run date's rows of a table; its options are {@link ScoreConfig.Builder}'s. */
@picocli.CommandLine.Command(name = "score", description = "Classify raw documents with a model bundle and write one row per document into"
        + " a Parquet or Iceberg table, replacing that --run-date's rows atomically (safe to re-run).")
public final class ScoreCommand implements Command {

    @Mixin
    ScoreConfig.Builder options = ScoreConfig.builder();

    /** The options, validated; fails with {@link org.textrnn.UsageException} naming the option. */
    public ScoreConfig config() {
        return options.build();
    }

    @Override
    public Map<String, Object> settings() {
        return config().describe();
    }

    /** Where this run's records go: {@code runs-dir} as score resolves it (the one place of that rule, {@link ScoreJob#runsDir}). */
    @Override
    public Map<String, Object> resolved() {
        return Map.of("runs-dir", ScoreJob.runsDir(config()));
    }

    @Override
    public int execute(Mode mode) throws Exception {
        ScoreConfig cfg = config();
        Configuration conf = new Configuration();
        if (mode.checksFiles()) {
            ScoreJob.check(cfg, conf);
            if (Tables.usesCatalog(cfg.table())) {
                Tables.catalogKind(cfg.catalog(), conf); // a warehouse that can hold no catalog fails here
            }
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        Map<String, String> catalog = Tables.catalogSettings(cfg.catalog(), cfg.table(), conf);
        if (Tables.usesCatalog(cfg.table())) {
            Tables.prepareCatalog(cfg.catalog(), cfg.table(), conf);
        }
        SparkSessions.run("textrnn score", catalog, spark -> ScoreJob.run(spark, cfg));
        return ExitCodes.OK;
    }
}
