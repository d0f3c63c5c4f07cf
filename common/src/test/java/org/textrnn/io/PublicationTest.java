package org.textrnn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publication protocol killed after each of its steps (the step hook throws, and nothing of the
 * protocol runs after it, as after a kill -9): a reader then finds the old outputs or the new ones,
 * whole, and the next run's recovery leaves the new ones published and no leftovers.
 */
class PublicationTest {

    @TempDir
    java.nio.file.Path tmp;
    final Configuration conf = new Configuration();

    static final class Killed extends Error {
        Killed(String step) {
            super("killed after " + step);
        }
    }

    @AfterEach
    void resetHook() {
        Publication.afterStep = s -> { };
    }

    private Path folder(String name, String content) throws IOException {
        java.nio.file.Path d = tmp.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("a.txt"), content);
        Files.writeString(d.resolve("b.txt"), content);
        return new Path(d.toUri());
    }

    private static String read(Path dir) throws IOException {
        java.nio.file.Path d = java.nio.file.Path.of(dir.toUri());
        if (!Files.exists(d)) {
            return "missing";
        }
        String a = Files.readString(d.resolve("a.txt"));
        String b = Files.readString(d.resolve("b.txt"));
        return a.equals(b) ? a : "mixed " + a + "/" + b;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    private void publishTwo(Path out, Path record) throws IOException {
        Publication p = Publication.start(conf, true, out, record);
        for (Path t : List.of(out, record)) {
            java.nio.file.Path s = java.nio.file.Path.of(p.stagingOf(t).toUri());
            Files.createDirectories(s);
            Files.writeString(s.resolve("a.txt"), "new");
            Files.writeString(s.resolve("b.txt"), "new");
        }
        p.commit();
    }

    @Test
    void aKillAfterAnyStepLeavesOldOrNewAndRecoveryPublishesTheNew() throws IOException {
        List<String> steps = List.of("journal", "retired:0", "moved:0", "retired:1", "moved:1", "cleaned");
        List<String> seen = new ArrayList<>();
        for (String step : steps) {
            Path out = folder("out-" + step.replace(':', '-'), "old");
            Path record = folder("record-" + step.replace(':', '-'), "old");
            Publication.afterStep = s -> {
                if (s.equals(step)) {
                    throw new Killed(s);
                }
            };
            assertThatThrownBy(() -> publishTwo(out, record)).isInstanceOf(Killed.class);
            Publication.afterStep = s -> { };
            // a reader during the gap: the resolved output is whole, old or new
            String view = read(Publication.resolve(out, conf));
            assertThat(view).as("reader after a kill at " + step).isIn("old", "new");
            seen.add(step + "=" + view);
            // the next run finishes the publication
            Publication.recover(out, conf, c -> true);
            assertThat(read(out)).as("after recovery from a kill at " + step).isEqualTo("new");
            assertThat(read(record)).as("second target after recovery from a kill at " + step).isEqualTo("new");
            assertThat(Publication.interrupted(out, conf)).isFalse();
        }
        assertThat(leftovers()).as("staging, retired or journal left over").isEmpty();
        assertThat(seen).contains("journal=old", "retired:0=new", "cleaned=new");
    }

    @Test
    void aKillBeforeTheJournalKeepsTheOldAndTheNextRunDiscardsTheStaging() throws IOException {
        Path out = folder("out", "old");
        Publication p = Publication.start(conf, true, out);
        java.nio.file.Path s = java.nio.file.Path.of(p.staging().toUri());
        Files.createDirectories(s);
        Files.writeString(s.resolve("a.txt"), "half");
        // killed here: no journal
        assertThat(read(Publication.resolve(out, conf))).isEqualTo("old");
        Publication.start(conf, true, out);
        assertThat(Files.exists(s)).as("the killed run's staging is removed by the next run").isFalse();
        assertThat(read(out)).isEqualTo("old");
    }

    @Test
    void aConditionalJournalWhoseConditionFailsIsUndone() throws IOException {
        Path record = folder("record", "old");
        Publication p = Publication.start(conf, true, record);
        java.nio.file.Path s = java.nio.file.Path.of(p.staging().toUri());
        Files.createDirectories(s);
        Files.writeString(s.resolve("a.txt"), "new");
        Files.writeString(s.resolve("b.txt"), "new");
        p.journal("snapshot of run r1");
        // killed before the external commit: recovery asks, and the condition is not met
        Publication.recover(record, conf, c -> false);
        assertThat(read(record)).isEqualTo("old");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFirstPublicationNeedsNoOldOutput() throws IOException {
        Path out = new Path(tmp.resolve("fresh").toUri());
        Publication p = Publication.start(conf, true, out);
        java.nio.file.Path s = java.nio.file.Path.of(p.staging().toUri());
        Files.createDirectories(s);
        Files.writeString(s.resolve("a.txt"), "new");
        Files.writeString(s.resolve("b.txt"), "new");
        p.commit();
        assertThat(read(out)).isEqualTo("new");
        assertThat(leftovers()).isEmpty();
    }
}
