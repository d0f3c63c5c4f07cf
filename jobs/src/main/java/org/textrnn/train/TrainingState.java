package org.textrnn.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.textrnn.io.HadoopFiles;
import org.textrnn.io.Json;

/** Where a training run stands after an epoch: what --resume continues from. */
record TrainingState(int epoch, int bestEpoch, double bestMacroF1, int epochsWithoutImprovement, String vocabHash) {

    static TrainingState start(String vocabHash) {
        return new TrainingState(0, 0, Double.NEGATIVE_INFINITY, 0, vocabHash);
    }

    TrainingState improved(int newEpoch, double macroF1) {
        return new TrainingState(newEpoch, newEpoch, macroF1, 0, vocabHash);
    }

    TrainingState notImproved(int newEpoch) {
        return new TrainingState(newEpoch, bestEpoch, bestMacroF1, epochsWithoutImprovement + 1, vocabHash);
    }

    void write(Path path, Configuration conf) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("best_epoch", bestEpoch);
        m.put("best_macro_f1", Double.isFinite(bestMacroF1) ? bestMacroF1 : null);
        m.put("epochs_without_improvement", epochsWithoutImprovement);
        m.put("vocab_hash", vocabHash);
        HadoopFiles.writeText(path, Json.write(m), conf);
    }

    static TrainingState read(Path path, Configuration conf) throws IOException {
        Map<String, Object> m = Json.readMap(HadoopFiles.readText(path, conf), path.toString());
        Object f1 = m.get("best_macro_f1");
        return new TrainingState(((Number) m.get("epoch")).intValue(), ((Number) m.get("best_epoch")).intValue(),
                f1 == null ? Double.NEGATIVE_INFINITY : ((Number) f1).doubleValue(),
                ((Number) m.get("epochs_without_improvement")).intValue(), (String) m.get("vocab_hash"));
    }
}
