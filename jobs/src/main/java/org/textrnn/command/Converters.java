package org.textrnn.command;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.textrnn.UsageException;
import org.textrnn.model.Batching;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts option text to the options' types with textrnn's messages. A {@link TypeConversionException}
 * carries the words that follow the option name ({@code must be an integer, found 'five'}, or
 * {@code : batching must be ...}); {@link Parser} puts the option's name (and the config file the
 * value came from) in front. A {@link UsageException} thrown by a type's {@code parse} already names
 * the option.
 */
final class Converters {

    private Converters() {
    }

    /** Registers a converter for the type of every option of {@code cl}. */
    static void register(CommandLine cl) {
        cl.registerConverter(Integer.class, Converters::integer);
        cl.registerConverter(Integer.TYPE, Converters::integer);
        cl.registerConverter(Long.class, Converters::longValue);
        cl.registerConverter(Long.TYPE, Converters::longValue);
        cl.registerConverter(Double.class, Converters::decimal);
        cl.registerConverter(Double.TYPE, Converters::decimal);
        cl.registerConverter(Boolean.class, Converters::bool);
        cl.registerConverter(Boolean.TYPE, Converters::bool);
        cl.registerConverter(LocalDate.class, Converters::date);
        for (OptionSpec o : cl.getCommandSpec().options()) {
            Class<?> type = o.typeInfo().isMultiValue() ? o.typeInfo().getAuxiliaryTypes()[0] : o.type();
            if (type == Batching.class) {
                cl.registerConverter(Batching.class, s -> parsed(() -> Batching.parse(s.strip())));
            } else if (type.isEnum()) {
                register(cl, type.asSubclass(Enum.class));
            } else if (OptionValue.class.isAssignableFrom(type)) {
                Method parse = parseMethod(type);
                registerParsed(cl, type, parse);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void registerParsed(CommandLine cl, Class<T> type, Method parse) {
        cl.registerConverter(type, s -> (T) parsed(() -> invoke(parse, s)));
    }

    private static <E extends Enum<E>> void register(CommandLine cl, Class<E> type) {
        cl.registerConverter(type, s -> choice(type, s));
    }

    /** An enum constant by its option value ({@code length-buckets} for LENGTH_BUCKETS). */
    static <E extends Enum<E>> E choice(Class<E> type, String s) {
        String v = s.strip();
        for (E e : type.getEnumConstants()) {
            if (Settings.text(e).equals(v)) {
                return e;
            }
        }
        throw new TypeConversionException("must be one of " + choices(type, ", ") + "; found '" + v + "'");
    }

    /** The option values of an enum, joined by {@code separator}. */
    static String choices(Class<?> type, String separator) {
        return Arrays.stream(type.getEnumConstants()).map(Settings::text).collect(Collectors.joining(separator));
    }

    private static Integer integer(String s) {
        return number(s, Integer::parseInt, "an integer");
    }

    private static Long longValue(String s) {
        return number(s, Long::parseLong, "an integer");
    }

    private static Double decimal(String s) {
        return number(s, Double::parseDouble, "a number");
    }

    private static <T> T number(String s, java.util.function.Function<String, T> parse, String what) {
        try {
            return parse.apply(s.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("must be " + what + ", found '" + s + "'");
        }
    }

    private static Boolean bool(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("on")) {
            return true;
        }
        if (v.equals("false") || v.equals("no") || v.equals("off")) {
            return false;
        }
        throw new TypeConversionException("must be true or false, found '" + s + "'");
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("must be a date YYYY-MM-DD, found '" + s + "'");
        }
    }

    /** {@code parse}'s value; an IllegalArgumentException's message follows the option name after a colon. */
    private static <T> T parsed(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(": " + e.getMessage());
        }
    }

    private static Method parseMethod(Class<?> type) {
        try {
            Method m = type.getMethod("parse", String.class);
            if (!Modifier.isStatic(m.getModifiers()) || !type.isAssignableFrom(m.getReturnType())) {
                throw new NoSuchMethodException();
            }
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " (an OptionValue) needs a public static " + type.getSimpleName()
                    + " parse(String)", e);
        }
    }

    private static Object invoke(Method parse, String s) {
        try {
            return parse.invoke(null, s.strip());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
