package org.textrnn.command;

import java.util.Map;

/**
 * A textrnn command: a class annotated with picocli's {@code @Command} (its name and one-line
 * summary) whose {@code @Option} fields and {@code @Mixin} option groups declare every option once:
 * name, value, default (the field's initial value), help, and the rules its values follow
 * ({@link Rule}). {@link Parser} fills them from the command line, {@code --config FILE} and the
 * defaults; {@code --config}, {@code --dry-run} and {@code --help} ({@link StandardOptions}) are
 * added to every command.
 */
public interface Command {

    /** The command's name, as {@code textrnn NAME}. */
    default String name() {
        return annotation().name();
    }

    /** One paragraph: what the command does. */
    default String summary() {
        return String.join(" ", annotation().description());
    }

    private picocli.CommandLine.Command annotation() {
        picocli.CommandLine.Command c = getClass().getAnnotation(picocli.CommandLine.Command.class);
        if (c == null) {
            throw new IllegalStateException(getClass().getName() + " has no @Command annotation");
        }
        return c;
    }

    /** The option a bare (non-{@code --}) argument gives, as in {@code textrnn sql "SELECT 1"}; null: none. */
    default String positional() {
        return null;
    }

    /**
     * Called once parsing is done, before {@link #settings}: the options given on the command line
     * or in the {@code --config} file, by name (every other option has its declared default). A
     * command whose defaults depend on another option (train's {@code --recipe}) needs to know
     * which values were chosen; the others ignore it.
     */
    default void given(java.util.Set<String> names) {
    }

    /**
     * The options, validated (fails with {@link org.textrnn.UsageException} naming the option, the
     * rule and the value), as the settings recorded in provenance and printed by {@code --dry-run}
     * and {@code validate}: option name to value, in declaration order.
     */
    Map<String, Object> settings();

    /**
     * Validates the options into the command's config (failing with {@link org.textrnn.UsageException}
     * before any Spark work); then, depending on {@code mode}, checks the inputs and outputs on their
     * file systems and runs the job.
     *
     * @return the process exit code
     */
    int execute(Mode mode) throws Exception;

    /**
     * Settings the command derives from valid options, which {@code validate} and {@code --dry-run}
     * print in place of the options' own values (score: where its run records go); none by default.
     */
    default Map<String, Object> resolved() {
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
