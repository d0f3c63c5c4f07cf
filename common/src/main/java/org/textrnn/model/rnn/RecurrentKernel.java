package org.textrnn.model.rnn;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One direction of a recurrent layer over a {@link BatchPlan}'s time-major rows: the input
 * projection of all steps in one GEMM, per step one recurrent GEMM into the gate rows of the
 * sequences still running and a few elementwise operations, and in the backward pass the weight
 * gradients as one GEMM each over all steps. Buffers are kept between calls outside DL4J's
 * workspaces and grow to the largest minibatch seen; rows past a plan's {@link BatchPlan#rows()}
 * hold stale but finite values that are never read as results (their gate gradients are zero).
 */
abstract class RecurrentKernel {

    protected final int nIn;
    protected final int h;
    protected final int width;
    protected final DataType type;

    private int rowCapacity = -1;
    private int batchCapacity = -1;
    private int backRowCapacity = -1;
    private int backBatchCapacity = -1;
    private boolean epsCapacity;

    /** Gathered input [rows+1, nIn]; after the backward pass, its input gradient. */
    protected INDArray x;
    /** Gates, pre- then post-activation [rows, width]. */
    protected INDArray z;
    /** States [rows+1, h]; the row past the plan's rows is zero. */
    protected INDArray hs;
    /** Scratch [minibatch, h]. */
    protected INDArray s1;
    /** Gate gradients [rows, width]. */
    protected INDArray dz;
    /** Running state gradient [minibatch, h]. */
    protected INDArray dh;
    /** Output gradient by step [rows, h] (layers that output every step). */
    protected INDArray e;

    RecurrentKernel(int nIn, int h, int gates, DataType type) {
        this.nIn = nIn;
        this.h = h;
        this.width = gates * h;
        this.type = type;
    }

    static RecurrentKernel create(SequenceRnn.Cell cell, int nIn, int h, DataType type) {
        return cell == SequenceRnn.Cell.LSTM ? new LstmKernel(nIn, h, type) : new GruKernel(nIn, h, type);
    }

    DataType dataType() {
        return type;
    }

    protected static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    protected static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    protected static void sigmoid(INDArray a) {
        Nd4j.exec(new Sigmoid(a, a));
    }

    protected static void tanh(INDArray in, INDArray out) {
        Nd4j.exec(new Tanh(in, out));
    }

