package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;

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

    private final Sgemm gemm;
    private final int k;
    private final int n;
    private final int[] chunkStart;
    private final PackedB[] chunks;
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[2][0]);

    private ExactFloatIntegerGemm(Sgemm gemm, int k, int n, int[] chunkStart, PackedB[] chunks) {
        this.gemm = gemm;
        this.k = k;
        this.n = n;
        this.chunkStart = chunkStart;
        this.chunks = chunks;
    }

    /**
     * Converts and packs B' (row-major k x n int32, zero point already subtracted), or returns null when some
     * element exceeds 255 in magnitude (then the float path would not be provably exact) or the shape is empty.
     */
    public static ExactFloatIntegerGemm of(Sgemm gemm, int[] b, int k, int n) {
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
        int count = (k + chunkRows - 1) / chunkRows;
        int[] start = new int[count + 1];
        PackedB[] packed = new PackedB[count];
        for (int c = 0; c < count; c++) {
            int k0 = c * chunkRows;
            int k1 = Math.min(k, k0 + chunkRows);
            start[c] = k0;
            start[c + 1] = k1;
            float[] f = new float[(k1 - k0) * n];
            for (int i = 0; i < f.length; i++) {
                f[i] = b[k0 * n + i];
            }
            packed[c] = gemm.packB(Matrix.rowMajor(f, 0, n), k1 - k0, n);
        }
        return new ExactFloatIntegerGemm(gemm, k, n, start, packed);
    }

    public int k() {
        return k;
    }

    public int n() {
        return n;
    }

    /** How many K chunks the product is split into (1 when K is within the exact bound). */
    public int chunkCount() {
        return chunks.length;
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
        float[][] s = scratch.get();
        int aLen = Math.multiplyExact(rows, k);
        int cLen = Math.multiplyExact(rows, n);
        if (s[0].length < aLen) {
            s[0] = new float[aLen];
        }
        if (s[1].length < cLen) {
            s[1] = new float[cLen];
        }
        float[] af = s[0];
        float[] cf = s[1];
        if (unsigned) {
            for (int i = 0; i < aLen; i++) {
                af[i] = (a[aOff + i] & 0xFF) - aZeroPoint;
            }
        } else {
            for (int i = 0; i < aLen; i++) {
                af[i] = a[aOff + i] - aZeroPoint;
            }
        }
        for (int c = 0; c < chunks.length; c++) {
            Matrix am = new Matrix(af, chunkStart[c], k, 1);
            gemm.multiply(am, chunks[c], cf, 0, n, rows, 1f, false, null, pool);
            if (c == 0) {
                for (int i = 0; i < cLen; i++) {
                    out[outOff + i] = (int) cf[i];
                }
            } else {
                for (int i = 0; i < cLen; i++) {
                    out[outOff + i] += (int) cf[i];
                }
            }
        }
    }
}
