package org.textrnn.evaluate;

import java.util.Map;

/**
 * What an evaluate run wrote and found.
 *
 * @param metrics the content of metrics.json
 */
public record EvaluateResult(String report, String runId, long documents, Map<String, Object> metrics, Guardrails guardrails) {
}
