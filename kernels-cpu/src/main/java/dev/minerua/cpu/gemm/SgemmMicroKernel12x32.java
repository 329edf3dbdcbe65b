package dev.minerua.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 12x32 GEMM micro-kernel on 512-bit vectors: 24 accumulators in locals (of 32 zmm registers), per k step
 * 2 loads of the packed B row and 12 broadcasts of packed A, so each B load feeds 12 FMAs.
 * Written out by hand (generated), because the species must be a static final constant and the accumulators
 * locals for the JIT to keep them in registers.
 */
final class SgemmMicroKernel12x32 extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    SgemmMicroKernel12x32() {
        super(12, 32);
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
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S);
        FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S);
        FloatVector c91 = FloatVector.zero(S);
        FloatVector c100 = FloatVector.zero(S);
        FloatVector c101 = FloatVector.zero(S);
        FloatVector c110 = FloatVector.zero(S);
        FloatVector c111 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 32;
            int ai = aOff + p * 12;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 16);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
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
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
            FloatVector a8 = FloatVector.broadcast(S, a[ai + 8]);
            c80 = b0.fma(a8, c80);
            c81 = b1.fma(a8, c81);
            FloatVector a9 = FloatVector.broadcast(S, a[ai + 9]);
            c90 = b0.fma(a9, c90);
            c91 = b1.fma(a9, c91);
            FloatVector a10 = FloatVector.broadcast(S, a[ai + 10]);
            c100 = b0.fma(a10, c100);
            c101 = b1.fma(a10, c101);
            FloatVector a11 = FloatVector.broadcast(S, a[ai + 11]);
            c110 = b0.fma(a11, c110);
            c111 = b1.fma(a11, c111);
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
            c70 = c70.mul(alpha);
            c71 = c71.mul(alpha);
            c80 = c80.mul(alpha);
            c81 = c81.mul(alpha);
            c90 = c90.mul(alpha);
            c91 = c91.mul(alpha);
            c100 = c100.mul(alpha);
            c101 = c101.mul(alpha);
            c110 = c110.mul(alpha);
            c111 = c111.mul(alpha);
        }
        if (loadC) {
            c00 = c00.add(FloatVector.fromArray(S, c, cOff + 0 * ldc));
            c01 = c01.add(FloatVector.fromArray(S, c, cOff + 0 * ldc + 16));
            c10 = c10.add(FloatVector.fromArray(S, c, cOff + 1 * ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, cOff + 1 * ldc + 16));
            c20 = c20.add(FloatVector.fromArray(S, c, cOff + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, cOff + 2 * ldc + 16));
            c30 = c30.add(FloatVector.fromArray(S, c, cOff + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, cOff + 3 * ldc + 16));
            c40 = c40.add(FloatVector.fromArray(S, c, cOff + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, cOff + 4 * ldc + 16));
            c50 = c50.add(FloatVector.fromArray(S, c, cOff + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, cOff + 5 * ldc + 16));
            c60 = c60.add(FloatVector.fromArray(S, c, cOff + 6 * ldc));
            c61 = c61.add(FloatVector.fromArray(S, c, cOff + 6 * ldc + 16));
            c70 = c70.add(FloatVector.fromArray(S, c, cOff + 7 * ldc));
            c71 = c71.add(FloatVector.fromArray(S, c, cOff + 7 * ldc + 16));
            c80 = c80.add(FloatVector.fromArray(S, c, cOff + 8 * ldc));
            c81 = c81.add(FloatVector.fromArray(S, c, cOff + 8 * ldc + 16));
            c90 = c90.add(FloatVector.fromArray(S, c, cOff + 9 * ldc));
            c91 = c91.add(FloatVector.fromArray(S, c, cOff + 9 * ldc + 16));
            c100 = c100.add(FloatVector.fromArray(S, c, cOff + 10 * ldc));
            c101 = c101.add(FloatVector.fromArray(S, c, cOff + 10 * ldc + 16));
            c110 = c110.add(FloatVector.fromArray(S, c, cOff + 11 * ldc));
            c111 = c111.add(FloatVector.fromArray(S, c, cOff + 11 * ldc + 16));
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + 16);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 16);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 16);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 16);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 16);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 16);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + 16);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + 16);
        c80.intoArray(c, cOff + 8 * ldc);
        c81.intoArray(c, cOff + 8 * ldc + 16);
        c90.intoArray(c, cOff + 9 * ldc);
        c91.intoArray(c, cOff + 9 * ldc + 16);
        c100.intoArray(c, cOff + 10 * ldc);
        c101.intoArray(c, cOff + 10 * ldc + 16);
        c110.intoArray(c, cOff + 11 * ldc);
        c111.intoArray(c, cOff + 11 * ldc + 16);
    }

    @Override
    void multiplyRows(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                      int ldc, int cols, float alpha, boolean accumulate) {
        SgemmMicroKernel8x32.rows512(rows, k, a, aOff, lda, b, bOff, c, cOff, ldc, cols, alpha, accumulate);
    }

    @Override
    void epilogue(Epilogue ep, float[] c, int cOff, int ldc, int row0, int rows, int col0, int cols) {
        SgemmMicroKernel8x32.epilogue512(ep, c, cOff, ldc, row0, rows, col0, cols);
    }

    @Override
    String describe() {
        return "12x32/512";
    }
}
