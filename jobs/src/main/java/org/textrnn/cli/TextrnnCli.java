package org.textrnn.cli;

import org.textrnn.command.Command;
import org.textrnn.command.ExitCodes;
import org.textrnn.command.Parser;
import org.textrnn.UsageException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;
import org.textrnn.evaluate.EvaluateCommand;
import org.textrnn.evaluate.EvaluateJob;
import org.textrnn.io.BuildInfo;
import org.textrnn.prepare.PrepareCommand;
import org.textrnn.prepare.PrepareJob;
import org.textrnn.score.CatalogCommand;
import org.textrnn.score.ScoreCommand;
import org.textrnn.score.SqlCommand;
import org.textrnn.train.TrainCommand;

/**
 * The one entry point: {@code textrnn <command> [options]}, run by {@code deploy/textrnn} (local
 * Spark) or by {@code spark-submit --class org.textrnn.cli.TextrnnCli textrnn-jobs-*-spark.jar
 * <command> [options]} on a cluster.
 *
 * <p>Exit codes: 0 success, 1 the job failed (bad data, I/O), 2 bad options or configuration, 3 evaluate
 * found a regression and {@code --fail-on-regression} was given, 4 the job ran out of memory.
 */
public final class TextrnnCli {

    private static final Logger LOG = LoggerFactory.getLogger(TextrnnCli.class);

    /** Every command, wired: a fresh one for each command line (a command holds its parsed options). */
    static final List<Supplier<Command>> COMMANDS = List.of(PrepareCommand::new, () -> new TrainCommand(EvaluateJob::afterTraining),
            ScoreCommand::new, SqlCommand::new, () -> new EvaluateCommand(PrepareJob::encodeWithBundle), CatalogCommand::new);

    /** {@code textrnn validate <command> [options]}: checks a command line without touching any file system. */
    static final String VALIDATE = "validate";
    static final String VALIDATE_HELP = """
            Usage: textrnn validate <command> [options]

            Checks that a command line is accepted: every option is known, every value parses and is
            in range, and the options agree with each other. Unlike --dry-run, which also checks the
            inputs and outputs on their file systems, nothing is read or written and Spark is not
            started, so a scheduler's test can check the commands it would submit (paths, dates and
            run ids filled in) on any machine. Prints the resolved settings; exit code 0 when valid,
            2 when not.
            """;


    private TextrnnCli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /** {@code main} of a job class: the same as {@code textrnn <command> args}. */
    public static void main(String command, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        main(all);
    }

    /** Runs one command line; the streams take what a user reads (help, errors, dry runs). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(overview());
            return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
        if (args[0].equals("--version")) {
            out.println("textrnn " + BuildInfo.version());
            return ExitCodes.OK;
        }
        boolean validate = args[0].equals(VALIDATE);
        if (validate && (args.length == 1 || args[1].equals("--help") || args[1].equals("-h"))) {
            out.print(VALIDATE_HELP);
            return args.length == 1 ? ExitCodes.USAGE : ExitCodes.OK;
        }
        int at = validate ? 1 : 0;
        Command command = find(args[at]);
        if (command == null) {
            err.println("textrnn: unknown command '" + args[at] + "'\n");
            err.print(overview());
            return ExitCodes.USAGE;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, at + 1, args.length);
        try {
            Parser.Parsed parsed = Parser.parse(command, rest, commands());
            if (parsed.help()) {
                out.print(Parser.usage(command));
                return ExitCodes.OK;
            }
            Command.Mode mode = validate ? Command.Mode.VALIDATE : parsed.dryRun() ? Command.Mode.DRY_RUN : Command.Mode.RUN;
            int code = command.execute(mode);
            if (!mode.runs() && code == ExitCodes.OK) {
                out.println(command.name() + (validate ? ": options are valid (inputs not checked)" : ": options and inputs are valid"));
                Map<String, Object> shown = new LinkedHashMap<>(command.settings());
                shown.putAll(command.resolved());
                for (Map.Entry<String, Object> e : shown.entrySet()) {
                    out.println("  " + e.getKey() + " = " + (e.getValue() == null ? "" : e.getValue()));
                }
            }
            return code;
        } catch (UsageException e) {
            err.println("textrnn " + command.name() + ": " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception | OutOfMemoryError e) {
            return failed(command, e, err);
        }
    }

    /** A fresh instance of every command. */
    static List<Command> commands() {
        return COMMANDS.stream().map(Supplier::get).toList();
    }

