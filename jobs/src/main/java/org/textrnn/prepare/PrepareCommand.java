package org.textrnn.prepare;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.spark.SparkSessions;
import picocli.CommandLine.Mixin;

/** {@code textrnn prepare}: its options are {@link PrepareConfig.Builder}'s. */
@picocli.CommandLine.Command(name = "prepare", description = "Read a corpus, tokenize it, build the vocabulary on the training split,"
        + " and write padded token-index sequences to Parquet (DIR/sequences) with vocab.tsv, labels.tsv, stats.json and provenance.json.")
public final class PrepareCommand implements Command {

    @Mixin
    PrepareConfig.Builder options = PrepareConfig.builder();

    /** The options, validated; fails with {@link org.textrnn.UsageException} naming the option. */
    public PrepareConfig config() {
        return options.build();
    }

    @Override
    public Map<String, Object> settings() {
        return config().describe();
    }

    @Override
    public int execute(Mode mode) throws Exception {
        PrepareConfig cfg = config();
        if (mode.checksFiles()) {
            PrepareJob.check(cfg, new Configuration());
        }
        if (!mode.runs()) {
            return ExitCodes.OK;
        }
        SparkSessions.run("textrnn prepare", spark -> PrepareJob.run(spark, cfg));
        return ExitCodes.OK;
    }
}
