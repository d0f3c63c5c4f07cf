package org.textrnn.command;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.textrnn.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * textrnn's glue to picocli: parses {@code --name value}, {@code --name=value} and flags
 * ({@code --flag}, {@code --flag=false}) into a {@link Command}'s option fields, fills what the
 * command line left open from {@code --config FILE} ({@link ConfigFile}) and then from the
 * declared defaults, checks the options ({@link Command#settings}), and writes the help. Mistakes
 * fail with a {@link UsageException} in textrnn's words: the option, the rule, the value, and
 * {@code (from FILE)} for a value that came from the config file.
 */
public final class Parser {

    /** Help lines are wrapped at this width; option descriptions start at {@link #DESCRIPTION_COLUMN}. */
    static final int WIDTH = 100;
    static final int DESCRIPTION_COLUMN = 34;

    private static final Pattern LEADING_OPTION = Pattern.compile("^--([A-Za-z0-9][A-Za-z0-9.\\-]*[A-Za-z0-9])");

    private Parser() {
    }

    /** A parsed command line: the command with its options filled (and checked unless help was asked for). */
    public record Parsed(Command command, boolean help, boolean dryRun) {
    }

    /** Parses {@code args} into {@code command} and checks them, as a test or a bench does (no other commands' config keys). */
    public static <C extends Command> C parse(C command, String... args) {
        parse(command, args, List.of());
        return command;
    }

    /**
     * Parses {@code args} into {@code command}'s options: the command line first, then the
     * {@code --config} file, then the defaults; then checks them.
     *
     * @param commands every command (a config file may set their options too: one file serves a pipeline)
     */
    public static Parsed parse(Command command, String[] args, Collection<? extends Command> commands) {
        StandardOptions standard = new StandardOptions();
        CommandLine cl = commandLine(command, standard);
        CommandSpec spec = cl.getCommandSpec();
        Tokens tokens = Tokens.scan(command, spec, args);
        ConfigFile file = ConfigFile.NONE;
        if (tokens.config != null && !tokens.given.contains(StandardOptions.HELP)) {
            Set<String> others = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (Command c : commands) {
                names.add(c.name());
                if (!c.name().equals(command.name())) {
                    options(c).forEach(o -> others.add(name(o)));
                }
            }
            names.add(command.name());
            file = ConfigFile.read(tokens.config, command.name(), names(spec), others, names);
        }
        cl.setDefaultValueProvider(file);
        Map<String, String> origins = new HashMap<>();
        for (OptionSpec o : spec.options()) {
            if (!tokens.given.contains(name(o)) && file.value(name(o)) != null) {
                origins.put(name(o), file.location());
            }
        }
        try {
            cl.parseArgs(tokens.args.toArray(new String[0]));
        } catch (ParameterException e) {
            throw translate(e, command, spec, tokens, origins);
        }
        if (standard.help) {
            return new Parsed(command, true, false);
        }
        for (OptionSpec o : spec.options()) {
            // a repeatable option takes a comma-separated list in a config file
            if (origins.containsKey(name(o)) && o.isMultiValue() && o.splitRegex().isEmpty()
                    && o.typeInfo().getAuxiliaryTypes()[0] == String.class) {
                o.setValue(new ArrayList<>(Settings.parts(List.of(file.value(name(o)).split(",")))));
            }
        }
        Set<String> given = new HashSet<>(tokens.given);
        given.addAll(origins.keySet());
        command.given(java.util.Collections.unmodifiableSet(given));
        try {
            command.settings();
        } catch (UsageException e) {
            throw decorate(e, origins);
        }
        return new Parsed(command, false, standard.dryRun);
    }

    /** Every option of {@code command}, the standard ones last, in the order of the help. */
    public static List<OptionSpec> options(Command command) {
        return commandLine(command, new StandardOptions()).getCommandSpec().options();
    }

    /** An option's name without the leading dashes (its config-file key). */
    public static String name(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** The rule declared with an option, or null. */
    public static Rule rule(OptionSpec o) {
        return o.userObject() instanceof Field f ? f.getAnnotation(Rule.class) : null;
    }

    /** Whether an option is a flag: given alone ({@code --overwrite}) or as {@code --overwrite=false}. */
    public static boolean isFlag(OptionSpec o) {
        return o.typeInfo().isBoolean() && o.arity().max() == 0;
    }

    /** Whether an option may be given several times (each value adds one entry). */
    public static boolean isRepeatable(OptionSpec o) {
        return o.isMultiValue() && o.splitRegex().isEmpty();
    }

    /** What an option's value looks like in the help: its label, an enum's values ({@code skip|fail}); empty for a flag. */
    public static String label(OptionSpec o) {
        if (isFlag(o)) {
            return "";
        }
        Class<?> type = o.typeInfo().isMultiValue() ? o.typeInfo().getAuxiliaryTypes()[0] : o.type();
        if (type.isEnum() && !o.paramLabel().startsWith("<") && !o.paramLabel().isEmpty()) {
            return o.paramLabel();
        }
        if (type.isEnum()) {
            return Converters.choices(type, "|");
        }
        return o.paramLabel().startsWith("<") ? "VALUE" : o.paramLabel();
    }

    /** An option's default as a command line or config file writes it, or null when it has none (or is required). */
    public static String defaultValue(OptionSpec o) {
        return o.required() || Rules.isNone(o.initialValue()) ? null : Settings.text(o.initialValue());
    }

    /** An option's default as the help shows it: "required", or the default value ("none" for no value). */
    public static String defaultText(OptionSpec o) {
        if (o.required()) {
            return isRepeatable(o) ? "required, repeatable" : "required";
        }
        String d = defaultValue(o);
        return (isRepeatable(o) ? "repeatable; " : "") + "default: " + (d == null ? "none" : d);
    }

    /** An option's description with its rule, as one text: "Keep tokens ... Must be >= 1." */
    public static String description(OptionSpec o) {
        String d = String.join(" ", o.description());
        Rule r = rule(o);
        if (r != null) {
            String words = Rules.words(r);
            d += " " + Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".";
        }
        return d;
    }

    /** The help of one command: the usage line, what it does, and every option with its default. */
    public static String usage(Command command) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: textrnn ").append(command.name()).append(" [options]")
                .append(command.positional() == null ? "" : " [" + command.positional().toUpperCase(Locale.ROOT) + "]").append("\n\n");
        for (String line : wrap(command.summary(), WIDTH)) {
            sb.append(line).append('\n');
        }
        sb.append("\nOptions:\n");
        for (OptionSpec o : options(command)) {
            String head = "  --" + name(o) + (label(o).isEmpty() ? "" : " " + label(o));
            // the default is one word: it is not broken across lines
            List<String> lines = wrap(description(o) + " (" + defaultText(o).replace(' ', '\u00a0') + ")", WIDTH - DESCRIPTION_COLUMN);
            if (head.length() < DESCRIPTION_COLUMN - 1) {
                sb.append(head).append(" ".repeat(DESCRIPTION_COLUMN - head.length())).append(lines.get(0)).append('\n');
                lines = lines.subList(1, lines.size());
            } else {
                sb.append(head).append('\n');
            }
            for (String line : lines) {
                sb.append(" ".repeat(DESCRIPTION_COLUMN)).append(line).append('\n');
            }
        }
        return sb.toString().replace('\u00a0', ' ');
    }

    /** {@code text} in lines of at most {@code width} characters (a longer word gets a line of its own). */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** "; did you mean --NAME?" for the known name closest to a mistyped one, or "". */
    static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? "; did you mean --" + best + "?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static CommandLine commandLine(Command command, StandardOptions standard) {
        CommandLine cl = new CommandLine(command);
        cl.getCommandSpec().addMixin("standard", CommandSpec.forAnnotatedObject(standard));
        cl.setExpandAtFiles(false);
        cl.setInterpolateVariables(false);
        cl.setOverwrittenOptionsAllowed(false);
        Converters.register(cl);
        return cl;
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        spec.options().forEach(o -> names.add(name(o)));
        return names;
    }

    /** picocli's parse error in textrnn's words. */
    private static UsageException translate(ParameterException e, Command command, CommandSpec spec, Tokens tokens,
                                            Map<String, String> origins) {
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return new UsageException("--" + name(option) + " is given twice");
        }
        if (e instanceof MissingParameterException m) {
            for (OptionSpec o : spec.options()) {
                if (m.getMissing().contains(o)) {
                    return tokens.given.contains(name(o))
                            ? new UsageException("--" + name(o) + " needs a value (" + label(o) + ")")
                            : new UsageException("--" + name(o) + " is required for " + command.name() + ": " + String.join(" ", o.description()));
                }
            }
        }
        if (e.getCause() instanceof UsageException u) {
            return decorate(u, origins);
        }
        ArgSpec arg = e.getArgSpec();
        if (e.getCause() instanceof TypeConversionException t && arg instanceof OptionSpec o) {
            String from = origins.containsKey(name(o)) ? " (from " + origins.get(name(o)) + ")" : "";
            return new UsageException("--" + name(o) + from + (t.getMessage().startsWith(":") ? "" : " ") + t.getMessage());
        }
        return new UsageException(e.getMessage());
    }

    /** {@code e}, with "(from FILE)" after the option it starts with when that option's value came from the config file. */
    static UsageException decorate(UsageException e, Map<String, String> origins) {
        String msg = e.getMessage();
        Matcher m = LEADING_OPTION.matcher(msg);
        if (m.find() && origins.containsKey(m.group(1)) && !msg.startsWith(m.group() + " (from ")) {
            return new UsageException(m.group() + " (from " + origins.get(m.group(1)) + ")" + msg.substring(m.end()));
        }
        return e;
    }

    /**
     * The arguments as picocli gets them, after what picocli would word differently or decide
     * otherwise: an unknown option (with the name it was probably meant to be) or an argument that is
     * no option fails here; a bare argument becomes the command's positional option; a flag given
     * alone becomes {@code --flag=true} (so that a config file's {@code flag = true} does not turn it
     * around); a comma-separated option may be given once.
     */
    private static final class Tokens {
        final List<String> args = new ArrayList<>();
        final Set<String> given = new HashSet<>();
        String config;

        static Tokens scan(Command command, CommandSpec spec, String[] args) {
            Map<String, OptionSpec> options = new LinkedHashMap<>();
            spec.options().forEach(o -> options.put(name(o), o));
            Tokens t = new Tokens();
            String see = " (see " + command.name() + " --help)";
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--") && arg.length() > 2) {
                    int eq = arg.indexOf('=');
                    String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                    OptionSpec o = options.get(name);
                    if (o == null) {
                        throw new UsageException("unknown option --" + name + " for " + command.name()
                                + suggestion(name, options.keySet()) + see);
                    }
                    if (!t.given.add(name) && o.isMultiValue() && !isRepeatable(o)) {
                        throw new UsageException("--" + name + " is given twice");
                    }
                    if (eq >= 0) {
                        t.args.add(arg);
                        if (name.equals(StandardOptions.CONFIG) && t.config == null) {
                            t.config = arg.substring(eq + 1);
                        }
                    } else if (isFlag(o)) {
                        t.args.add(arg + "=true");
                    } else {
                        t.args.add(arg);
                        if (i + 1 < args.length) {
                            String value = args[++i];
                            t.args.add(value);
                            if (name.equals(StandardOptions.CONFIG) && t.config == null) {
                                t.config = value;
                            }
                        }
                    }
                } else if (command.positional() != null && !t.given.contains(command.positional())) {
                    t.given.add(command.positional());
                    t.args.add("--" + command.positional() + "=" + arg);
                } else {
                    throw new UsageException("unexpected argument '" + arg + "' for " + command.name()
                            + ": options are written --name value" + see);
                }
            }
            return t;
        }
    }
}
