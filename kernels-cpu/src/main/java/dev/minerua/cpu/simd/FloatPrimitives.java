package dev.minerua.cpu.simd;

/**
 * The float32 building blocks of the CPU kernels' hot loops, one implementation per {@link SimdTier}.
 *
 * <p>Contract, for every method: arrays are addressed as {@code (array, offset)} and {@code n} elements
 * are processed; {@code n} may be 0. An output range may be the same as an input range (in place), but
 * must not partially overlap one. No method allocates, and every implementation is stateless and
 * thread-safe. Exact operations (arithmetic, max/min, relu, clip, leaky relu, hard sigmoid/swish) give
 * bit-identical results in every implementation. Transcendental functions and reductions (whose summation
 * order differs) are accurate as documented on {@link VectorFloatPrimitives}; the scalar implementation
 * evaluates them in float64 and rounds once, like the reference kernels.
 */
public interface FloatPrimitives {

    /** Elementwise binary operations. */
    enum Binary {
        ADD, SUB, MUL, DIV, MAX, MIN,
        /** {@code a < 0 ? a * b : a} (PRelu with slope b). */
        PRELU
    }

    /** A short description, e.g. {@code "vector-256"}. */
    String name();

    /** Floats per vector, 1 for scalar. */
    int lanes();

    /** {@code out[i] = a[i] op b[i]}. */
    void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] op s}: the right operand is a broadcast scalar. */
    void binaryScalarRight(Binary op, float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = s op b[i]}: the left operand is a broadcast scalar. */
    void binaryScalarLeft(Binary op, float s, float[] b, int bo, float[] out, int oo, int n);

    /**
     * Row broadcast: for each of {@code rows} rows of {@code cols} elements,
     * {@code out[r*cols + c] = a[r*cols + c] op row[c]} (offsets added).
     */
    default void binaryRows(Binary op, float[] a, int ao, float[] row, int ro, float[] out, int oo, int rows,
                            int cols) {
        for (int r = 0; r < rows; r++) {
            binary(op, a, ao + r * cols, row, ro, out, oo + r * cols, cols);
        }
    }

    /** {@code out[i] = fma(a[i], b[i], c[i])} with a single rounding. */
    void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n);

    /** {@code y[i] = fma(alpha, x[i], y[i])}: accumulates a scaled vector. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * A sum of shifted, scaled copies (the inner loop of a depthwise convolution on a padded grid):
     * {@code dst[dOff + q] = init + sum_t w[wOff + t] * src[offsets[t] + q]} for {@code 0 <= q < n}, the taps
     * added in order {@code t = 0 .. taps-1}, each with one fused multiply-add. Every tier computes each
     * element in that same order, so the result does not depend on the tier.
     */
    void tapSum(float[] w, int wOff, int[] offsets, int taps, float[] src, float init, float[] dst, int dOff,
                int n);

    /**
     * {@link #tapSum} for {@code rows} filters over the same source at once (a direct convolution with several
     * output channels): {@code dst[dOff + r*dStride + q] = init[iOff + r] + sum_t w[wOff + r*wStride + t] *
     * src[offsets[t] + q]} for {@code 0 <= r < rows}, {@code 0 <= q < n}. Each row's taps are added in the order
     * {@code t = 0 .. taps-1}, one fused multiply-add each, so the result equals {@link #tapSum} row by row on
     * every tier; the vector tiers only load each source vector once for several rows. {@code init} null means 0.
     */
    default void tapSumRows(float[] w, int wOff, int wStride, int rows, int[] offsets, int taps, float[] src,
                            float[] init, int iOff, float[] dst, int dOff, int dStride, int n) {
        for (int r = 0; r < rows; r++) {
            tapSum(w, wOff + r * wStride, offsets, taps, src, init == null ? 0f : init[iOff + r], dst,
                    dOff + r * dStride, n);
        }
    }

    /**
     * {@code dst[d + j] = src[so + 2*j]} for {@code 0 <= j < n}: every other element, as when a stride-2
     * convolution splits its input rows by column parity. A plain copy, so every tier gives the same bits.
     */
    void copyEven(float[] src, int so, float[] dst, int d, int n);

    /**
     * {@code dst[d + r*ds + j] = src[so + r*ss + j]} for {@code 0 <= r < rows}, {@code 0 <= j < n}: a block of
     * short rows (a small plane into or out of a padded grid). The vector tiers copy each row as whole vectors and
     * one masked vector, where a {@link System#arraycopy} per row of a few dozen floats costs a stub call each.
     * The ranges must not overlap.
     */
    default void copyRows(float[] src, int so, int ss, float[] dst, int d, int ds, int n, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, so + r * ss, dst, d + r * ds, n);
        }
    }

    /** {@code out[i] = fma(a[i], scale, shift)}: an affine map with scalar coefficients. */
    void scaleShift(float[] a, int ao, float scale, float shift, float[] out, int oo, int n);

    /** {@code out[i] = max(a[i], 0)}; NaN stays NaN. */
    void relu(float[] a, int ao, float[] out, int oo, int n);

    /**
     * {@link #scaleShift}, then {@link #relu} when {@code relu}, on {@code blocks} runs of {@code n} elements, run
     * {@code b} read at {@code ao + b*as} and written at {@code oo + b*os}: one channel's rows of a convolution
     * input packed into GEMM panels, in one call rather than two per panel row.
     */
    default void scaleShiftBlocks(float[] a, int ao, int as, float scale, float shift, boolean relu, float[] out,
                                  int oo, int os, int n, int blocks) {
        for (int b = 0; b < blocks; b++) {
            scaleShift(a, ao + b * as, scale, shift, out, oo + b * os, n);
            if (relu) {
                relu(out, oo + b * os, out, oo + b * os, n);
            }
        }
    }

    /** {@code out[i] = min(max(a[i], lo), hi)}; NaN stays NaN. */
    void clip(float[] a, int ao, float lo, float hi, float[] out, int oo, int n);

    /** {@code out[i] = a[i] < 0 ? alpha * a[i] : a[i]}. */
    void leakyRelu(float[] a, int ao, float alpha, float[] out, int oo, int n);

    /** {@code out[i] = max(0, min(1, alpha * a[i] + beta))} (unfused multiply-add). */
    void hardSigmoid(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n);

    /** {@code out[i] = a[i] * max(0, min(1, a[i] / 6 + 0.5))}. */
    void hardSwish(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = e^a[i]}. */
    void exp(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = 1 / (1 + e^-a[i])}. */
    void sigmoid(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = tanh(a[i])}. */
    void tanh(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = erf(a[i])}. */
    void erf(float[] a, int ao, float[] out, int oo, int n);

    /** {@code out[i] = 0.5 a[i] (1 + erf(a[i] / sqrt 2))}: the exact GELU. */
    void gelu(float[] a, int ao, float[] out, int oo, int n);

    /** The sum of {@code a[ao .. ao+n)}; 0 for n = 0. */
    float sum(float[] a, int ao, int n);

    /** The sum of {@code (a[i] - mean)^2}: n times the (biased) variance when mean is the mean. */
    float sumSquaredDiff(float[] a, int ao, float mean, int n);

    /** The largest element (NaN if any is NaN); -infinity for n = 0. */
    float max(float[] a, int ao, int n);

    /** The dot product of {@code a[ao..]} and {@code b[bo..]}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Softmax of one contiguous row: {@code out[i] = e^(a[i]-m) / sum_j e^(a[j]-m)} with m the row's max;
     * with {@code log}, LogSoftmax {@code a[i] - m - log(sum_j e^(a[j]-m))}.
     */
    void softmaxRow(float[] a, int ao, float[] out, int oo, int n, boolean log);

    /**
     * Softmax of {@code rows} contiguous rows of n elements, each row's values exactly those of
     * {@link #softmaxRow} (not log); {@code out} may be {@code a} at the same offset. Vector tiers run rows
     * shorter than one vector as a block, so that their exps fill whole vectors.
     */
    default void softmaxRows(float[] a, int ao, float[] out, int oo, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            softmaxRow(a, ao + r * n, out, oo + r * n, n, false);
        }
    }

    /** The implementation for {@code tier}; Vector API classes are only loaded when it is not scalar. */
    static FloatPrimitives forTier(SimdTier tier) {
        return tier == SimdTier.SCALAR ? ScalarFloatPrimitives.INSTANCE : VectorFloatPrimitives.forTier(tier);
    }

    /** The implementation for this JVM's {@link SimdSupport#tier()}. */
    static FloatPrimitives preferred() {
        return Preferred.INSTANCE;
    }

    /** Lazy holder so the choice is made once, on first use. */
    final class Preferred {
        static final FloatPrimitives INSTANCE = forTier(SimdSupport.tier());

        private Preferred() {
        }
    }
}
