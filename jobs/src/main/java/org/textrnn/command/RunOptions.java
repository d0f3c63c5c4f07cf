package org.textrnn.command;

import picocli.CommandLine.Option;

/**
 * The options of a command that writes one published output folder (prepare's {@code --output},
 * train's {@code --model}): whether a different run's output may be replaced, and the run id.
 */
public final class RunOptions {

    @Option(names = "--overwrite", description = "Replace an output folder that holds a different run.")
    @Recorded(false)
    boolean overwrite;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id for provenance; none: derived from the options and inputs.")
    String runId;

    public boolean overwrite() {
        return overwrite;
    }

    public RunOptions overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /** The run id, or null to derive one. */
    public String runId() {
        return Settings.orNull(runId);
    }

    public RunOptions runId(String runId) {
        this.runId = runId;
        return this;
    }
}
