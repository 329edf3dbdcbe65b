package dev.minerua.cpu.kernels;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.Tensor;

/**
 * Constant inputs read as float32 at compile time, so kernels can pre-pack weights. float16/bfloat16
 * constants are widened exactly as {@code ReducedPrecisionAdapter} widens them at run time.
 */
final class FloatConstants {
    private FloatConstants() {
    }

    /** The tensor's values as float32, or null when it is null or not a float32/float16/bfloat16 tensor. */
    static float[] of(Tensor t) {
        return of(t, false);
    }

    /**
     * As {@link #of(Tensor)} for a kernel that repacks the values once and then lets the tensor go: a constant still
     * viewing the model's bytes is decoded into an array it does not keep ({@link Tensor#transientData}), so the
     * packed form is the only decoded copy.
     */
    static float[] forPacking(Tensor t) {
        return of(t, true);
    }

    /** True when {@link #of(Tensor)} gives values: {@code t} is a float32, float16 or bfloat16 tensor. */
    static boolean isFloat(Tensor t) {
        return t != null && switch (t.type()) {
            case FLOAT, FLOAT16, BFLOAT16 -> true;
            default -> false;
        };
    }

    private static float[] of(Tensor t, boolean once) {
        if (!isFloat(t)) {
            return null;
        }
        if (t.type() == DataType.FLOAT) {
            return once ? t.transientFloatData() : t.floatData();
        }
        short[] bits = (short[]) (once ? t.transientData() : t.data());
        float[] f = new float[t.size()];
        HalfFloats.widen(bits, f, t.type() == DataType.BFLOAT16);
        return f;
    }
}
