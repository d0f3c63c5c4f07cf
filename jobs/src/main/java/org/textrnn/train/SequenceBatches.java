package org.textrnn.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.data.SequenceSchema;
import org.textrnn.model.Batching;
import scala.Tuple2;

/**
 * Prepared sequences as DL4J minibatches, built on the executors: features are token indices
 * [n, T] with a features mask [n, T] from each row's true length, labels one-hot [n, classes].
 * The driver never holds the data.
 */
public final class SequenceBatches {

    private SequenceBatches() {
    }

    /**
     * Minibatches of up to {@code batchSize} rows. With a shuffle seed the rows are ordered by a
     * seeded hash of their id first, so an epoch's order is the same on every run and differs
     * between epochs; without one the input order is kept.
     */
    public static JavaRDD<DataSet> batches(Dataset<Row> rows, int batchSize, int numClasses, int maxLength, Long shuffleSeed) {
        Dataset<Row> ordered = shuffleSeed == null ? rows
                : rows.orderBy(xxhash64(lit(shuffleSeed), col(SequenceSchema.DOC_ID)), col(SequenceSchema.DOC_ID));
        return ordered.select(SequenceSchema.LABEL_INDEX, SequenceSchema.LENGTH, SequenceSchema.TOKENS).javaRDD()
                .mapPartitions(it -> new BatchIterator(it, batchSize, numClasses, maxLength));
    }

    /**
     * Minibatches of {@code batchSize} rows of (nearly) the same length, each only as long as its
     * longest document ({@link Batching#LENGTH_BUCKETS}). The rows are sorted by length, then by a
     * seeded hash of their id, and cut into consecutive batches; so every batch but the last holds
     * exactly {@code batchSize} rows (the workers of parameter averaging merge smaller ones with the
     * next), and only a batch where one length ends and the next begins holds two lengths (padded to
     * the longer, a step or two). The batches are then put in a seeded random order, the one short
     * batch last, so that an epoch does not run from short documents to long ones.
     */
    public static JavaRDD<DataSet> lengthBuckets(Dataset<Row> rows, int batchSize, int numClasses, int maxLength, long shuffleSeed) {
        Column steps = greatest(lit(1), least(col(SequenceSchema.LENGTH), lit(maxLength)));
        JavaRDD<Row> sorted = rows
                .select(col(SequenceSchema.LABEL_INDEX), col(SequenceSchema.LENGTH), col(SequenceSchema.TOKENS), steps.as("steps"),
                        xxhash64(lit(shuffleSeed), col(SequenceSchema.DOC_ID)).as("order"), col(SequenceSchema.DOC_ID))
                .orderBy("steps", "order", SequenceSchema.DOC_ID)
                .javaRDD();
        long size = batchSize;
        return sorted.zipWithIndex()
                .mapToPair(r -> new Tuple2<>(r._2() / size, r._1()))
                .groupByKey()
                .mapToPair(g -> {
                    List<Row> batch = new ArrayList<>(batchSize);
                    g._2().forEach(batch::add);
                    // a seeded order of the batches; the short one (if any) after all full ones
                    long key = (mix(shuffleSeed * 0x9E3779B97F4A7C15L + g._1()) >>> 2) | (batch.size() < size ? 1L << 62 : 0L);
                    return new Tuple2<>(key, batch);
                })
                .sortByKey()
                .map(b -> {
                    int width = 1;
                    for (Row r : b._2()) {
                        width = Math.max(width, Batching.steps(r.getInt(1), maxLength));
                    }
                    return toDataSet(b._2(), numClasses, width);
                });
    }

    /** A 64-bit mixing function (the finaliser of MurmurHash3). */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** One minibatch from rows of (label_index, length, tokens), padded (or cut) to {@code maxLength} steps. */
    public static DataSet toDataSet(List<Row> rows, int numClasses, int maxLength) {
        int n = rows.size();
        float[] features = new float[n * maxLength];
        float[] mask = new float[n * maxLength];
        float[] labels = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            List<Integer> tokens = r.getList(2);
            int length = Math.max(1, Math.min(r.getInt(1), maxLength));
            for (int t = 0; t < maxLength; t++) {
                features[i * maxLength + t] = t < tokens.size() ? tokens.get(t) : 0;
                mask[i * maxLength + t] = t < length ? 1f : 0f;
            }
            if (!r.isNullAt(0)) {
                labels[i * numClasses + r.getInt(0)] = 1f;
            }
        }
        INDArray f = Nd4j.create(features, new long[] {n, maxLength}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {n, maxLength}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {n, numClasses}, 'c');
        return new DataSet(f.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT), m.castTo(DataType.FLOAT), null);
    }

    private static final class BatchIterator implements Iterator<DataSet> {
        private final Iterator<Row> rows;
        private final int batchSize;
        private final int numClasses;
        private final int maxLength;

        BatchIterator(Iterator<Row> rows, int batchSize, int numClasses, int maxLength) {
            this.rows = rows;
            this.batchSize = batchSize;
            this.numClasses = numClasses;
            this.maxLength = maxLength;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public DataSet next() {
            if (!rows.hasNext()) {
                throw new NoSuchElementException();
            }
            List<Row> batch = new ArrayList<>(batchSize);
            while (rows.hasNext() && batch.size() < batchSize) {
                batch.add(rows.next());
            }
            return toDataSet(batch, numClasses, maxLength);
        }
    }
}
