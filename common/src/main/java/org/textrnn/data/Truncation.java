package org.textrnn.data;

import java.util.Locale;

/** Which part of a document longer than the maximum length is kept. */
public enum Truncation {
    /** Keep the first tokens (the default, as the reference). */
    HEAD,
    /** Keep the last tokens. */
    TAIL;

    public static Truncation parse(String value) {
        for (Truncation t : values()) {
            if (t.optionValue().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("truncation must be one of head, tail; found '" + value + "'");
    }

    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
