package org.textrnn.command;

/**
 * A typed option value that is more than a number, a string or an enum (a max length or a
 * percentile, split ratios, a learning-rate schedule). Its type has a {@code public static T
 * parse(String)} that {@link Parser} converts option text with (failing with a
 * {@link org.textrnn.UsageException} naming the option); {@link #toString} writes it back as an
 * option value (for the help, the options reference and {@code conf/textrnn.conf}).
 */
public interface OptionValue {

    /** What the settings record (provenance): by default the option text. */
    default Object recorded() {
        return toString();
    }
}
