package org.textrnn.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real data sets in {@code ../shared/data} (relative to the project root, where tests run).
 * A test that needs one calls {@link #require(String)}, which skips it with a clear message where
 * the folder is absent; the data is never copied into the project.
 */
public final class SharedData {

    /** Overridable with -Dtextrnn.shared.data=DIR. */
    public static final Path ROOT = Paths.get(System.getProperty("textrnn.shared.data", "../shared/data")).toAbsolutePath().normalize();

    private SharedData() {
    }

    public static Path require(String relative) {
        Path p = ROOT.resolve(relative);
        assumeTrue(Files.exists(p), "shared data set " + p + " is absent: test skipped (see ../shared/data/SOURCES.md)");
        return p;
    }
}
