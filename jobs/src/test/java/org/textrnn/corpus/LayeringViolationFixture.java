package org.textrnn.corpus;

import org.textrnn.score.ScoreJob;

/** A deliberate violation of the layering rule (a shared layer importing a stage), for ArchitectureTest. */
public final class LayeringViolationFixture {

    private LayeringViolationFixture() {
    }

    static String name() {
        return ScoreJob.class.getName();
    }
}
