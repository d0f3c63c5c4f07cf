package org.textrnn.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.textrnn.TextrnnException;
import org.textrnn.model.Batching;

/**
 * The one way textrnn asks a network for class probabilities (score, evaluate, and train's
 * validation): documents are taken in windows of {@link Batching#window(int)} rows, cut into
 * minibatches the way the model was trained to see them ({@link Batching}: length buckets or padding
 * with a features mask), and each minibatch goes through {@code output} once. Not thread-safe (DL4J
 * networks are not): one predictor per thread.
 */
public final class Predictor {

    private final MultiLayerNetwork network;
    private final Batching batching;
    private final int maxLength;
    private final int batchSize;

    public Predictor(MultiLayerNetwork network, Batching batching, int maxLength, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        this.network = network;
        this.batching = batching;
        this.maxLength = maxLength;
        this.batchSize = batchSize;
    }

    /** A predictor over a network restored from the bytes of {@value ModelBundle#MODEL} (as broadcast to executors). */
    public static Predictor fromBytes(byte[] model, Batching batching, int maxLength, int batchSize) {
        try {
            return new Predictor(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), false), batching, maxLength, batchSize);
        } catch (IOException e) {
            throw new TextrnnException("the network cannot be restored: " + e.getMessage(), e);
        }
    }

    /** How many documents {@link #predict} takes at once to form its minibatches. */
    public int window() {
        return batching.window(batchSize);
    }

    /**
     * Class probabilities [document][class] of documents given as token ids (at most the max length)
     * and their true lengths.
     */
    public float[][] predict(int[][] tokens, int[] lengths) {
        return batching.predict(network, tokens, lengths, maxLength, batchSize);
    }

    /**
     * Predicts a stream of documents window by window: {@code scoreWindow} gets each window of rows
     * (at most {@link #window()}) and returns its outputs, which the returned iterator yields in order.
     * Only one window is held at a time.
     */
    public <R, O> Iterator<O> windows(Iterator<R> rows, Function<List<R>, List<O>> scoreWindow) {
        return new Iterator<>() {
            private List<O> out = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= out.size()) {
                    if (!rows.hasNext()) {
                        return false;
                    }
                    out = scoreWindow.apply(nextWindow(rows));
                    next = 0;
                }
                return true;
            }

            @Override
            public O next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }

    /** Hands each window of rows (at most {@link #window()}) to {@code scoreWindow}, for scoring that only accumulates. */
    public <R> void forEachWindow(Iterator<R> rows, Consumer<List<R>> scoreWindow) {
        while (rows.hasNext()) {
            scoreWindow.accept(nextWindow(rows));
        }
    }

    private <R> List<R> nextWindow(Iterator<R> rows) {
        int window = window();
        List<R> batch = new ArrayList<>(window);
        while (rows.hasNext() && batch.size() < window) {
            batch.add(rows.next());
        }
        return batch;
    }
}
