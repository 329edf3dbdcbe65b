package dev.minerua.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8x32 GEMM micro-kernel on 512-bit vectors: 16 accumulators in locals, per k step 2 loads of
 * the packed B row and 8 broadcasts of packed A. Generated from one template with its siblings
 * (they differ only in species and tile shape), because the species must be a static final constant for
 * the JIT to emit vector instructions.
 */
final class SgemmMicroKernel8x32 extends MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    /**
     * The exact class of {@link #S}'s vectors. {@code multiply} and {@code multiplyBiasClamp} cast every vector they
     * make to it (zeros, broadcasts, loads, and the accumulators after the loop). The Vector API's intrinsics are
     * inlined late, so while C2 parses these bodies a vector's class can be just FloatVector, and calls such as
     * {@code b0.fma(..)} are then bound by the type profile of the JDK's shared call sites, which other species
     * (256-bit column tiles, other kernels) pollute: a site seen 95% Float512Vector got a virtual-call fallback and
     * the accumulators were boxed every step (light_shufflenet at 2 threads: 8 MB a run in about one JVM of five).
     * A cast to a constant final class gives C2 the exact class while it parses, whatever the profiles say.
     */
    private static final Class<? extends Vector<Float>> EXACT = S.vectorType();

    SgemmMicroKernel8x32() {
        super(8, 32);
    }

    @Override
    void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float alpha,
                  boolean loadC) {
        FloatVector c00 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c01 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c10 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c11 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c20 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c21 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c30 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c31 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c40 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c41 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c50 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c51 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c60 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c61 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c70 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c71 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 32;
            int ai = aOff + p * 8;
            FloatVector b0 = (FloatVector) EXACT.cast(FloatVector.fromArray(S, b, bi));
            FloatVector b1 = (FloatVector) EXACT.cast(FloatVector.fromArray(S, b, bi + 16));
            FloatVector a0 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai]));
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 1]));
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 2]));
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 3]));
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 4]));
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 5]));
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            FloatVector a6 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 6]));
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            FloatVector a7 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 7]));
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
        }
        c00 = (FloatVector) EXACT.cast(c00);
        c01 = (FloatVector) EXACT.cast(c01);
        c10 = (FloatVector) EXACT.cast(c10);
        c11 = (FloatVector) EXACT.cast(c11);
        c20 = (FloatVector) EXACT.cast(c20);
        c21 = (FloatVector) EXACT.cast(c21);
        c30 = (FloatVector) EXACT.cast(c30);
        c31 = (FloatVector) EXACT.cast(c31);
        c40 = (FloatVector) EXACT.cast(c40);
        c41 = (FloatVector) EXACT.cast(c41);
        c50 = (FloatVector) EXACT.cast(c50);
        c51 = (FloatVector) EXACT.cast(c51);
        c60 = (FloatVector) EXACT.cast(c60);
        c61 = (FloatVector) EXACT.cast(c61);
        c70 = (FloatVector) EXACT.cast(c70);
        c71 = (FloatVector) EXACT.cast(c71);
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
        }
        int o = cOff;
        if (loadC) {
            c00 = c00.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c01 = c01.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c10 = c10.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c11 = c11.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c20 = c20.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c21 = c21.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c30 = c30.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c31 = c31.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c40 = c40.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c41 = c41.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c50 = c50.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c51 = c51.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c60 = c60.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c61 = c61.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
            o += ldc;
            c70 = c70.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o)));
            c71 = c71.add((FloatVector) EXACT.cast(FloatVector.fromArray(S, c, o + 16)));
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
        o += ldc;
        c70.intoArray(c, o);
        c71.intoArray(c, o + 16);
    }

    @Override
    boolean fusesBiasClamp() {
        return true;
    }

    @Override
    void multiplyBiasClamp(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                           float[] rowBias, int rbOff, float lo, float hi) {
        FloatVector c00 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c01 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c10 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c11 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c20 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c21 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c30 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c31 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c40 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c41 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c50 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c51 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c60 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c61 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c70 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        FloatVector c71 = (FloatVector) EXACT.cast(FloatVector.zero(S));
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 32;
            int ai = aOff + p * 8;
            FloatVector b0 = (FloatVector) EXACT.cast(FloatVector.fromArray(S, b, bi));
            FloatVector b1 = (FloatVector) EXACT.cast(FloatVector.fromArray(S, b, bi + 16));
            FloatVector a0 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai]));
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 1]));
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 2]));
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 3]));
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 4]));
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 5]));
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            FloatVector a6 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 6]));
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            FloatVector a7 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, a[ai + 7]));
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
        }
        c00 = (FloatVector) EXACT.cast(c00);
        c01 = (FloatVector) EXACT.cast(c01);
        c10 = (FloatVector) EXACT.cast(c10);
        c11 = (FloatVector) EXACT.cast(c11);
        c20 = (FloatVector) EXACT.cast(c20);
        c21 = (FloatVector) EXACT.cast(c21);
        c30 = (FloatVector) EXACT.cast(c30);
        c31 = (FloatVector) EXACT.cast(c31);
        c40 = (FloatVector) EXACT.cast(c40);
        c41 = (FloatVector) EXACT.cast(c41);
        c50 = (FloatVector) EXACT.cast(c50);
        c51 = (FloatVector) EXACT.cast(c51);
        c60 = (FloatVector) EXACT.cast(c60);
        c61 = (FloatVector) EXACT.cast(c61);
        c70 = (FloatVector) EXACT.cast(c70);
        c71 = (FloatVector) EXACT.cast(c71);
        int o = cOff;
        // Bias and clamp bounds are broadcast once each, not at every add/max/min: the scalar forms broadcast per
        // call, and those inlined nodes took this method past C2's inlining budget in some JVMs, where its vectors
        // then boxed (ultraface-rfb-320 allocated 31 KB a run in two JVMs of three).
        if (rowBias != null) {
            FloatVector r0 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 0]));
            c00 = c00.add(r0);
            c01 = c01.add(r0);
            FloatVector r1 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 1]));
            c10 = c10.add(r1);
            c11 = c11.add(r1);
            FloatVector r2 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 2]));
            c20 = c20.add(r2);
            c21 = c21.add(r2);
            FloatVector r3 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 3]));
            c30 = c30.add(r3);
            c31 = c31.add(r3);
            FloatVector r4 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 4]));
            c40 = c40.add(r4);
            c41 = c41.add(r4);
            FloatVector r5 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 5]));
            c50 = c50.add(r5);
            c51 = c51.add(r5);
            FloatVector r6 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 6]));
            c60 = c60.add(r6);
            c61 = c61.add(r6);
            FloatVector r7 = (FloatVector) EXACT.cast(FloatVector.broadcast(S, rowBias[rbOff + 7]));
            c70 = c70.add(r7);
            c71 = c71.add(r7);
        }
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            FloatVector vlo = (FloatVector) EXACT.cast(FloatVector.broadcast(S, lo));
            FloatVector vhi = (FloatVector) EXACT.cast(FloatVector.broadcast(S, hi));
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
            c60 = c60.max(vlo).min(vhi);
            c61 = c61.max(vlo).min(vhi);
            c70 = c70.max(vlo).min(vhi);
            c71 = c71.max(vlo).min(vhi);
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
        o += ldc;
        c70.intoArray(c, o);
        c71.intoArray(c, o + 16);
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
        FloatVector c6 = FloatVector.zero(S);
        FloatVector c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * 32);
            c0 = b0.fma(FloatVector.broadcast(S, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[ai + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, a[ai + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, a[ai + 7]), c7);
        }
        if (alpha != 1f) {
            c0 = c0.mul(alpha);
            c1 = c1.mul(alpha);
            c2 = c2.mul(alpha);
            c3 = c3.mul(alpha);
            c4 = c4.mul(alpha);
            c5 = c5.mul(alpha);
            c6 = c6.mul(alpha);
            c7 = c7.mul(alpha);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + ldc);
        c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc);
        c4.intoArray(c, cOff + 4 * ldc);
        c5.intoArray(c, cOff + 5 * ldc);
        c6.intoArray(c, cOff + 6 * ldc);
        c7.intoArray(c, cOff + 7 * ldc);
    }

    /** Four columns: {@link #columnWidth}. */
    private static final int COLUMNS = 4;
    /** The MR = 8 rows of an A sliver step as one vector. */
    private static final VectorSpecies<Float> ROWS = FloatVector.SPECIES_256;

    @Override
    int columnWidth() {
        return COLUMNS;
    }

    @Override
    void multiplyColumns(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                         float alpha) {
        FloatVector c0 = FloatVector.zero(ROWS);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * 32;
            FloatVector av = FloatVector.fromArray(ROWS, a, aOff + p * 8);
            c0 = av.fma(FloatVector.broadcast(ROWS, b[bi]), c0);
            c1 = av.fma(FloatVector.broadcast(ROWS, b[bi + 1]), c1);
            c2 = av.fma(FloatVector.broadcast(ROWS, b[bi + 2]), c2);
            c3 = av.fma(FloatVector.broadcast(ROWS, b[bi + 3]), c3);
        }
        // Lane r of column j's vector is C[r, j]: once per tile, so lane by lane is cheap enough.
        for (int r = 0; r < 8; r++) {
            int o = cOff + r * ldc;
            c[o] = alpha * c0.lane(r);
            c[o + 1] = alpha * c1.lane(r);
            c[o + 2] = alpha * c2.lane(r);
            c[o + 3] = alpha * c3.lane(r);
        }
    }

    @Override
    void multiplyRows(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                      int ldc, int cols, float alpha, boolean accumulate) {
        rows512(rows, k, a, aOff, lda, b, bOff, c, cOff, ldc, cols, alpha, accumulate);
    }

    /**
     * {@link MicroKernel#multiplyRows} on 512-bit vectors: up to 4 rows read straight from A, as two calls of
     * {@link #rows512x2} that share nothing but arrays and offsets.
     */
    private static void rows512(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                        int ldc, int cols, float alpha, boolean accumulate) {
        rows512x2(Math.min(rows, 2), k, a, aOff, lda, b, bOff, c, cOff, ldc, cols, alpha, accumulate);
        if (rows > 2) {
            rows512x2(rows - 2, k, a, aOff + 2 * lda, lda, b, bOff, c, cOff + 2 * ldc, ldc, cols, alpha, accumulate);
        }
    }

    /**
     * Up to 2 rows of {@link #rows512}: 4 accumulators, masked loads and stores (all lanes set for a full panel).
     * A second row past {@code rows} repeats the first row of A and of C, so it computes and stores that row's own
     * values again; all loads of C come before any store. Straight-line code with no helper taking vectors (a
     * vector passed to a call that is not inlined is boxed on the heap), and small enough for C1: at 4 rows and
     * 8 accumulators C1 gave up ("out of virtual registers"), which could leave the method in its unprofiled
     * tier-2 form for good, running the Vector API's Java fallbacks (silero-vad-v5: 1.1 ms a run instead of 0.15).
     */
    private static void rows512x2(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                        int ldc, int cols, float alpha, boolean accumulate) {
        int r1 = Math.min(1, rows - 1);
        int a0 = aOff;
        int a1 = aOff + r1 * lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
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
        }
        if (alpha != 1f) {
            FloatVector s = FloatVector.broadcast(S, alpha);
            c00 = c00.mul(s);
            c01 = c01.mul(s);
            c10 = c10.mul(s);
            c11 = c11.mul(s);
        }
        VectorMask<Float> m0 = S.indexInRange(0, cols);
        VectorMask<Float> m1 = S.indexInRange(L, cols);
        int o0 = cOff;
        int o1 = cOff + r1 * ldc;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, o0, m0));
            c01 = c01.add(FloatVector.fromArray(S, c, o0 + L, m1));
            c10 = c10.add(FloatVector.fromArray(S, c, o1, m0));
            c11 = c11.add(FloatVector.fromArray(S, c, o1 + L, m1));
        }
        c00.intoArray(c, o0, m0);
        c01.intoArray(c, o0 + L, m1);
        c10.intoArray(c, o1, m0);
        c11.intoArray(c, o1 + L, m1);
    }

    @Override
    void copyRow(float[] src, int s, float[] dst, int d) {
        FloatVector v0 = FloatVector.fromArray(S, src, s);
        FloatVector v1 = FloatVector.fromArray(S, src, s + L);
        v0.intoArray(dst, d);
        v1.intoArray(dst, d + L);
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
        return "8x32/512";
    }
}
