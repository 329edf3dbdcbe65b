package dev.minerua.cpu.kernels;

import dev.minerua.tensor.Tensor;

/**
 * Type-agnostic element movement between tensor backing arrays of any storage kind: gathers by index
 * map, block copies and fills. Values are copied bit for bit, never converted.
 */
public final class ElementMoves {
    private ElementMoves() {
    }

    /**
     * {@code dst[i] = src[map[i]]} for every element of {@code dst}; where {@code map[i] < 0} the element
     * is instead copied from element 0 of {@code fill} (which may be null when the map has no negatives).
     */
    public static void gather(Tensor src, Tensor dst, int[] map, Tensor fill) {
        int slots = dst.type().slotsPerElement();
        Object s = src.data();
        Object d = dst.data();
        Object f = fill == null ? null : fill.data();
        if (slots != 1) {
            for (int i = 0; i < map.length; i++) {
                if (map[i] < 0) {
                    System.arraycopy(f, 0, d, i * slots, slots);
                } else {
                    System.arraycopy(s, map[i] * slots, d, i * slots, slots);
                }
            }
            return;
        }
        switch (d) {
            case float[] o -> {
                float[] in = (float[]) s;
                float v = f == null ? 0 : ((float[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case double[] o -> {
                double[] in = (double[]) s;
                double v = f == null ? 0 : ((double[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case byte[] o -> {
                byte[] in = (byte[]) s;
                byte v = f == null ? 0 : ((byte[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case short[] o -> {
                short[] in = (short[]) s;
                short v = f == null ? 0 : ((short[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case int[] o -> {
                int[] in = (int[]) s;
                int v = f == null ? 0 : ((int[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case long[] o -> {
                long[] in = (long[]) s;
                long v = f == null ? 0 : ((long[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case boolean[] o -> {
                boolean[] in = (boolean[]) s;
                boolean v = f != null && ((boolean[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            case String[] o -> {
                String[] in = (String[]) s;
                String v = f == null ? "" : ((String[]) f)[0];
                for (int i = 0; i < map.length; i++) {
                    o[i] = map[i] < 0 ? v : in[map[i]];
                }
            }
            default -> throw new IllegalStateException("unexpected storage " + d.getClass());
        }
    }

    /** Copies {@code count} elements (not array slots) from {@code src} at {@code from} to {@code dst} at {@code to}. */
    public static void copy(Tensor src, int from, Tensor dst, int to, int count) {
        int slots = src.type().slotsPerElement();
        // A constant still viewing the model's bytes (Gather's embedding table) is read there, never decoded whole.
        src.copySlots(from * slots, dst.data(), to * slots, count * slots);
    }

    /** {@code dst[to + i] = src[from + i * stride]} for {@code i < count} (same element type, bit for bit). */
    public static void copyStrided(Tensor src, int from, int stride, Tensor dst, int to, int count) {
        int slots = src.type().slotsPerElement();
        Object s = src.data();
        Object d = dst.data();
        if (slots != 1) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(s, (from + i * stride) * slots, d, (to + i) * slots, slots);
            }
            return;
        }
        switch (d) {
            case float[] o -> {
                float[] in = (float[]) s;
                for (int i = 0, j = from; i < count; i++, j += stride) {
                    o[to + i] = in[j];
                }
            }
            case double[] o -> {
                double[] in = (double[]) s;
                for (int i = 0, j = from; i < count; i++, j += stride) {
                    o[to + i] = in[j];
                }
            }
            case long[] o -> {
                long[] in = (long[]) s;
                for (int i = 0, j = from; i < count; i++, j += stride) {
                    o[to + i] = in[j];
                }
            }
            case int[] o -> {
                int[] in = (int[]) s;
                for (int i = 0, j = from; i < count; i++, j += stride) {
                    o[to + i] = in[j];
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(s, from + i * stride, d, to + i, 1);
                }
            }
        }
    }

    /** Sets every element of {@code dst} to element 0 of {@code value} (same element type). */
    public static void fill(Tensor dst, Tensor value) {
        int slots = dst.type().slotsPerElement();
        Object d = dst.data();
        Object v = value.data();
        switch (d) {
            case float[] o when slots == 1 -> java.util.Arrays.fill(o, ((float[]) v)[0]);
            case double[] o when slots == 1 -> java.util.Arrays.fill(o, ((double[]) v)[0]);
            case byte[] o -> java.util.Arrays.fill(o, ((byte[]) v)[0]);
            case short[] o -> java.util.Arrays.fill(o, ((short[]) v)[0]);
            case int[] o -> java.util.Arrays.fill(o, ((int[]) v)[0]);
            case long[] o -> java.util.Arrays.fill(o, ((long[]) v)[0]);
            case boolean[] o -> java.util.Arrays.fill(o, ((boolean[]) v)[0]);
            case String[] o -> java.util.Arrays.fill(o, ((String[]) v)[0]);
            default -> {
                for (int i = 0, n = dst.size(); i < n; i++) {
                    System.arraycopy(v, 0, d, i * slots, slots);
                }
            }
        }
    }

    /**
     * The flat input index of every output element of a strided view: output dim {@code d} has
     * {@code outDims[d]} elements, starting at input offset {@code base}, advancing {@code strides[d]}
     * (may be negative or zero).
     */
    public static int[] stridedMap(int[] outDims, int base, int[] strides) {
        int n = 1;
        for (int d : outDims) {
            n *= d;
        }
        int[] map = new int[n];
        if (n == 0) {
            return map;
        }
        int rank = outDims.length;
        int[] idx = new int[rank];
        int offset = base;
        for (int k = 0; k < n; k++) {
            map[k] = offset;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                offset += strides[d];
                if (idx[d] < outDims[d]) {
                    break;
                }
                offset -= strides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return map;
    }

    /**
     * For per-axis index tables ({@code axisMaps[d][o]} = input index along axis d for output index o,
     * or -1 for "outside"), the flat input index of every output element (-1 when any axis is outside).
     */
    public static int[] axisMap(int[] inDims, int[][] axisMaps) {
        int rank = inDims.length;
        int[] inStrides = Broadcast.strides(inDims);
        int[] outDims = new int[rank];
        int n = 1;
        for (int d = 0; d < rank; d++) {
            outDims[d] = axisMaps[d].length;
            n *= outDims[d];
        }
        int[] map = new int[n];
        if (n == 0) {
            return map;
        }
        int[] idx = new int[rank];
        for (int k = 0; k < n; k++) {
            int off = 0;
            for (int d = 0; d < rank; d++) {
                int i = axisMaps[d][idx[d]];
                if (i < 0) {
                    off = -1;
                    break;
                }
                off += i * inStrides[d];
            }
            map[k] = off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < outDims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return map;
    }
}
