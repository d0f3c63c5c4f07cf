package org.textrnn.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact percentiles from a histogram of document lengths (length -> number of documents), which is
 * small enough to bring to the driver however large the corpus.
 */
public final class LengthHistogram {

    private final TreeMap<Integer, Long> counts = new TreeMap<>();
    private long total;
    private long sum;

    public void add(int length, long documents) {
        counts.merge(length, documents, Long::sum);
        total += documents;
        sum += (long) length * documents;
    }

    public long documents() {
        return total;
    }

    /**
     * The smallest length such that at least {@code p} percent of documents are no longer
     * (nearest-rank); 0 for an empty histogram.
     */
    public int percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], found " + p);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }

    public double mean() {
        return total == 0 ? 0 : (double) sum / total;
    }

    /** min, p50, p90, p95, p99, max and mean, for stats files. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", total == 0 ? 0 : counts.firstKey());
        m.put("p50", percentile(50));
        m.put("p90", percentile(90));
        m.put("p95", percentile(95));
        m.put("p99", percentile(99));
        m.put("max", total == 0 ? 0 : counts.lastKey());
        m.put("mean", Math.round(mean() * 100.0) / 100.0);
        return m;
    }
}
