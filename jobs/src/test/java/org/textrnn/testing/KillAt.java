package org.textrnn.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The preload shim {@code ../shared/tools/killat.c} (kill -9 at a chosen rename or unlink, or a
 * delayed rename; its header lists the variables), built with gcc for a test; the test is skipped
 * with a message where the shim or gcc is missing.
 */
public final class KillAt {

    private KillAt() {
    }

    /** Builds {@code killat.so} in {@code dir} and returns it (for {@code LD_PRELOAD}). */
    public static Path build(Path dir) throws IOException, InterruptedException {
        Path source = Path.of("../shared/tools/killat.c").toAbsolutePath().normalize();
        assumeTrue(Files.exists(source), "the preload shim " + source + " is missing: no kill -9 test");
        Path so = dir.resolve("killat.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", so.toString(), source.toString(), "-ldl")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no gcc to build " + source + ": no kill -9 test (" + e.getMessage() + ")");
            return null;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assumeTrue(gcc.waitFor() == 0 && Files.exists(so), "gcc could not build " + source + ": no kill -9 test\n" + out);
        return so;
    }
}
