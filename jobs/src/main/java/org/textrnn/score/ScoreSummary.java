package org.textrnn.score;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a score run did.
 *
 * @param read     documents read (scored + rejected + empty)
 * @param rejected records that could not be read (malformed, undecodable)
 * @param empty    documents without any token
 * @param written  rows of the run's date in the table after the run
 */
public record ScoreSummary(String runId, String runDate, long read, long scored, long rejected, long empty, long written,
                           double seconds) {

    public double docsPerSecond() {
        return seconds <= 0 ? 0 : read / seconds;
    }

    /** The one-line summary printed at the end of a run. */
    public String line() {
        return String.format(Locale.ROOT, "run_date %s: %d documents read, %d scored, %d rejected, %d empty, %d rows written in %.1fs (%.0f docs/s)",
                runDate, read, scored, rejected, empty, written, seconds, docsPerSecond());
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("run_date", runDate);
        m.put("documents_read", read);
        m.put("scored", scored);
        m.put("rejected", rejected);
        m.put("empty", empty);
        m.put("rows_written", written);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("docs_per_second", Math.round(docsPerSecond()));
        return m;
    }
}
