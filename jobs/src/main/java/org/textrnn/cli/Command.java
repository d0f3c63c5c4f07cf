package org.textrnn.cli;

import java.util.List;

/** A textrnn command: its name, one-line summary, options, and what it does with them. */
public interface Command {

    String name();

    String summary();

    /** The command's own options; {@code --config}, {@code --dry-run} and {@code --help} are added for every command. */
    List<OptionSpec> options();

    /** The option a bare (non-{@code --}) argument gives, as in {@code textrnn sql "SELECT 1"}; null: none. */
    default String positional() {
        return null;
    }

    /**
     * Validates the settings into the command's config (failing with {@link UsageException} before
     * any Spark work) and, unless {@code dryRun}, runs the job.
     *
     * @return the process exit code
     */
    int execute(Settings settings, boolean dryRun) throws Exception;
}
