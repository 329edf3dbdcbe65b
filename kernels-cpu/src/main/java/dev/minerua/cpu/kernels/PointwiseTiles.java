package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.SimdTier;

/**
 * The register tiles of {@link SmallKPointwiseConv}: {@code Y[m][j] = bias[m] + sum_k W[m][k] X[k][j]} over a
 * tile of {@link #width()} consecutive positions (two vectors), for 8 output channels at a time or one, reading
 * the K input rows straight from the NCHW planes (row k of the product's right operand is plane k, so a vector
 * load per k and vector) and broadcasting the filter values from the packed filter ({@link #pack}). All of K
 * is summed in registers: nothing is packed and nothing accumulated in memory. The one subclass,
 * {@link PointwiseTiles512}, keeps its species a static final constant for the JIT.
 */
abstract class PointwiseTiles {
    /** Output channels of a full tile. */
    static final int MR = 8;

    /** Positions of one tile: two vectors. */
    abstract int width();

    /**
     * Output channels {@code m0..m0+7}: the filter block at {@code wOff} holds {@code W[m0+r][k]} at
     * {@code wOff + k*8 + r}; X row k of the tile starts at {@code xOff + k*plane}; Y row r at {@code yOff + r*ldy}.
     */
    abstract void rows8(float[] x, int xOff, int plane, int k, float[] w, int wOff, float[] bias, int m0,
                        float[] y, int yOff, int ldy);

    /**
     * As {@link #rows8}, then clamped to {@code [lo, hi]}. Implementations keep their own copy of the product loop
     * rather than sharing one body with {@link #rows8}, for the reason given at
     * {@code dev.minerua.cpu.gemm.MicroKernel#multiplyBiasClamp}: a body with the optional clamp can cross C2's node
     * budget, and then its vectors are boxed.
     */
    abstract void rows8Clamp(float[] x, int xOff, int plane, int k, float[] w, int wOff, float[] bias, int m0,
                             float[] y, int yOff, int ldy, float lo, float hi);

    /** One output channel (its filter row {@code W[m][k]} at {@code wOff + k}), clamped to {@code [lo, hi]}. */
    abstract void row1(float[] x, int xOff, int plane, int k, float[] w, int wOff, float bias, float[] y, int yOff,
                       float lo, float hi);

    /**
     * The filter {@code [M][K]} (row-major) in the tiles' layout: blocks of 8 channels as {@code [k][8]}, then the
     * remaining {@code M % 8} rows as they are.
     */
    static float[] pack(float[] w, int m, int k) {
        float[] packed = new float[m * k];
        int full = m / MR * MR;
        for (int m0 = 0; m0 < full; m0 += MR) {
            for (int kk = 0; kk < k; kk++) {
                for (int r = 0; r < MR; r++) {
                    packed[m0 * k + kk * MR + r] = w[(m0 + r) * k + kk];
                }
            }
        }
        System.arraycopy(w, full * k, packed, full * k, (m - full) * k);
        return packed;
    }

    /**
     * The tiles of a vector tier: 512 bits only. Narrower tiers are never chosen ({@link SmallKPointwiseConv#applies}):
     * their 8x2-vector tile was not measured faster there, and on AVX2's 16 registers its 16 accumulators spill.
     */
    static PointwiseTiles forTier(SimdTier tier) {
        if (tier != SimdTier.V512) {
            throw new IllegalArgumentException("pointwise register tiles exist for the 512-bit tier only, not " + tier);
        }
        return new PointwiseTiles512();
    }
}
