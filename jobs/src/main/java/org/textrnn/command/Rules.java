package org.textrnn.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.textrnn.UsageException;
import picocli.CommandLine.Option;

/**
 * Checks the options of a config being built against their declarations: a required option has a
 * value, and every value follows its {@link Rule}. The messages name the option, the rule and the
 * value, as {@code --vocab.min-count must be >= 1, found 0 (1 keeps every token of the training split)}.
 */
public final class Rules {

    private Rules() {
    }

    /**
     * Checks every option of {@code options} and its option groups.
     *
     * @param command the command they belong to, for the message about a missing option
     * @throws UsageException at the first option that breaks its declaration
     */
    public static void check(Object options, String command) {
        for (OptionField f : OptionField.of(options)) {
            Object v = f.value();
            if (f.option().required() && isNone(v)) {
                throw new UsageException(missing(f.name(), command, f.option()));
            }
            Rule rule = f.field().getAnnotation(Rule.class);
            // an empty value is "none" for an option whose default is none, and checked for the others
            if (rule != null && v != null && !(isNone(v) && isNone(f.defaultValue()))) {
                String problem = problem(rule, v);
                if (problem != null) {
                    throw new UsageException("--" + f.name() + " " + problem);
                }
            }
        }
    }

    /** The message about a required option without a value. */
    static String missing(String name, String command, Option option) {
        return "--" + name + " is required for " + command + ": " + String.join(" ", option.description());
    }

    static boolean isNone(Object v) {
        return v == null || v instanceof String s && s.isEmpty() || v instanceof Collection<?> c && Settings.parts(c).isEmpty();
    }

    /** What is wrong with {@code v} under {@code rule} (the words after the option name), or null. */
    @SuppressWarnings("unchecked")
    static String problem(Rule rule, Object v) {
        String note = rule.note().isEmpty() ? "" : " (" + rule.note() + ")";
        boolean ok;
        if (!rule.value().isEmpty()) {
            ok = inRange(rule.value(), ((Number) v).doubleValue());
        } else if (rule.oneOf().length > 0) {
            ok = List.of(rule.oneOf()).contains(v.toString());
        } else if (!rule.matches().isEmpty()) {
            ok = v.toString().matches(rule.matches());
        } else {
            String problem = ((Rule.Check<Object>) Settings.instance(rule.check())).problem(v);
            return problem == null ? null : problem + note;
        }
        return ok ? null : words(rule) + ", found " + (v instanceof Number ? v.toString() : "'" + v + "'") + note;
    }

    /** The rule in words: "must be >= 1", "must be in [0, 1)", "must be one of accuracy, macro-f1", or its {@link Rule#says}. */
    public static String words(Rule rule) {
        if (!rule.says().isEmpty()) {
            return rule.says();
        }
        if (!rule.value().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (String a : rule.value().split(" or ")) {
                a = a.strip();
                alternatives.add(a.startsWith("[") || a.startsWith("(") ? "in " + a : a);
            }
            return "must be " + String.join(" or ", alternatives);
        }
        if (rule.oneOf().length > 0) {
            return "must be one of " + String.join(", ", rule.oneOf());
        }
        if (!rule.matches().isEmpty()) {
            return "must match " + rule.matches();
        }
        return Settings.instance(rule.check()).rule();
    }

    /** Whether {@code v} is in the range {@code spec} (see {@link Rule#value}). */
    public static boolean inRange(String spec, double v) {
        for (String a : spec.split(" or ")) {
            a = a.strip();
            boolean ok;
            if (a.startsWith(">=")) {
                ok = v >= number(a.substring(2));
            } else if (a.startsWith("<=")) {
                ok = v <= number(a.substring(2));
            } else if (a.startsWith(">")) {
                ok = v > number(a.substring(1));
            } else if (a.startsWith("<")) {
                ok = v < number(a.substring(1));
            } else if (a.startsWith("[") || a.startsWith("(")) {
                String[] ends = a.substring(1, a.length() - 1).split(",");
                double lo = number(ends[0]);
                double hi = number(ends[1]);
                ok = (a.startsWith("[") ? v >= lo : v > lo) && (a.endsWith("]") ? v <= hi : v < hi);
            } else {
                ok = v == number(a);
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static double number(String s) {
        return Double.parseDouble(s.strip());
    }

    /** The default of {@link Rule#check}: no check. */
    public static final class None implements Rule.Check<Object> {
        @Override
        public String problem(Object value) {
            return null;
        }

        @Override
        public String rule() {
            return "";
        }
    }

    /** The value is a regular expression Java accepts. */
    public static final class ValidRegex implements Rule.Check<String> {
        @Override
        public String problem(String value) {
            try {
                Pattern.compile(value);
                return null;
            } catch (PatternSyntaxException e) {
                return "is not a valid regular expression: " + e.getDescription() + " in '" + value + "'";
            }
        }

        @Override
        public String rule() {
            return "must be a valid regular expression";
        }
    }
}
