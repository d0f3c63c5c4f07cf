package org.textrnn.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.textrnn.metrics.ClassificationMetrics;

/**
 * One line of {@code metrics.jsonl}: an epoch's training and validation figures. The validation keys
 * are left out when there is no validation split.
 *
 * @param trainSeconds the epoch's training, rounded to 0.1 s
 * @param epochSeconds training and validation, rounded to 0.1 s
 * @param best         whether the epoch's network is the bundle's (the best validation macro-F1 so far)
 */
record EpochLine(@JsonProperty("epoch") int epoch,
                 @JsonProperty("learning_rate") double learningRate,
                 @JsonProperty("train_loss") double trainLoss,
                 @JsonProperty("train_seconds") double trainSeconds,
                 @JsonProperty("samples_per_second") long samplesPerSecond,
                 @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("validation_loss") Double validationLoss,
                 @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("validation_accuracy") Double validationAccuracy,
                 @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("validation_macro_f1") Double validationMacroF1,
                 @JsonProperty("epoch_seconds") double epochSeconds,
                 @JsonProperty("best") boolean best) {

    /** An epoch's training figures: loss (rounded as metrics are), seconds (to 0.1) and speed over {@code documents}. */
    static EpochLine trained(int epoch, double learningRate, double trainLoss, double seconds, long documents) {
        return new EpochLine(epoch, learningRate, ClassificationMetrics.round(trainLoss), Math.round(seconds * 10) / 10.0,
                Math.round(documents / seconds), null, null, null, 0, false);
    }

    /** With the validation split's figures, rounded as metrics are. */
    EpochLine validated(double loss, double accuracy, double macroF1) {
        return new EpochLine(epoch, learningRate, trainLoss, trainSeconds, samplesPerSecond, ClassificationMetrics.round(loss),
                ClassificationMetrics.round(accuracy), ClassificationMetrics.round(macroF1), epochSeconds, best);
    }

    /** Closed: the epoch's seconds (to 0.1) and whether it is the best. */
    EpochLine closed(double seconds, boolean best) {
        return new EpochLine(epoch, learningRate, trainLoss, trainSeconds, samplesPerSecond, validationLoss, validationAccuracy,
                validationMacroF1, Math.round(seconds * 10) / 10.0, best);
    }
}
