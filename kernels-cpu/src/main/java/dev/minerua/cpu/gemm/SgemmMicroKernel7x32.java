package dev.minerua.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 7x32 GEMM micro-kernel on 512-bit vectors, for products whose row count is a multiple of 7 and not of 8:
 * the transposed product of a convolution over a 7x7 or 14x14 map ({@code Yᵀ = col(X)ᵀ·Wᵀ}, positions as rows,
 * output channels along the vector lanes), where the 8-row kernel's last sliver of 49 positions holds one row
 * and computes seven of padding (12.5% of all FMAs). 14 accumulators in locals, per k step 2 loads of the packed
 * B row and 7 broadcasts of packed A. Serves {@link Sgemm#forRows}; tails and the epilogue are the 8x32
 * kernel's (they do not depend on MR).
 */
final class SgemmMicroKernel7x32 extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    /** Row count per tile. */
    static final int MR = 7;

    /** The 8-row kernel, for the MR-independent parts (epilogue, row copies, few-rows products). */
    private final SgemmMicroKernel8x32 wide = new SgemmMicroKernel8x32();

    SgemmMicroKernel7x32() {
        super(MR, 32);
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
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 32;
            int ai = aOff + p * 7;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 16);
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
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
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
            c60 = c60.mul(alpha);
            c61 = c61.mul(alpha);
        }
        int o = cOff;
        if (loadC) {
            c00 = c00.add(FloatVector.fromArray(S, c, o));
            c01 = c01.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c10 = c10.add(FloatVector.fromArray(S, c, o));
            c11 = c11.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c20 = c20.add(FloatVector.fromArray(S, c, o));
            c21 = c21.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c30 = c30.add(FloatVector.fromArray(S, c, o));
            c31 = c31.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c40 = c40.add(FloatVector.fromArray(S, c, o));
            c41 = c41.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c50 = c50.add(FloatVector.fromArray(S, c, o));
            c51 = c51.add(FloatVector.fromArray(S, c, o + 16));
            o += ldc;
            c60 = c60.add(FloatVector.fromArray(S, c, o));
            c61 = c61.add(FloatVector.fromArray(S, c, o + 16));
            o = cOff;
        }
        c00.intoArray(c, o);
        c01.intoArray(c, o + 16);
        o += ldc;
        c10.intoArray(c, o);
        c11.intoArray(c, o + 16);
        o += ldc;
        c20.intoArray(c, o);
        c21.intoArray(c, o + 16);
        o += ldc;
        c30.intoArray(c, o);
        c31.intoArray(c, o + 16);
        o += ldc;
        c40.intoArray(c, o);
        c41.intoArray(c, o + 16);
        o += ldc;
        c50.intoArray(c, o);
        c51.intoArray(c, o + 16);
        o += ldc;
        c60.intoArray(c, o);
        c61.intoArray(c, o + 16);
    }

    @Override
    void multiplyRows(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                      int ldc, int cols, float alpha, boolean accumulate) {
        wide.multiplyRows(rows, k, a, aOff, lda, b, bOff, c, cOff, ldc, cols, alpha, accumulate);
    }

    @Override
    void copyRow(float[] src, int s, float[] dst, int d) {
        wide.copyRow(src, s, dst, d);
    }

    @Override
    void epilogue(Epilogue ep, float[] c, int cOff, int ldc, int row0, int rows, int col0, int cols) {
        wide.epilogue(ep, c, cOff, ldc, row0, rows, col0, cols);
    }

    @Override
    String describe() {
        return "7x32/512";
    }
}
