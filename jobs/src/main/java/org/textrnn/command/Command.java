package org.textrnn.command;

import java.util.List;
import java.util.Map;

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
     * any Spark work); then, depending on {@code mode}, checks the inputs and outputs on their file
     * systems and runs the job.
     *
     * @return the process exit code
     */
    int execute(Settings settings, Mode mode) throws Exception;

    /**
     * Settings the command derives from valid options, which {@code validate} and {@code --dry-run}
     * print in place of the options' own values (score: where its run records go); none by default.
     */
    default Map<String, Object> resolved(Settings settings) {
        return Map.of();
    }

    /** How far {@link #execute} goes. */
    enum Mode {
        /** {@code textrnn validate <command> ...}: the options only; no file system is touched (for schedulers' contract tests). */
        VALIDATE,
        /** {@code --dry-run}: the options, then the inputs and outputs on their file systems; no Spark. */
        DRY_RUN,
        /** the job itself. */
        RUN;

        /** Whether the inputs and outputs are checked. */
        public boolean checksFiles() {
            return this != VALIDATE;
        }

        /** Whether the job runs. */
        public boolean runs() {
            return this == RUN;
        }
    }
}
