package org.textrnn.command;

import org.textrnn.UsageException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code --key value}, {@code --key=value} and flags for one {@link Command}, then fills
 * what the command line left open from {@code --config FILE} and then from the defaults.
 */
public final class CommandLine {

    public static final String CONFIG = "config";
    public static final String DRY_RUN = "dry-run";
    public static final String HELP = "help";

    private CommandLine() {
    }

    public static List<OptionSpec> allOptions(Command command) {
        List<OptionSpec> all = new ArrayList<>(command.options());
        all.add(OptionSpec.value(CONFIG, "FILE", "", "Config file of 'key = value' lines (see conf/textrnn.conf); command-line options win over it."));
        all.add(OptionSpec.flag(DRY_RUN, "Check the options and inputs, print the resolved settings, and stop before starting Spark."));
        all.add(OptionSpec.flag(HELP, "Print this help and exit."));
        return all;
    }

    /**
     * @param otherCommandKeys option names of the other commands: a config file may set them (one
     *                         file serves the whole pipeline); any other key there is a mistake
     */
    public static Settings parse(Command command, String[] args, Set<String> otherCommandKeys) {
        return parse(command, args, otherCommandKeys, Set.of(command.name()));
    }

    /**
     * @param commandNames every command's name: a config-file key scoped to another command
     *                     ({@code train.seed}) is that command's business
     */
    public static Settings parse(Command command, String[] args, Set<String> otherCommandKeys, Set<String> commandNames) {
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        for (OptionSpec o : allOptions(command)) {
            specs.put(o.name(), o);
        }
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") && command.positional() != null && !given.containsKey(command.positional())) {
                given.put(command.positional(), new ArrayList<>(List.of(arg)));
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' for " + command.name()
                        + ": options are written --name value (see " + command.name() + " --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            OptionSpec spec = specs.get(name);
            if (spec == null) {
                throw new UsageException("unknown option --" + name + " for " + command.name() + suggestion(name, specs.keySet())
                        + " (see " + command.name() + " --help)");
            }
            if (value == null) {
                if (spec.kind() == OptionSpec.Kind.FLAG) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value (" + spec.valueName() + ")");
                }
            }
            if (spec.kind() != OptionSpec.Kind.REPEATED && given.containsKey(name)) {
                throw new UsageException("--" + name + " is given twice");
            }
            given.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }

        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        Map<String, String> file = Map.of();
        String fileName = null;
        if (given.containsKey(CONFIG) && !given.containsKey(HELP)) {
            fileName = given.get(CONFIG).get(0);
            file = ConfigFile.read(fileName);
            checkFileKeys(command, file, specs.keySet(), otherCommandKeys, commandNames, fileName);
        }
        for (OptionSpec spec : specs.values()) {
            String name = spec.name();
            if (given.containsKey(name)) {
                values.put(name, given.get(name));
                continue;
            }
            String scoped = file.get(command.name() + "." + name);
            String plain = file.get(name);
            String fromFile = scoped != null ? scoped : plain;
            if (fromFile != null && !name.equals(CONFIG)) {
                List<String> v = spec.kind() == OptionSpec.Kind.REPEATED
                        ? Arrays.stream(fromFile.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                        : List.of(fromFile);
                values.put(name, v);
                origins.put(name, fileName);
            } else if (spec.defaultValue() != null) {
                values.put(name, List.of(spec.defaultValue()));
            }
        }
        if (!values.containsKey(HELP) || !values.get(HELP).get(0).equals("true")) {
            for (OptionSpec spec : specs.values()) {
                if (spec.isRequired() && !values.containsKey(spec.name())) {
                    throw new UsageException("--" + spec.name() + " is required for " + command.name() + ": " + spec.help());
                }
            }
        }
        return new Settings(command.name(), values, origins);
    }

    private static void checkFileKeys(Command command, Map<String, String> file, Set<String> own,
                                      Set<String> otherCommandKeys, Set<String> commandNames, String fileName) {
        for (String key : file.keySet()) {
            String bare = key;
            if (key.startsWith(command.name() + ".")) {
                bare = key.substring(command.name().length() + 1);
                if (!own.contains(bare)) {
                    throw new UsageException(fileName + ": unknown key '" + key + "' for " + command.name()
                            + suggestion(bare, own));
                }
                continue;
            }
            int dot = key.indexOf('.');
            boolean scopedToOther = dot > 0 && commandNames.contains(key.substring(0, dot));
            if (!scopedToOther && !own.contains(bare) && !otherCommandKeys.contains(bare)) {
                throw new UsageException(fileName + ": unknown key '" + key + "'" + suggestion(bare, own));
            }
        }
    }

    private static String suggestion(String name, Set<String> known) {
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

    /** The usage text of one command: every option with its default. */
    public static String usage(Command command) {
        StringBuilder sb = new StringBuilder();
        String bare = command.positional() == null ? "" : " [" + command.positional().toUpperCase(java.util.Locale.ROOT) + "]";
        sb.append("Usage: textrnn ").append(command.name()).append(" [options]").append(bare).append("\n\n")
                .append(command.summary()).append("\n\nOptions:\n");
        for (OptionSpec o : allOptions(command)) {
            sb.append(o.usageLine()).append('\n');
        }
        return sb.toString();
    }
}
