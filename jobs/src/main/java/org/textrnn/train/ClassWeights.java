package org.textrnn.train;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.textrnn.UsageException;
import org.textrnn.data.SequenceSchema;
import org.textrnn.io.HadoopFiles;
import org.textrnn.vocab.LabelIndex;

/** Loss weights per class from {@code --class-weights none|balanced|FILE}. */
final class ClassWeights {

    private ClassWeights() {
    }

    /** null for none; balanced: N / (classes × count of the class) in train, as scikit-learn. */
    static double[] resolve(String option, LabelIndex labels, Dataset<Row> train, Configuration conf) throws IOException {
        if (option.equals("none")) {
            return null;
        }
        double[] w = new double[labels.size()];
        if (option.equals("balanced")) {
            long[] counts = new long[labels.size()];
            long total = 0;
            for (Row r : train.groupBy(SequenceSchema.LABEL_INDEX).count().collectAsList()) {
                counts[r.getInt(0)] = r.getLong(1);
                total += r.getLong(1);
            }
            for (int c = 0; c < w.length; c++) {
                if (counts[c] == 0) {
                    throw new UsageException("--class-weights balanced: class '" + labels.label(c) + "' has no training documents");
                }
                w[c] = (double) total / (labels.size() * counts[c]);
            }
            return w;
        }
        String[] lines = HadoopFiles.readText(new Path(option), conf).split("\r?\n");
        boolean[] seen = new boolean[w.length];
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split("\t");
            int c = f.length == 2 ? labels.indexOf(f[0]) : -1;
            if (f.length != 2) {
                throw new UsageException("--class-weights " + option + " line " + (i + 1) + ": expected label<TAB>weight");
            }
            if (c < 0) {
                throw new UsageException("--class-weights " + option + " line " + (i + 1) + ": unknown label '" + f[0] + "'; labels are " + labels.labels());
            }
            try {
                w[c] = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                throw new UsageException("--class-weights " + option + " line " + (i + 1) + ": weight '" + f[1] + "' is not a number");
            }
            if (!(w[c] > 0) || Double.isInfinite(w[c])) {
                throw new UsageException("--class-weights " + option + " line " + (i + 1) + ": weight must be positive, found " + f[1]);
            }
            seen[c] = true;
        }
        for (int c = 0; c < w.length; c++) {
            if (!seen[c]) {
                throw new UsageException("--class-weights " + option + " has no weight for class '" + labels.label(c) + "'");
            }
        }
        return w;
    }
}
