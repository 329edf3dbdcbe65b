package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.IntConsumer;

/**
 * The 512-bit product for a B' whose elements all fit in int8 (int8 weights with zero point 0, the usual
 * dynamic-quantization case): B' stays one byte per element, in panels of {@value #NR} columns (k rows of NR
 * contiguous bytes, zero-padded past n), and each byte vector is widened to float inside the micro-kernel.
 * A quarter of the memory traffic of float weights, which is what bounds a product with few rows (a
 * transformer run on one short sequence reads every weight once per run for a dozen rows).
 *
 * <p>The micro-kernels keep 12 (or, for the remaining rows, {@value #MR}) x {@value #NR} float accumulators over
 * all of K: twelve rows widen each byte vector of B' for 24 FMAs, twice the work per widening of six (the
 * widening, not the FMA, is what an 8-bit product on float pays extra). One instance serves one K chunk (see
 * {@link ExactFloatIntegerGemm}); {@link ChunkedProduct} sums several. (Summing the chunks inside the
 * micro-kernel's store ran about three times slower here, for reasons not pinned down in the time available.)
 * Loaded only on the 512-bit tier.
 *
 * <p>Integer forms measured against it (12 x 384 x 1536, one thread, AMD EPYC with AVX-512, CPU time): this
 * kernel's tile loop 104 GFLOP/s; int16 products of s8 activations and weights clamped to +-127 (two
 * {@code ShortVector} products summed in 16 bits, biased by 0x8000 and split into low and high halves
 * in 32-bit lanes) 91 GFLOP/s, exact, but slower: it spends seven 512-bit integer operations per 64
 * multiply-adds where this kernel spends four FMAs.
 *
 * <p>VNNI through C2's auto-vectorizer (JDK 25.0.3, Zen 4, checked in the disassembled C2 code; CPU time, machine
 * loaded): only {@code out[j] += x[2j] * y[2j] + x[2j+1] * y[2j+1]} with {@code x}, {@code y} both short arrays and
 * {@code out} an int array becomes {@code vpdpwssd}, unrolled twice, each one with three 512-bit loads (out, x, y) and
 * a store of out. As a GEMM (B packed as int16 k-pairs, A's k-pair replicated into a 2n-short row, one int32 output
 * row updated per k-pair) that reached 20 GFLOP-eq/s at 12 x 384 x 256 and 31 at n = 1024, against this kernel's
 * 97-98 in the same minutes. The shapes a register-tiled kernel needs stay scalar {@code imul}: A's pair as two
 * invariant short values, byte arrays (the pattern wants short loads), four output rows sharing one B load (int
 * arrays that may alias), and the dot-product reduction. With the accumulators in memory the instruction is
 * load-bound (three loads and a store per 32 products, where the FMA tile does one 512-bit FMA per 16 from
 * registers), so no auto-vectorized shape can beat the float FMA rate; that needs an int8/int16 dot-product
 * operation in the Vector API.
 */
final class ByteWeightProduct512 implements ExactFloatIntegerGemm.Product {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
    private static final int L = 16;
    static final int NR = 2 * L;
    static final int MR = 6;

    private final byte[] panels;
    private final int k;
    private final int n;
    private final int panelCount;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<PanelJob> jobs = ThreadLocal.withInitial(PanelJob::new);

    private ByteWeightProduct512(byte[] panels, int k, int n) {
        this.panels = panels;
        this.k = k;
        this.n = n;
        this.panelCount = (n + NR - 1) / NR;
    }

    /**
     * Packs rows {@code k0} to {@code k1} of B' (row-major, n columns), every element of which must fit in int8.
     * The caller checks that and keeps the row count within the exact bound (see {@link ExactFloatIntegerGemm}).
     */
    static ByteWeightProduct512 of(int[] b, int k0, int k1, int n) {
        int k = k1 - k0;
        int panelCount = (n + NR - 1) / NR;
        byte[] p = new byte[Math.multiplyExact(Math.multiplyExact(panelCount, NR), k)];
        for (int panel = 0; panel < panelCount; panel++) {
            int j0 = panel * NR;
            int width = Math.min(NR, n - j0);
            int dst = panel * k * NR;
            for (int kk = k0; kk < k1; kk++, dst += NR) {
                int src = kk * n + j0;
                for (int j = 0; j < width; j++) {
                    p[dst + j] = (byte) b[src + j];
                }
            }
        }
        return new ByteWeightProduct512(p, k, n);
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, int[] out, int outOff, CpuThreadPool pool) {
        run(a, aOff, lda, rows, out, null, null, null, outOff, pool);
    }

