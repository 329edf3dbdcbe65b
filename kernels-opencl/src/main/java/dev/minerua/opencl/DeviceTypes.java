package dev.minerua.opencl;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * How host tensors map to device buffers: float32 as is, float16 as its 2-byte bits (kernels convert each
 * access with {@code vload_half}/{@code vstore_half_rte} and compute in float32, as the CPU backend's
 * reduced-precision adapter does), int32 and int64 as int32 (int64 values outside int's range clamp to it),
 * bool as one uchar (0 or 1).
 */
final class DeviceTypes {
    private DeviceTypes() {
    }

    /** The element kinds a device buffer holds, with their OpenCL C type. */
    enum Storage {
        FLOAT("float", 4), HALF("half", 2), INT("int", 4), BOOL("uchar", 1);

        private final String cType;
        private final int bytes;

        Storage(String cType, int bytes) {
            this.cType = cType;
            this.bytes = bytes;
        }

        /** The OpenCL C element type, as passed to the programs with {@code -DT=...}. */
        String cType() {
            return cType;
        }

        /** Bytes per element on the device. */
        int bytes() {
            return bytes;
        }

        /** True for the storages of floating-point values (float32 and half), which kernels compute in float32. */
        boolean isFloat() {
            return this == FLOAT || this == HALF;
        }
    }

    /** The device form of {@code t}, or null when the device does not hold that type. */
    static Storage storage(DataType t) {
        return switch (t) {
            case FLOAT -> Storage.FLOAT;
            case FLOAT16 -> Storage.HALF;
            case INT32, INT64 -> Storage.INT;
            case BOOL -> Storage.BOOL;
            default -> null;
        };
    }

    /** The size in bytes of a device buffer of {@code elements} values of host type {@code type}. */
    static long deviceBytes(DataType type, int elements) {
        Storage s = storage(type);
        if (s == null) {
            throw new IllegalStateException("no device form for " + type);
        }
        return (long) elements * s.bytes();
    }

    /** The device buffer of {@code t} (float32, half, int32 or uchar contents). */
    static org.jocl.cl_mem upload(ClRuntime rt, Tensor t) {
        return switch (storage(t.type())) {
            case FLOAT -> rt.upload(t.floatData());
            case HALF -> rt.upload(t.shortData());
            case INT -> rt.upload(ints(t, null));
            case BOOL -> rt.upload(bools(t, null));
            case null -> throw new IllegalStateException("no device form for " + t.type());
        };
    }

    /** An int32 or int64 tensor as int32, in {@code reuse} when it is large enough. */
    static int[] ints(Tensor t, int[] reuse) {
        int[] v = reuse != null && reuse.length == t.size() ? reuse : new int[t.size()];
        for (int i = 0; i < v.length; i++) {
            // Out-of-range values clamp to int's range; index kernels clamp them into the axis.
            v[i] = (int) Math.clamp(t.getLong(i), Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return v;
    }

    /** A bool tensor as one byte per element (0 or 1), in {@code reuse} when it is large enough. */
    static byte[] bools(Tensor t, byte[] reuse) {
        boolean[] b = t.booleanData();
        byte[] v = reuse != null && reuse.length == b.length ? reuse : new byte[b.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (b[i] ? 1 : 0);
        }
        return v;
    }

    /** Reads a device buffer into {@code out}, a host tensor of {@code type}, converting from the device form. */
    static Tensor download(ClRuntime rt, org.jocl.cl_mem mem, DataType type, Tensor out) {
        switch (type) {
            case FLOAT -> rt.read(mem, out.floatData());
            case FLOAT16 -> rt.read(mem, out.shortData());
            case INT32 -> rt.read(mem, out.intData());
            case INT64 -> {
                int[] v = new int[out.size()];
                rt.read(mem, v);
                long[] l = out.longData();
                for (int i = 0; i < v.length; i++) {
                    l[i] = v[i];
                }
            }
            case BOOL -> {
                byte[] v = new byte[out.size()];
                rt.read(mem, v);
                boolean[] b = out.booleanData();
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
            }
            default -> throw new IllegalStateException("no device form for " + type);
        }
        return out;
    }
}
