package org.textrnn.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outputs (folders or files) all at once, so that a reader finds the previous good
 * output or the whole new one, and a writer killed at any moment leaves nothing half done that
 * the next run cannot finish or undo.
 *
 * <p>The protocol, for targets {@code T1..Tn} (each {@code T} gets the sibling {@code .T.textrnn-staging}):
 * <ol>
 *   <li>the run writes everything into the stagings; the previous outputs stay untouched;</li>
 *   <li><b>commit point</b>: a journal {@code .T1.textrnn-journal} listing each target, its staging and
 *       a name to retire the old one under is written in one atomic step;</li>
 *   <li>for each target: the old one is renamed to {@code .T.textrnn-retired-ID}, the staging to {@code T}
 *       (two renames, microseconds apart on a local disk or HDFS);</li>
 *   <li>the retired outputs and then the journal are deleted.</li>
 * </ol>
 * A run that finds a journal ({@link #recover}) repeats steps 3-4, which are idempotent: the new
 * outputs are published. A run that finds stagings without a journal was killed before its commit
 * point: its stagings are discarded (or, for train, resumed) and the old outputs stay. A journal may
 * carry a condition (an Iceberg commit that must have happened); when it does not hold, recovery
 * undoes instead. Callers hold the target's {@link OutputLock} around all of this.
 */
public final class Publication {

    private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

    static final String STAGING = ".textrnn-staging";
    static final String RETIRED = ".textrnn-retired-";
    static final String JOURNAL = ".textrnn-journal";

    /** Tests: called with each step's name ({@code journal}, {@code retired:i}, {@code moved:i}, {@code cleaned}) after it is done. */
    static volatile Consumer<String> afterStep = step -> { };

    private final Configuration conf;
    private final List<Path> targets;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private String condition;
    private boolean journaled;

    private Publication(Configuration conf, List<Path> targets) {
        this.conf = conf;
        this.targets = targets.stream().map(Publication::normal).toList();
    }

    /**
     * Starts a publication of {@code targets} (on one file system), after finishing any interrupted
     * one of the first target. {@code fresh}: leftover stagings of a killed run are deleted first
     * (else they are kept, for a run that resumes them).
     */
    public static Publication start(Configuration conf, boolean fresh, Path... targets) throws IOException {
        recover(targets[0], conf, c -> false);
        Publication p = new Publication(conf, List.of(targets));
        if (fresh) {
            for (Path t : targets) {
                Path s = staging(t);
                AtomicFs fs = AtomicFs.of(s, conf);
                if (fs.exists(s)) {
                    LOG.info("removing {}, left by a run that did not finish", s);
                    fs.delete(s);
                }
            }
        }
        return p;
    }

    /** Where {@code target}'s new content is written before it is published. */
    public static Path staging(Path target) {
        target = normal(target);
        return new Path(target.getParent(), "." + target.getName() + STAGING);
    }

    /** {@code p} without a trailing slash (a folder's URI has one, and its name would be empty). */
    static Path normal(Path p) {
        return new Path(p.toString());
    }

    static Path journalOf(Path first) {
        first = normal(first);
        return new Path(first.getParent(), "." + first.getName() + JOURNAL);
    }

    public Path stagingOf(Path target) {
        if (!targets.contains(normal(target))) {
            throw new IllegalArgumentException(target + " is not a target of this publication");
        }
        return staging(target);
    }

    /** The staging of the first target. */
    public Path staging() {
        return staging(targets.get(0));
    }

    /** The commit point: after this the new outputs are published, even if the process dies now. */
    public void commit() throws IOException {
        journal((String) null);
        finish();
    }

    /**
     * The commit point, made conditional: recovery publishes only if {@code condition} is met (as its
     * caller's predicate judges), else it discards. Follow with the external commit, then {@link #finish}.
     */
    public void journal(String condition) throws IOException {
        for (Path t : targets) {
            if (!AtomicFs.of(t, conf).exists(staging(t))) {
                throw new IOException("nothing staged for " + t + " (" + staging(t) + " is missing)");
            }
        }
        this.condition = condition;
        AtomicFs.of(targets.get(0), conf).writeAtomically(journalOf(targets.get(0)), Json.write(describe()));
        journaled = true;
        afterStep.accept("journal");
    }

    /** Moves the stagings into place (after {@link #journal}). */
    public void finish() throws IOException {
        if (!journaled) {
            throw new IllegalStateException("journal first");
        }
        apply(conf, describe(), true);
    }

    /**
     * After a failure before the commit point: the stagings are deleted and the old outputs stay.
     * (After the journal, nothing: {@link #recover} finishes or undoes it.)
     */
    public void abandon() throws IOException {
        if (journaled) {
            return;
        }
        for (Path t : targets) {
            Path s = staging(t);
            AtomicFs.of(s, conf).delete(s);
        }
    }

    /** This publication's id (in its journal and retired names). */
    public String id() {
        return id;
    }

    private Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("condition", condition);
        List<Map<String, String>> entries = new ArrayList<>();
        for (Path t : targets) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("target", t.toString());
            e.put("staging", staging(t).toString());
            e.put("retired", new Path(t.getParent(), "." + t.getName() + RETIRED + id).toString());
            entries.add(e);
        }
        m.put("entries", entries);
        return m;
    }

    /** Steps 3-4 (publish) or the undo (discard), from whatever state a killed run left. */
    private static void apply(Configuration conf, Map<String, Object> journal, boolean publish) throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, String>> entries = (List<Map<String, String>>) journal.get("entries");
        Path first = new Path(entries.get(0).get("target"));
        if (publish) {
            for (int i = 0; i < entries.size(); i++) {
                Path target = new Path(entries.get(i).get("target"));
                Path staging = new Path(entries.get(i).get("staging"));
                Path retired = new Path(entries.get(i).get("retired"));
                AtomicFs fs = AtomicFs.of(target, conf);
                if (!fs.exists(staging)) {
                    continue; // moved already
                }
                if (fs.exists(target)) {
                    fs.rename(target, retired);
                }
                afterStep.accept("retired:" + i);
                fs.mkdirs(target.getParent());
                fs.rename(staging, target);
                afterStep.accept("moved:" + i);
            }
        }
        for (Map<String, String> e : entries) {
            Path p = new Path(publish ? e.get("retired") : e.get("staging"));
            AtomicFs.of(p, conf).delete(p);
        }
        AtomicFs.of(first, conf).delete(journalOf(first));
        afterStep.accept("cleaned");
    }

    /**
     * Finishes an interrupted publication of {@code first} (the first target): a journal is applied
     * (or undone when its condition is not met); retired leftovers are removed. Call under the lock.
     */
    public static void recover(Path first, Configuration conf, Predicate<String> conditionMet) throws IOException {
        first = normal(first);
        AtomicFs fs = AtomicFs.of(first, conf);
        Path j = journalOf(first);
        String text = fs.readOrNull(j);
        if (text != null) {
            Map<String, Object> journal = Json.readMap(text, j.toString());
            Object c = journal.get("condition");
            boolean publish = c == null || conditionMet.test(c.toString());
            LOG.warn("{}: an earlier run stopped while publishing it (journal {}); {} it now", first, j,
                    publish ? "finishing" : "undoing");
            apply(conf, journal, publish);
        }
        // retired outputs, and the journal's temporary file of a run killed while writing it
        String prefix = "." + first.getName() + RETIRED;
        String journalTmp = "." + j.getName() + ".tmp-";
        for (String n : fs.list(first.getParent())) {
            if (n.startsWith(prefix) || n.startsWith(journalTmp)) {
                fs.delete(new Path(first.getParent(), n));
            }
        }
    }

    /** True when {@code first} has an interrupted publication to finish. */
    public static boolean interrupted(Path first, Configuration conf) throws IOException {
        return AtomicFs.of(first, conf).exists(journalOf(first));
    }

    /**
     * Where a reader finds {@code target}'s published content: the target, or, while a publication
     * is between its two renames (or was killed there), the staging its journal names.
     */
    public static Path resolve(Path target, Configuration conf) throws IOException {
        target = normal(target);
        AtomicFs fs = AtomicFs.of(target, conf);
        if (fs.exists(target)) {
            return target;
        }
        String text = fs.readOrNull(journalOf(target));
        if (text != null) {
            Map<String, Object> journal = Json.readMap(text, journalOf(target).toString());
            @SuppressWarnings("unchecked")
            List<Map<String, String>> entries = (List<Map<String, String>>) journal.get("entries");
            Path staging = new Path(entries.get(0).get("staging"));
            if (journal.get("condition") == null && fs.exists(staging)) {
                return staging;
            }
        }
        return target;
    }
}
