package org.textrnn.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.TextrnnException;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.io.HadoopFiles;

/**
 * {@code train --average-epochs N}: the network an epoch is validated, kept and scored with is the
 * mean of the weights at the end of the last N epochs (fewer in the first epochs), while training
 * goes on from the epoch's own weights and optimiser state (a tail average of the iterates, as in
 * stochastic weight averaging). The weights of the last N epochs travel in the checkpoint
 * ({@value #FILE}), so a resumed run averages what an uninterrupted one would.
 */
final class EpochAverage {

    /** The checkpoint's file of the last epochs' weights, one row per epoch, oldest first (only with N > 1). */
    static final String FILE = "recent-weights.bin";

    private final int size;
    private final Deque<INDArray> recent = new ArrayDeque<>();

    /** No epochs yet. */
    EpochAverage(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("--average-epochs must be >= 1, found " + size);
        }
        this.size = size;
    }

    int size() {
        return size;
    }

    /** The epochs held now (at most {@link #size}). */
    int held() {
        return recent.size();
    }

    /**
     * Takes the weights at the end of an epoch; the network to validate and keep: {@code trained}
     * itself with N = 1, else a copy of it holding the mean of the last N epochs' weights.
     * {@code trained} is not changed.
     */
    MultiLayerNetwork add(MultiLayerNetwork trained) {
        if (size == 1) {
            return trained;
        }
        INDArray w = trained.params();
        recent.addLast(w.dup().reshape(1, w.length())); // held as rows, as the checkpoint file holds them
        while (recent.size() > size) {
            recent.removeFirst();
        }
        INDArray mean = Nd4j.zeros(w.dataType(), 1, w.length());
        for (INDArray r : recent) {
            mean.addi(r);
        }
        mean.divi(recent.size());
        MultiLayerNetwork averaged = trained.clone();
        averaged.setParams(mean);
        return averaged;
    }

    /** Writes the weights held into the checkpoint folder {@code folder} (its staging); nothing with N = 1, which holds none. */
    void write(Path folder, Configuration conf) throws IOException {
        if (recent.isEmpty()) {
            return;
        }
        Path p = new Path(folder, FILE);
        try (DataOutputStream o = new DataOutputStream(ModelBundle.rawFileSystem(p, conf).create(p, true))) {
            Nd4j.write(Nd4j.vstack(recent.toArray(INDArray[]::new)), o);
        }
    }

    /**
     * The average of a checkpoint in {@code folder} after {@code epochs} epochs: its weights of the last
     * min(N, epochs) epochs. Fails where the checkpoint lacks them or holds another number of them.
     */
    static EpochAverage read(Path folder, int size, int epochs, Configuration conf) throws IOException {
        EpochAverage a = new EpochAverage(size);
        if (size == 1 || epochs == 0) {
            return a;
        }
        Path p = new Path(folder, FILE);
        int expected = Math.min(size, epochs);
        if (!HadoopFiles.exists(p, conf)) {
            throw new TextrnnException("--resume: the checkpoint in " + folder + " has no " + FILE + " (the weights of its last "
                    + expected + " epochs, which --average-epochs " + size + " averages); train it again with --overwrite");
        }
        INDArray rows;
        try (DataInputStream in = new DataInputStream(p.getFileSystem(conf).open(p))) {
            rows = Nd4j.read(in);
        }
        if (rows.rank() != 2 || rows.rows() != expected) {
            throw new TextrnnException("--resume: " + p + " holds " + (rows.rank() == 2 ? rows.rows() : 1) + " epochs' weights, where --average-epochs "
                    + size + " after epoch " + epochs + " needs " + expected + "; train it again with --overwrite");
        }
        for (int i = 0; i < rows.rows(); i++) {
            a.recent.addLast(rows.getRow(i, true).dup());
        }
        return a;
    }
}
