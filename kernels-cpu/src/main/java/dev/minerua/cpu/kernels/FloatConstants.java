package dev.minerua.cpu.kernels;

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
        if (t == null) {
            return null;
        }
        return switch (t.type()) {
            case FLOAT -> t.floatData();
            case FLOAT16, BFLOAT16 -> {
                float[] f = new float[t.size()];
                HalfFloats.widen(t.shortData(), f, t.type() == dev.minerua.tensor.DataType.BFLOAT16);
                yield f;
            }
            default -> null;
        };
    }
}