    /** Reports a failed command on {@code err} and returns its exit code. */
    static int failed(Command command, Throwable e, PrintStream err) {
        String outOfMemory = outOfMemory(e);
        if (outOfMemory != null) {
            LOG.debug("job ran out of memory", e);
            err.println("textrnn " + command.name() + ": " + outOfMemoryAdvice(command, outOfMemory));
            return ExitCodes.OUT_OF_MEMORY;
        }
        TextrnnException cause = userCause(e);
        if (cause != null) {
            LOG.debug("job failed", e);
            err.println("textrnn " + command.name() + ": " + cause.getMessage());
            return cause instanceof UsageException ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        LOG.error("textrnn {} failed", command.name(), e);
        err.println("textrnn " + command.name() + " failed: " + e);
        return ExitCodes.FAILED;
    }

    /**
     * What ran out when a failure is an {@link OutOfMemoryError} (its message, such as "Java heap space"),
     * also when a Spark task threw it; null when it is not.
     */
    static String outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName() : firstLine(t.getMessage());
            }
            if (t instanceof SparkException && t.getMessage() != null) {
                // a task's error reaches the driver as text inside the SparkException message
                String marker = "OutOfMemoryError: ";
                int at = t.getMessage().indexOf(marker);
                if (at >= 0) {
                    return firstLine(t.getMessage().substring(at + marker.length()));
                }
            }
        }
        return null;
    }

    /** One line: what ran out and which settings give the job more memory or make its work smaller. */
    static String outOfMemoryAdvice(Command command, String what) {
        boolean offHeap = what.contains("physicalBytes") || what.contains("maxBytes") || what.contains("maxPhysicalBytes")
                || what.startsWith("Direct buffer memory");
        String more = offHeap
                ? "raise the off-heap limit -Dorg.bytedeco.javacpp.maxbytes (in TEXTRNN_JAVA_OPTS for deploy/textrnn; on a cluster"
                        + " with spark.executor.memoryOverhead >= maxbytes + 1g)"
                : "give the JVMs more heap (TEXTRNN_DRIVER_MEMORY for deploy/textrnn, default 4g; spark.driver.memory and"
                        + " spark.executor.memory under spark-submit)";
        Set<String> options = new HashSet<>();
        Parser.options(command).forEach(o -> options.add(Parser.name(o)));
        List<String> smaller = new java.util.ArrayList<>();
        for (String o : List.of("max-length", "batch-size", "batch-size-per-worker")) {
            if (options.contains(o)) {
                smaller.add("--" + o);
            }
        }
        if (command.name().equals("train")) {
            smaller.add("a smaller --max-length in prepare"); // train pads to the prepared data's max length
        }
        return "ran out of memory (" + (offHeap ? "off-heap: " : "") + what + "): " + more
                + (smaller.isEmpty() ? "" : ", or make the work smaller with " + String.join(", ", smaller));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }

    /** The user-facing cause of a failure, also when a Spark task threw it on an executor. */
    static TextrnnException userCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TextrnnException te) {
                return te;
            }
            if (t instanceof SparkException && t.getMessage() != null) {
                // executor exceptions reach the driver as text inside the SparkException message
                String marker = TextrnnException.class.getName() + ": ";
                int at = t.getMessage().indexOf(marker);
                if (at >= 0) {
                    String msg = t.getMessage().substring(at + marker.length());
                    int nl = msg.indexOf('\n');
                    return new TextrnnException(nl >= 0 ? msg.substring(0, nl) : msg, e);
                }
            }
        }
        return null;
    }

    /** A fresh command named {@code name}, or null. */
    static Command find(String name) {
        for (Command c : commands()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static String overview() {
        Map<String, String> lines = new LinkedHashMap<>();
        commands().forEach(c -> lines.put(c.name(), c.summary()));
        StringBuilder sb = new StringBuilder("Usage: textrnn <command> [options]\n\nCommands:\n");
        lines.forEach((k, v) -> sb.append(String.format("  %-10s %s%n", k, v)));
        sb.append(String.format("  %-10s %s%n", VALIDATE, "Check a command line without running it: textrnn validate <command> [options]"));
        sb.append("\nRun 'textrnn <command> --help' for the options of a command, each with its default.\n")
                .append("Options come from the command line, then --config FILE, then the defaults.\n");
        return sb.toString();
    }
}
