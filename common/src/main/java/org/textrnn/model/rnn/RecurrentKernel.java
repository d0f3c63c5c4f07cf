package org.textrnn.model.rnn;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One direction of a recurrent layer over a {@link BatchPlan}'s packed time-major rows: the input
 * projection of all steps in one GEMM per gate, per step one recurrent GEMM per gate into the rows
 * of the sequences still running and a few elementwise operations, and in the backward pass the
 * weight gradients as one GEMM per gate over all steps.
 *
 * <p>Each gate has its own buffer [rows, h], so that every elementwise operation runs on one
 * contiguous block (ND4J's loops over strided views are several times slower). Buffers are kept
 * between calls outside DL4J's workspaces and grow to the largest minibatch seen; rows past a
 * plan's {@link BatchPlan#rows()} hold stale but finite values that are never read as results
 * (their gate gradients are zero). Views of the buffers are cached: creating one costs about as
 * much as an elementwise operation on it.
 */
abstract class RecurrentKernel {

    protected final int nIn;
    protected final int h;
    protected final int gates;
    protected final DataType type;

    private int rowCapacity = -1;
    private int batchCapacity = -1;
    private int backRowCapacity = -1;
    private int backBatchCapacity = -1;
    private boolean epsCapacity;
    private final Map<Long, INDArray> views = new HashMap<>();
    private int bufferCount;

    /** Gathered input [rows+1, nIn]; after the backward pass, its input gradient. */
    protected Buffer x;
    /** Gates, pre- then post-activation, one [rows, h] per gate. */
    protected Buffer[] z;
    /** States [rows+1, h]; the row past the plan's rows is zero. */
    protected Buffer hs;
    /** Scratch [minibatch, h]. */
    protected Buffer s1;
    protected Buffer s2;
    /** Gate gradients, one [rows, h] per gate. */
    protected Buffer[] dz;
    /** Running state gradient [minibatch, h]. */
    protected Buffer dh;
    /** Output gradient by step [rows, h] (layers that output every step). */
    protected Buffer e;

    RecurrentKernel(int nIn, int h, int gates, DataType type) {
        this.nIn = nIn;
        this.h = h;
        this.gates = gates;
        this.type = type;
    }

    static RecurrentKernel create(SequenceRnn.Cell cell, int nIn, int h, DataType type) {
        return cell.kernel(nIn, h, type);
    }

    DataType dataType() {
        return type;
    }

    /** A kernel-owned 2D array (outside any workspace) whose row-range views are cached. */
    protected final class Buffer {
        final INDArray array;
        private final long id;

        Buffer(long rows, long columns) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                array = Nd4j.create(type, rows, columns);
            }
            id = bufferCount++;
        }

        /** Rows [from, to) as a view. */
        INDArray rows(long from, long to) {
            if (views.size() > 50_000) {
                views.clear();
            }
            long key = (id << 52) | (from << 26) | to;
            INDArray v = views.get(key);
            if (v == null) {
                v = from == 0 && to == array.rows() ? array : array.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                views.put(key, v);
            }
            return v;
        }

        /** Rows of step t: the sequences still running then. */
        INDArray step(BatchPlan p, int t) {
            return rows(p.offset(t), p.offset(t) + p.active(t));
        }

        /** Rows of step t − 1 of the sequences still running at step t (a prefix of that step's rows). */
        INDArray prev(BatchPlan p, int t) {
            return rows(p.offset(t - 1), p.offset(t - 1) + p.active(t));
        }
    }

    private Buffer[] buffers(int count, long rows) {
        Buffer[] b = new Buffer[count];
        for (int i = 0; i < count; i++) {
            b[i] = new Buffer(rows, h);
        }
        return b;
    }

    protected static void sigmoid(INDArray a) {
        Nd4j.exec(new Sigmoid(a, a));
    }

    /**
     * tanh: in float as 2σ(2x) − 1, since ND4J's own tanh costs about 1.4x these three operations;
     * in double with ND4J's tanh, because its sigmoid is not exact to double precision (the
     * gradient checks, which run in double, see its error through the identity).
     */
    protected static void tanh(INDArray in, INDArray out) {
        if (in.dataType() != DataType.FLOAT) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(in, out));
            return;
        }
        in.mul(2.0, out);
        Nd4j.exec(new Sigmoid(out, out));
        out.muli(2.0).subi(1.0);
    }

    /**
     * Gate g's block of a [G, a, b] or [G, a] parameter (or its gradient): a contiguous view.
     * (ND4J M2.1's {@code get(point(g), ...)} and {@code slice(g)} fail on views of the flat
     * parameter vector; tensorAlongDimension does not.)
     */
    protected static INDArray gate(INDArray p, int g) {
        return p.rank() == 3 ? p.tensorAlongDimension(g, 1, 2) : p.tensorAlongDimension(g, 1);
    }

    private void ensureForward(int rows, int minibatch) {
        if (rows > rowCapacity || minibatch > batchCapacity) {
            rowCapacity = Math.max(rows, rowCapacity);
            batchCapacity = Math.max(minibatch, batchCapacity);
            views.clear();
            x = new Buffer(rowCapacity + 1L, nIn);
            z = buffers(gates, rowCapacity);
            hs = new Buffer(rowCapacity + 1L, h);
            s1 = new Buffer(batchCapacity, h);
            s2 = new Buffer(batchCapacity, h);
            allocateForward(rowCapacity, batchCapacity);
            backRowCapacity = -1;
        }
    }

    private void ensureBackward(int rows, int minibatch, boolean everyStep) {
        if (rows > backRowCapacity || minibatch > backBatchCapacity) {
            backRowCapacity = Math.max(rows, rowCapacity);
            backBatchCapacity = Math.max(minibatch, batchCapacity);
            dz = buffers(gates, backRowCapacity);
            dh = new Buffer(backBatchCapacity, h);
            allocateBackward(backRowCapacity, backBatchCapacity);
            epsCapacity = false;
        }
        if (everyStep && !epsCapacity) {
            e = new Buffer(backRowCapacity, h);
            epsCapacity = true;
        }
    }

    protected final Buffer newBuffer(long rows) {
        return new Buffer(rows, h);
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
    protected abstract void backwardSteps(BatchPlan p, Buffer eps, INDArray u);

    /** The gradients of gate g's h_{t-1} U_g: [rows, h]. */
    protected abstract Buffer recurrentGradient(int g);

    /** Gradients of cell-specific parameters (after {@link #backwardSteps}). */
    protected abstract void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir);

    /**
     * @param byStep  the input as {@link BatchPlan#rowsByStep} rows
     * @param reverse the backward direction: each sequence read from its last token to its first
     */
    final void forward(INDArray byStep, BatchPlan p, boolean reverse, Map<String, INDArray> params, String dir) {
        int rows = p.rows();
        ensureForward(rows, p.minibatch());
        hs.array.getRow(rows).assign(0);
        if (rows == 0) {
            return;
        }
        INDArray xd = x.rows(0, rows);
        Nd4j.pullRows(byStep, xd, 1, p.gather(reverse));
        INDArray w = params.get(dir + SequenceRnnParams.W);
        INDArray b = params.get(dir + SequenceRnnParams.B);
        for (int g = 0; g < gates; g++) {
            INDArray zg = z[g].rows(0, rows);
            Nd4j.gemm(xd, gate(w, g), zg, false, false, 1.0, 0.0);
            zg.addiRowVector(gate(b, g));
        }
        forwardSteps(p, params, dir);
    }

    /** Every step's state as rows b·T + t [minibatch·T, h], zero at padded steps. */
    final INDArray states(BatchPlan p, boolean reverse) {
        return Nd4j.pullRows(hs.rows(0, p.rows() + 1L), 1, p.scatter(reverse));
    }

    /** Each sequence's final state [minibatch, h] (for the backward direction: its state at the first token). */
    final INDArray finalStates(BatchPlan p) {
        return Nd4j.pullRows(hs.rows(0, p.rows() + 1L), 1, p.finalRows());
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
        for (Buffer d : dz) {
            d.rows(0, rows).assign(0);
        }
        INDArray dhd = dh.rows(0, mb);
        Buffer stepEps = null;
        if (lastStep) {
            Nd4j.pullRows(eps, dhd, 1, p.order());
        } else {
            dhd.assign(0);
            stepEps = e;
            Nd4j.pullRows(eps, e.rows(0, rows), 1, p.gather(reverse));
        }
        INDArray u = params.get(dir + SequenceRnnParams.U);
        backwardSteps(p, stepEps, u);
        INDArray xd = x.rows(0, rows);
        INDArray w = params.get(dir + SequenceRnnParams.W);
        for (int g = 0; g < gates; g++) {
            INDArray dzg = dz[g].rows(0, rows);
            Nd4j.gemm(xd, dzg, gate(gw, g), true, false, 1.0, 0.0);
            INDArray gug = gate(gu, g);
            if (p.maxLength() > 1) {
                Buffer rg = recurrentGradient(g);
                for (int t = 1; t < p.maxLength(); t++) {
                    Nd4j.gemm(hs.prev(p, t), rg.step(p, t), gug, true, false, 1.0, t == 1 ? 0.0 : 1.0);
                }
            } else {
                gug.assign(0);
            }
            dzg.sum(gate(gb, g), 0);
        }
        extraGradients(p, grads, dir);
        // the input gradient replaces the gathered input (no longer needed), with the zero row after it
        for (int g = 0; g < gates; g++) {
            Nd4j.gemm(dz[g].rows(0, rows), gate(w, g), xd, false, true, 1.0, g == 0 ? 0.0 : 1.0);
        }
        x.array.getRow(rows).assign(0);
        return Nd4j.pullRows(x.rows(0, rows + 1L), 1, p.scatter(reverse));
    }

    /** LSTM, gates i, f, o, g. */
    static final class LstmKernel extends RecurrentKernel {
        private Buffer c;
        private Buffer tc;
        private Buffer dc;

        LstmKernel(int nIn, int h, DataType type) {
            super(nIn, h, 4, type);
        }

        @Override
        protected void allocateForward(int rows, int minibatch) {
            c = newBuffer(rows);
            tc = newBuffer(rows);
        }

        @Override
        protected void allocateBackward(int rows, int minibatch) {
            dc = newBuffer(minibatch);
        }

        @Override
        protected void forwardSteps(BatchPlan p, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            INDArray[] ug = {gate(u, 0), gate(u, 1), gate(u, 2), gate(u, 3)};
            for (int t = 0; t < p.maxLength(); t++) {
                int n = p.active(t);
                INDArray i = z[0].step(p, t);
                INDArray f = z[1].step(p, t);
                INDArray o = z[2].step(p, t);
                INDArray g = z[3].step(p, t);
                if (t > 0) {
                    INDArray prev = hs.prev(p, t);
                    Nd4j.gemm(prev, ug[0], i, false, false, 1.0, 1.0);
                    Nd4j.gemm(prev, ug[1], f, false, false, 1.0, 1.0);
                    Nd4j.gemm(prev, ug[2], o, false, false, 1.0, 1.0);
                    Nd4j.gemm(prev, ug[3], g, false, false, 1.0, 1.0);
                }
                sigmoid(i);
                sigmoid(f);
                sigmoid(o);
                tanh(g, g);
                INDArray ct = c.step(p, t);
                i.mul(g, ct);
                if (t > 0) {
                    INDArray s = s1.rows(0, n);
                    f.mul(c.prev(p, t), s);
                    ct.addi(s);
                }
                INDArray tct = tc.step(p, t);
                tanh(ct, tct);
                o.mul(tct, hs.step(p, t));
            }
        }

        @Override
        protected void backwardSteps(BatchPlan p, Buffer eps, INDArray u) {
            int mb = p.minibatch();
            INDArray[] ug = {gate(u, 0), gate(u, 1), gate(u, 2), gate(u, 3)};
            dc.rows(0, mb).assign(0);
            for (int t = p.maxLength() - 1; t >= 0; t--) {
                int n = p.active(t);
                INDArray dht = dh.rows(0, n);
                if (eps != null) {
                    dht.addi(eps.step(p, t));
                }
                INDArray dct = dc.rows(0, n);
                INDArray i = z[0].step(p, t);
                INDArray f = z[1].step(p, t);
                INDArray o = z[2].step(p, t);
                INDArray g = z[3].step(p, t);
                INDArray di = dz[0].step(p, t);
                INDArray df = dz[1].step(p, t);
                INDArray dO = dz[2].step(p, t);
                INDArray dg = dz[3].step(p, t);
                INDArray tct = tc.step(p, t);
                INDArray s = s1.rows(0, n);
                // dc += dh ⊙ o ⊙ (1 − tanh²(c))
                tct.mul(tct, s);
                s.rsubi(1.0).muli(o).muli(dht);
                dct.addi(s);
                // do = dh ⊙ tanh(c) ⊙ o(1 − o)
                dht.mul(tct, dO);
                o.rsub(1.0, s).muli(o);
                dO.muli(s);
                // di = dc ⊙ g ⊙ i(1 − i)
                dct.mul(g, di);
                i.rsub(1.0, s).muli(i);
                di.muli(s);
                // dg = dc ⊙ i ⊙ (1 − g²)
                dct.mul(i, dg);
                g.mul(g, s).rsubi(1.0);
                dg.muli(s);
                if (t > 0) {
                    // df = dc ⊙ c_{t−1} ⊙ f(1 − f)
                    dct.mul(c.prev(p, t), df);
                    f.rsub(1.0, s).muli(f);
                    df.muli(s);
                    dct.muli(f);
                    Nd4j.gemm(di, ug[0], dht, false, true, 1.0, 0.0);
                    Nd4j.gemm(df, ug[1], dht, false, true, 1.0, 1.0);
                    Nd4j.gemm(dO, ug[2], dht, false, true, 1.0, 1.0);
                    Nd4j.gemm(dg, ug[3], dht, false, true, 1.0, 1.0);
                }
            }
        }

        @Override
        protected Buffer recurrentGradient(int g) {
            return dz[g];
        }

        @Override
        protected void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir) {
            // none
        }
    }

    /** GRU (PyTorch's: b_hn inside r ⊙ (...)), gates r, z, n. */
    static final class GruKernel extends RecurrentKernel {
        /** h_{t−1} U_n + b_hn [rows, h]. */
        private Buffer hn;
        /** Its gradient. */
        private Buffer dhn;

        GruKernel(int nIn, int h, DataType type) {
            super(nIn, h, 3, type);
        }

        @Override
        protected void allocateForward(int rows, int minibatch) {
            hn = newBuffer(rows);
        }

        @Override
        protected void allocateBackward(int rows, int minibatch) {
            dhn = newBuffer(rows);
        }

        @Override
        protected void forwardSteps(BatchPlan p, Map<String, INDArray> params, String dir) {
            INDArray u = params.get(dir + SequenceRnnParams.U);
            INDArray bh = params.get(dir + SequenceRnnParams.BH);
            INDArray[] ug = {gate(u, 0), gate(u, 1), gate(u, 2)};
            for (int t = 0; t < p.maxLength(); t++) {
                int n = p.active(t);
                INDArray r = z[0].step(p, t);
                INDArray zg = z[1].step(p, t);
                INDArray nn = z[2].step(p, t);
                INDArray hnt = hn.step(p, t);
                INDArray prev = t > 0 ? hs.prev(p, t) : null;
                if (prev != null) {
                    Nd4j.gemm(prev, ug[0], r, false, false, 1.0, 1.0);
                    Nd4j.gemm(prev, ug[1], zg, false, false, 1.0, 1.0);
                    Nd4j.gemm(prev, ug[2], hnt, false, false, 1.0, 0.0);
                } else {
                    hnt.assign(0);
                }
                hnt.addiRowVector(bh);
                sigmoid(r);
                sigmoid(zg);
                INDArray s = s1.rows(0, n);
                r.mul(hnt, s);
                nn.addi(s);
                tanh(nn, nn);
                INDArray ht = hs.step(p, t);
                if (prev != null) {
                    prev.sub(nn, ht).muli(zg).addi(nn);
                } else {
                    zg.rsub(1.0, ht).muli(nn);
                }
            }
        }

        @Override
        protected void backwardSteps(BatchPlan p, Buffer eps, INDArray u) {
            INDArray[] ug = {gate(u, 0), gate(u, 1), gate(u, 2)};
            dhn.rows(0, p.rows()).assign(0);
            for (int t = p.maxLength() - 1; t >= 0; t--) {
                int n = p.active(t);
                INDArray dht = dh.rows(0, n);
                if (eps != null) {
                    dht.addi(eps.step(p, t));
                }
                INDArray r = z[0].step(p, t);
                INDArray zg = z[1].step(p, t);
                INDArray nn = z[2].step(p, t);
                INDArray hnt = hn.step(p, t);
                INDArray dr = dz[0].step(p, t);
                INDArray dzz = dz[1].step(p, t);
                INDArray dn = dz[2].step(p, t);
                INDArray dhnt = dhn.step(p, t);
                INDArray s = s1.rows(0, n);
                INDArray q = s2.rows(0, n);
                // dn = dh ⊙ (1 − z) ⊙ (1 − n²)
                zg.rsub(1.0, s).muli(dht);
                nn.mul(nn, q).rsubi(1.0);
                s.mul(q, dn);
                // dz = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
                if (t > 0) {
                    hs.prev(p, t).sub(nn, s);
                } else {
                    nn.mul(-1.0, s);
                }
                s.muli(dht);
                zg.rsub(1.0, q).muli(zg);
                s.mul(q, dzz);
                // d(h U_n + b_hn) = dn ⊙ r; dr = dn ⊙ (h U_n + b_hn) ⊙ r(1 − r)
                dn.mul(r, dhnt);
                dn.mul(hnt, s);
                r.rsub(1.0, q).muli(r);
                s.mul(q, dr);
                if (t > 0) {
                    // dh_{t−1} = dh ⊙ z + Σ_g d(h U_g) U_g^T
                    dht.muli(zg);
                    Nd4j.gemm(dr, ug[0], dht, false, true, 1.0, 1.0);
                    Nd4j.gemm(dzz, ug[1], dht, false, true, 1.0, 1.0);
                    Nd4j.gemm(dhnt, ug[2], dht, false, true, 1.0, 1.0);
                }
            }
        }

        @Override
        protected Buffer recurrentGradient(int g) {
            return g == 2 ? dhn : dz[g];
        }

        @Override
        protected void extraGradients(BatchPlan p, Map<String, INDArray> grads, String dir) {
            INDArray gbh = grads.get(dir + SequenceRnnParams.BH);
            if (p.rows() == 0) {
                gbh.assign(0);
            } else {
                dhn.rows(0, p.rows()).sum(gbh, 0);
            }
        }
    }
}
