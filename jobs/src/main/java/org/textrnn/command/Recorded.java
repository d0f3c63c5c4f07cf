package org.textrnn.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.UnaryOperator;

/**
 * How an option appears in the settings {@link Settings#of} records (provenance, {@code --dry-run}):
 * not at all ({@code @Recorded(false)}: how a run goes, not what it computes), or as a function of
 * its value ({@link #as}: a password in a URL masked).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Recorded {

    /** Whether the option is recorded. */
    boolean value() default true;

    /** What is recorded for a (non-empty) value. */
    Class<? extends UnaryOperator<Object>> as() default Settings.AsIs.class;
}
