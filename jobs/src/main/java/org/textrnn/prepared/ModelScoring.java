package org.textrnn.prepared;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.textrnn.data.SequenceSchema;
import org.textrnn.bundle.Predictor;
import org.textrnn.metrics.Mistake;
import org.textrnn.metrics.MistakeHeap;
import org.textrnn.metrics.PredictionTally;
import org.textrnn.model.Batching;
import org.textrnn.vocab.Vocabulary;

/**
 * Scores prepared sequences with a bundle's network on the executors. Each partition restores the
 * network once from the broadcast bytes of model.zip, predicts in minibatches, and returns only its
 * {@link PredictionTally} and its bounded heap of the most confident mistakes; these are merged on
 * the way to the driver, which never sees a document it does not list in errors.csv.
 */
public final class ModelScoring {

    private ModelScoring() {
    }

    /** What a partition (and, merged, the whole split) sends to the driver. */
    public record Partial(PredictionTally tally, MistakeHeap mistakes) implements Serializable {
        public Partial merge(Partial other) {
            return new Partial(tally.merge(other.tally), mistakes.merge(other.mistakes));
        }
    }

    public static Partial score(Dataset<Row> labelledRows, Broadcast<byte[]> model, Broadcast<Vocabulary> vocabulary, int numClasses,
                         int maxLength, Batching batching, int batchSize, int keepMistakes) {
        // label, length, tokens, id
        return labelledRows.select(SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH, SequenceSchema.TOKENS, SequenceSchema.DOC_ID)
                .javaRDD()
                .mapPartitions(new ScorePartition(model, vocabulary, numClasses, maxLength, batching, batchSize, keepMistakes))
                .fold(new Partial(new PredictionTally(numClasses), new MistakeHeap(keepMistakes)), Partial::merge);
    }

    private static final class ScorePartition implements FlatMapFunction<Iterator<Row>, Partial> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<byte[]> model;
        private final Broadcast<Vocabulary> vocabulary;
        private final int numClasses;
        private final int maxLength;
        private final Batching batching;
        private final int batchSize;
        private final int keepMistakes;

        ScorePartition(Broadcast<byte[]> model, Broadcast<Vocabulary> vocabulary, int numClasses, int maxLength, Batching batching,
                       int batchSize, int keepMistakes) {
            this.model = model;
            this.vocabulary = vocabulary;
            this.numClasses = numClasses;
            this.maxLength = maxLength;
            this.batching = batching;
            this.batchSize = batchSize;
            this.keepMistakes = keepMistakes;
        }

        @Override
        public Iterator<Partial> call(Iterator<Row> rows) throws Exception {
            PredictionTally tally = new PredictionTally(numClasses);
            MistakeHeap mistakes = new MistakeHeap(keepMistakes);
            if (rows.hasNext()) {
                Predictor predictor = Predictor.fromBytes(model.value(), batching, maxLength, batchSize);
                Vocabulary vocab = vocabulary.value();
                predictor.forEachWindow(rows, batch -> scoreBatch(predictor, batch, vocab, tally, mistakes));
            }
            return List.of(new Partial(tally, mistakes)).iterator();
        }

        private void scoreBatch(Predictor predictor, List<Row> batch, Vocabulary vocab, PredictionTally tally, MistakeHeap mistakes) {
            int n = batch.size();
            int[][] tokens = new int[n][];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                List<Integer> t = batch.get(i).getList(2);
                tokens[i] = new int[t.size()];
                for (int j = 0; j < tokens[i].length; j++) {
                    tokens[i][j] = t.get(j);
                }
                lengths[i] = batch.get(i).getInt(1);
            }
            float[][] out = predictor.predict(tokens, lengths);
            for (int i = 0; i < n; i++) {
                Row r = batch.get(i);
                double[] p = new double[out[i].length];
                for (int c = 0; c < p.length; c++) {
                    p[c] = out[i][c];
                }
                int actual = r.getInt(0);
                int predicted = tally.add(actual, p);
                if (predicted != actual && mistakes.accepts(p[predicted])) {
                    mistakes.offer(new Mistake(r.getString(3), excerpt(r.getList(2), r.getInt(1), vocab), actual, predicted,
                            p[predicted], p[actual]));
                }
            }
        }
    }

    /** The kept tokens of a document as text, cut to {@link Mistake#EXCERPT} characters. */
    public static String excerpt(List<Integer> tokens, int length, Vocabulary vocab) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < Math.min(length, tokens.size()) && sb.length() <= Mistake.EXCERPT; t++) {
            int id = tokens.get(t);
            sb.append(t == 0 ? "" : " ").append(id >= 0 && id < vocab.size() ? vocab.token(id) : Vocabulary.UNK_TOKEN);
        }
        return sb.length() <= Mistake.EXCERPT ? sb.toString() : sb.substring(0, Mistake.EXCERPT - 1) + "\u2026";
    }
}
