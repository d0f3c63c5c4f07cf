package org.textrnn.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * dl4j-spark's parameter averaging, fed an epoch laid out once instead of split and repartitioned
 * at every averaging round.
 *
 * <p>Left to itself, {@link ParameterAveragingTrainingMaster} cuts an epoch's {@code RDD<DataSet>} into
 * {@code floor(minibatches / (workers x frequency))} random splits and, with its default
 * {@code Repartition.Always}, repartitions every split into one partition per worker (a counting job,
 * an indexing pass and a shuffle per round: two single-task stages per round on small data). Each
 * worker then fits at most {@code frequency} minibatches of its partition and skips the rest, so up
 * to {@code workers x frequency - 1} of the epoch's minibatches were not trained at all (measured on
 * the first 2,000 web snippets, 2 workers: 20 of 29 minibatches trained at frequency 5, 28 at 1).
 *
 * <p>Here {@link #layout} numbers the epoch's minibatches in their order (one counting job) and
 * moves them, in one shuffle per epoch, into one partition per round and worker. With {@code R =
 * ceil(minibatches / (workers x frequency))} rounds, minibatch {@code i} is in round {@code i mod R}
 * (so every round draws evenly from the whole epoch, and from every partition the epoch was built
 * in, and the rounds differ in size by one at most), and a round's minibatches go to the workers in
 * turn, each keeping their order. The master ({@link Master}) never repartitions, and its round
 * {@code r} is the {@code r}-th group of {@code workers} partitions: one Spark stage per round, one
 * task per worker, each fitting at most {@code frequency} minibatches. Every minibatch is trained
 * once per epoch, and the layout depends on the epoch's order alone (no random split), so a seed
 * gives the same training. The laid-out epoch is not cached: each round reads its partitions from
 * the shuffle's files, so its tasks have no executor to wait for. A worker left without minibatches
 * in a round (only when there are fewer than {@code workers} of them per round) sits it out:
 * dl4j-spark's averaging cannot take an empty worker.
 */
final class AveragingRounds {

    private static final Logger LOG = LoggerFactory.getLogger(AveragingRounds.class);

    private AveragingRounds() {
    }

    /**
     * A master that trains {@link #layout laid-out} epochs round by round; built from the job's
     * settings, without dl4j-spark's repartitioning or caching of what it trains on.
     */
    static Master master(ParameterAveragingTrainingMaster.Builder builder) {
        return new Master(builder.repartionData(Repartition.Never).storageLevel(null));
    }

    /** Rounds of an epoch of {@code minibatches}: at least one when there is any. */
    static int rounds(long minibatches, int workers, int frequency) {
        long perRound = (long) workers * frequency;
        return (int) ((minibatches + perRound - 1) / perRound);
    }

    /** Minibatches in round {@code r} of {@code rounds}. */
    static long roundSize(long minibatches, int rounds, int r) {
        return (minibatches - r + rounds - 1) / rounds;
    }

    /** The partition of minibatch {@code i} of an epoch in {@code rounds} rounds: its round's group of partitions, then its worker. */
    static int partition(long i, int rounds, int workers) {
        return (int) ((i % rounds) * workers + (i / rounds) % workers);
    }

    /**
     * The minibatches in their order, one partition per round and worker (see the class comment):
     * one Spark job counts them, a shuffle moves them (when the result is first used).
     */
    static <T> JavaRDD<T> layout(JavaRDD<T> minibatches, int workers, int frequency) {
        List<Long> sizes = minibatches.mapPartitions((Iterator<T> it) -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        long[] offsets = new long[sizes.size()];
        long total = 0;
        for (int p = 0; p < offsets.length; p++) {
            offsets[p] = total;
            total += sizes.get(p);
        }
        int rounds = Math.max(1, rounds(total, workers, frequency));
        JavaRDD<Tuple2<Long, T>> numbered = minibatches.mapPartitionsWithIndex((Integer p, Iterator<T> it) -> {
            List<Tuple2<Long, T>> out = new ArrayList<>();
            long i = offsets[p];
            while (it.hasNext()) {
                out.add(new Tuple2<>(i++, it.next()));
            }
            return out.iterator();
        }, true);
        return JavaPairRDD.fromJavaRDD(numbered)
                .repartitionAndSortWithinPartitions(new RoundPartitioner(rounds, workers))
                .values();
    }

    /** Minibatch number → {@link #partition}. */
    static final class RoundPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int rounds;
        private final int workers;

        RoundPartitioner(int rounds, int workers) {
            this.rounds = rounds;
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return rounds * workers;
        }

        @Override
        public int getPartition(Object key) {
            return partition((Long) key, rounds, workers);
        }
    }

    /**
     * {@link ParameterAveragingTrainingMaster} with rounds taken from a {@link #layout}: round
     * {@code r} is partitions {@code r x workers} up to the last one holding minibatches of it.
     */
    static final class Master extends ParameterAveragingTrainingMaster {

        Master(Builder builder) {
            super(builder);
        }

        /** The epoch laid out for this master's workers and averaging frequency. */
        JavaRDD<DataSet> layout(JavaRDD<DataSet> minibatches) {
            return AveragingRounds.layout(minibatches, numWorkers, averagingFrequency);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount, int examplesPerDataSetObject) {
            int workers = numWorkers;
            int rounds = rounds(totalDataSetObjectCount, workers, averagingFrequency);
            if (totalDataSetObjectCount > 0 && trainingData.getNumPartitions() != rounds * workers) {
                throw new IllegalStateException("training data of " + totalDataSetObjectCount + " minibatches in "
                        + trainingData.getNumPartitions() + " partitions is not laid out for " + workers + " workers averaging every "
                        + averagingFrequency + " (" + rounds * workers + " partitions): use layout()");
            }
            LOG.info("train: {} minibatches in {} averaging rounds of at most {} per worker", totalDataSetObjectCount, rounds,
                    averagingFrequency);
            JavaRDD<T>[] splits = new JavaRDD[rounds];
            for (int r = 0; r < rounds; r++) {
                int from = r * workers;
                int to = from + (int) Math.min(workers, roundSize(totalDataSetObjectCount, rounds, r));
                splits[r] = new JavaRDD<>(PartitionPruningRDD.create(trainingData.rdd(), new Between(from, to)), trainingData.classTag());
            }
            return splits;
        }
    }

    /** Partition indices in [from, to), for {@link PartitionPruningRDD}. */
    private static final class Between extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Between(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Object apply(Object index) {
            int i = (Integer) index;
            return i >= from && i < to;
        }
    }
}
