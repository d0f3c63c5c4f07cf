package org.textrnn.command;

import org.textrnn.UsageException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The resolved option values of one command: command line first, then the config file, then the
 * built-in defaults. Typed getters fail with a {@link UsageException} that names the option, the
 * rule and the value found.
 */
public final class Settings {

    private final String command;
    private final Map<String, List<String>> values;
    private final Map<String, String> origins;

    Settings(String command, Map<String, List<String>> values, Map<String, String> origins) {
        this.command = command;
        this.values = values;
        this.origins = origins;
    }

    public String command() {
        return command;
    }

    public String string(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new UsageException("--" + name + " is required for " + command);
        }
        return v.get(v.size() - 1);
    }

    /** The value, or null when it is empty (options whose default is "none"). */
    public String optional(String name) {
        String v = string(name);
        return v.isEmpty() ? null : v;
    }

    public List<String> list(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw new UsageException("--" + name + " is required for " + command);
        }
        return v;
    }

    /** A comma-separated value as a list of trimmed, non-empty parts. */
    public List<String> csv(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : string(name).split(",")) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        return parts;
    }

    public int integer(String name) {
        String v = string(name);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(describe(name) + " must be an integer, found '" + v + "'");
        }
    }

    public long longValue(String name) {
        String v = string(name);
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(describe(name) + " must be an integer, found '" + v + "'");
        }
    }

    public double decimal(String name) {
        String v = string(name);
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(describe(name) + " must be a number, found '" + v + "'");
        }
    }

    public boolean bool(String name) {
        String v = string(name).strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("on")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("off")) {
            return false;
        }
        throw new UsageException(describe(name) + " must be true or false, found '" + string(name) + "'");
    }

    /** One of {@code allowed}, compared exactly. */
    public String choice(String name, String... allowed) {
        String v = string(name).strip();
        if (!Arrays.asList(allowed).contains(v)) {
            throw new UsageException(describe(name) + " must be one of " + String.join(", ", allowed) + "; found '" + v + "'");
        }
        return v;
    }

    /**
     * The value read by {@code parser}, or null when it is empty (options whose default is
     * "none"); a value the parser rejects (IllegalArgumentException) fails naming the option.
     */
    public <T> T parsed(String name, Function<String, T> parser) {
        String v = optional(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return parser.apply(v.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(describe(name) + ": " + e.getMessage());
        }
    }

    /** "--name" plus where the value came from when not the command line, for messages. */
    public String describe(String name) {
        String origin = origins.get(name);
        return "--" + name + (origin == null ? "" : " (from " + origin + ")");
    }

    /** Every value, for provenance and dry runs. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.size() == 1 ? v.get(0) : List.copyOf(v)));
        return m;
    }
}
