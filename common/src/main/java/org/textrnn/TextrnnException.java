package org.textrnn;

/**
 * A failure caused by the user's input or configuration, with a message that says what was wrong
 * and where (option, file, line, document). The command line prints its message without a stack
 * trace; Spark task failures are unwrapped to find it.
 */
public class TextrnnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TextrnnException(String message) {
        super(message);
    }

    public TextrnnException(String message, Throwable cause) {
        super(message, cause);
    }
}