    /**
     * The product dequantized straight from the accumulators: {@code out = (float) C * scale + bias} (see
     * {@link Dequantization}). Each accumulator already holds C's exact integer value in float32 (|C| stays
     * within 2^24, the bound this product was built for), which is what the int32-to-float cast of C would give.
     */
    void multiply(float[] a, int aOff, int lda, int rows, float[] scale, float[] bias, float[] out, int outOff,
                  CpuThreadPool pool) {
        run(a, aOff, lda, rows, null, out, scale, bias, outOff, pool);
    }

    /** Into int32 {@code ints}, or else float32 {@code floats} dequantized; row stride n from off. */
    private void run(float[] a, int aOff, int lda, int rows, int[] ints, float[] floats, float[] scale, float[] bias,
                     int off, CpuThreadPool pool) {
        // Work is split by column panels, so each thread streams its own part of B' once for all rows.
        long macs = (long) rows * k * n;
        int threads = (int) Math.min(pool.threads(), Math.max(1, macs / 65536));
        int tasks = Math.min(panelCount, threads == 1 ? 1 : threads * 4);
        if (tasks <= 1) {
            panels(a, aOff, lda, rows, ints, floats, scale, bias, off, 0, panelCount);
            return;
        }
        PanelJob job = jobs.get();
        job.set(a, aOff, lda, rows, ints, floats, scale, bias, off, tasks);
        try {
            pool.parallelFor(tasks, job);
        } finally {
            job.set(null, 0, 0, 0, null, null, null, null, 0, 1);
        }
    }

    /**
     * One parallel product's operands, as the body of its tasks (task t takes the t-th share of the panels). Each
     * calling thread keeps one and refills it per call (it waits in {@code parallelFor} until every task is done),
     * so a parallel product allocates no capturing lambda.
     */
    private final class PanelJob implements IntConsumer {
        private float[] a;
        private int aOff;
        private int lda;
        private int rows;
        private int[] ints;
        private float[] floats;
        private float[] scale;
        private float[] bias;
        private int off;
        private int tasks;

        void set(float[] a, int aOff, int lda, int rows, int[] ints, float[] floats, float[] scale, float[] bias,
                 int off, int tasks) {
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.rows = rows;
            this.ints = ints;
            this.floats = floats;
            this.scale = scale;
            this.bias = bias;
            this.off = off;
            this.tasks = tasks;
        }

        @Override
        public void accept(int t) {
            panels(a, aOff, lda, rows, ints, floats, scale, bias, off, (int) ((long) panelCount * t / tasks),
                    (int) ((long) panelCount * (t + 1) / tasks));
        }
    }

    private void panels(float[] a, int aOff, int lda, int rows, int[] ints, float[] floats, float[] scale,
                        float[] bias, int off, int p0, int p1) {
        float[] tile = null;
        for (int p = p0; p < p1; p++) {
            int col0 = p * NR;
            int cols = Math.min(NR, n - col0);
            int bBase = p * k * NR;
            if (floats != null && cols == NR) {
                tiles(a, aOff, lda, rows, bBase, floats, off + col0, n);
                dequantize(floats, off + col0, rows, n, col0, scale, bias);
                continue;
            }
            // int32 C, or a panel cut short by n, goes through this thread's full-width float tile, so every
            // vector store is unmasked and no scale or bias is read past n.
            if (tile == null) {
                tile = tileScratch(rows * NR);
            }
            tiles(a, aOff, lda, rows, bBase, tile, 0, NR);
            for (int i = 0; i < rows; i++) {
                int o = off + i * n + col0;
                for (int j = 0; j < cols; j++) {
                    float v = tile[i * NR + j];
                    if (ints != null) {
                        ints[o + j] = (int) v;
                    } else {
                        floats[o + j] = Dequantization.apply(scale, bias, (int) v, col0 + j);
                    }
                }
            }
        }
    }

    private float[] tileScratch(int len) {
        float[] t = scratch.get();
        if (t.length < len) {
            t = new float[len];
            scratch.set(t);
        }
        return t;
    }

    /** All rows against one panel, into {@code out} from {@code o} with row stride {@code ldc}. */
    private void tiles(float[] a, int aOff, int lda, int rows, int bBase, float[] out, int o, int ldc) {
        int r = 0;
        for (; r + 2 * MR <= rows; r += 2 * MR) {
            tile12(a, aOff + r * lda, lda, bBase, out, o + r * ldc, ldc);
        }
        for (; r < rows; r += MR) {
            tile6(a, aOff + r * lda, lda, Math.min(MR, rows - r), bBase, out, o + r * ldc, ldc);
        }
    }

