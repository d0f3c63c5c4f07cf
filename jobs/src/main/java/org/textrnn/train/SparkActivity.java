package org.textrnn.train;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * What each phase of a run costs Spark: the jobs, stages and tasks it launched and their executor
 * CPU time, counted by a {@link SparkListener} from the phase name the driver thread sets before
 * starting the phase's jobs. Read a phase's counts once its jobs are done and a moment has passed
 * (Spark's listener bus delivers events asynchronously; the train job reads an epoch's training
 * counts after its validation).
 */
final class SparkActivity extends SparkListener implements AutoCloseable {

    /** The Spark local property that names the phase of the jobs the current thread starts. */
    static final String PHASE = "textrnn.phase";

    /** A phase's jobs, stages that ran (skipped ones not counted), single-task stages among them, tasks, executor CPU. */
    record Counts(long jobs, long stages, long singleTaskStages, long tasks, double executorCpuSeconds) {
        String describe() {
            return jobs + " Spark jobs, " + stages + " stages (" + singleTaskStages + " of one task), " + tasks + " tasks, "
                    + Math.round(executorCpuSeconds * 100) / 100.0 + " executor CPU-s";
        }
    }

    private final SparkContext sc;
    private final Map<Integer, String> stagePhases = new ConcurrentHashMap<>();
    /** per phase: jobs, stages, single-task stages, tasks, executor CPU ns */
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    private SparkActivity(SparkContext sc) {
        this.sc = sc;
    }

    static SparkActivity start(SparkContext sc) {
        SparkActivity a = new SparkActivity(sc);
        sc.addSparkListener(a);
        return a;
    }

    /** Jobs the current thread starts from now on belong to {@code phase} (null: to none). */
    void phase(String phase) {
        sc.setLocalProperty(PHASE, phase);
    }

    Counts counts(String phase) {
        long[] c = counts.get(phase);
        if (c == null) {
            return new Counts(0, 0, 0, 0, 0);
        }
        synchronized (c) {
            return new Counts(c[0], c[1], c[2], c[3], c[4] / 1e9);
        }
    }

    /** CPU time of this whole JVM so far, in seconds (in local mode the executors' too), or NaN where the JVM does not tell. */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        Properties p = jobStart.properties();
        String phase = p == null ? null : p.getProperty(PHASE);
        if (phase == null) {
            return;
        }
        add(phase, 0, 1);
        scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
        while (ids.hasNext()) {
            stagePhases.put((Integer) ids.next(), phase);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted stageCompleted) {
        StageInfo s = stageCompleted.stageInfo();
        String phase = stagePhases.get(s.stageId());
        if (phase == null) {
            return;
        }
        long cpu = s.taskMetrics() == null ? 0 : s.taskMetrics().executorCpuTime();
        long[] c = counts.computeIfAbsent(phase, k -> new long[5]);
        synchronized (c) {
            c[1]++;
            c[2] += s.numTasks() == 1 ? 1 : 0;
            c[3] += s.numTasks();
            c[4] += cpu;
        }
    }

    private void add(String phase, int index, long n) {
        long[] c = counts.computeIfAbsent(phase, k -> new long[5]);
        synchronized (c) {
            c[index] += n;
        }
    }

    @Override
    public void close() {
        sc.setLocalProperty(PHASE, null);
        sc.removeSparkListener(this);
    }
}
