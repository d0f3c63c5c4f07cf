package org.textrnn.cli;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.textrnn.command.Command;
import org.textrnn.command.OptionValue;
import org.textrnn.command.Parser;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import org.textrnn.command.StandardOptions;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options reference ({@value #OPTIONS_MD}) and the commented configuration file
 * ({@value #CONF}), both written from the option declarations of every command; ReferenceTest
 * checks that the checked-in files are current. {@code main ROOT} writes them under ROOT.
 */
public final class Reference {

    public static final String OPTIONS_MD = "docs/cli-options.md";
    public static final String CONF = "conf/textrnn.conf";
    /** How to write both files again from the declarations. */
    public static final String REGENERATE = "mvn -o -q test -Dtest=ReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dtextrnn.regenerate=true";

    private Reference() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Files.writeString(root.resolve(OPTIONS_MD), markdown(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(CONF), conf(), StandardCharsets.UTF_8);
    }

    /** docs/cli-options.md: every command, every option with its value, type, default, rule and help. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# textrnn command-line options\n\n")
                .append("<!-- Generated from the option declarations (org.textrnn.cli.Reference); do not edit. Regenerate with:\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("Options come from the command line, then the `--config FILE` (see `").append(CONF).append("`), then the defaults")
                .append(" below. Every option is written `--name value` or `--name=value`; a flag is given alone (`--overwrite`) or as")
                .append(" `--overwrite=false`; a repeatable option is given once per value. `textrnn validate <command> [options]` checks a")
                .append(" command line without touching any file system; `textrnn <command> --help` prints the same as below.\n\n");
        List<Command> commands = TextrnnCli.commands();
        for (Command c : commands) {
            sb.append("- [").append(c.name()).append("](#").append(c.name()).append("): ").append(firstSentence(c.summary())).append('\n');
        }
        for (Command c : commands) {
            sb.append("\n## ").append(c.name()).append("\n\n").append(c.summary()).append("\n\n")
                    .append("`textrnn ").append(c.name()).append(" [options]")
                    .append(c.positional() == null ? "" : " [" + c.positional().toUpperCase(Locale.ROOT) + "]").append("`\n\n")
                    .append("| Option | Value | Type | Default | Rule | Description |\n")
                    .append("| --- | --- | --- | --- | --- | --- |\n");
            for (OptionSpec o : Parser.options(c)) {
                Rule rule = Parser.rule(o);
                sb.append("| `--").append(Parser.name(o)).append("` | ")
                        .append(Parser.label(o).isEmpty() ? "" : code(Parser.label(o))).append(" | ")
                        .append(type(o)).append(" | ")
                        .append(defaultCell(o)).append(" | ")
                        .append(rule == null ? "" : cell(Rules.words(rule))).append(" | ")
                        .append(cell(String.join(" ", o.description()))).append(" |\n");
            }
        }
        return sb.toString();
    }

    /**
     * conf/textrnn.conf: every option of every command with its default, commented out. The options of
     * a group several commands share (the reader options, the catalog options, ...) are listed once,
     * unscoped; the others under their command, scoped to it ({@code train.seed}).
     */
    public static String conf() {
        List<Command> commands = TextrnnCli.commands();
        Map<Class<?>, Set<String>> usedBy = new LinkedHashMap<>();
        for (Command c : commands) {
            for (OptionSpec o : Parser.options(c)) {
                usedBy.computeIfAbsent(declaringClass(o), k -> new LinkedHashSet<>()).add(c.name());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("""
                # textrnn configuration: one "key = value" per line; keys are the command-line option names without
                # the leading dashes. Precedence: command line, then this file (given with --config, any Hadoop
                # path), then the built-in defaults, which are the values below (every line here is commented out,
                # so this file changes nothing until you uncomment a line). A key can be scoped to one command:
                # "prepare.seed = 7" wins over "seed = 7" for prepare; the options of a group several commands
                # share are listed unscoped, the others scoped to their command. Values are literal (no escaping,
                # and a '#' only starts a comment at the start of a line: uncomment a "key = value" line as it is);
                # repeatable options such as input take a comma-separated list. Every option is described in
                # docs/cli-options.md and by "deploy/textrnn <command> --help".
                #
                """).append("# Generated from the option declarations; regenerate with:\n# ").append(REGENERATE).append('\n');
        Set<Class<?>> listed = new LinkedHashSet<>();
        for (Command c : commands) {
            for (OptionSpec o : Parser.options(c)) {
                Class<?> group = declaringClass(o);
                if (usedBy.get(group).size() > 1 && group != StandardOptions.class && listed.add(group)) {
                    sb.append("\n").append(heading(groupName(group) + ": " + String.join(", ", usedBy.get(group))));
                    for (OptionSpec g : Parser.options(c)) {
                        if (declaringClass(g) == group) {
                            sb.append(confLine(Parser.name(g), g));
                        }
                    }
                }
            }
        }
        for (Command c : commands) {
            sb.append("\n").append(heading(c.name()));
            for (OptionSpec o : Parser.options(c)) {
                if (usedBy.get(declaringClass(o)).size() == 1) {
                    sb.append(confLine(c.name() + "." + Parser.name(o), o));
                }
            }
        }
        return sb.toString();
    }

    private static String heading(String title) {
        String h = "# ---- " + title + " ";
        return h + "-".repeat(Math.max(4, 100 - h.length())) + "\n";
    }

    private static String confLine(String key, OptionSpec o) {
        String value = Parser.defaultValue(o);
        String line = "# " + key + " = " + (value == null ? "" : value);
        List<String> hint = new ArrayList<>();
        if (!Parser.label(o).isEmpty()) {
            hint.add(Parser.label(o));
        }
        if (o.required()) {
            hint.add("required");
        }
        if (Parser.isRepeatable(o)) {
            hint.add("repeatable: comma-separated");
        }
        Rule rule = Parser.rule(o);
        if (rule != null) {
            hint.add(Rules.words(rule));
        }
        // the hint goes on its own line: a '#' after a value is part of the value, so an uncommented
        // line must hold the value alone
        return (hint.isEmpty() ? "" : "#   (" + String.join("; ", hint) + ")\n") + line + "\n";
    }

    private static Class<?> declaringClass(OptionSpec o) {
        return o.userObject() instanceof Field f ? f.getDeclaringClass() : Object.class;
    }

    /** "reader options" for ReaderOptions.Builder, "run options" for RunOptions. */
    private static String groupName(Class<?> group) {
        Class<?> named = group.getEnclosingClass() != null ? group.getEnclosingClass() : group;
        return words(named.getSimpleName());
    }

    private static String words(String camelCase) {
        return camelCase.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private static String type(OptionSpec o) {
        if (Parser.isFlag(o)) {
            return "flag";
        }
        if (o.isMultiValue()) {
            return Parser.isRepeatable(o) ? "text, repeatable" : "comma-separated list";
        }
        Class<?> t = o.type();
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "integer";
        }
        if (t == double.class || t == Double.class) {
            return "number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "boolean";
        }
        if (t.isEnum()) {
            return "choice";
        }
        if (t == java.time.LocalDate.class) {
            return "date";
        }
        if (OptionValue.class.isAssignableFrom(t)) {
            return words(t.getSimpleName());
        }
        return "text";
    }

    private static String defaultCell(OptionSpec o) {
        String d = Parser.defaultValue(o);
        return o.required() ? "required" : d == null ? "none" : code(d);
    }

    private static String code(String s) {
        return "`" + s.replace("|", "\\|") + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String firstSentence(String s) {
        int end = s.indexOf(". ");
        int colon = s.indexOf(": ");
        if (colon > 0 && (end < 0 || colon < end)) {
            end = colon;
        }
        return end < 0 ? s : s.substring(0, end) + (s.charAt(end) == '.' ? "." : "");
    }
}