    /** A zeroed array outside any workspace, kept by the kernel. */
    protected final INDArray buffer(long rows, long columns) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(type, rows, columns);
        }
    }

    private void ensureForward(int rows, int minibatch) {
        if (rows > rowCapacity || minibatch > batchCapacity) {
            rowCapacity = Math.max(rows, rowCapacity);
            batchCapacity = Math.max(minibatch, batchCapacity);
            x = buffer(rowCapacity + 1L, nIn);
            z = buffer(rowCapacity, width);
            hs = buffer(rowCapacity + 1L, h);
            s1 = buffer(batchCapacity, h);
            allocateForward(rowCapacity, batchCapacity);
        }
    }

    private void ensureBackward(int rows, int minibatch, boolean everyStep) {
        if (rows > backRowCapacity || minibatch > backBatchCapacity || (everyStep && !epsCapacity)) {
            backRowCapacity = Math.max(rows, backRowCapacity);
            backBatchCapacity = Math.max(minibatch, backBatchCapacity);
            dz = buffer(backRowCapacity, width);
            dh = buffer(backBatchCapacity, h);
            allocateBackward(backRowCapacity, backBatchCapacity);
            epsCapacity = false;
        }
        if (everyStep && !epsCapacity) {
            e = buffer(backRowCapacity, h);
            epsCapacity = true;
        }
    }

    /** Cell-specific buffers for the forward pass. */
    protected abstract void allocateForward(int rows, int minibatch);

    /** Cell-specific buffers for the backward pass. */
    protected abstract void allocateBackward(int rows, int minibatch);

    /** The per-step recurrence over {@link #z} (already holding x W + b), filling {@link #hs}. */
    protected abstract void forwardSteps(BatchPlan p, Map<String, INDArray> params, String dir);

    /**
     * Back through the steps: fills {@link #dz} (and cell-specific gradients) from {@link #dh}, which
     * holds each sequence's final-state gradient, and {@code eps} (per-step output gradients, or null).
     */
    protected abstract void backwardSteps(BatchPlan p, INDArray eps, Map<String, INDArray> params, String dir);

    /** The gate gradients that multiply h_{t-1} U: [rows, width]. */
    protected abstract INDArray recurrentGateGradients();

    /** Gradients of cell-specific parameters (after {@link #backwardSteps}). */
    protected abstract void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir);

    /**
     * @param byStep  the input as {@link BatchPlan#rowsByStep} rows
     * @param reverse the backward direction: each sequence read from its last token to its first
     */
    final void forward(INDArray byStep, BatchPlan p, boolean reverse, Map<String, INDArray> params, String dir) {
        int rows = p.rows();
        ensureForward(rows, p.minibatch());
        hs.getRow(rows).assign(0);
        if (rows == 0) {
            return;
        }
        INDArray xd = rows(x, 0, rows);
        Nd4j.pullRows(byStep, xd, 1, p.gather(reverse));
        INDArray zd = rows(z, 0, rows);
        Nd4j.gemm(xd, params.get(dir + SequenceRnnParams.W), zd, false, false, 1.0, 0.0);
        zd.addiRowVector(params.get(dir + SequenceRnnParams.B));
        forwardSteps(p, params, dir);
    }

    /** Every step's state as rows b·T + t [minibatch·T, h], zero at padded steps. */
    final INDArray states(BatchPlan p, boolean reverse) {
        return Nd4j.pullRows(rows(hs, 0, p.rows() + 1L), 1, p.scatter(reverse));
    }

    /** Each sequence's final state [minibatch, h] (for the backward direction: its state at the first token). */
    final INDArray finalStates(BatchPlan p) {
        return Nd4j.pullRows(rows(hs, 0, p.rows() + 1L), 1, p.finalRows());
    }

    /**
     * Writes this direction's parameter gradients into {@code grads} and returns the input gradient
     * as rows b·T + t [minibatch·T, nIn].
     *
     * @param eps      [minibatch, h] gradient of the final states, or [minibatch·T, h] of every step's output (rows b·T + t)
     * @param lastStep which of the two eps is
     */
    final INDArray backward(INDArray eps, boolean lastStep, BatchPlan p, boolean reverse, Map<String, INDArray> params,
                            Map<String, INDArray> grads, String dir) {
        int rows = p.rows();
        int mb = p.minibatch();
        ensureBackward(rows, mb, !lastStep);
        INDArray gw = grads.get(dir + SequenceRnnParams.W);
        INDArray gu = grads.get(dir + SequenceRnnParams.U);
        INDArray gb = grads.get(dir + SequenceRnnParams.B);
        if (rows == 0) {
            gw.assign(0);
            gu.assign(0);
            gb.assign(0);
            extraGradients(p, grads, dir);
            return Nd4j.zeros(type, (long) mb * p.steps(), nIn);
        }
        INDArray dzd = rows(dz, 0, rows);
        dzd.assign(0);
        INDArray dhd = rows(dh, 0, mb);
        INDArray stepEps = null;
        if (lastStep) {
            Nd4j.pullRows(eps, dhd, 1, p.order());
        } else {
            dhd.assign(0);
            stepEps = rows(e, 0, rows);
            Nd4j.pullRows(eps, stepEps, 1, p.gather(reverse));
        }
        backwardSteps(p, stepEps, params, dir);
        INDArray xd = rows(x, 0, rows);
        Nd4j.gemm(xd, dzd, gw, true, false, 1.0, 0.0);
        if (p.maxLength() > 1) {
            Nd4j.gemm(rows(hs, 0, rows - mb), rows(recurrentGateGradients(), mb, rows), gu, true, false, 1.0, 0.0);
        } else {
            gu.assign(0);
        }
        dzd.sum(gb, 0);
        extraGradients(p, grads, dir);
        // the input gradient replaces the gathered input (no longer needed), with the zero row after it
        Nd4j.gemm(dzd, params.get(dir + SequenceRnnParams.W), xd, false, true, 1.0, 0.0);
        x.getRow(rows).assign(0);
        return Nd4j.pullRows(rows(x, 0, rows + 1L), 1, p.scatter(reverse));
    }

    /** LSTM, gates [i f o g]. */
    static final class LstmKernel extends RecurrentKernel {
        private INDArray c;
        private INDArray tc;
        private INDArray dc;

        LstmKernel(int nIn, int h, DataType type) {
            super(nIn, h, 4, type);
        }

        @Override
        protected void allocateForward(int rows, int minibatch) {
            c = buffer(rows, h);
            tc = buffer(rows, h);
        }

        @Override
        protected void allocateBackward(int rows, int minibatch) {
            dc = buffer(minibatch, h);
        }

        @Override
        protected void forwardSteps(BatchPlan p, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            int mb = p.minibatch();
            for (int t = 0; t < p.maxLength(); t++) {
                int n = p.active(t);
                long base = (long) t * mb;
                INDArray zt = rows(z, base, base + n);
                if (t > 0) {
                    Nd4j.gemm(rows(hs, base - mb, base - mb + n), u, zt, false, false, 1.0, 1.0);
                }
                sigmoid(cols(zt, 0, 3L * h));
                INDArray g = cols(zt, 3L * h, 4L * h);
                tanh(g, g);
                INDArray ct = rows(c, base, base + n);
                cols(zt, 0, h).mul(g, ct);
                if (t > 0) {
                    INDArray s = rows(s1, 0, n);
                    cols(zt, h, 2L * h).mul(rows(c, base - mb, base - mb + n), s);
                    ct.addi(s);
                }
                INDArray tct = rows(tc, base, base + n);
                tanh(ct, tct);
                cols(zt, 2L * h, 3L * h).mul(tct, rows(hs, base, base + n));
            }
        }

        @Override
        protected void backwardSteps(BatchPlan p, INDArray eps, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            int mb = p.minibatch();
            rows(dc, 0, mb).assign(0);
            for (int t = p.maxLength() - 1; t >= 0; t--) {
                int n = p.active(t);
                long base = (long) t * mb;
                INDArray dht = rows(dh, 0, n);
                if (eps != null) {
                    dht.addi(rows(eps, base, base + n));
                }
                INDArray dct = rows(dc, 0, n);
                INDArray zt = rows(z, base, base + n);
                INDArray i = cols(zt, 0, h);
                INDArray f = cols(zt, h, 2L * h);
                INDArray o = cols(zt, 2L * h, 3L * h);
                INDArray g = cols(zt, 3L * h, 4L * h);
                INDArray dzt = rows(dz, base, base + n);
                INDArray tct = rows(tc, base, base + n);
                INDArray s = rows(s1, 0, n);
                // dc += dh ⊙ o ⊙ (1 − tanh²(c))
                tct.mul(tct, s);
                s.rsubi(1.0).muli(o).muli(dht);
                dct.addi(s);
                // do = dh ⊙ tanh(c) ⊙ o(1 − o)
                INDArray dO = cols(dzt, 2L * h, 3L * h);
                dht.mul(tct, dO);
                o.rsub(1.0, s).muli(o);
                dO.muli(s);
                // di = dc ⊙ g ⊙ i(1 − i)
                INDArray di = cols(dzt, 0, h);
                dct.mul(g, di);
                i.rsub(1.0, s).muli(i);
                di.muli(s);
                // dg = dc ⊙ i ⊙ (1 − g²)
                INDArray dg = cols(dzt, 3L * h, 4L * h);
                dct.mul(i, dg);
                g.mul(g, s).rsubi(1.0);
                dg.muli(s);
                if (t > 0) {
                    // df = dc ⊙ c_{t−1} ⊙ f(1 − f)
                    INDArray df = cols(dzt, h, 2L * h);
                    dct.mul(rows(c, base - mb, base - mb + n), df);
                    f.rsub(1.0, s).muli(f);
                    df.muli(s);
                    dct.muli(f);
                    Nd4j.gemm(dzt, u, dht, false, true, 1.0, 0.0);
                }
            }
        }

        @Override
        protected INDArray recurrentGateGradients() {
            return dz;
        }

        @Override
        protected void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir) {
            // none
        }
    }

    /** GRU (PyTorch's: b_hn inside r ⊙ (...)), gates [r z n]. */
    static final class GruKernel extends RecurrentKernel {
        /** h_{t−1} U (+ b_hn on the n block) [rows, 3h]. */
        private INDArray hh;
        private INDArray dhh;
        private INDArray s2;

        GruKernel(int nIn, int h, DataType type) {
            super(nIn, h, 3, type);
        }

        @Override
        protected void allocateForward(int rows, int minibatch) {
            hh = buffer(rows, width);
            s2 = buffer(minibatch, h);
        }

        @Override
        protected void allocateBackward(int rows, int minibatch) {
            dhh = buffer(rows, width);
        }

        @Override
        protected void forwardSteps(BatchPlan p, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            INDArray bh = params.get(dir + SequenceRnnParams.BH);
            int mb = p.minibatch();
            for (int t = 0; t < p.maxLength(); t++) {
                int n = p.active(t);
                long base = (long) t * mb;
                INDArray zt = rows(z, base, base + n);
                INDArray hht = rows(hh, base, base + n);
                INDArray prev = t > 0 ? rows(hs, base - mb, base - mb + n) : null;
                if (prev != null) {
                    Nd4j.gemm(prev, u, hht, false, false, 1.0, 0.0);
                } else {
                    hht.assign(0);
                }
                INDArray hhn = cols(hht, 2L * h, 3L * h);
                hhn.addiRowVector(bh);
                INDArray rz = cols(zt, 0, 2L * h);
                rz.addi(cols(hht, 0, 2L * h));
                sigmoid(rz);
                INDArray r = cols(zt, 0, h);
                INDArray zg = cols(zt, h, 2L * h);
                INDArray nn = cols(zt, 2L * h, 3L * h);
                INDArray s = rows(s1, 0, n);
                r.mul(hhn, s);
                nn.addi(s);
                tanh(nn, nn);
                INDArray ht = rows(hs, base, base + n);
                if (prev != null) {
                    prev.sub(nn, ht).muli(zg).addi(nn);
                } else {
                    zg.rsub(1.0, ht).muli(nn);
                }
            }
        }

        @Override
        protected void backwardSteps(BatchPlan p, INDArray eps, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            int mb = p.minibatch();
            rows(dhh, 0, p.rows()).assign(0);
            for (int t = p.maxLength() - 1; t >= 0; t--) {
                int n = p.active(t);
                long base = (long) t * mb;
                INDArray dht = rows(dh, 0, n);
                if (eps != null) {
                    dht.addi(rows(eps, base, base + n));
                }
                INDArray zt = rows(z, base, base + n);
                INDArray r = cols(zt, 0, h);
                INDArray zg = cols(zt, h, 2L * h);
                INDArray nn = cols(zt, 2L * h, 3L * h);
                INDArray hhn = cols(rows(hh, base, base + n), 2L * h, 3L * h);
                INDArray dzt = rows(dz, base, base + n);
                INDArray dhht = rows(dhh, base, base + n);
                INDArray s = rows(s1, 0, n);
                INDArray q = rows(s2, 0, n);
                // dn = dh ⊙ (1 − z) ⊙ (1 − n²)
                INDArray dn = cols(dzt, 2L * h, 3L * h);
                zg.rsub(1.0, s).muli(dht);
                nn.mul(nn, q).rsubi(1.0);
                s.mul(q, dn);
                // dz = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
                if (t > 0) {
                    rows(hs, base - mb, base - mb + n).sub(nn, s);
                } else {
                    nn.mul(-1.0, s);
                }
                s.muli(dht);
                zg.rsub(1.0, q).muli(zg);
                s.mul(q, cols(dzt, h, 2L * h));
                // d(h U_n + b_hn) = dn ⊙ r; dr = dn ⊙ (h U_n + b_hn) ⊙ r(1 − r)
                dn.mul(r, cols(dhht, 2L * h, 3L * h));
                dn.mul(hhn, s);
                r.rsub(1.0, q).muli(r);
                s.mul(q, cols(dzt, 0, h));
                cols(dhht, 0, 2L * h).assign(cols(dzt, 0, 2L * h));
                if (t > 0) {
                    // dh_{t−1} = dh ⊙ z + d(h U) U^T
                    dht.muli(zg);
                    Nd4j.gemm(dhht, u, dht, false, true, 1.0, 1.0);
                }
            }
        }

        @Override
        protected INDArray recurrentGateGradients() {
            return dhh;
        }

        @Override
        protected void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir) {
            INDArray gbh = grads.get(dir + SequenceRnnParams.BH);
            if (p.rows() == 0) {
                gbh.assign(0);
            } else {
                cols(rows(dhh, 0, p.rows()), 2L * h, 3L * h).sum(gbh, 0);
            }
        }
    }
}
