package dev.minerua.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 6x16 GEMM micro-kernel on 256-bit vectors: 12 accumulators in locals, per k step 2 loads of
 * the packed B row and 6 broadcasts of packed A. Generated from one template with its siblings
 * (they differ only in species and tile shape), because the species must be a static final constant for
 * the JIT to emit vector instructions.
 */
final class SgemmMicroKernel6x16 extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;

    SgemmMicroKernel6x16() {
        super(6, 16);
    }

    @Override
    void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float alpha,
                  boolean loadC) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 16;
            int ai = aOff + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
        }
        if (alpha != 1f) {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
        }
        int o = cOff;
        if (loadC) {
            c00 = c00.add(FloatVector.fromArray(S, c, o));
            c01 = c01.add(FloatVector.fromArray(S, c, o + 8));
            o += ldc;
            c10 = c10.add(FloatVector.fromArray(S, c, o));
            c11 = c11.add(FloatVector.fromArray(S, c, o + 8));
            o += ldc;
            c20 = c20.add(FloatVector.fromArray(S, c, o));
            c21 = c21.add(FloatVector.fromArray(S, c, o + 8));
            o += ldc;
            c30 = c30.add(FloatVector.fromArray(S, c, o));
            c31 = c31.add(FloatVector.fromArray(S, c, o + 8));
            o += ldc;
            c40 = c40.add(FloatVector.fromArray(S, c, o));
            c41 = c41.add(FloatVector.fromArray(S, c, o + 8));
            o += ldc;
            c50 = c50.add(FloatVector.fromArray(S, c, o));
            c51 = c51.add(FloatVector.fromArray(S, c, o + 8));
            o = cOff;
        }
        c00.intoArray(c, o);
        c01.intoArray(c, o + 8);
        o += ldc;
        c10.intoArray(c, o);
        c11.intoArray(c, o + 8);
        o += ldc;
        c20.intoArray(c, o);
        c21.intoArray(c, o + 8);
        o += ldc;
        c30.intoArray(c, o);
        c31.intoArray(c, o + 8);
        o += ldc;
        c40.intoArray(c, o);
        c41.intoArray(c, o + 8);
        o += ldc;
        c50.intoArray(c, o);
        c51.intoArray(c, o + 8);
    }

    @Override
    boolean fusesBiasClamp() {
        return true;
    }

    @Override
    void multiplyBiasClamp(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                           float[] rowBias, int rbOff, float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 16;
            int ai = aOff + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
        }
        int o = cOff;
        // Bias and clamp bounds are broadcast once each, not at every add/max/min: the scalar forms broadcast per
        // call, and those inlined nodes took this method past C2's inlining budget in some JVMs, where its vectors
        // then boxed (ultraface-rfb-320 allocated 31 KB a run in two JVMs of three).
        if (rowBias != null) {
            FloatVector r0 = FloatVector.broadcast(S, rowBias[rbOff + 0]);
            c00 = c00.add(r0);
            c01 = c01.add(r0);
            FloatVector r1 = FloatVector.broadcast(S, rowBias[rbOff + 1]);
            c10 = c10.add(r1);
            c11 = c11.add(r1);
            FloatVector r2 = FloatVector.broadcast(S, rowBias[rbOff + 2]);
            c20 = c20.add(r2);
            c21 = c21.add(r2);
            FloatVector r3 = FloatVector.broadcast(S, rowBias[rbOff + 3]);
            c30 = c30.add(r3);
            c31 = c31.add(r3);
            FloatVector r4 = FloatVector.broadcast(S, rowBias[rbOff + 4]);
            c40 = c40.add(r4);
            c41 = c41.add(r4);
            FloatVector r5 = FloatVector.broadcast(S, rowBias[rbOff + 5]);
            c50 = c50.add(r5);
            c51 = c51.add(r5);
        }
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            FloatVector vlo = FloatVector.broadcast(S, lo);
            FloatVector vhi = FloatVector.broadcast(S, hi);
            c00 = c00.max(vlo).min(vhi);
            c01 = c01.max(vlo).min(vhi);
            c10 = c10.max(vlo).min(vhi);
            c11 = c11.max(vlo).min(vhi);
            c20 = c20.max(vlo).min(vhi);
            c21 = c21.max(vlo).min(vhi);
            c30 = c30.max(vlo).min(vhi);
            c31 = c31.max(vlo).min(vhi);
            c40 = c40.max(vlo).min(vhi);
            c41 = c41.max(vlo).min(vhi);
            c50 = c50.max(vlo).min(vhi);
            c51 = c51.max(vlo).min(vhi);
        }
        c00.intoArray(c, o);
        c01.intoArray(c, o + 8);
        o += ldc;
        c10.intoArray(c, o);
        c11.intoArray(c, o + 8);
        o += ldc;
        c20.intoArray(c, o);
        c21.intoArray(c, o + 8);
        o += ldc;
        c30.intoArray(c, o);
        c31.intoArray(c, o + 8);
        o += ldc;
        c40.intoArray(c, o);
        c41.intoArray(c, o + 8);
        o += ldc;
        c50.intoArray(c, o);
        c51.intoArray(c, o + 8);
    }

    @Override
    int narrowWidth() {
        return L;
    }

    @Override
    void multiplyNarrow(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                        float alpha) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 6;
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * 16);
            c0 = b0.fma(FloatVector.broadcast(S, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[ai + 5]), c5);
        }
        if (alpha != 1f) {
            c0 = c0.mul(alpha);
            c1 = c1.mul(alpha);
            c2 = c2.mul(alpha);
            c3 = c3.mul(alpha);
            c4 = c4.mul(alpha);
            c5 = c5.mul(alpha);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + ldc);
        c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc);
        c4.intoArray(c, cOff + 4 * ldc);
        c5.intoArray(c, cOff + 5 * ldc);
    }

    @Override
    void multiplyRows(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                      int ldc, int cols, float alpha, boolean accumulate) {
        rows256(rows, k, a, aOff, lda, b, bOff, c, cOff, ldc, cols, alpha, accumulate);
    }

    /**
     * {@link MicroKernel#multiplyRows} on 256-bit vectors: up to 4 rows read straight from A, 8 accumulators,
     * masked loads and stores (all lanes set for a full panel). Rows past {@code rows} repeat the last row of A
     * and of C, so they compute and store that row's own values again; all loads of C come before any store.
     * Straight-line code with no helper taking vectors: C2 gives up inlining in a method this size
     * (NodeCountInliningCutoff), and a vector passed to a call that is not inlined is boxed on the heap.
     */
    private static void rows256(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                        int ldc, int cols, float alpha, boolean accumulate) {
        int r1 = Math.min(1, rows - 1);
        int r2 = Math.min(2, rows - 1);
        int r3 = Math.min(3, rows - 1);
        int a0 = aOff;
        int a1 = aOff + r1 * lda;
        int a2 = aOff + r2 * lda;
        int a3 = aOff + r3 * lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < k; p++) {
            int bi = bOff + p * 2 * L;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(v0, c00);
            c01 = b1.fma(v0, c01);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(v1, c10);
            c11 = b1.fma(v1, c11);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(v2, c20);
            c21 = b1.fma(v2, c21);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(v3, c30);
            c31 = b1.fma(v3, c31);
        }
        if (alpha != 1f) {
            FloatVector s = FloatVector.broadcast(S, alpha);
            c00 = c00.mul(s);
            c01 = c01.mul(s);
            c10 = c10.mul(s);
            c11 = c11.mul(s);
            c20 = c20.mul(s);
            c21 = c21.mul(s);
            c30 = c30.mul(s);
            c31 = c31.mul(s);
        }
        VectorMask<Float> m0 = S.indexInRange(0, cols);
        VectorMask<Float> m1 = S.indexInRange(L, cols);
        int o0 = cOff;
        int o1 = cOff + r1 * ldc;
        int o2 = cOff + r2 * ldc;
        int o3 = cOff + r3 * ldc;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, o0, m0));
            c01 = c01.add(FloatVector.fromArray(S, c, o0 + L, m1));
            c10 = c10.add(FloatVector.fromArray(S, c, o1, m0));
            c11 = c11.add(FloatVector.fromArray(S, c, o1 + L, m1));
            c20 = c20.add(FloatVector.fromArray(S, c, o2, m0));
            c21 = c21.add(FloatVector.fromArray(S, c, o2 + L, m1));
            c30 = c30.add(FloatVector.fromArray(S, c, o3, m0));
            c31 = c31.add(FloatVector.fromArray(S, c, o3 + L, m1));
        }
        c00.intoArray(c, o0, m0);
        c01.intoArray(c, o0 + L, m1);
        c10.intoArray(c, o1, m0);
        c11.intoArray(c, o1 + L, m1);
        c20.intoArray(c, o2, m0);
        c21.intoArray(c, o2 + L, m1);
        c30.intoArray(c, o3, m0);
        c31.intoArray(c, o3 + L, m1);
    }

    @Override
    void epilogue(Epilogue ep, float[] c, int cOff, int ldc, int row0, int rows, int col0, int cols) {
        float[] cb = ep.columnBias();
        float[] rb = ep.rowBias();
        float[] res = ep.residual();
        boolean clamp = ep.clamps();
        float lo = ep.lo();
        float hi = ep.hi();
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = cOff + r * ldc;
            int i = row0 + r;
            float rowAdd = rb == null ? 0f : rb[ep.rowBiasOffset() + i];
            int cbo = ep.columnBiasOffset() + col0;
            int ro = ep.residualOffset() + i * ep.residualStride() + col0;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, c, o + j);
                if (cb != null) {
                    v = v.add(FloatVector.fromArray(S, cb, cbo + j));
                }
                if (rb != null) {
                    v = v.add(rowAdd);
                }
                if (res != null) {
                    v = v.add(FloatVector.fromArray(S, res, ro + j));
                }
                if (clamp) {
                    v = v.max(lo).min(hi);
                }
                v.intoArray(c, o + j);
            }
            for (; j < cols; j++) {
                c[o + j] = ep.apply(c[o + j], i, col0 + j);
            }
            if (ep.activation() != null) {
                ep.activation().apply(c, o, cols);
            }
        }
    }

    @Override
    String describe() {
        return "6x16/256";
    }
}
