package dev.minerua.cpu.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link PointwiseTiles} on 512-bit vectors: 16 accumulators (8 channels x 2 vectors) in locals. */
final class PointwiseTiles512 extends PointwiseTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;

    @Override
    int width() {
        return 2 * L;
    }

    @Override
    void rows8(float[] x, int xOff, int plane, int k, float[] w, int wOff, float[] bias, int m0,
               float[] y, int yOff, int ldy) {
        FloatVector b0 = FloatVector.broadcast(S, bias[m0 + 0]);
        FloatVector b1 = FloatVector.broadcast(S, bias[m0 + 1]);
        FloatVector b2 = FloatVector.broadcast(S, bias[m0 + 2]);
        FloatVector b3 = FloatVector.broadcast(S, bias[m0 + 3]);
        FloatVector b4 = FloatVector.broadcast(S, bias[m0 + 4]);
        FloatVector b5 = FloatVector.broadcast(S, bias[m0 + 5]);
        FloatVector b6 = FloatVector.broadcast(S, bias[m0 + 6]);
        FloatVector b7 = FloatVector.broadcast(S, bias[m0 + 7]);
        FloatVector c00 = b0;
        FloatVector c01 = b0;
        FloatVector c10 = b1;
        FloatVector c11 = b1;
        FloatVector c20 = b2;
        FloatVector c21 = b2;
        FloatVector c30 = b3;
        FloatVector c31 = b3;
        FloatVector c40 = b4;
        FloatVector c41 = b4;
        FloatVector c50 = b5;
        FloatVector c51 = b5;
        FloatVector c60 = b6;
        FloatVector c61 = b6;
        FloatVector c70 = b7;
        FloatVector c71 = b7;
        for (int kk = 0; kk < k; kk++) {
            int xi = xOff + kk * plane;
            int wi = wOff + kk * 8;
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + L);
            FloatVector a0 = FloatVector.broadcast(S, w[wi + 0]);
            c00 = a0.fma(x0, c00);
            c01 = a0.fma(x1, c01);
            FloatVector a1 = FloatVector.broadcast(S, w[wi + 1]);
            c10 = a1.fma(x0, c10);
            c11 = a1.fma(x1, c11);
            FloatVector a2 = FloatVector.broadcast(S, w[wi + 2]);
            c20 = a2.fma(x0, c20);
            c21 = a2.fma(x1, c21);
            FloatVector a3 = FloatVector.broadcast(S, w[wi + 3]);
            c30 = a3.fma(x0, c30);
            c31 = a3.fma(x1, c31);
            FloatVector a4 = FloatVector.broadcast(S, w[wi + 4]);
            c40 = a4.fma(x0, c40);
            c41 = a4.fma(x1, c41);
            FloatVector a5 = FloatVector.broadcast(S, w[wi + 5]);
            c50 = a5.fma(x0, c50);
            c51 = a5.fma(x1, c51);
            FloatVector a6 = FloatVector.broadcast(S, w[wi + 6]);
            c60 = a6.fma(x0, c60);
            c61 = a6.fma(x1, c61);
            FloatVector a7 = FloatVector.broadcast(S, w[wi + 7]);
            c70 = a7.fma(x0, c70);
            c71 = a7.fma(x1, c71);
        }
        c00.intoArray(y, yOff);
        c01.intoArray(y, yOff + L);
        c10.intoArray(y, yOff + 1 * ldy);
        c11.intoArray(y, yOff + 1 * ldy + L);
        c20.intoArray(y, yOff + 2 * ldy);
        c21.intoArray(y, yOff + 2 * ldy + L);
        c30.intoArray(y, yOff + 3 * ldy);
        c31.intoArray(y, yOff + 3 * ldy + L);
        c40.intoArray(y, yOff + 4 * ldy);
        c41.intoArray(y, yOff + 4 * ldy + L);
        c50.intoArray(y, yOff + 5 * ldy);
        c51.intoArray(y, yOff + 5 * ldy + L);
        c60.intoArray(y, yOff + 6 * ldy);
        c61.intoArray(y, yOff + 6 * ldy + L);
        c70.intoArray(y, yOff + 7 * ldy);
        c71.intoArray(y, yOff + 7 * ldy + L);
    }

    @Override
    void rows8Clamp(float[] x, int xOff, int plane, int k, float[] w, int wOff, float[] bias, int m0,
                    float[] y, int yOff, int ldy, float lo, float hi) {
        FloatVector b0 = FloatVector.broadcast(S, bias[m0 + 0]);
        FloatVector b1 = FloatVector.broadcast(S, bias[m0 + 1]);
        FloatVector b2 = FloatVector.broadcast(S, bias[m0 + 2]);
        FloatVector b3 = FloatVector.broadcast(S, bias[m0 + 3]);
        FloatVector b4 = FloatVector.broadcast(S, bias[m0 + 4]);
        FloatVector b5 = FloatVector.broadcast(S, bias[m0 + 5]);
        FloatVector b6 = FloatVector.broadcast(S, bias[m0 + 6]);
        FloatVector b7 = FloatVector.broadcast(S, bias[m0 + 7]);
        FloatVector c00 = b0;
        FloatVector c01 = b0;
        FloatVector c10 = b1;
        FloatVector c11 = b1;
        FloatVector c20 = b2;
        FloatVector c21 = b2;
        FloatVector c30 = b3;
        FloatVector c31 = b3;
        FloatVector c40 = b4;
        FloatVector c41 = b4;
        FloatVector c50 = b5;
        FloatVector c51 = b5;
        FloatVector c60 = b6;
        FloatVector c61 = b6;
        FloatVector c70 = b7;
        FloatVector c71 = b7;
        for (int kk = 0; kk < k; kk++) {
            int xi = xOff + kk * plane;
            int wi = wOff + kk * 8;
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + L);
            FloatVector a0 = FloatVector.broadcast(S, w[wi + 0]);
            c00 = a0.fma(x0, c00);
            c01 = a0.fma(x1, c01);
            FloatVector a1 = FloatVector.broadcast(S, w[wi + 1]);
            c10 = a1.fma(x0, c10);
            c11 = a1.fma(x1, c11);
            FloatVector a2 = FloatVector.broadcast(S, w[wi + 2]);
            c20 = a2.fma(x0, c20);
            c21 = a2.fma(x1, c21);
            FloatVector a3 = FloatVector.broadcast(S, w[wi + 3]);
            c30 = a3.fma(x0, c30);
            c31 = a3.fma(x1, c31);
            FloatVector a4 = FloatVector.broadcast(S, w[wi + 4]);
            c40 = a4.fma(x0, c40);
            c41 = a4.fma(x1, c41);
            FloatVector a5 = FloatVector.broadcast(S, w[wi + 5]);
            c50 = a5.fma(x0, c50);
            c51 = a5.fma(x1, c51);
            FloatVector a6 = FloatVector.broadcast(S, w[wi + 6]);
            c60 = a6.fma(x0, c60);
            c61 = a6.fma(x1, c61);
            FloatVector a7 = FloatVector.broadcast(S, w[wi + 7]);
            c70 = a7.fma(x0, c70);
            c71 = a7.fma(x1, c71);
        }
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        c00.max(vlo).min(vhi).intoArray(y, yOff);
        c01.max(vlo).min(vhi).intoArray(y, yOff + L);
        c10.max(vlo).min(vhi).intoArray(y, yOff + 1 * ldy);
        c11.max(vlo).min(vhi).intoArray(y, yOff + 1 * ldy + L);
        c20.max(vlo).min(vhi).intoArray(y, yOff + 2 * ldy);
        c21.max(vlo).min(vhi).intoArray(y, yOff + 2 * ldy + L);
        c30.max(vlo).min(vhi).intoArray(y, yOff + 3 * ldy);
        c31.max(vlo).min(vhi).intoArray(y, yOff + 3 * ldy + L);
        c40.max(vlo).min(vhi).intoArray(y, yOff + 4 * ldy);
        c41.max(vlo).min(vhi).intoArray(y, yOff + 4 * ldy + L);
        c50.max(vlo).min(vhi).intoArray(y, yOff + 5 * ldy);
        c51.max(vlo).min(vhi).intoArray(y, yOff + 5 * ldy + L);
        c60.max(vlo).min(vhi).intoArray(y, yOff + 6 * ldy);
        c61.max(vlo).min(vhi).intoArray(y, yOff + 6 * ldy + L);
        c70.max(vlo).min(vhi).intoArray(y, yOff + 7 * ldy);
        c71.max(vlo).min(vhi).intoArray(y, yOff + 7 * ldy + L);
    }

    @Override
    void row1(float[] x, int xOff, int plane, int k, float[] w, int wOff, float bias, float[] y, int yOff,
              float lo, float hi) {
        FloatVector c0 = FloatVector.broadcast(S, bias);
        FloatVector c1 = c0;
        for (int kk = 0; kk < k; kk++) {
            int xi = xOff + kk * plane;
            FloatVector a = FloatVector.broadcast(S, w[wOff + kk]);
            c0 = a.fma(FloatVector.fromArray(S, x, xi), c0);
            c1 = a.fma(FloatVector.fromArray(S, x, xi + L), c1);
        }
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        c0.max(vlo).min(vhi).intoArray(y, yOff);
        c1.max(vlo).min(vhi).intoArray(y, yOff + L);
    }
}
