package org.textrnn.train;

import java.util.Map;

/**
 * What a train run produced.
 *
 * @param testMetrics the best model's metrics on the test split, or null when the data has none
 */
public record TrainResult(String model, int bestEpoch, int epochsTrained, double bestValidationMacroF1, Map<String, Object> testMetrics) {
}
