package org.textrnn.command;

/**
 * One command-line option: {@code --name VALUE} (or {@code --name=VALUE}), a flag ({@code --name},
 * also {@code --name=false}), or a repeatable option. The same key is accepted in config files.
 *
 * @param name         kebab-case key with dotted groups, without the leading dashes
 * @param valueName    what the value is, for the usage text (ignored for flags)
 * @param defaultValue the default, or null when the option is required
 * @param help         one sentence; the usage text adds the default
 */
public record OptionSpec(String name, String valueName, String defaultValue, String help, Kind kind) {

    /** How the option takes values. */
    public enum Kind { VALUE, FLAG, REPEATED }

    public static OptionSpec value(String name, String valueName, String defaultValue, String help) {
        return new OptionSpec(name, valueName, defaultValue, help, Kind.VALUE);
    }

    public static OptionSpec required(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, null, help, Kind.VALUE);
    }

    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, "", "false", help, Kind.FLAG);
    }

    /** A repeatable option; in a config file its values are comma-separated. */
    public static OptionSpec repeated(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, null, help, Kind.REPEATED);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }

    String usageLine() {
        String head = "  --" + name + (kind == Kind.FLAG ? "" : " " + valueName);
        String tail;
        if (kind == Kind.REPEATED) {
            tail = " (required, repeatable)";
        } else if (isRequired()) {
            tail = " (required)";
        } else if (defaultValue.isEmpty()) {
            tail = " (default: none)";
        } else {
            tail = " (default: " + defaultValue + ")";
        }
        String pad = head.length() < 34 ? " ".repeat(34 - head.length()) : "\n" + " ".repeat(34);
        return head + pad + help + tail;
    }
}
