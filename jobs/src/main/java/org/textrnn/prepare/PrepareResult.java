package org.textrnn.prepare;

import java.util.Map;

/**
 * What a prepare run wrote: the output folder, its run id, and the content of its stats.json.
 *
 * @param documents documents written per split
 */
public record PrepareResult(String output, String runId, Map<String, Long> documents, long rejected, long empty,
                            int vocabSize, int maxLength, Map<String, Object> stats) {
}
