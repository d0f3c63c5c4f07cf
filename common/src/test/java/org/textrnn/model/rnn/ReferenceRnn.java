package org.textrnn.model.rnn;

/**
 * Plain-Java LSTM and GRU (no ND4J), written from PyTorch's documented equations for
 * {@code nn.LSTM} and {@code nn.GRU}, one sequence at a time. Weights are given per gate:
 * {@code wx[k]} [nIn][h] and {@code wh[k]} [h][h] multiply the input and the previous state,
 * {@code bx[k]}, {@code bh[k]} are PyTorch's b_i* and b_h*. LSTM gates k = i, f, g, o; GRU gates
 * k = r, z, n.
 */
final class ReferenceRnn {

    private ReferenceRnn() {
    }

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** a·W + (b) for a row vector a [n] and W [n][h]. */
    static double[] affine(double[] a, double[][] w, double[] b) {
        int h = w[0].length;
        double[] out = new double[h];
        for (int j = 0; j < h; j++) {
            double s = b == null ? 0 : b[j];
            for (int i = 0; i < a.length; i++) {
                s += a[i] * w[i][j];
            }
            out[j] = s;
        }
        return out;
    }

    /** States h_t of each step of xs [T][nIn], starting from zero. */
    static double[][] lstm(double[][] xs, double[][][] wx, double[][][] wh, double[][] bx, double[][] bh) {
        int h = wh[0].length;
        double[] hPrev = new double[h];
        double[] cPrev = new double[h];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[][] pre = new double[4][];
            for (int k = 0; k < 4; k++) {
                double[] a = affine(xs[t], wx[k], bx[k]);
                double[] b = affine(hPrev, wh[k], bh[k]);
                pre[k] = new double[h];
                for (int j = 0; j < h; j++) {
                    pre[k][j] = a[j] + b[j];
                }
            }
            double[] c = new double[h];
            double[] hh = new double[h];
            for (int j = 0; j < h; j++) {
                double i = sigmoid(pre[0][j]);
                double f = sigmoid(pre[1][j]);
                double g = Math.tanh(pre[2][j]);
                double o = sigmoid(pre[3][j]);
                c[j] = f * cPrev[j] + i * g;
                hh[j] = o * Math.tanh(c[j]);
            }
            out[t] = hh;
            hPrev = hh;
            cPrev = c;
        }
        return out;
    }

    /** States h_t of each step of xs [T][nIn], starting from zero. */
    static double[][] gru(double[][] xs, double[][][] wx, double[][][] wh, double[][] bx, double[][] bh) {
        int h = wh[0].length;
        double[] hPrev = new double[h];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] xr = affine(xs[t], wx[0], bx[0]);
            double[] xz = affine(xs[t], wx[1], bx[1]);
            double[] xn = affine(xs[t], wx[2], bx[2]);
            double[] hr = affine(hPrev, wh[0], bh[0]);
            double[] hz = affine(hPrev, wh[1], bh[1]);
            double[] hn = affine(hPrev, wh[2], bh[2]);
            double[] next = new double[h];
            for (int j = 0; j < h; j++) {
                double r = sigmoid(xr[j] + hr[j]);
                double z = sigmoid(xz[j] + hz[j]);
                double n = Math.tanh(xn[j] + r * hn[j]);
                next[j] = (1 - z) * n + z * hPrev[j];
            }
            out[t] = next;
            hPrev = next;
        }
        return out;
    }

    static double[][] reversed(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }
}
