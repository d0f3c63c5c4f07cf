package org.textrnn.command;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One {@code @Option} field of an options object, or of one of its {@code @Mixin} groups, in declaration order. */
record OptionField(Field field, Object owner, Option option) {

    /** The option's name without the leading dashes: its key in config files and recorded settings. */
    String name() {
        return nameOf(option);
    }

    static String nameOf(Option option) {
        String longest = option.names()[0];
        for (String n : option.names()) {
            if (n.length() > longest.length()) {
                longest = n;
            }
        }
        return longest.replaceFirst("^-+", "");
    }

    Object value() {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read option field " + field, e);
        }
    }

    /** The option's default: its field's value in a new options object. */
    Object defaultValue() {
        try {
            return field.get(Settings.instance(owner.getClass()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read option field " + field, e);
        }
    }

    static List<OptionField> of(Object options) {
        List<OptionField> all = new ArrayList<>();
        collect(options, all);
        return all;
    }

    private static void collect(Object options, List<OptionField> into) {
        for (Field f : options.getClass().getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option != null) {
                f.setAccessible(true);
                into.add(new OptionField(f, options, option));
            } else if (f.isAnnotationPresent(Mixin.class)) {
                f.setAccessible(true);
                try {
                    Object group = f.get(options);
                    if (group != null) {
                        collect(group, into);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read option group " + f, e);
                }
            }
        }
    }
}
