package org.textrnn.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.textrnn.data.SequenceSchema;
import org.textrnn.metrics.PredictionTally;

/**
 * The baselines reported beside the neural model, so that a run that does not learn stands out:
 * Spark MLlib's multinomial naive Bayes and multinomial logistic regression on TF-IDF features,
 * trained on the training split and scored on the evaluated rows.
 *
 * <p>The "words" are the prepared token ids as strings (the kept, unpadded part of each sequence,
 * {@code <unk>} included as id 1): the same tokens, vocabulary and truncation the network sees, and
 * no raw text is needed. Term counts come from a {@link CountVectorizer} fitted on the training
 * split (every id it holds; the vocabulary is already pruned), weighted by {@link IDF}.
 */
final class Baselines {

    private static final Logger LOG = LoggerFactory.getLogger(Baselines.class);
    static final String NAIVE_BAYES = "naive_bayes";
    static final String LOGISTIC_REGRESSION = "logistic_regression";
    private static final String WORDS = "words";
    private static final String LABEL = "label";

    private Baselines() {
    }

    /** Each baseline's tally on {@code evaluated}, by name ({@value #NAIVE_BAYES}, {@value #LOGISTIC_REGRESSION}). */
    static Map<String, PredictionTally> run(Dataset<Row> train, Dataset<Row> evaluated, int numClasses, int lrIterations,
                                            double lrRegularization) {
        long t0 = System.nanoTime();
        Dataset<Row> trainWords = words(train).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> evalWords = words(evaluated);
        PipelineModel features = new Pipeline().setStages(new PipelineStage[] {
                new CountVectorizer().setInputCol(WORDS).setOutputCol("tf").setVocabSize(1 << 22),
                new IDF().setInputCol("tf").setOutputCol("features")}).fit(trainWords);
        Dataset<Row> trainFeatures = features.transform(trainWords).select(LABEL, "features").persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> evalFeatures = features.transform(evalWords).select(LABEL, "features");
        long trainCount = trainFeatures.count();

        Map<String, PredictionTally> tallies = new LinkedHashMap<>();
        NaiveBayes nb = new NaiveBayes().setModelType("multinomial").setSmoothing(1.0).setLabelCol(LABEL);
        tallies.put(NAIVE_BAYES, tally(nb.fit(trainFeatures).transform(evalFeatures), numClasses));
        LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setMaxIter(lrIterations)
                .setRegParam(lrRegularization).setLabelCol(LABEL);
        tallies.put(LOGISTIC_REGRESSION, tally(lr.fit(trainFeatures).transform(evalFeatures), numClasses));
        trainFeatures.unpersist();
        trainWords.unpersist();
        LOG.info("evaluate: baselines trained on {} documents and scored in {}s: naive Bayes accuracy {}, logistic regression accuracy {}",
                trainCount, (System.nanoTime() - t0) / 1_000_000_000L, tallies.get(NAIVE_BAYES).metrics().accuracy(),
                tallies.get(LOGISTIC_REGRESSION).metrics().accuracy());
        return tallies;
    }

    /** (label as double, the kept token ids as strings). */
    static Dataset<Row> words(Dataset<Row> rows) {
        return rows.filter(col(SequenceSchema.LABEL_INDEX).isNotNull())
                .select(col(SequenceSchema.LABEL_INDEX).cast("double").as(LABEL),
                        expr("transform(slice(" + SequenceSchema.TOKENS + ", 1, " + SequenceSchema.LENGTH + "), t -> cast(t as string))").as(WORDS));
    }

    /** Tallies predictions on the executors; only the tally reaches the driver. */
    private static PredictionTally tally(Dataset<Row> predictions, int numClasses) {
        return predictions.select(LABEL, "probability").javaRDD().mapPartitions(rows -> {
            PredictionTally t = new PredictionTally(numClasses);
            while (rows.hasNext()) {
                Row r = rows.next();
                t.add((int) r.getDouble(0), ((Vector) r.get(1)).toArray());
            }
            return List.of(t).iterator();
        }).fold(new PredictionTally(numClasses), PredictionTally::merge);
    }
}
