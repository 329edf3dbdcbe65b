package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * DynamicQuantizeLinear to uint8, in float32 arithmetic as the spec (and ONNX Runtime) define it:
 * <pre>
 *   lo = min(0, min(x)), hi = max(0, max(x))     (NaN elements left out)
 *   scale = (hi == lo ? 1 : hi - lo) / 255
 *   zero_point = round_half_even(clamp(0 - lo / scale, 0, 255))
 *   y = clamp(round_half_even(x / scale) + zero_point, 0, 255)
 * </pre>
 * Both passes are branch-free loops, run on the Vector API where the tier allows ({@link DynamicQuantizeVectors}: a
 * dynamically quantized transformer runs this before every MatMulInteger); {@link #reference} is the plain form
 * they must match.
 */
final class DynamicQuantizeLinearKernel implements Kernel {
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 half to even. */
    static final float ROUNDER = 12582912f;
    /**
     * Quotients are clamped to this magnitude before rounding: every element's |x / scale| is at most 255
     * anyway, and any value beyond 255 + 255 ends at the same 0 or 255 as the unclamped one would.
     */
    static final float QUOTIENT_LIMIT = 1024f;
    private static final int[] SCALAR = {};

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        if (x.type() != DataType.FLOAT) {
            throw new ExecutionException("DynamicQuantizeLinear takes float32 input, not " + x.type());
        }
        float[] v = x.floatData();
        Tensor y = ctx.allocateOutput(0, DataType.UINT8, x.dims());
        // The scalar outputs come from the run's buffers like any other, so a run allocates nothing here.
        float[] scale = ctx.isOutputUsed(1) ? ctx.allocateOutput(1, DataType.FLOAT, SCALAR).floatData() : null;
        byte[] zp = ctx.isOutputUsed(2) ? ctx.allocateOutput(2, DataType.UINT8, SCALAR).byteData() : null;
        quantize(v, y.byteData(), scale, zp, Vectors.INSTANCE);
    }

    /** This JVM's vector loops, or null; a holder so that the scalar tier never loads the Vector API. */
    private static final class Vectors {
        static final DynamicQuantizeVectors INSTANCE = SimdSupport.tier() == SimdTier.SCALAR ? null
                : DynamicQuantizeVectors.forTier(SimdSupport.tier());
    }

    /**
     * Quantizes {@code v} into {@code out}, storing the scale in {@code scale[0]} and the zero point in
     * {@code zeroPoint[0]} (either may be null when not wanted), the leading whole vectors on {@code vectors}
     * (null: all scalar).
     */
    static void quantize(float[] v, byte[] out, float[] scale, byte[] zeroPoint, DynamicQuantizeVectors vectors) {
        int bound = vectors == null ? 0 : vectors.bound(v.length);
        float lo = bound == 0 ? 0 : vectors.min(v, bound);
        float hi = bound == 0 ? 0 : vectors.max(v, bound);
        for (int i = bound; i < v.length; i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        if (Float.isNaN(lo) || Float.isNaN(hi)) {
            // Math.min/max let a NaN through; the spec's range leaves NaN elements out.
            float[] range = rangeSkippingNaN(v);
            lo = range[0];
            hi = range[1];
        }
        float s = (hi == lo ? 1f : hi - lo) / 255f;
        float zp = (float) Math.rint(Math.max(0f, Math.min(255f, 0f - lo / s)));
        if (bound > 0) {
            vectors.quantize(v, bound, s, zp, out);
        }
        for (int i = bound; i < v.length; i++) {
            float t = Math.max(-QUOTIENT_LIMIT, Math.min(QUOTIENT_LIMIT, v[i] / s));
            float q = ((t + ROUNDER) - ROUNDER) + zp;
            // NaN stays NaN through min and max and casts to 0, as in the reference.
            out[i] = (byte) (int) Math.max(0f, Math.min(255f, q));
        }
        if (scale != null) {
            scale[0] = s;
        }
        if (zeroPoint != null) {
            zeroPoint[0] = (byte) (int) zp;
        }
    }

    private static float[] rangeSkippingNaN(float[] v) {
        float lo = 0;
        float hi = 0;
        for (float f : v) {
            if (f < lo) {
                lo = f;
            }
            if (f > hi) {
                hi = f;
            }
        }
        return new float[] {lo, hi};
    }

    /** The spec's formula element by element (the oracle for {@link #quantize}); returns {scale, zero point}. */
    static float[] reference(float[] v, byte[] out) {
        float[] range = rangeSkippingNaN(v);
        float lo = range[0];
        float hi = range[1];
        float scale = (hi == lo ? 1f : hi - lo) / 255f;
        float zp = (float) Math.rint(Math.max(0f, Math.min(255f, 0f - lo / scale)));
        for (int i = 0; i < v.length; i++) {
            float q = (float) Math.rint(v[i] / scale) + zp;
            out[i] = (byte) (int) Math.max(0f, Math.min(255f, q));
        }
        return new float[] {scale, zp};
    }
}
