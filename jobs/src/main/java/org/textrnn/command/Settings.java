package org.textrnn.command;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The settings a run records (provenance, {@code --dry-run}, {@code validate}): option name to
 * value, in declaration order, read from an options object and its option groups. Numbers and
 * booleans are recorded as they are, enums by their option value ({@code length-buckets}),
 * comma-separated lists as one string, repeatable options as a list, an {@link OptionValue} as its
 * {@link OptionValue#recorded}; an option without a value as the caller's {@code none}.
 */
public final class Settings {

    private Settings() {
    }

    /** The settings of {@code options}; an option without a value is recorded as the empty string. */
    public static Map<String, Object> of(Object options) {
        return of(options, "");
    }

    /** The settings of {@code options}; an option without a value is recorded as {@code none} ("" or null). */
    public static Map<String, Object> of(Object options, Object none) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionField f : OptionField.of(options)) {
            Recorded how = f.field().getAnnotation(Recorded.class);
            if (how != null && !how.value()) {
                continue;
            }
            Object v = recorded(f.value(), !f.option().split().isEmpty());
            if (v != null && how != null) {
                v = instance(how.as()).apply(v);
            }
            m.put(f.name(), v == null ? none : v);
        }
        return m;
    }

    /** The option names of an options object (to leave a group out of what is recorded). */
    public static Set<String> names(Object options) {
        Set<String> names = new LinkedHashSet<>();
        OptionField.of(options).forEach(f -> names.add(f.name()));
        return names;
    }

    /** {@code settings} as a record component: unmodifiable, in order, null values kept. */
    public static Map<String, Object> frozen(Map<String, Object> settings) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    static Object recorded(Object v, boolean commaSeparated) {
        if (v instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        if (v instanceof Enum<?> e) {
            return text(e);
        }
        if (v instanceof OptionValue o) {
            return o.recorded();
        }
        if (v instanceof Collection<?> c) {
            List<String> parts = parts(c);
            return parts.isEmpty() ? null : commaSeparated ? String.join(",", parts) : parts;
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        return v;
    }

    /** A value as it is written on the command line, "none" for no value: for the help, the options reference and conf/textrnn.conf. */
    public static String text(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (v instanceof Collection<?> c) {
            return c.isEmpty() ? "none" : String.join(",", parts(c));
        }
        if (v instanceof Double d) {
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        String s = v.toString();
        return s.isEmpty() ? "none" : s;
    }

    /** The stripped, non-empty entries of a list option. */
    public static List<String> parts(Collection<?> values) {
        List<String> parts = new ArrayList<>();
        if (values != null) {
            for (Object o : values) {
                String p = String.valueOf(o).strip();
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
        }
        return parts;
    }

    /** A string option's value, or null for none (the empty string). */
    public static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static <T> T instance(Class<T> type) {
        try {
            java.lang.reflect.Constructor<T> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a constructor without arguments", e);
        }
    }

    /** The default of {@link Recorded#as}: the value itself. */
    public static final class AsIs implements UnaryOperator<Object> {
        @Override
        public Object apply(Object o) {
            return o;
        }
    }
}
