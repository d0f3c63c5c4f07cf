package org.textrnn.evaluate;

import org.textrnn.table.PredictionTable;
import org.textrnn.prepared.ModelScoring;
import org.textrnn.metrics.MistakeHeap;
import org.textrnn.metrics.Mistake;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.textrnn.TextrnnException;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.table.Tables;
import org.textrnn.vocab.LabelIndex;

/**
 * Tallies predictions already in a table written by {@code textrnn score} that kept the true
 * {@code label}: the table's {@code probabilities} against the label, on the executors, without
 * running the network again. Rows without a label, or with a label the model does not know, are
 * left out and counted.
 */
final class TableScoring {

    private TableScoring() {
    }

    /** What the table gave: the tally and mistakes of its labelled rows, and how many rows were left out. */
    record Result(ModelScoring.Partial partial, long unlabelled, long unknownLabel) {
    }

    static Result score(SparkSession spark, Tables.Target target, String runDate, LabelIndex labels, int keepMistakes) {
        Dataset<Row> table = Tables.read(spark, target);
        List<String> columns = Arrays.asList(table.columns());
        for (String c : List.of("doc_id", "probabilities", "label", PredictionTable.RUN_DATE)) {
            if (!columns.contains(c)) {
                throw new TextrnnException(target + " has no '" + c + "' column"
                        + (c.equals("label") ? ": score with --keep-columns label to keep the true label for evaluation" : "")
                        + " (is it a table written by textrnn score?)");
            }
        }
        if (runDate != null) {
            table = table.where(col(PredictionTable.RUN_DATE).equalTo(lit(java.sql.Date.valueOf(runDate))));
        }
        long unlabelled = table.where(col("label").isNull()).count();
        Column known = col("label").isin(labels.labels().toArray());
        long unknown = table.where(col("label").isNotNull().and(known.unary_$bang())).count();
        Column excerpt = columns.contains("text") ? col("text") : lit("");
        int numClasses = labels.size();
        ModelScoring.Partial partial = table.where(known).select(col("doc_id"), col("label"), col("probabilities"), excerpt)
                .javaRDD()
                .mapPartitions(new TallyPartition(labels, keepMistakes))
                .fold(new ModelScoring.Partial(new PredictionTally(numClasses), new MistakeHeap(keepMistakes)), ModelScoring.Partial::merge);
        return new Result(partial, unlabelled, unknown);
    }

    private static final class TallyPartition implements FlatMapFunction<Iterator<Row>, ModelScoring.Partial> {
        private static final long serialVersionUID = 1L;
        private final LabelIndex labels;
        private final int keepMistakes;

        TallyPartition(LabelIndex labels, int keepMistakes) {
            this.labels = labels;
            this.keepMistakes = keepMistakes;
        }

        @Override
        public Iterator<ModelScoring.Partial> call(Iterator<Row> rows) {
            PredictionTally tally = new PredictionTally(labels.size());
            MistakeHeap mistakes = new MistakeHeap(keepMistakes);
            while (rows.hasNext()) {
                Row r = rows.next();
                Map<String, Double> probabilities = r.getJavaMap(2);
                double[] p = new double[labels.size()];
                for (int c = 0; c < p.length; c++) {
                    Double v = probabilities.get(labels.label(c));
                    p[c] = v == null ? 0 : v;
                }
                int actual = labels.indexOf(r.getString(1));
                int predicted = tally.add(actual, p);
                if (predicted != actual && mistakes.accepts(p[predicted])) {
                    String text = r.isNullAt(3) ? "" : r.getString(3);
                    String cut = text.length() <= Mistake.EXCERPT ? text : text.substring(0, Mistake.EXCERPT - 1) + "\u2026";
                    mistakes.offer(new Mistake(r.getString(0), cut, actual, predicted, p[predicted], p[actual]));
                }
            }
            return List.of(new ModelScoring.Partial(tally, mistakes)).iterator();
        }
    }
}
