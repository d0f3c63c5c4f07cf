package org.textrnn.prepare;

import org.textrnn.train.TrainJob;

/** A deliberate violation of the layering rule (a stage importing another), for ArchitectureTest. */
public final class LayeringViolationFixture {

    private LayeringViolationFixture() {
    }

    static String name() {
        return TrainJob.class.getName();
    }
}
