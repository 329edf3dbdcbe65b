package dev.minerua.opencl;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * How host tensors map to device buffers: float32 as is, float16 widened to float32 (the device computes
 * in float32, as the CPU backend's reduced-precision adapter does; only the partition boundary rounds),
 * int32 and int64 index tensors as int32.
 */
final class DeviceTypes {
    private DeviceTypes() {
    }

    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.FLOAT16;
    }

    static boolean isIndex(DataType t) {
        return t == DataType.INT64 || t == DataType.INT32;
    }

    /**
     * Bytes that {@code elements} elements of {@code type} take in a device buffer: 4 for float32, float16
     * (computed as float32) and int32/int64 (held as int32), 1 for bool. Every device block is sized here.
     */
    static long deviceBytes(DataType type, int elements) {
        int perElement = switch (type) {
            case FLOAT, FLOAT16, INT32, INT64 -> 4;
            case BOOL -> 1;
            default -> throw new IllegalArgumentException("no device form for " + type);
        };
        return (long) perElement * elements;
    }

    /** The device buffer of {@code t} (float32 or int32 contents). */
    static org.jocl.cl_mem upload(ClRuntime rt, Tensor t) {
        return switch (t.type()) {
            case FLOAT -> rt.upload(t.floatData());
            case FLOAT16 -> {
                short[] bits = t.shortData();
                float[] f = new float[bits.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = Float.float16ToFloat(bits[i]);
                }
                yield rt.upload(f);
            }
            case INT64, INT32 -> {
                int[] v = new int[t.size()];
                for (int i = 0; i < v.length; i++) {
                    long x = t.getLong(i);
                    // Out-of-range indices clamp to int's range; the kernel clamps them into the axis.
                    v[i] = (int) Math.clamp(x, Integer.MIN_VALUE, Integer.MAX_VALUE);
                }
                yield rt.upload(v);
            }
            default -> throw new IllegalStateException("no device form for " + t.type());
        };
    }

    /** Reads a float32 buffer into a new host tensor of {@code type} (float32 or float16). */
    static Tensor download(ClRuntime rt, org.jocl.cl_mem mem, DataType type, Tensor out) {
        if (type == DataType.FLOAT) {
            rt.read(mem, out.floatData());
            return out;
        }
        float[] f = new float[out.size()];
        rt.read(mem, f);
        short[] bits = out.shortData();
        for (int i = 0; i < f.length; i++) {
            bits[i] = Float.floatToFloat16(f[i]);
        }
        return out;
    }
}
