package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 512-bit product for a B' whose elements all fit in int8 (int8 weights with zero point 0, the usual
 * dynamic-quantization case): B' stays one byte per element, in panels of {@value #NR} columns (k rows of NR
 * contiguous bytes, zero-padded past n), and each byte vector is widened to float inside the micro-kernel.
 * A quarter of the memory traffic of float weights, which is what bounds a product with few rows (a
 * transformer run on one short sequence reads every weight once per run for a dozen rows).
 *
 * <p>The micro-kernel keeps {@value #MR} x {@value #NR} float accumulators over all of K, then converts them
 * to int32, so one instance serves one K chunk (see {@link ExactFloatIntegerGemm}); {@link ChunkedProduct}
 * sums several. (Summing the chunks inside the micro-kernel's store ran about three times slower here, for
 * reasons not pinned down in the time available.)
 * Loaded only on the 512-bit tier.
 */
final class ByteWeightProduct512 implements ExactFloatIntegerGemm.Product {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final int L = 16;
    static final int NR = 2 * L;
    static final int MR = 6;

    private final byte[] panels;
    private final int k;
    private final int n;
    private final int panelCount;

    private ByteWeightProduct512(byte[] panels, int k, int n) {
        this.panels = panels;
        this.k = k;
        this.n = n;
        this.panelCount = (n + NR - 1) / NR;
    }

    /**
     * Packs B' (row-major k x n), or returns null when an element does not fit in int8. The caller keeps K within
     * the exact bound (see {@link ExactFloatIntegerGemm}).
     */
    static ByteWeightProduct512 of(int[] b, int k, int n) {
        int panelCount = (n + NR - 1) / NR;
        byte[] p = new byte[Math.multiplyExact(Math.multiplyExact(panelCount, NR), k)];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                int v = b[kk * n + j];
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    return null;
                }
                p[(j / NR) * k * NR + kk * NR + j % NR] = (byte) v;
            }
        }
        return new ByteWeightProduct512(p, k, n);
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, int[] out, int outOff, CpuThreadPool pool) {
        run(a, aOff, lda, rows, new Sink(out, null, null, outOff), pool);
    }

    /**
     * The product dequantized straight from the accumulators: {@code out = (float) C * scale + bias} (see
     * {@link Dequantization}). Each accumulator already holds C's exact integer value in float32 (|C| stays
     * within 2^24, the bound this product was built for), which is what the int32-to-float cast of C would give.
     */
    void multiply(float[] a, int aOff, int lda, int rows, Dequantization dq, float[] out, int outOff,
                  CpuThreadPool pool) {
        run(a, aOff, lda, rows, new Sink(null, out, dq, outOff), pool);
    }

    /** Where a product goes: int32 C, or float32 C dequantized by {@code dq}; row stride n from {@code off}. */
    private record Sink(int[] ints, float[] floats, Dequantization dq, int off) {
    }

    private void run(float[] a, int aOff, int lda, int rows, Sink sink, CpuThreadPool pool) {
        // Work is split by column panels, so each thread streams its own part of B' once for all rows.
        long macs = (long) rows * k * n;
        int threads = (int) Math.min(pool.threads(), Math.max(1, macs / 65536));
        int tasks = Math.min(panelCount, threads == 1 ? 1 : threads * 4);
        if (tasks <= 1) {
            panels(a, aOff, lda, rows, sink, 0, panelCount);
        } else {
            pool.parallelFor(tasks, t -> panels(a, aOff, lda, rows, sink,
                    (int) ((long) panelCount * t / tasks), (int) ((long) panelCount * (t + 1) / tasks)));
        }
    }

    private void panels(float[] a, int aOff, int lda, int rows, Sink sink, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            int col0 = p * NR;
            int cols = Math.min(NR, n - col0);
            int bBase = p * k * NR;
            if (cols < NR) {
                // A panel cut short by n goes through a full-width int32 scratch tile, so every vector store is
                // unmasked and no scale or bias is read past n.
                int[] c = new int[rows * NR];
                tiles(a, aOff, lda, rows, bBase, new Sink(c, null, null, 0), 0, NR);
                for (int i = 0; i < rows; i++) {
                    int o = sink.off() + i * n + col0;
                    if (sink.ints() != null) {
                        System.arraycopy(c, i * NR, sink.ints(), o, cols);
                    } else {
                        for (int j = 0; j < cols; j++) {
                            sink.floats()[o + j] = sink.dq().apply(c[i * NR + j], col0 + j);
                        }
                    }
                }
            } else {
                tiles(a, aOff, lda, rows, bBase, sink, col0, n);
            }
        }
    }

    /** All rows against one panel, into {@code sink} at column {@code col0} with row stride {@code ldc}. */
    private void tiles(float[] a, int aOff, int lda, int rows, int bBase, Sink sink, int col0, int ldc) {
        int r = 0;
        for (; r + MR <= rows; r += MR) {
            tile6(a, aOff + r * lda, lda, bBase, sink.ints(), sink.floats(), sink.off() + r * ldc + col0, ldc);
        }
        for (; r < rows; r++) {
            tile1(a, aOff + r * lda, bBase, sink.ints(), sink.floats(), sink.off() + r * ldc + col0);
        }
        if (sink.dq() != null) {
            dequantize(sink.floats(), sink.off() + col0, rows, ldc, col0, sink.dq());
        }
    }

    /**
     * Turns the panel's exact accumulators (rows x NR from {@code o}, row stride {@code ldc}) into
     * {@code v * scale + bias}, a multiply and then an add, each rounded, as the Mul and Add nodes compute it
     * (no add at all without a bias: adding 0 would turn -0 into +0). The panel is still in L1 here.
     */
    private static void dequantize(float[] out, int o, int rows, int ldc, int col, Dequantization dq) {
        float[] s = dq.scale();
        FloatVector s0 = dq.perColumn() ? FloatVector.fromArray(F, s, col) : FloatVector.broadcast(F, s[0]);
        FloatVector s1 = dq.perColumn() ? FloatVector.fromArray(F, s, col + L) : s0;
        float[] b = dq.bias();
        if (b == null) {
            for (int i = 0; i < rows; i++) {
                int at = o + i * ldc;
                FloatVector.fromArray(F, out, at).mul(s0).intoArray(out, at);
                FloatVector.fromArray(F, out, at + L).mul(s1).intoArray(out, at + L);
            }
            return;
        }
        FloatVector b0 = FloatVector.fromArray(F, b, col);
        FloatVector b1 = FloatVector.fromArray(F, b, col + L);
        for (int i = 0; i < rows; i++) {
            int at = o + i * ldc;
            FloatVector.fromArray(F, out, at).mul(s0).add(b0).intoArray(out, at);
            FloatVector.fromArray(F, out, at + L).mul(s1).add(b1).intoArray(out, at + L);
        }
    }

    private void tile6(float[] a, int a0, int lda, int bBase, int[] ints, float[] floats, int o, int ldc) {
        byte[] bp = panels;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int p = 0; p < k; p++) {
            int bo = bBase + p * NR;
            FloatVector b0 = widen(bp, bo);
            FloatVector b1 = widen(bp, bo + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        store(c00, c01, ints, floats, o);
        store(c10, c11, ints, floats, o + ldc);
        store(c20, c21, ints, floats, o + 2 * ldc);
        store(c30, c31, ints, floats, o + 3 * ldc);
        store(c40, c41, ints, floats, o + 4 * ldc);
        store(c50, c51, ints, floats, o + 5 * ldc);
    }

    private void tile1(float[] a, int a0, int bBase, int[] ints, float[] floats, int o) {
        byte[] bp = panels;
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = c0;
        for (int p = 0; p < k; p++) {
            int bo = bBase + p * NR;
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c0 = widen(bp, bo).fma(x, c0);
            c1 = widen(bp, bo + L).fma(x, c1);
        }
        store(c0, c1, ints, floats, o);
    }

    private static FloatVector widen(byte[] b, int off) {
        return (FloatVector) ByteVector.fromArray(B, b, off).convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * Stores one row of the tile (exact integers in float): converted to int32 into {@code ints}, or as they are
     * into {@code floats} when that is the destination.
     */
    private static void store(FloatVector v0, FloatVector v1, int[] ints, float[] floats, int o) {
        if (floats != null) {
            v0.intoArray(floats, o);
            v1.intoArray(floats, o + L);
        } else {
            ((IntVector) v0.convert(VectorOperators.F2I, 0)).intoArray(ints, o);
            ((IntVector) v1.convert(VectorOperators.F2I, 0)).intoArray(ints, o + L);
        }
    }
}
