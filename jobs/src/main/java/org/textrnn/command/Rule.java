package org.textrnn.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rule an option's value follows, declared next to its {@code @Option}: checked by
 * {@link Rules#check} whenever a config is built (from the command line, a config file or a
 * builder), shown in the help and in docs/cli-options.md. A value that breaks it fails with
 * {@code --NAME must be RULE, found VALUE} (plus {@code (from FILE)} when it came from a config
 * file). An option without a value (none) is not checked.
 *
 * <p>Give one of: a numeric range ({@link #value}), the values allowed ({@link #oneOf}), a regular
 * expression the whole value matches ({@link #matches}), or a {@link Check} class ({@link #check}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Rule {

    /**
     * A numeric range: comparisons ({@code ">= 1"}, {@code "> 0"}), intervals ({@code "[0, 1)"},
     * {@code "(-1, 1)"}), single values ({@code "0"}), joined by {@code " or "} ({@code "0 or >= 3"}).
     */
    String value() default "";

    /** The values allowed, compared exactly. */
    String[] oneOf() default {};

    /** A regular expression the whole value must match. */
    String matches() default "";

    /** A check of the value for what a range or a list cannot say (a valid regular expression, a character set). */
    Class<? extends Check<?>> check() default Rules.None.class;

    /** The rule in words, replacing the generated {@code "must be ..."} (e.g. {@code "may hold letters and digits only"}). */
    String says() default "";

    /** Appended to the message in parentheses: why the rule is there. */
    String note() default "";

    /**
     * A rule that needs code: what is wrong with a value, in words that follow the option name.
     *
     * @param <T> the option's type
     */
    interface Check<T> {

        /** Null when {@code value} is fine, else what is wrong ("must name the text column exactly once; found [id]"). */
        String problem(T value);

        /** The rule in words, for the help and the options reference ("must be a valid regular expression"). */
        String rule();
    }
}
