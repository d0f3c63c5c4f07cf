package org.textrnn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {

    @TempDir
    java.nio.file.Path tmp;
    final Configuration conf = new Configuration();

    private Path lock() {
        return new Path(tmp.resolve(".run_date=2026-11-01.textrnn-lock").toUri());
    }

    @Test
    void aSecondRunIsRefusedNamingTheFirst() throws Exception {
        try (OutputLock first = OutputLock.acquire(lock(), "table t, run_date 2026-11-01", "run-A", conf)) {
            assertThatThrownBy(() -> OutputLock.acquire(lock(), "table t, run_date 2026-11-01", "run-B", conf))
                    .isInstanceOf(OutputLock.Held.class)
                    .hasMessageContaining("table t, run_date 2026-11-01 is being written by another run: run run-A")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        // released: the next run takes it
        try (OutputLock again = OutputLock.acquire(lock(), "t", "run-B", conf)) {
            assertThat(Files.readString(java.nio.file.Path.of(lock().toUri()))).contains("run-B");
        }
        assertThat(Files.exists(java.nio.file.Path.of(lock().toUri()))).isFalse();
    }

    @Test
    void anExpiredLockIsTakenOver() throws Exception {
        Files.writeString(java.nio.file.Path.of(lock().toUri()), Json.write(java.util.Map.of("run_id", "dead", "host", "elsewhere",
                "pid", 1, "expires_at", Instant.now().minusSeconds(5).toString(), "token", "t0")));
        try (OutputLock l = OutputLock.acquire(lock(), "t", "run-B", conf)) {
            assertThat(Files.readString(java.nio.file.Path.of(lock().toUri()))).contains("run-B");
        }
    }

    @Test
    void aLockOfAProcessThatNoLongerExistsOnThisHostIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.writeString(java.nio.file.Path.of(lock().toUri()), Json.write(java.util.Map.of("run_id", "dead", "host", OutputLock.host(),
                "pid", p.pid(), "expires_at", Instant.now().plusSeconds(600).toString(), "token", "t0")));
        try (OutputLock l = OutputLock.acquire(lock(), "t", "run-B", conf)) {
            assertThat(Files.readString(java.nio.file.Path.of(lock().toUri()))).contains("run-B");
        }
    }

    @Test
    void aLiveLockOnAnotherHostIsNotTakenOverBeforeItExpires() throws Exception {
        Files.writeString(java.nio.file.Path.of(lock().toUri()), Json.write(java.util.Map.of("run_id", "other", "host", "elsewhere",
                "pid", 1, "expires_at", Instant.now().plusSeconds(600).toString(), "token", "t0")));
        assertThatThrownBy(() -> OutputLock.acquire(lock(), "t", "run-B", conf)).isInstanceOf(OutputLock.Held.class)
                .hasMessageContaining("run other");
    }

    @Test
    void ofManyRunsStartingTogetherExactlyOneGetsTheLock() throws Exception {
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OutputLock>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "run-" + i;
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return OutputLock.acquire(lock(), "t", id, conf);
                } catch (OutputLock.Held e) {
                    return null;
                }
            }));
        }
        go.countDown();
        List<OutputLock> winners = new ArrayList<>();
        for (Future<OutputLock> f : results) {
            if (f.get() != null) {
                winners.add(f.get());
            }
        }
        pool.shutdown();
        assertThat(winners).hasSize(1);
        winners.get(0).close();
    }

    @Test
    void theHolderRefreshesItsLock() throws Exception {
        System.setProperty(OutputLock.EXPIRY_PROPERTY, "2");
        try (OutputLock l = OutputLock.acquire(lock(), "t", "run-A", conf)) {
            String before = Files.readString(java.nio.file.Path.of(lock().toUri()));
            Thread.sleep(2500); // past the first expiry: refreshed every 0.5 s, so still held
            assertThatThrownBy(() -> OutputLock.acquire(lock(), "t", "run-B", conf)).isInstanceOf(OutputLock.Held.class);
            assertThat(Files.readString(java.nio.file.Path.of(lock().toUri()))).isNotEqualTo(before);
            l.check();
        } finally {
            System.clearProperty(OutputLock.EXPIRY_PROPERTY);
        }
    }
}
