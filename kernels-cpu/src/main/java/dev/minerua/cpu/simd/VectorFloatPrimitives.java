package dev.minerua.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatPrimitives} on the Vector API for one explicit float species (128, 256 or 512 bits). Each
 * width is its own small subclass whose species is a {@code static final} constant, so the JIT sees a
 * constant species in the shared loop code (in production only one width is loaded). Loops run to
 * {@code loopBound} and finish with a scalar tail that follows {@link ScalarFloatPrimitives} exactly (the
 * transcendental functions finish with one masked vector instead, so every element gets the same
 * approximation).
 *
 * <p>Accuracy of the polynomial approximations (measured against float64 {@link Math} over the whole float
 * range in {@code FloatPrimitivesTest}):
 * <ul>
 *   <li>exp: Cephes-style range reduction {@code x = n ln2 + r}, degree-6 polynomial on |r| &lt;= ln2/2,
 *       scaling by 2^n in two steps so results down into the subnormal range are kept; max relative error
 *       7.3e-8 (measured) for normal results, absolute error below 1e-45 for subnormal ones; overflows to
 *       +infinity above 88.72, 0 below -103.9; NaN stays NaN.</li>
 *   <li>tanh: odd degree-11 polynomial for |x| &lt; 0.625, {@code 1 - 2/(e^(2|x|)+1)} above; relative
 *       error 1.3e-7 (measured).</li>
 *   <li>sigmoid: {@code 1/(1+e^-x)}; relative error 1.2e-7 (measured) down to x = -88.7, below which the true
 *       result is under 1.2e-38 and 0 is returned.</li>
 *   <li>erf: Taylor series to x^21 for |x| &lt; 1 (relative error 1.9e-7 measured); above, 1 - erfc with the
 *       Chebyshev-fitted erfc of Numerical Recipes (fractional error 1.2e-7), absolute error below 2e-7.</li>
 *   <li>gelu: from erfc alone, {@code 0.5 x erfc(|z|)} left of 0 and {@code 0.5 x (2 - erfc(|z|))} right of it
 *       ({@code z = x / sqrt 2}), with erfc's exponent rounded once, so the left tail keeps its
 *       relative accuracy down to results near the subnormal range (relative error below 1e-5, measured
 *       against a float64 erfc in {@code GeluAccuracyTest}).</li>
 *   <li>sum, sumSquaredDiff, dot, softmaxRow: float32 lane accumulators (a different summation order than
 *       the scalar float64 one), so errors grow like n * 2^-24 of the sum of magnitudes. The accumulator's lanes
 *       are then added one by one in lane order, in the method itself (see {@link #sum}).</li>
 * </ul>
 */
public abstract sealed class VectorFloatPrimitives implements FloatPrimitives
        permits VectorFloatPrimitives.V128, VectorFloatPrimitives.V256, VectorFloatPrimitives.V512 {

    /** The species this implementation is built for. */
    protected abstract VectorSpecies<Float> species();

    /** The implementation for a vector tier (not {@link SimdTier#SCALAR}). */
    static FloatPrimitives forTier(SimdTier tier) {
        return switch (tier) {
            case V128 -> new V128();
            case V256 -> new V256();
            case V512 -> new V512();
            case SCALAR -> throw new IllegalArgumentException("no vector implementation for the scalar tier");
        };
    }

    /** The implementation for {@code species}, which must be a 128-, 256- or 512-bit float species. */
    public static VectorFloatPrimitives of(VectorSpecies<Float> species) {
        return switch (species.vectorBitSize()) {
            case 128 -> new V128();
            case 256 -> new V256();
            case 512 -> new V512();
            default -> throw new IllegalArgumentException("unsupported float species " + species);
        };
    }

    @Override
    public String name() {
        return "vector-" + species().vectorBitSize();
    }

    @Override
    public int lanes() {
        return species().length();
    }

    // ---- binary -------------------------------------------------------------------------------------

    @Override
    public void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).add(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).sub(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).mul(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).div(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).max(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).min(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case PRELU -> {
                for (; i < bound; i += s.length()) {
                    FloatVector x = FloatVector.fromArray(s, a, ao + i);
                    x.blend(x.mul(FloatVector.fromArray(s, b, bo + i)), x.lt(0f)).intoArray(out, oo + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarFloatPrimitives.apply(op, a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void binaryScalarRight(Binary op, float[] a, int ao, float c, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).add(c).intoArray(out, oo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).sub(c).intoArray(out, oo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).mul(c).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).div(c).intoArray(out, oo + i);
                }
            }
            case MAX -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).max(c).intoArray(out, oo + i);
                }
            }
            case MIN -> {
                for (; i < bound; i += s.length()) {
                    FloatVector.fromArray(s, a, ao + i).min(c).intoArray(out, oo + i);
                }
            }
            case PRELU -> {
                leakyRelu(a, ao, c, out, oo, n);
                return;
            }
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarFloatPrimitives.apply(op, a[ao + i], c);
        }
    }

    @Override
    public void binaryScalarLeft(Binary op, float c, float[] b, int bo, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        switch (op) {
            // Commutative: reuse the right-scalar loops (MAX/MIN are commutative in Java semantics too).
            case ADD, MUL, MAX, MIN -> {
                binaryScalarRight(op, b, bo, c, out, oo, n);
                return;
            }
            default -> {
            }
        }
        int bound = s.loopBound(n);
        int i = 0;
        FloatVector cv = FloatVector.broadcast(s, c);
        switch (op) {
            case SUB -> {
                for (; i < bound; i += s.length()) {
                    cv.sub(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += s.length()) {
                    cv.div(FloatVector.fromArray(s, b, bo + i)).intoArray(out, oo + i);
                }
            }
            default -> { // PRELU with a scalar input: a plain select per element
            }
        }
        for (; i < n; i++) {
            out[oo + i] = ScalarFloatPrimitives.apply(op, c, b[bo + i]);
        }
    }

    // ---- affine and piecewise-linear -------------------------------------------------------------------

    @Override
    public void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i)
                    .fma(FloatVector.fromArray(s, b, bo + i), FloatVector.fromArray(s, c, co + i))
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, x, xo + i).fma(FloatVector.broadcast(s, alpha), FloatVector.fromArray(s, y, yo + i))
                    .intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    @Override
    public void tapSum(float[] w, int wOff, int[] offsets, int taps, float[] src, float init, float[] dst, int dOff,
                       int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int q = 0;
        if (taps == 9) {
            q = tapSum9(bound, w, wOff, offsets, src, init, dst, dOff);
        } else {
            for (; q < bound; q += s.length()) {
                FloatVector acc = FloatVector.broadcast(s, init);
                for (int t = 0; t < taps; t++) {
                    acc = FloatVector.fromArray(s, src, offsets[t] + q).fma(FloatVector.broadcast(s, w[wOff + t]), acc);
                }
                acc.intoArray(dst, dOff + q);
            }
        }
        for (; q < n; q++) {
            float acc = init;
            for (int t = 0; t < taps; t++) {
                acc = Math.fma(w[wOff + t], src[offsets[t] + q], acc);
            }
            dst[dOff + q] = acc;
        }
    }

    @Override
    public void tapSumRows(float[] w, int wOff, int wStride, int rows, int[] offsets, int taps, float[] src,
                           float[] init, int iOff, float[] dst, int dOff, int dStride, int n) {
        VectorSpecies<Float> s = species();
        int lanes = s.length();
        int pairs = n - n % (2 * lanes);
        int r = 0;
        // Four rows by two vectors: eight independent accumulators hide the FMA latency, and each source vector
        // loaded serves four rows.
        for (; r + 4 <= rows; r += 4) {
            int w0 = wOff + r * wStride;
            int w1 = w0 + wStride;
            int w2 = w1 + wStride;
            int w3 = w2 + wStride;
            float i0 = init == null ? 0f : init[iOff + r];
            float i1 = init == null ? 0f : init[iOff + r + 1];
            float i2 = init == null ? 0f : init[iOff + r + 2];
            float i3 = init == null ? 0f : init[iOff + r + 3];
            int d0 = dOff + r * dStride;
            int q = 0;
            for (; q < pairs; q += 2 * lanes) {
                FloatVector a0 = FloatVector.broadcast(s, i0);
                FloatVector a1 = FloatVector.broadcast(s, i1);
                FloatVector a2 = FloatVector.broadcast(s, i2);
                FloatVector a3 = FloatVector.broadcast(s, i3);
                FloatVector b0 = a0;
                FloatVector b1 = a1;
                FloatVector b2 = a2;
                FloatVector b3 = a3;
                for (int t = 0; t < taps; t++) {
                    int o = offsets[t] + q;
                    FloatVector x0 = FloatVector.fromArray(s, src, o);
                    FloatVector x1 = FloatVector.fromArray(s, src, o + lanes);
                    FloatVector c = FloatVector.broadcast(s, w[w0 + t]);
                    a0 = x0.fma(c, a0);
                    b0 = x1.fma(c, b0);
                    c = FloatVector.broadcast(s, w[w1 + t]);
                    a1 = x0.fma(c, a1);
                    b1 = x1.fma(c, b1);
                    c = FloatVector.broadcast(s, w[w2 + t]);
                    a2 = x0.fma(c, a2);
                    b2 = x1.fma(c, b2);
                    c = FloatVector.broadcast(s, w[w3 + t]);
                    a3 = x0.fma(c, a3);
                    b3 = x1.fma(c, b3);
                }
                a0.intoArray(dst, d0 + q);
                b0.intoArray(dst, d0 + q + lanes);
                a1.intoArray(dst, d0 + dStride + q);
                b1.intoArray(dst, d0 + dStride + q + lanes);
                a2.intoArray(dst, d0 + 2 * dStride + q);
                b2.intoArray(dst, d0 + 2 * dStride + q + lanes);
                a3.intoArray(dst, d0 + 3 * dStride + q);
                b3.intoArray(dst, d0 + 3 * dStride + q + lanes);
            }
            if (q < n) {
                for (int k = 0; k < 4; k++) {
                    tapSum(w, wOff + (r + k) * wStride, offsets, taps, src, init == null ? 0f : init[iOff + r + k],
                            dst, dOff + (r + k) * dStride + q, n - q, q);
                }
            }
        }
        for (; r < rows; r++) {
            // One row by two vectors: two accumulators.
            int w0 = wOff + r * wStride;
            float i0 = init == null ? 0f : init[iOff + r];
            int d0 = dOff + r * dStride;
            int q = 0;
            for (; q < pairs; q += 2 * lanes) {
                FloatVector a0 = FloatVector.broadcast(s, i0);
                FloatVector b0 = a0;
                for (int t = 0; t < taps; t++) {
                    int o = offsets[t] + q;
                    FloatVector c = FloatVector.broadcast(s, w[w0 + t]);
                    a0 = FloatVector.fromArray(s, src, o).fma(c, a0);
                    b0 = FloatVector.fromArray(s, src, o + lanes).fma(c, b0);
                }
                a0.intoArray(dst, d0 + q);
                b0.intoArray(dst, d0 + q + lanes);
            }
            if (q < n) {
                tapSum(w, w0, offsets, taps, src, i0, dst, d0 + q, n - q, q);
            }
        }
    }

    /** {@link #tapSum} over positions {@code shift .. shift+n-1} of the sources, written from {@code dst[dOff]}. */
    private void tapSum(float[] w, int wOff, int[] offsets, int taps, float[] src, float init, float[] dst, int dOff,
                        int n, int shift) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int q = 0;
        for (; q < bound; q += s.length()) {
            FloatVector acc = FloatVector.broadcast(s, init);
            for (int t = 0; t < taps; t++) {
                acc = FloatVector.fromArray(s, src, offsets[t] + shift + q).fma(FloatVector.broadcast(s, w[wOff + t]),
                        acc);
            }
            acc.intoArray(dst, dOff + q);
        }
        for (; q < n; q++) {
            float acc = init;
            for (int t = 0; t < taps; t++) {
                acc = Math.fma(w[wOff + t], src[offsets[t] + shift + q], acc);
            }
            dst[dOff + q] = acc;
        }
    }

    /** Lane indices 0, 2, 4, ... into the concatenation of two vectors (for {@link #copyEven}), for any width. */
    private static final float[] EVEN_LANES = new float[16];

    static {
        for (int i = 0; i < EVEN_LANES.length; i++) {
            EVEN_LANES[i] = 2 * i;
        }
    }

    @Override
    public void copyEven(float[] src, int so, float[] dst, int d, int n) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        FloatVector even = FloatVector.fromArray(s, EVEN_LANES, 0);
        // Each step reads 2l elements; the last one may lie past the run (an odd element) but not past src.
        int vectorEnd = Math.min(n, (src.length - so) / 2);
        int j = 0;
        for (; j + l <= vectorEnd; j += l) {
            FloatVector lo = FloatVector.fromArray(s, src, so + 2 * j);
            FloatVector hi = FloatVector.fromArray(s, src, so + 2 * j + l);
            even.selectFrom(lo, hi).intoArray(dst, d + j);
        }
        if (j < n && so + 2 * (j + l) <= src.length) {
            // Short runs (a row of a few dozen columns) end in one masked store rather than a scalar tail.
            FloatVector lo = FloatVector.fromArray(s, src, so + 2 * j);
            FloatVector hi = FloatVector.fromArray(s, src, so + 2 * j + l);
            even.selectFrom(lo, hi).intoArray(dst, d + j, s.indexInRange(j, n));
            return;
        }
        for (; j < n; j++) {
            dst[d + j] = src[so + 2 * j];
        }
    }

    @Override
    public void copyRows(float[] src, int so, int ss, float[] dst, int d, int ds, int n, int rows) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        int bound = s.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int a = so + r * ss;
            int b = d + r * ds;
            int j = 0;
            for (; j < bound; j += l) {
                FloatVector.fromArray(s, src, a + j).intoArray(dst, b + j);
            }
            if (j == n) {
                continue;
            }
            if (n >= l) {
                // The last whole vector of the row, overlapping what is copied already.
                FloatVector.fromArray(s, src, a + n - l).intoArray(dst, b + n - l);
            } else {
                // A row shorter than a vector. The mask is made and used in this body only (a vector live
                // across a loop head is not kept in a register by C2).
                VectorMask<Float> m = s.indexInRange(0, n);
                FloatVector.fromArray(s, src, a, m).intoArray(dst, b, m);
            }
        }
    }

    /**
     * {@link #tapSum} for a 3x3 kernel up to {@code bound}, with the nine weights and offsets held in locals so
     * the loop body is nine loads and fused multiply-adds; returns where it stopped. Too large to be inlined
     * into {@link #tapSum}, so it takes its species from {@link #species()} (a constant once compiled for one
     * subclass), not as an argument, which would leave the Vector API calls unintrinsified.
     */
    private int tapSum9(int bound, float[] w, int wOff, int[] o, float[] src, float init, float[] dst, int dOff) {
        VectorSpecies<Float> s = species();
        FloatVector w0 = FloatVector.broadcast(s, w[wOff]);
        FloatVector w1 = FloatVector.broadcast(s, w[wOff + 1]);
        FloatVector w2 = FloatVector.broadcast(s, w[wOff + 2]);
        FloatVector w3 = FloatVector.broadcast(s, w[wOff + 3]);
        FloatVector w4 = FloatVector.broadcast(s, w[wOff + 4]);
        FloatVector w5 = FloatVector.broadcast(s, w[wOff + 5]);
        FloatVector w6 = FloatVector.broadcast(s, w[wOff + 6]);
        FloatVector w7 = FloatVector.broadcast(s, w[wOff + 7]);
        FloatVector w8 = FloatVector.broadcast(s, w[wOff + 8]);
        int o0 = o[0], o1 = o[1], o2 = o[2], o3 = o[3], o4 = o[4], o5 = o[5], o6 = o[6], o7 = o[7], o8 = o[8];
        FloatVector start = FloatVector.broadcast(s, init);
        int q = 0;
        for (; q < bound; q += s.length()) {
            FloatVector acc = FloatVector.fromArray(s, src, o0 + q).fma(w0, start);
            acc = FloatVector.fromArray(s, src, o1 + q).fma(w1, acc);
            acc = FloatVector.fromArray(s, src, o2 + q).fma(w2, acc);
            acc = FloatVector.fromArray(s, src, o3 + q).fma(w3, acc);
            acc = FloatVector.fromArray(s, src, o4 + q).fma(w4, acc);
            acc = FloatVector.fromArray(s, src, o5 + q).fma(w5, acc);
            acc = FloatVector.fromArray(s, src, o6 + q).fma(w6, acc);
            acc = FloatVector.fromArray(s, src, o7 + q).fma(w7, acc);
            acc = FloatVector.fromArray(s, src, o8 + q).fma(w8, acc);
            acc.intoArray(dst, dOff + q);
        }
        return q;
    }

    @Override
    public void scaleShift(float[] a, int ao, float scale, float shift, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i).fma(scale, shift).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.fma(a[ao + i], scale, shift);
        }
    }

    @Override
    public void scaleShiftBlocks(float[] a, int ao, int as, float scale, float shift, boolean relu, float[] out,
                                 int oo, int os, int n, int blocks) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        // max(v, -inf) is v (NaN included): one loop body for both.
        float lo = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int b = 0; b < blocks; b++) {
            int ai = ao + b * as;
            int oi = oo + b * os;
            int i = 0;
            for (; i < bound; i += s.length()) {
                FloatVector.fromArray(s, a, ai + i).fma(scale, shift).max(lo).intoArray(out, oi + i);
            }
            for (; i < n; i++) {
                out[oi + i] = Math.max(Math.fma(a[ai + i], scale, shift), lo);
            }
        }
    }

    @Override
    public void relu(float[] a, int ao, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i).max(0f).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.max(a[ao + i], 0f);
        }
    }

    @Override
    public void clip(float[] a, int ao, float lo, float hi, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i).max(lo).min(hi).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.min(Math.max(a[ao + i], lo), hi);
        }
    }

    @Override
    public void leakyRelu(float[] a, int ao, float alpha, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            x.blend(x.mul(alpha), x.lt(0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i];
            out[oo + i] = x < 0 ? alpha * x : x;
        }
    }

    @Override
    public void hardSigmoid(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, ao + i).mul(alpha).add(beta).min(1f).max(0f).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.max(0f, Math.min(1f, alpha * a[ao + i] + beta));
        }
    }

    @Override
    public void hardSwish(float[] a, int ao, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            x.mul(x.mul(1f / 6f).add(0.5f).min(1f).max(0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i];
            out[oo + i] = x * Math.max(0f, Math.min(1f, x * (1f / 6f) + 0.5f));
        }
    }

    // ---- transcendental ---------------------------------------------------------------------------------

    @Override
    public void exp(float[] a, int ao, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            expV(FloatVector.fromArray(s, a, ao + i)).intoArray(out, oo + i);
        }
        tail(a, ao + i, out, oo + i, n - i, Fn.EXP);
    }

    @Override
    public void sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            sigmoidV(FloatVector.fromArray(s, a, ao + i)).intoArray(out, oo + i);
        }
        tail(a, ao + i, out, oo + i, n - i, Fn.SIGMOID);
    }

    @Override
    public void tanh(float[] a, int ao, float[] out, int oo, int n) {
        twoPass(a, ao, out, oo, n, Fn.TANH);
        int i = species().loopBound(n);
        tail(a, ao + i, out, oo + i, n - i, Fn.TANH);
    }

    @Override
    public void erf(float[] a, int ao, float[] out, int oo, int n) {
        twoPass(a, ao, out, oo, n, Fn.ERF);
        int i = species().loopBound(n);
        tail(a, ao + i, out, oo + i, n - i, Fn.ERF);
    }

    @Override
    public void gelu(float[] a, int ao, float[] out, int oo, int n) {
        // One branch only (see geluV), so one pass: its loop is about as big as a single pass of twoPass.
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        for (; i < bound; i += s.length()) {
            geluV(FloatVector.fromArray(s, a, ao + i)).intoArray(out, oo + i);
        }
        tail(a, ao + i, out, oo + i, n - i, Fn.GELU);
    }

    /** Floats per chunk of the two-pass erf and tanh loops. */
    private static final int CHUNK = 1024;

    /** Per-thread scratch for the exp branch of {@link #twoPass} (the primitives themselves stay stateless). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * The whole vectors of erf or tanh, in chunks of two passes: the branch with the exp (erfc's, or
     * tanh's {@code 1 - 2/(e^2|x| + 1)}) into a scratch row, then the polynomial branch and the blend. One fused
     * loop holding both branches parses into so many nodes that C2 stops inlining half-way
     * (LiveNodeCountInliningCutoff) and boxes the vectors passed to the helper it left out, allocating on every
     * vector; each pass alone fits. The values are those of {@link #erfV} and {@link #tanhV},
     * operation for operation.
     */
    private void twoPass(float[] a, int ao, float[] out, int oo, int n, Fn fn) {
        int bound = species().loopBound(n);
        if (bound == 0) {
            return;
        }
        float[] scratch = SCRATCH.get();
        for (int c = 0; c < bound; c += CHUNK) {
            int len = Math.min(CHUNK, bound - c);
            // Each function has its own loop method per pass, so that one compile holds one exp or erfc only.
            switch (fn) {
                case ERF -> {
                    erfErfcPass(a, ao + c, scratch, len);
                    erfTaylorPass(a, ao + c, scratch, out, oo + c, len);
                }
                case TANH -> {
                    tanhExpPass(a, ao + c, scratch, len);
                    tanhSmallPass(a, ao + c, scratch, out, oo + c, len);
                }
                default -> throw new IllegalArgumentException("no two-pass form for " + fn);
            }
        }
    }

    /** First pass of erf or tanh: {@code len} (a multiple of the lane count) values of the exp branch. */
    private void erfErfcPass(float[] a, int ao, float[] scratch, int len) {
        VectorSpecies<Float> s = species();
        for (int i = 0; i < len; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            FloatVector big = x.broadcast(1f).sub(erfcV(x.abs()));
            big.blend(big.neg(), x.lt(0f)).intoArray(scratch, i);
        }
    }

    private void tanhExpPass(float[] a, int ao, float[] scratch, int len) {
        VectorSpecies<Float> s = species();
        for (int i = 0; i < len; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            FloatVector ax = x.abs();
            FloatVector big = x.broadcast(1f).sub(x.broadcast(2f).div(expV(ax.add(ax)).add(1f)));
            big.blend(big.neg(), x.lt(0f)).intoArray(scratch, i);
        }
    }

    /** Second pass of tanh: the odd polynomial where |x| &lt; 0.625, blended with the first pass's values. */
    private void tanhSmallPass(float[] a, int ao, float[] scratch, float[] out, int oo, int len) {
        VectorSpecies<Float> s = species();
        for (int i = 0; i < len; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            FloatVector big = FloatVector.fromArray(s, scratch, i);
            big.blend(tanhSmallV(x), x.abs().lt(0.625f)).intoArray(out, oo + i);
        }
    }

    /** Second pass of erf: the Taylor branch where |x| &lt; 1, blended with the first pass's values. */
    private void erfTaylorPass(float[] a, int ao, float[] scratch, float[] out, int oo, int len) {
        VectorSpecies<Float> s = species();
        for (int i = 0; i < len; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, a, ao + i);
            FloatVector big = FloatVector.fromArray(s, scratch, i);
            big.blend(erfSmallV(x), x.abs().lt(1f)).intoArray(out, oo + i);
        }
    }

    /** Which function a scalar tail computes. */
    private enum Fn { EXP, SIGMOID, TANH, ERF, GELU }

    /**
     * Finishes a transcendental loop: the remaining (fewer than one vector of) elements go lane by lane through
     * the scalar twins ({@link #expS}, {@link #tanhS}, {@link #erfS}, {@link #geluS}), which repeat the vector
     * arithmetic operation for operation, so the tail gets the body's values bit for bit. A masked vector here
     * would be a cold call site, where C2 may leave the vector helpers un-inlined and their vectors boxed,
     * allocating on every call.
     */
    private static void tail(float[] a, int ao, float[] out, int oo, int n, Fn fn) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + i];
            out[oo + i] = switch (fn) {
                case EXP -> expS(x);
                case SIGMOID -> 1f / (expS(-x) + 1f);
                case TANH -> tanhS(x);
                case ERF -> erfS(x);
                case GELU -> geluS(x);
            };
        }
    }

    /** sqrt(1/2) / 2: erfc's {@code a / 2} straight from gelu's x. */
    private static final float HALF_SQRT_HALF = 0.35355339059327376f;
    /** The constant term of erfc's fitted exponent. */
    private static final float ERFC_Q0 = -1.26551223f;
    /** {@link #ERFC_Q0} - ln 2: the same fit's exponent for erfc / 2. */
    private static final float HALF_ERFC_Q0 = (float) (-1.26551223 - 0.6931471805599453);
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUND_MAGIC = 12582912f;

    /** e^x; see the class comment for the accuracy. */
    static FloatVector expV(FloatVector x) {
        FloatVector c = x.max(-103.9f).min(88.8f);
        FloatVector n = c.fma(x.broadcast(LOG2E), x.broadcast(ROUND_MAGIC)).sub(ROUND_MAGIC);
        FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f)
                .fma(r, r.broadcast(8.3334519073E-3f))
                .fma(r, r.broadcast(4.1665795894E-2f))
                .fma(r, r.broadcast(1.6666665459E-1f))
                .fma(r, r.broadcast(5.0000001201E-1f));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /** {@link #expV} for one float: the same operations in the same order, so the same value. */
    static float expS(float x) {
        float c = Math.min(Math.max(x, -103.9f), 88.8f);
        float n = Math.fma(c, LOG2E, ROUND_MAGIC) - ROUND_MAGIC;
        float r = (c - n * LN2_HI) - n * LN2_LO;
        float p = Math.fma(r, 1.9875691500E-4f, 1.3981999507E-3f);
        p = Math.fma(p, r, 8.3334519073E-3f);
        p = Math.fma(p, r, 4.1665795894E-2f);
        p = Math.fma(p, r, 1.6666665459E-1f);
        p = Math.fma(p, r, 5.0000001201E-1f);
        p = Math.fma(p, r * r, r) + 1f;
        int ni = (int) n;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    static FloatVector sigmoidV(FloatVector x) {
        return x.broadcast(1f).div(expV(x.neg()).add(1f));
    }

    static FloatVector tanhV(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector small = tanhSmallV(x);
        FloatVector big = x.broadcast(1f).sub(x.broadcast(2f).div(expV(ax.add(ax)).add(1f)));
        big = big.blend(big.neg(), x.lt(0f));
        return big.blend(small, ax.lt(0.625f));
    }

    /** tanh by its odd polynomial; accurate for |x| &lt; 0.625 only. */
    static FloatVector tanhSmallV(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745E-3f, 2.06390887954E-2f)
                .fma(z, z.broadcast(-5.37397155531E-2f))
                .fma(z, z.broadcast(1.33314422036E-1f))
                .fma(z, z.broadcast(-3.33332819422E-1f));
        return p.mul(z).fma(x, x);
    }

    static FloatVector erfV(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector big = x.broadcast(1f).sub(erfcV(ax));
        big = big.blend(big.neg(), x.lt(0f));
        return big.blend(erfSmallV(x), ax.lt(1f));
    }

    /**
     * gelu from erfc alone: {@code x Phi(x)} with {@code Phi = E = erfc(|z|) / 2} left of 0 (no cancellation in the
     * tail) and {@code 1 - E} right of it, {@code z = x / sqrt 2}. No Taylor branch is needed near 0: there Phi is
     * about 1/2, so erfc's fractional error is also gelu's, unlike erf's own, which must stay relative as erf(x)
     * goes to 0. The 1/2 is folded into the fit's constant term ({@link #HALF_ERFC_Q0}), and the exponent
     * {@code q(t) - x^2 / 2} is one fma from x, rounded once: rounding z first and squaring it would cost up to
     * 2^-23 z^2 of relative error, 1.1e-5 at x = -13, where the result is still a normal float; now it is 2^-24
     * |q - z^2| at most, 4e-6. No clamp: x^2 = inf drives the exp to 0, and so does x = -inf, through t = 0.
     */
    static FloatVector geluV(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = x.broadcast(1f).div(ax.fma(HALF_SQRT_HALF, 1f));
        FloatVector arg = ax.fma(ax.mul(-0.5f), erfcPolyV(t, HALF_ERFC_Q0));
        FloatVector e = t.mul(expV(arg));
        FloatVector phi = e.blend(x.broadcast(1f).sub(e), x.compare(VectorOperators.GE, 0f));
        return x.mul(phi);
    }

    /** erf by its Taylor series; accurate for |x| &lt; 1 only. */
    static FloatVector erfSmallV(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(1.4807192815879218e-08f, -1.6365844691234924e-07f)
                .fma(z, z.broadcast(1.6462114365889246e-06f))
                .fma(z, z.broadcast(-1.492565035840625e-05f))
                .fma(z, z.broadcast(1.2055332981789664e-04f))
                .fma(z, z.broadcast(-8.548327023450852e-04f))
                .fma(z, z.broadcast(5.223977625442188e-03f))
                .fma(z, z.broadcast(-2.6866170645131252e-02f))
                .fma(z, z.broadcast(1.1283791670955126e-01f))
                .fma(z, z.broadcast(-3.7612638903183754e-01f))
                .fma(z, z.broadcast(1.1283791670955126f));
        return p.mul(x);
    }

    /** erfc(a) for a &gt;= 0 (Numerical Recipes' Chebyshev fit, fractional error 1.2e-7). */
    static FloatVector erfcV(FloatVector a) {
        FloatVector t = a.broadcast(1f).div(a.mul(0.5f).add(1f));
        return t.mul(expV(erfcPolyV(t, ERFC_Q0).sub(a.mul(a))));
    }

    /**
     * The fit's exponent q(t), {@code erfc(a) = t e^(q(t) - a^2)} with {@code t = 1 / (1 + a / 2)}, with
     * {@code q0} as its constant term ({@link #ERFC_Q0}, or {@link #HALF_ERFC_Q0} for erfc / 2).
     */
    static FloatVector erfcPolyV(FloatVector t, float q0) {
        return t.fma(0.17087277f, -0.82215223f)
                .fma(t, t.broadcast(1.48851587f))
                .fma(t, t.broadcast(-1.13520398f))
                .fma(t, t.broadcast(0.27886807f))
                .fma(t, t.broadcast(-0.18628806f))
                .fma(t, t.broadcast(0.09678418f))
                .fma(t, t.broadcast(0.37409196f))
                .fma(t, t.broadcast(1.00002368f))
                .fma(t, t.broadcast(q0));
    }

    /** {@link #tanhV} for one float, operation for operation. */
    static float tanhS(float x) {
        float ax = Math.abs(x);
        float z = x * x;
        float p = Math.fma(z, -5.70498872745E-3f, 2.06390887954E-2f);
        p = Math.fma(p, z, -5.37397155531E-2f);
        p = Math.fma(p, z, 1.33314422036E-1f);
        p = Math.fma(p, z, -3.33332819422E-1f);
        if (ax < 0.625f) {
            return Math.fma(p * z, x, x);
        }
        float big = 1f - 2f / (expS(ax + ax) + 1f);
        return x < 0f ? -big : big;
    }

    /** {@link #erfV} for one float, operation for operation. */
    static float erfS(float x) {
        float ax = Math.abs(x);
        if (ax < 1f) {
            return erfSmallS(x);
        }
        float big = 1f - erfcS(ax);
        return x < 0f ? -big : big;
    }

    /** {@link #geluV} for one float, operation for operation. */
    static float geluS(float x) {
        float ax = Math.abs(x);
        float t = 1f / Math.fma(ax, HALF_SQRT_HALF, 1f);
        float e = t * expS(Math.fma(ax, ax * -0.5f, erfcPolyS(t, HALF_ERFC_Q0)));
        return x * (x >= 0f ? 1f - e : e);
    }

    /** {@link #erfSmallV} for one float, operation for operation. */
    static float erfSmallS(float x) {
        float z = x * x;
        float p = Math.fma(z, 1.4807192815879218e-08f, -1.6365844691234924e-07f);
        p = Math.fma(p, z, 1.6462114365889246e-06f);
        p = Math.fma(p, z, -1.492565035840625e-05f);
        p = Math.fma(p, z, 1.2055332981789664e-04f);
        p = Math.fma(p, z, -8.548327023450852e-04f);
        p = Math.fma(p, z, 5.223977625442188e-03f);
        p = Math.fma(p, z, -2.6866170645131252e-02f);
        p = Math.fma(p, z, 1.1283791670955126e-01f);
        p = Math.fma(p, z, -3.7612638903183754e-01f);
        p = Math.fma(p, z, 1.1283791670955126f);
        return p * x;
    }

    /** {@link #erfcV} for one float, operation for operation. */
    static float erfcS(float a) {
        float t = 1f / (a * 0.5f + 1f);
        return t * expS(erfcPolyS(t, ERFC_Q0) - a * a);
    }

    /** {@link #erfcPolyV} for one float, operation for operation. */
    static float erfcPolyS(float t, float q0) {
        float q = Math.fma(t, 0.17087277f, -0.82215223f);
        q = Math.fma(q, t, 1.48851587f);
        q = Math.fma(q, t, -1.13520398f);
        q = Math.fma(q, t, 0.27886807f);
        q = Math.fma(q, t, -0.18628806f);
        q = Math.fma(q, t, 0.09678418f);
        q = Math.fma(q, t, 0.37409196f);
        q = Math.fma(q, t, 1.00002368f);
        return Math.fma(q, t, q0);
    }

    // ---- reductions ---------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Like every reduction here, it adds the accumulator's lanes one by one in lane order, in place:
     * {@code reduceLanes(ADD)} leaves the order unspecified, and the Vector API's Java fallback (interpreter, C1)
     * and C2 do add in different orders, so a row's sum could change in its last bit once the method is compiled.
     * A helper method taking the vector would be simpler, but wherever C2 does not inline it (its node budget ran
     * out after inlining expV into Softmax) the vector is boxed on every call: 96 bytes a row, 32 KB a run on
     * ppocr-v4-rec. Lane extraction is an intrinsic, so this depends on no inlining decision.
     */
    @Override
    public float sum(float[] a, int ao, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        FloatVector acc = FloatVector.zero(s);
        for (; i < bound; i += s.length()) {
            acc = acc.add(FloatVector.fromArray(s, a, ao + i));
        }
        float r = 0f;
        for (int l = 0; l < s.length(); l++) {
            r += acc.lane(l);
        }
        for (; i < n; i++) {
            r += a[ao + i];
        }
        return r;
    }

    @Override
    public float sumSquaredDiff(float[] a, int ao, float mean, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        FloatVector acc = FloatVector.zero(s);
        for (; i < bound; i += s.length()) {
            FloatVector d = FloatVector.fromArray(s, a, ao + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float r = 0f;
        for (int l = 0; l < s.length(); l++) {
            r += acc.lane(l);
        }
        for (; i < n; i++) {
            float d = a[ao + i] - mean;
            r += d * d;
        }
        return r;
    }

    @Override
    public float max(float[] a, int ao, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        FloatVector acc = FloatVector.broadcast(s, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += s.length()) {
            acc = acc.max(FloatVector.fromArray(s, a, ao + i));
        }
        float r = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            r = Math.max(r, a[ao + i]);
        }
        return r;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        VectorSpecies<Float> s = species();
        int bound = s.loopBound(n);
        int i = 0;
        FloatVector acc = FloatVector.zero(s);
        for (; i < bound; i += s.length()) {
            acc = FloatVector.fromArray(s, a, ao + i).fma(FloatVector.fromArray(s, b, bo + i), acc);
        }
        float r = 0f;
        for (int l = 0; l < s.length(); l++) {
            r += acc.lane(l);
        }
        for (; i < n; i++) {
            r = Math.fma(a[ao + i], b[bo + i], r);
        }
        return r;
    }

    @Override
    public void softmaxRow(float[] a, int ao, float[] out, int oo, int n, boolean log) {
        if (n == 0) {
            return;
        }
        float m = max(a, ao, n);
        int bound = species().loopBound(n);
        float sum = log ? expSum(a, ao, m, bound) : expStoreSum(a, ao, m, out, oo, bound);
        int i = bound;
        // The tail runs expV's arithmetic lane by lane (expS, the same values): a masked vector here is a cold
        // call site, where C2 may leave expV un-inlined and the vectors boxed, allocating on every row.
        float tailSum = 0f;
        for (; i < n; i++) {
            float e = expS(a[ao + i] - m);
            if (!log) {
                out[oo + i] = e;
            }
            tailSum += e;
        }
        sum += tailSum;
        if (log) {
            binaryScalarRight(Binary.SUB, a, ao, m + (float) Math.log(sum), out, oo, n);
        } else {
            binaryScalarRight(Binary.MUL, out, oo, 1f / sum, out, oo, n);
        }
    }

    /**
     * The sum of {@code exp(a[ao + i] - m)} for {@code i < bound} (a multiple of the lane count); lanes added as
     * in {@link #sum}.
     */
    private float expSum(float[] a, int ao, float m, int bound) {
        VectorSpecies<Float> s = species();
        FloatVector acc = FloatVector.zero(s);
        for (int i = 0; i < bound; i += s.length()) {
            acc = acc.add(expV(FloatVector.fromArray(s, a, ao + i).sub(m)));
        }
        float r = 0f;
        for (int l = 0; l < s.length(); l++) {
            r += acc.lane(l);
        }
        return r;
    }

    /** As {@link #expSum}, also storing each {@code exp(a[ao + i] - m)} at {@code out[oo + i]}. */
    private float expStoreSum(float[] a, int ao, float m, float[] out, int oo, int bound) {
        VectorSpecies<Float> s = species();
        FloatVector acc = FloatVector.zero(s);
        for (int i = 0; i < bound; i += s.length()) {
            FloatVector e = expV(FloatVector.fromArray(s, a, ao + i).sub(m));
            e.intoArray(out, oo + i);
            acc = acc.add(e);
        }
        float r = 0f;
        for (int l = 0; l < s.length(); l++) {
            r += acc.lane(l);
        }
        return r;
    }

    /** Elements per block of short rows in {@link #softmaxRows} (a few KiB: its three passes stay in L1). */
    private static final int SHORT_ROWS_BLOCK = 1024;

    /**
     * Rows shorter than one vector (attention over a short sequence: rows of 12 in a 12-token MiniLM), which
     * {@link #softmaxRow} would run entirely on its scalar tail, go by blocks of rows: each row's
     * {@code x - max} first, then one vector exp over the block, then each row's sum and scale. Row by row
     * that is softmaxRow's arithmetic: the same max (from -infinity, in order), the same subtraction, expV
     * lanes equal to expS, the sum in order from 0 and the same multiply by the reciprocal. The expV loop sits
     * here, in the primitives' own compile, as in softmaxRow: inlined through a generic exp call into a kernel,
     * C2 left expV out and boxed every vector.
     */
    @Override
    public void softmaxRows(float[] a, int ao, float[] out, int oo, int rows, int n) {
        VectorSpecies<Float> s = species();
        if (n == 0 || n >= s.length()) {
            FloatPrimitives.super.softmaxRows(a, ao, out, oo, rows, n);
            return;
        }
        int block = Math.max(1, SHORT_ROWS_BLOCK / n);
        for (int r0 = 0; r0 < rows; r0 += block) {
            int count = Math.min(block, rows - r0);
            int start = oo + r0 * n;
            for (int r = 0; r < count; r++) {
                int src = ao + (r0 + r) * n;
                int dst = start + r * n;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    m = Math.max(m, a[src + j]);
                }
                for (int j = 0; j < n; j++) {
                    out[dst + j] = a[src + j] - m;
                }
            }
            int len = count * n;
            int bound = s.loopBound(len);
            int i = 0;
            for (; i < bound; i += s.length()) {
                expV(FloatVector.fromArray(s, out, start + i)).intoArray(out, start + i);
            }
            for (; i < len; i++) {
                out[start + i] = expS(out[start + i]);
            }
            for (int r = 0; r < count; r++) {
                int dst = start + r * n;
                float sum = 0f;
                for (int j = 0; j < n; j++) {
                    sum += out[dst + j];
                }
                float inv = 1f / sum;
                for (int j = 0; j < n; j++) {
                    out[dst + j] *= inv;
                }
            }
        }
    }

    /** 128-bit vectors: 4 floats. */
    static final class V128 extends VectorFloatPrimitives {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_128;

        @Override
        protected VectorSpecies<Float> species() {
            return SPECIES;
        }
    }

    /** 256-bit vectors: 8 floats. */
    static final class V256 extends VectorFloatPrimitives {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

        @Override
        protected VectorSpecies<Float> species() {
            return SPECIES;
        }
    }

    /** 512-bit vectors: 16 floats. */
    static final class V512 extends VectorFloatPrimitives {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;

        @Override
        protected VectorSpecies<Float> species() {
            return SPECIES;
        }
    }
}
