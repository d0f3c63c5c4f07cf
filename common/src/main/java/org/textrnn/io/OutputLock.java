package org.textrnn.io;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.TextrnnException;

/**
 * One writer at a time for one output (a folder, or a table's date): a lock file created in one
 * atomic step on the output's own file system, naming its run, host and process. The holder
 * refreshes it every {@code expiry / 4}; a lock not refreshed within {@code expiry} (its driver is
 * dead or hung), or held by a process that no longer exists on this host, is taken over by the
 * next run, with a warning. A second live run is refused with {@link Held}, naming the holder.
 */
public final class OutputLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /** How long a lock lasts without a refresh; system property {@value #EXPIRY_PROPERTY} (seconds) changes it. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(10);
    public static final String EXPIRY_PROPERTY = "textrnn.lock.expiry-seconds";

    /** The refusal: another live run holds the lock. */
    public static final class Held extends TextrnnException {
        private static final long serialVersionUID = 1L;

        Held(String message) {
            super(message);
        }
    }

    private final AtomicFs fs;
    private final Path file;
    private final String what;
    private final String token;
    private final Map<String, Object> content;
    private final Duration expiry;
    private final ScheduledExecutorService refresher;
    private volatile String lost;

    private OutputLock(AtomicFs fs, Path file, String what, String token, Map<String, Object> content, Duration expiry) {
        this.fs = fs;
        this.file = file;
        this.what = what;
        this.token = token;
        this.content = content;
        this.expiry = expiry;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "textrnn-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, expiry.toMillis() / 4);
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    public static Duration expiry() {
        String s = System.getProperty(EXPIRY_PROPERTY);
        return s == null ? DEFAULT_EXPIRY : Duration.ofSeconds(Long.parseLong(s));
    }

    /**
     * Takes the lock {@code file} for {@code what} (words for messages: "parquet table T, run_date D")
     * on behalf of run {@code runId}; fails with {@link Held} when another live run holds it.
     */
    public static OutputLock acquire(Path file, String what, String runId, Configuration conf) throws IOException {
        AtomicFs fs = AtomicFs.of(file, conf);
        Duration expiry = expiry();
        String token = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 3; attempt++) {
            Map<String, Object> content = describe(runId, token, expiry);
            if (fs.createExclusive(file, Json.write(content))) {
                LOG.info("lock taken for {}: {}", what, file);
                removeLeftovers(fs, file);
                return new OutputLock(fs, file, what, token, content, expiry);
            }
            String held = fs.readOrNull(file);
            if (held == null) {
                continue; // released meanwhile
            }
            String stale = staleness(held, fs.modified(file), expiry);
            if (stale == null) {
                throw new Held(what + " is being written by another run: " + holder(held) + " (lock " + file
                        + "). Wait for it to finish; if its driver is dead, the lock expires " + expires(held)
                        + ", or delete the lock file once you are sure no run is writing");
            }
            // take over: one atomic rename decides between runs that find the same stale lock
            Path moved = new Path(file.getParent(), "." + file.getName() + ".stale-" + token);
            if (fs.rename(file, moved)) {
                LOG.warn("took over the lock of {} from {}: {}", what, holder(held), stale);
                fs.delete(moved);
            }
        }
        throw new Held(what + ": could not take the lock " + file + " (other runs keep taking it)");
    }

    /** Temporary files of lock steps by runs killed midway (older than a minute: none is in flight). */
    private static void removeLeftovers(AtomicFs fs, Path file) throws IOException {
        String prefix = "." + file.getName() + ".";
        long old = System.currentTimeMillis() - 60_000;
        for (String n : fs.list(file.getParent())) {
            Path p = new Path(file.getParent(), n);
            if (n.startsWith(prefix) && fs.modified(p) < old) {
                fs.delete(p);
            }
        }
    }

    private static Map<String, Object> describe(String runId, String token, Duration expiry) {
        Map<String, Object> m = new LinkedHashMap<>();
        Instant now = Instant.now();
        m.put("run_id", runId);
        m.put("host", host());
        m.put("pid", ProcessHandle.current().pid());
        m.put("acquired_at", now.toString());
        m.put("refreshed_at", now.toString());
        m.put("expires_at", now.plus(expiry).toString());
        m.put("token", token);
        return m;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Why the lock {@code held} is stale, or null when its holder may still be alive. */
    static String staleness(String held, long modifiedMillis, Duration expiry) {
        Map<String, Object> m;
        try {
            m = Json.readMap(held, "lock");
        } catch (IllegalArgumentException e) {
            // a lock file being written (an object store shows it before it is whole)
            return modifiedMillis > 0 && Instant.ofEpochMilli(modifiedMillis).plus(expiry).isBefore(Instant.now())
                    ? "an unreadable lock file older than " + expiry.toSeconds() + "s" : null;
        }
        Object expires = m.get("expires_at");
        if (expires != null && Instant.parse(expires.toString()).isBefore(Instant.now())) {
            return "its lock expired at " + expires + " (not refreshed: the driver is dead or hung)";
        }
        Object pid = m.get("pid");
        if (host().equals(m.get("host")) && pid instanceof Number n && ProcessHandle.of(n.longValue()).isEmpty()) {
            return "its process " + n + " on this host no longer exists";
        }
        return null;
    }

    private static String holder(String held) {
        try {
            Map<String, Object> m = Json.readMap(held, "lock");
            return "run " + m.get("run_id") + " (pid " + m.get("pid") + " on " + m.get("host") + ", since " + m.get("acquired_at") + ")";
        } catch (IllegalArgumentException e) {
            return "a run whose lock file is not readable yet";
        }
    }

    private static String expires(String held) {
        try {
            return "at " + Json.readMap(held, "lock").get("expires_at");
        } catch (IllegalArgumentException e) {
            return "soon";
        }
    }

    private synchronized void refresh() {
        if (lost != null) {
            return;
        }
        try {
            String now = fs.readOrNull(file);
            if (now == null || !now.contains(token)) {
                lost = "the lock " + file + " was taken over by another run (this run did not refresh it in time)";
                LOG.error("{}: {}", what, lost);
                return;
            }
            Instant t = Instant.now();
            content.put("refreshed_at", t.toString());
            content.put("expires_at", t.plus(expiry).toString());
            fs.writeAtomically(file, Json.write(content));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot refresh the lock {}: {}", what, file, e.toString());
        }
    }

    /** Fails when the lock was lost (taken over after it expired): call before each publishing step. */
    public void check() throws IOException {
        refresh();
        if (lost != null) {
            throw new TextrnnException(what + ": " + lost + "; nothing more is published by this run");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        refresher.shutdownNow();
        String now = fs.readOrNull(file);
        if (now != null && now.contains(token)) {
            fs.delete(file);
            LOG.info("lock released for {}", what);
        }
    }
}
