package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdTier;

/**
 * The integer product {@code C = (A - a_zp) · B'} of 8-bit A (uint8 or int8, scalar zero point) and a constant
 * k x n int32 matrix B' (B minus its zero point), computed on float32 and bit-identical to the integer reference.
 *
 * <p>Why this is exact: every operand is an integer of magnitude at most 255 ({@code |a - a_zp| <= 255} for both
 * 8-bit types; B' is checked when built), so each product is an integer below 2^16, exact in float32. Any partial
 * sum the GEMM forms for element (i, j), in whatever order, with or without FMA, is a sub-sum of the products
 * {@code a[i,p] b[p,j]} and so an integer of magnitude at most {@code 255 * sum_p |b[p,j]|}; while that bound stays
 * within 2^24 every such integer is representable, no rounding ever happens and the float result is C's exact
 * value. K is therefore cut into as few chunks of consecutive rows as keep {@code 255 * sum |b[p,j]|} within 2^24
 * for every column j (one chunk for typical int8 weights even at K = 1536, since their magnitudes are mostly far
 * below 127), each multiplied on its own and the chunks summed in int32.
 *
 * <p>B' is converted and packed once (at session creation); A is converted per call into a per-thread buffer.
 * Thread-safe: immutable apart from the per-thread scratch.
 */
public final class ExactFloatIntegerGemm {
    /** Integers up to 2^24 are exact in float32. */
    private static final long EXACT_LIMIT = 1L << 24;
    /** The largest {@code |a - a_zp|} for 8-bit A of either signedness. */
    private static final int MAX_A = 255;

    /**
     * A float32 product of converted A (rows x k from {@code aOff}, row stride {@code lda}) with the packed B',
     * exact per the class comment, into row-major int32 {@code out} (row stride n).
     */
    interface Product {
        void multiply(float[] a, int aOff, int lda, int rows, int[] out, int outOff, CpuThreadPool pool);
    }

    private final Product product;
    private final int k;
    private final int n;
    private final int chunkCount;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<int[]> intScratch = ThreadLocal.withInitial(() -> new int[0]);

    private ExactFloatIntegerGemm(Product product, int k, int n, int chunkCount) {
        this.product = product;
        this.k = k;
        this.n = n;
        this.chunkCount = chunkCount;
    }

    /**
     * Converts and packs B' (row-major k x n int32, zero point already subtracted) for the tier, or returns null
     * when some element exceeds 255 in magnitude (then the float path would not be provably exact) or the shape
     * is empty.
     */
    public static ExactFloatIntegerGemm of(SimdTier tier, int[] b, int k, int n) {
        if (k <= 0 || n <= 0 || (long) k * n != b.length) {
            return null;
        }
        // One pass over B' gives its range and every column's sum |b[p,j]| over all of K: the range decides
        // exactness and the weight form, the sums (when all within the bound, as usual) settle the chunks at once.
        long[] colSum = new long[n];
        int min = 0;
        int max = 0;
        for (int p = 0; p < k; p++) {
            int row = p * n;
            for (int j = 0; j < n; j++) {
                int v = b[row + j];
                min = Math.min(min, v);
                max = Math.max(max, v);
                colSum[j] += Math.abs(v);
            }
        }
        if (min < -MAX_A || max > MAX_A) {
            return null;
        }
        long largest = 0;
        for (long s : colSum) {
            largest = Math.max(largest, s);
        }
        int[] starts = largest <= EXACT_LIMIT / MAX_A ? new int[] {0} : chunkStarts(b, k, n);
        // Only the form this tier runs is built: byte panels on 512 bits when B' fits int8, else float panels.
        Product p = tier == SimdTier.V512 && min >= Byte.MIN_VALUE && max <= Byte.MAX_VALUE
                ? ChunkedProduct.ofBytes(b, k, n, starts)
                : SgemmProduct.of(Sgemm.forTier(tier), b, k, n, starts);
        return new ExactFloatIntegerGemm(p, k, n, starts.length);
    }