    /**
     * Turns the panel's exact accumulators (rows x NR from {@code o}, row stride {@code ldc}) into
     * {@code v * scale + bias}, a multiply and then an add, each rounded, as the Mul and Add nodes compute it
     * (no add at all without a bias: adding 0 would turn -0 into +0). The panel is still in L1 here.
     */
    private static void dequantize(float[] out, int o, int rows, int ldc, int col, float[] s, float[] b) {
        boolean perColumn = Dequantization.perColumn(s);
        FloatVector s0 = perColumn ? FloatVector.fromArray(F, s, col) : FloatVector.broadcast(F, s[0]);
        FloatVector s1 = perColumn ? FloatVector.fromArray(F, s, col + L) : s0;
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

    /** Twelve rows of A (from {@code a0}, stride {@code lda}) against one panel, into {@code out} at {@code o}. */
    private void tile12(float[] a, int a0, int lda, int bBase, float[] out, int o, int ldc) {
        byte[] bp = panels;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c1_0 = c00;
        FloatVector c1_1 = c00;
        FloatVector c2_0 = c00;
        FloatVector c2_1 = c00;
        FloatVector c3_0 = c00;
        FloatVector c3_1 = c00;
        FloatVector c4_0 = c00;
        FloatVector c4_1 = c00;
        FloatVector c5_0 = c00;
        FloatVector c5_1 = c00;
        FloatVector c6_0 = c00;
        FloatVector c6_1 = c00;
        FloatVector c7_0 = c00;
        FloatVector c7_1 = c00;
        FloatVector c8_0 = c00;
        FloatVector c8_1 = c00;
        FloatVector c9_0 = c00;
        FloatVector c9_1 = c00;
        FloatVector c10_0 = c00;
        FloatVector c10_1 = c00;
        FloatVector c11_0 = c00;
        FloatVector c11_1 = c00;
        for (int p = 0; p < k; p++) {
            int bo = bBase + p * NR;
            FloatVector b0 = widen(bp, bo);
            FloatVector b1 = widen(bp, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(F, a[a0 + 1 * lda + p]);
            c1_0 = b0.fma(x, c1_0);
            c1_1 = b1.fma(x, c1_1);
            x = FloatVector.broadcast(F, a[a0 + 2 * lda + p]);
            c2_0 = b0.fma(x, c2_0);
            c2_1 = b1.fma(x, c2_1);
            x = FloatVector.broadcast(F, a[a0 + 3 * lda + p]);
            c3_0 = b0.fma(x, c3_0);
            c3_1 = b1.fma(x, c3_1);
            x = FloatVector.broadcast(F, a[a0 + 4 * lda + p]);
            c4_0 = b0.fma(x, c4_0);
            c4_1 = b1.fma(x, c4_1);
            x = FloatVector.broadcast(F, a[a0 + 5 * lda + p]);
            c5_0 = b0.fma(x, c5_0);
            c5_1 = b1.fma(x, c5_1);
            x = FloatVector.broadcast(F, a[a0 + 6 * lda + p]);
            c6_0 = b0.fma(x, c6_0);
            c6_1 = b1.fma(x, c6_1);
            x = FloatVector.broadcast(F, a[a0 + 7 * lda + p]);
            c7_0 = b0.fma(x, c7_0);
            c7_1 = b1.fma(x, c7_1);
            x = FloatVector.broadcast(F, a[a0 + 8 * lda + p]);
            c8_0 = b0.fma(x, c8_0);
            c8_1 = b1.fma(x, c8_1);
            x = FloatVector.broadcast(F, a[a0 + 9 * lda + p]);
            c9_0 = b0.fma(x, c9_0);
            c9_1 = b1.fma(x, c9_1);
            x = FloatVector.broadcast(F, a[a0 + 10 * lda + p]);
            c10_0 = b0.fma(x, c10_0);
            c10_1 = b1.fma(x, c10_1);
            x = FloatVector.broadcast(F, a[a0 + 11 * lda + p]);
            c11_0 = b0.fma(x, c11_0);
            c11_1 = b1.fma(x, c11_1);
        }
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c1_0.intoArray(out, o + 1 * ldc);
        c1_1.intoArray(out, o + 1 * ldc + L);
        c2_0.intoArray(out, o + 2 * ldc);
        c2_1.intoArray(out, o + 2 * ldc + L);
        c3_0.intoArray(out, o + 3 * ldc);
        c3_1.intoArray(out, o + 3 * ldc + L);
        c4_0.intoArray(out, o + 4 * ldc);
        c4_1.intoArray(out, o + 4 * ldc + L);
        c5_0.intoArray(out, o + 5 * ldc);
        c5_1.intoArray(out, o + 5 * ldc + L);
        c6_0.intoArray(out, o + 6 * ldc);
        c6_1.intoArray(out, o + 6 * ldc + L);
        c7_0.intoArray(out, o + 7 * ldc);
        c7_1.intoArray(out, o + 7 * ldc + L);
        c8_0.intoArray(out, o + 8 * ldc);
        c8_1.intoArray(out, o + 8 * ldc + L);
        c9_0.intoArray(out, o + 9 * ldc);
        c9_1.intoArray(out, o + 9 * ldc + L);
        c10_0.intoArray(out, o + 10 * ldc);
        c10_1.intoArray(out, o + 10 * ldc + L);
        c11_0.intoArray(out, o + 11 * ldc);
        c11_1.intoArray(out, o + 11 * ldc + L);
    }

    /**
     * One to six rows of A against one panel: rows past {@code rows} repeat the last row, of A and of
     * {@code out}, so they store that row's values again (one pass over the panel for any remainder).
     */
    private void tile6(float[] a, int a0, int lda, int rows, int bBase, float[] out, int o, int ldc) {
        byte[] bp = panels;
        int a1 = a0 + Math.min(1, rows - 1) * lda;
        int a2 = a0 + Math.min(2, rows - 1) * lda;
        int a3 = a0 + Math.min(3, rows - 1) * lda;
        int a4 = a0 + Math.min(4, rows - 1) * lda;
        int a5 = a0 + Math.min(5, rows - 1) * lda;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00;
        FloatVector c1_0 = c00;
        FloatVector c1_1 = c00;
        FloatVector c2_0 = c00;
        FloatVector c2_1 = c00;
        FloatVector c3_0 = c00;
        FloatVector c3_1 = c00;
        FloatVector c4_0 = c00;
        FloatVector c4_1 = c00;
        FloatVector c5_0 = c00;
        FloatVector c5_1 = c00;
        for (int p = 0; p < k; p++) {
            int bo = bBase + p * NR;
            FloatVector b0 = widen(bp, bo);
            FloatVector b1 = widen(bp, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c1_0 = b0.fma(x, c1_0);
            c1_1 = b1.fma(x, c1_1);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c2_0 = b0.fma(x, c2_0);
            c2_1 = b1.fma(x, c2_1);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c3_0 = b0.fma(x, c3_0);
            c3_1 = b1.fma(x, c3_1);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c4_0 = b0.fma(x, c4_0);
            c4_1 = b1.fma(x, c4_1);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c5_0 = b0.fma(x, c5_0);
            c5_1 = b1.fma(x, c5_1);
        }
        int o1 = o + Math.min(1, rows - 1) * ldc;
        int o2 = o + Math.min(2, rows - 1) * ldc;
        int o3 = o + Math.min(3, rows - 1) * ldc;
        int o4 = o + Math.min(4, rows - 1) * ldc;
        int o5 = o + Math.min(5, rows - 1) * ldc;
        c00.intoArray(out, o);
        c01.intoArray(out, o + L);
        c1_0.intoArray(out, o1);
        c1_1.intoArray(out, o1 + L);
        c2_0.intoArray(out, o2);
        c2_1.intoArray(out, o2 + L);
        c3_0.intoArray(out, o3);
        c3_1.intoArray(out, o3 + L);
        c4_0.intoArray(out, o4);
        c4_1.intoArray(out, o4 + L);
        c5_0.intoArray(out, o5);
        c5_1.intoArray(out, o5 + L);
    }

    /**
     * The leading whole vectors of A's bytes minus the zero point as float32, {@code af[i] = a[aOff + i] - zp}
     * (bytes unsigned or signed), exact as the scalar conversion; returns how many elements it wrote (a multiple
     * of {@value #L}), leaving the tail to the caller.
     */
    static int convert(byte[] a, int aOff, boolean unsigned, int zeroPoint, float[] af, int len) {
        FloatVector zp = FloatVector.broadcast(F, zeroPoint);
        int bound = F.loopBound(len);
        for (int i = 0; i < bound; i += L) {
            FloatVector v = unsigned
                    ? (FloatVector) ((IntVector) ByteVector.fromArray(B, a, aOff + i)
                            .convertShape(VectorOperators.B2I, IntVector.SPECIES_512, 0))
                            .and(0xFF).convert(VectorOperators.I2F, 0)
                    : widen(a, aOff + i);
            v.sub(zp).intoArray(af, i);
        }
        return bound;
    }

    private static FloatVector widen(byte[] b, int off) {
        return (FloatVector) ByteVector.fromArray(B, b, off).convertShape(VectorOperators.B2F, F, 0);
    }
}
