package org.textrnn.evaluate;

import java.util.List;
import java.util.Map;
import org.textrnn.metrics.ClassificationMetrics;

/**
 * Everything the HTML report shows, gathered by the evaluate job (or by train at its end).
 *
 * @param facts         a few key facts for the page header (model, data, split, documents, run id)
 * @param modelMetrics  the network's metrics as metrics.json has them
 * @param baselines     each baseline's metrics by name; empty when none ran
 * @param baselineNote  why no baseline ran, or null
 * @param epochs        the bundle's metrics.jsonl lines (empty when absent)
 * @param prepareStats  stats.json of the evaluated data (null when absent)
 * @param glove         the coverage of the bundle's pretrained vectors: glove-coverage.json, or word2vec-coverage.json
 *                      with {@code "vectors": "word2vec"} (null without either)
 * @param configuration sections of settings (evaluate, train, model) to list
 * @param provenance    sections of provenance (bundle, evaluated data, this run) to list
 */
public record Report(String title, Map<String, Object> facts, List<String> labels, ClassificationMetrics model,
                     Map<String, Object> modelMetrics, Map<String, Map<String, Object>> baselines, String baselineNote,
                     Guardrails guardrails, List<Map<String, Object>> epochs, Map<String, Object> prepareStats,
                     Map<String, Object> glove, Map<String, Map<String, Object>> configuration,
                     Map<String, Map<String, Object>> provenance) {
}
