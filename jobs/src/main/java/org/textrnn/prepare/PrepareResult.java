package org.textrnn.prepare;

import java.util.Map;
import org.textrnn.prepared.PrepareStats;

/**
 * What a prepare run wrote: the output folder, its run id, and its stats.json.
 *
 * @param documents documents written per split
 */
public record PrepareResult(String output, String runId, Map<String, Long> documents, long rejected, long empty,
                            int vocabSize, int maxLength, PrepareStats stats) {
}
