package org.textrnn.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;

/**
 * Where a training run stands after an epoch: what --resume continues from.
 *
 * @param trainedWith     the options that decide what is trained ({@link Checkpoint#trainedWith}), which a
 *                        --resume must repeat; null in checkpoints of textrnn versions that did not record them
 * @param dataFingerprint the fingerprint of the prepare run that made the training data; null when not recorded
 */
record TrainingState(int epoch, int bestEpoch, double bestMacroF1, int epochsWithoutImprovement, String vocabHash,
                     Map<String, Object> trainedWith, String dataFingerprint) {

    static TrainingState start(String vocabHash, Map<String, Object> trainedWith, String dataFingerprint) {
        return new TrainingState(0, 0, Double.NEGATIVE_INFINITY, 0, vocabHash, trainedWith, dataFingerprint);
    }

    TrainingState improved(int newEpoch, double macroF1) {
        return new TrainingState(newEpoch, newEpoch, macroF1, 0, vocabHash, trainedWith, dataFingerprint);
    }

    TrainingState notImproved(int newEpoch) {
        return new TrainingState(newEpoch, bestEpoch, bestMacroF1, epochsWithoutImprovement + 1, vocabHash, trainedWith, dataFingerprint);
    }

    /** This state continued with the options of this run (an old checkpoint without a record gets one from now on). */
    TrainingState recording(Map<String, Object> options, String fingerprint) {
        return new TrainingState(epoch, bestEpoch, bestMacroF1, epochsWithoutImprovement, vocabHash, options, fingerprint);
    }

    void write(Path path, Configuration conf) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("best_epoch", bestEpoch);
        m.put("best_macro_f1", Double.isFinite(bestMacroF1) ? bestMacroF1 : null);
        m.put("epochs_without_improvement", epochsWithoutImprovement);
        m.put("vocab_hash", vocabHash);
        m.put("data_fingerprint", dataFingerprint);
        m.put("trained_with", trainedWith);
        HadoopFiles.writeText(path, Json.write(m), conf);
    }

    @SuppressWarnings("unchecked")
    static TrainingState read(Path path, Configuration conf) throws IOException {
        Map<String, Object> m = Json.readMap(HadoopFiles.readText(path, conf), path.toString());
        Object f1 = m.get("best_macro_f1");
        Object with = m.get("trained_with");
        Object fp = m.get("data_fingerprint");
        return new TrainingState(((Number) m.get("epoch")).intValue(), ((Number) m.get("best_epoch")).intValue(),
                f1 == null ? Double.NEGATIVE_INFINITY : ((Number) f1).doubleValue(),
                ((Number) m.get("epochs_without_improvement")).intValue(), (String) m.get("vocab_hash"),
                with instanceof Map<?, ?> w ? (Map<String, Object>) w : null, fp == null ? null : fp.toString());
    }
}
