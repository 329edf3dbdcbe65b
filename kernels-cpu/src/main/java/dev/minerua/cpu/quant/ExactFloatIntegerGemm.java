package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdTier;

/**
 * The integer product {@code C = (A - a_zp) · B'} of 8-bit A (uint8 or int8, scalar zero point) and a constant
 * k x n int32 matrix B' (B minus its zero point), computed on the float32 {@link Sgemm} and bit-identical to the
 * integer reference.
 *
 * <p>Why this is exact: every operand is an integer of magnitude at most 255 ({@code |a - a_zp| <= 255} for both
 * 8-bit types; B' is checked when built), so each product is an integer below 2^16, exact in float32. Any partial
 * sum the GEMM forms, in whatever order, with or without FMA, is a sub-sum of the products and so an integer of
 * magnitude at most {@code sum |a||b|}; while that bound stays within 2^24 every such integer is representable,
 * no rounding ever happens and the float result converts back to the exact int32. K is therefore cut into
 * chunks of at most {@code 2^24 / (255 * max|B'|)} rows (512 for int8 weights), each multiplied on its own and
 * the chunks summed in int32.
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
        int maxB = 0;
        for (int v : b) {
            maxB = Math.max(maxB, Math.abs(v));
        }
        if (maxB > MAX_A) {
            return null;
        }
        int chunkRows = (int) Math.min(k, EXACT_LIMIT / ((long) MAX_A * Math.max(1, maxB)));
        int chunkCount = (k + chunkRows - 1) / chunkRows;
        Product p = tier == SimdTier.V512 ? ChunkedProduct.ofBytes(b, k, n, chunkRows) : null;
        if (p == null) {
            p = SgemmProduct.of(Sgemm.forTier(tier), b, k, n, chunkRows);
        }
        return new ExactFloatIntegerGemm(p, k, n, chunkCount);
    }

    public int k() {
        return k;
    }

    public int n() {
        return n;
    }

    /** How many K chunks the product is split into (1 when K is within the exact bound). */
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
        int aLen = Math.multiplyExact(rows, k);
        float[] af = scratch.get();
        if (af.length < aLen) {
            af = new float[aLen];
            scratch.set(af);
        }
        if (unsigned) {
            for (int i = 0; i < aLen; i++) {
                af[i] = (a[aOff + i] & 0xFF) - aZeroPoint;
            }
        } else {
            for (int i = 0; i < aLen; i++) {
                af[i] = a[aOff + i] - aZeroPoint;
            }
        }
        product.multiply(af, 0, k, rows, out, outOff, pool);
    }
}
