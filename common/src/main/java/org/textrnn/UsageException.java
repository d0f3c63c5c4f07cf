package org.textrnn;

import org.textrnn.TextrnnException;

/** Bad options or configuration, found before any Spark work; the command line exits with 2. */
public class UsageException extends TextrnnException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
