package org.textrnn.command;

/** The process exit codes of every textrnn command (documented in docs/cli.md). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    /** Bad options or configuration ({@link org.textrnn.UsageException}), found before any Spark work. */
    public static final int USAGE = 2;
    /** evaluate --fail-on-regression: a guardrail was hit (a class with zero recall, or the model below its baselines). */
    public static final int REGRESSION = 3;
    /** A JVM heap or ND4J's off-heap memory ran out (a java.lang.OutOfMemoryError, on the driver or in a task). */
    public static final int OUT_OF_MEMORY = 4;

    private ExitCodes() {
    }
}
