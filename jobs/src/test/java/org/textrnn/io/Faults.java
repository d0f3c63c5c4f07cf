package org.textrnn.io;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.Path;

/**
 * In-process fault injection for the jobs' publications: stops the writing run (an {@link Error}
 * thrown from a step hook, so nothing of the protocol runs after it, as after a kill -9) before a
 * commit point or after a chosen step of {@link Publication}.
 */
public final class Faults {

    /** The simulated kill. */
    public static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        public Killed(String where) {
            super("killed " + where);
        }
    }

    private Faults() {
    }

    /** Stops the run just before it publishes an output named {@code name}. */
    public static void beforePublishing(String name) {
        StagedOutput.beforePublish = t -> {
            if (t.getName().equals(name)) {
                throw new Killed("before publishing " + t);
            }
        };
    }

    /** Stops the run after the {@code nth} (from 1) publication step called {@code step} ({@code journal}, {@code retired:0}, ...). */
    public static void afterStep(String step, int nth) {
        AtomicInteger seen = new AtomicInteger();
        Publication.afterStep = s -> {
            if (s.equals(step) && seen.incrementAndGet() == nth) {
                throw new Killed("after publication step " + s + " (#" + nth + ")");
            }
        };
    }

    /** True when a publication of {@code first} was interrupted (its journal is there). */
    public static boolean interrupted(Path first, org.apache.hadoop.conf.Configuration conf) throws java.io.IOException {
        return Publication.interrupted(first, conf);
    }

    public static void reset() {
        StagedOutput.beforePublish = t -> { };
        Publication.afterStep = s -> { };
    }
}
