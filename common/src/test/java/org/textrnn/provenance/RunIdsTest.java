package org.textrnn.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.textrnn.io.Hashing;

class RunIdsTest {

    @Test
    void theOptionWins() {
        assertThat(RunIds.of("nightly-7", "train", RunIds.digest("x"))).isEqualTo("nightly-7");
        assertThat(RunIds.of("nightly-7", "score", LocalDate.of(2026, 11, 1))).isEqualTo("nightly-7");
    }

    @Test
    void withoutItTheCommandAndWhatTheOutputDependsOn() {
        String sha = Hashing.sha256Hex("settings" + "vocabulary hash");
        assertThat(RunIds.digest("settings", "vocabulary hash")).isEqualTo(sha);
        assertThat(RunIds.of(null, "train", RunIds.digest("settings", "vocabulary hash"))).isEqualTo("train-" + sha.substring(0, 12));
        assertThat(RunIds.of(null, "prepare", "c3ca815c7c364d44d6561502e76044e7df87ca8d9d28092cdd2c6422bdc83b6e"))
                .as("prepare's fingerprint is the digest of its content options").isEqualTo("prepare-c3ca815c7c36");
        assertThat(RunIds.of(null, "score", LocalDate.of(2026, 11, 1))).isEqualTo("score-2026-11-01");
    }
}