    /**
     * The first row of each K chunk: rows are added to a chunk while every column's {@code sum |b[p,j]|} stays
     * within {@code 2^24 / 255}. One row alone always fits (|b| is at most 255).
     */
    static int[] chunkStarts(int[] b, int k, int n) {
        // Sums stay within limit + 255, so int holds them.
        int limit = (int) (EXACT_LIMIT / MAX_A);
        int[] colSum = new int[n];
        int[] starts = new int[k];
        int count = 1;
        for (int p = 0; p < k; p++) {
            int row = p * n;
            int largest = 0;
            for (int j = 0; j < n; j++) {
                largest = Math.max(largest, colSum[j] + Math.abs(b[row + j]));
            }
            if (largest > limit) {
                starts[count++] = p;
                java.util.Arrays.fill(colSum, 0);
            }
            for (int j = 0; j < n; j++) {
                colSum[j] += Math.abs(b[row + j]);
            }
        }
        return java.util.Arrays.copyOf(starts, count);
    }

    public int k() {
        return k;
    }

    public int n() {
        return n;
    }

    /** How many K chunks the product is split into (1 when the whole K is within the exact bound). */
    public int chunkCount() {
        return chunkCount;
    }

    /**
     * {@code out[i*n + j] = sum_p (a[aOff + i*k + p] - aZeroPoint) * B'[p, j]} for {@code rows} rows of A,
     * row-major with row stride k.
     *
     * @param unsigned true when A's bytes are uint8, false for int8
     */
    public void multiply(byte[] a, int aOff, boolean unsigned, int aZeroPoint, int rows, int[] out, int outOff,
                         CpuThreadPool pool) {
        if (rows <= 0) {
            return;
        }
        product.multiply(converted(a, aOff, unsigned, aZeroPoint, rows), 0, k, rows, out, outOff, pool);
    }

    /**
     * The product as {@link #multiply(byte[], int, boolean, int, int, int[], int, CpuThreadPool)} computes it,
     * dequantized to float32 by {@code scale} and {@code bias} (see {@link Dequantization}) into {@code out} (row
     * stride n): straight from the accumulators when K is one chunk, else through int32.
     */
    public void multiply(byte[] a, int aOff, boolean unsigned, int aZeroPoint, int rows, float[] scale,
                         float[] bias, float[] out, int outOff, CpuThreadPool pool) {
        if (rows <= 0) {
            return;
        }
        float[] af = converted(a, aOff, unsigned, aZeroPoint, rows);
        if (product instanceof ByteWeightProduct512 bytes) {
            bytes.multiply(af, 0, k, rows, scale, bias, out, outOff, pool);
            return;
        }
        int len = rows * n;
        int[] c = intScratch.get();
        if (c.length < len) {
            c = new int[len];
            intScratch.set(c);
        }
        product.multiply(af, 0, k, rows, c, 0, pool);
        Dequantization.apply(scale, bias, c, 0, out, outOff, rows, n);
    }

    /** A's rows minus the zero point, as float32 in this thread's scratch buffer (row stride k). */
    private float[] converted(byte[] a, int aOff, boolean unsigned, int aZeroPoint, int rows) {
        int aLen = Math.multiplyExact(rows, k);
        float[] af = scratch.get();
        if (af.length < aLen) {
            af = new float[aLen];
            scratch.set(af);
        }
        int i = 0;
        if (product instanceof ByteWeightProduct512) {
            // The 512-bit tier converts whole vectors; the loops below finish the tail.
            i = ByteWeightProduct512.convert(a, aOff, unsigned, aZeroPoint, af, aLen);
        }
        if (unsigned) {
            for (; i < aLen; i++) {
                af[i] = (a[aOff + i] & 0xFF) - aZeroPoint;
            }
        } else {
            for (; i < aLen; i++) {
                af[i] = a[aOff + i] - aZeroPoint;
            }
        }
        return af;
    }
}
