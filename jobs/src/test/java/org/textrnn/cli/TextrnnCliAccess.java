package org.textrnn.cli;

import org.textrnn.TextrnnException;

/** Lets tests in other packages see what the command line would print for a failure. */
public final class TextrnnCliAccess {

    private TextrnnCliAccess() {
    }

    public static String userMessage(Throwable e) {
        TextrnnException cause = TextrnnCli.userCause(e);
        return cause == null ? String.valueOf(e) : cause.getMessage();
    }
}
