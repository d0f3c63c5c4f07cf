package org.textrnn.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One run's output folder, written whole before anyone sees it: the run holds the output's
 * {@link OutputLock} ({@code .NAME.textrnn-lock} beside it), writes into the staging folder
 * {@link #dir()} ({@code .NAME.textrnn-staging}) and {@link #publish}es it with one
 * {@link Publication}; the previous output stays as it was until then. An output inside another
 * run's staging (a report inside a model bundle, the encoded documents inside a report) is
 * <em>nested</em>: it is written in place, without a lock or publication of its own, and is
 * published with its parent.
 */
public final class StagedOutput implements AutoCloseable {

    /** The lock file's suffix: {@code .NAME.textrnn-lock} beside the output {@code NAME}. */
    public static final String LOCK = ".textrnn-lock";

    /** Tests: called with the target just before its publication's commit point (throw to stop the run there). */
    static volatile java.util.function.Consumer<Path> beforePublish = t -> { };

    private final Path target;
    private final Path dir;
    private final OutputLock lock;
    private final Publication publication;
    private final Configuration conf;
    private boolean published;

    private StagedOutput(Path target, Path dir, OutputLock lock, Publication publication, Configuration conf) {
        this.target = target;
        this.dir = dir;
        this.lock = lock;
        this.publication = publication;
        this.conf = conf;
    }

    /**
     * Takes the lock of {@code target} (refused with {@link OutputLock.Held} when another live run
     * holds it), finishes an interrupted publication of it, and makes its staging folder.
     * {@code fresh}: a killed run's staging is deleted first; else it is kept (train --resume).
     * {@code what} names the output in messages ("--output /data/prep").
     */
    public static StagedOutput open(Path target, String what, String runId, boolean fresh, Configuration conf) throws IOException {
        target = Publication.normal(target);
        if (nested(target)) {
            AtomicFs fs = AtomicFs.of(target, conf);
            if (fresh) {
                fs.delete(target);
            }
            fs.mkdirs(target);
            return new StagedOutput(target, target, null, null, conf);
        }
        OutputLock lock = OutputLock.acquire(lockFile(target), what, runId, conf);
        try {
            Publication p = Publication.start(conf, fresh, target);
            AtomicFs.of(target, conf).mkdirs(p.staging());
            return new StagedOutput(target, p.staging(), lock, p, conf);
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /** True when {@code p} lies inside a staging folder (its publication is its parent's). */
    public static boolean nested(Path p) {
        for (Path q = Publication.normal(p).getParent(); q != null; q = q.getParent()) {
            if (q.getName().endsWith(Publication.STAGING)) {
                return true;
            }
        }
        return false;
    }

    /** The lock file of output {@code target}. */
    public static Path lockFile(Path target) {
        target = Publication.normal(target);
        return new Path(target.getParent(), "." + target.getName() + LOCK);
    }

    /** Where this run writes: the staging folder (or, nested, the output itself). */
    public Path dir() {
        return dir;
    }

    /** The output as readers name it. */
    public Path target() {
        return target;
    }

    public boolean isNested() {
        return publication == null;
    }

    /** Publishes {@link #dir()} as the output in one step (nested: nothing to do, the parent publishes). */
    public void publish() throws IOException {
        if (publication == null) {
            return;
        }
        lock.check();
        beforePublish.accept(target);
        publication.commit();
        published = true;
    }

    /** Deletes the staging of a run that failed (its leftovers would be deleted by the next run anyway). */
    public void discard() throws IOException {
        if (publication != null && !published) {
            AtomicFs.of(dir, conf).delete(dir);
        }
    }

    /** Releases the lock (the staging, if not published, stays for the next run to discard or resume). */
    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }
}
