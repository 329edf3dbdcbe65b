package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * What the per-family lowerings share: the decline mechanism ({@link #require}), the static shapes and
 * device types of a node's values, constant inputs, and index arithmetic on dims.
 */
final class LoweringSupport {
    /** With {@code -Dminerua.opencl.why=true} each decline records where it happened (see {@link NodeLowering}). */
    static final boolean WHY = Boolean.getBoolean("minerua.opencl.why");

    private LoweringSupport() {
    }

    /** Thrown inside lowering for "not on the device"; never escapes {@link NodeLowering#lower}. */
    static final class Unsupported extends RuntimeException {
        Unsupported(boolean trace) {
            super(null, null, false, trace);
        }
    }

    private static final Unsupported NO = new Unsupported(false);

    static void require(boolean condition) {
        if (!condition) {
            throw WHY ? new Unsupported(true) : NO;
        }
    }

    /** The device form of a tensor value, or null for anything else. */
    static DeviceTypes.Storage storage(Value v) {
        return v != null && v.type() instanceof ValueType.TensorType t ? DeviceTypes.storage(t.elementType()) : null;
    }

    /** The host element type of a tensor value; declines for anything else. */
    static DataType elementType(Value v) {
        require(v != null && v.type() instanceof ValueType.TensorType);
        return ((ValueType.TensorType) v.type()).elementType();
    }

    /**
     * Dims of a floating-point value (float32 or half storage; kernels compute both in float32) with a
     * static, non-empty shape; declines otherwise.
     */
    static int[] floatDims(Value v) {
        DeviceTypes.Storage s = storage(v);
        require(s != null && s.isFloat());
        return staticDims(v);
    }

    /** Dims of an int32/int64 index value (uploaded as int32) with a static, non-empty shape. */
    static int[] indexDims(Value v) {
        require(storage(v) == DeviceTypes.Storage.INT);
        return staticDims(v);
    }

    /** Dims of a value of any device type with a static, non-empty shape. */
    static int[] deviceDims(Value v) {
        require(storage(v) != null);
        return staticDims(v);
    }

    /** Dims of a value of device type {@code s} with a static, non-empty shape. */
    static int[] dims(Value v, DeviceTypes.Storage s) {
        require(storage(v) == s);
        return staticDims(v);
    }

    /** The static sizes of a tensor value (zeros allowed), or null when its shape is not static. */
    static long[] staticSizes(Value v) {
        return v != null && v.type() instanceof ValueType.TensorType t && t.shape() != null && t.shape().isStatic()
                ? t.shape().sizes() : null;
    }

    private static int[] staticDims(Value v) {
        ValueType.TensorType t = (ValueType.TensorType) v.type();
        require(t.shape() != null && t.shape().isStatic());
        long[] s = t.shape().sizes();
        int[] d = new int[s.length];
        long n = 1;
        for (int i = 0; i < s.length; i++) {
            require(s[i] > 0 && s[i] < Integer.MAX_VALUE);
            d[i] = (int) s[i];
            n *= s[i];
        }
        require(n < Integer.MAX_VALUE);
        return d;
    }

    /** True when input {@code i} is given (present and not the empty name). */
    static boolean has(Node node, int i) {
        return node.inputs().size() > i && node.input(i) != null;
    }

    /** Requires every output but 0 to be absent; returns output 0's dims, which must have {@code s} storage. */
    static int[] singleOutput(Node node, DeviceTypes.Storage s) {
        requireOnlyFirstOutput(node);
        return dims(node.output(0), s);
    }

    /** {@link #singleOutput(Node, DeviceTypes.Storage)} for a floating-point output (float32 or half). */
    static int[] singleOutput(Node node) {
        requireOnlyFirstOutput(node);
        return floatDims(node.output(0));
    }

    private static void requireOnlyFirstOutput(Node node) {
        for (int i = 1; i < node.outputs().size(); i++) {
            require(node.output(i) == null);
        }
    }

    static Tensor constant(Node node, int i) {
        Value v = node.input(i);
        require(v == null || v.isConstant());
        return v == null ? null : v.constant();
    }

    static long[] constantLongs(Node node, int i) {
        Tensor t = constant(node, i);
        if (t == null) {
            return null;
        }
        long[] r = new long[t.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = t.getLong(k);
        }
        return r;
    }

    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        require(a >= 0 && a < rank);
        return (int) a;
    }

    static long[] global(int n) {
        return new long[] {n};
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] r = new int[n];
        int k = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, k, p.length);
            k += p.length;
        }
        return r;
    }

    /** Strides of {@code dims} aligned right against an output {@code out}; 0 where broadcast. */
    static int[] broadcastStrides(int[] dims, int[] out) {
        int[] own = strides(dims);
        int[] s = new int[out.length];
        int shift = out.length - dims.length;
        require(shift >= 0);
        for (int i = 0; i < dims.length; i++) {
            require(dims[i] == out[i + shift] || dims[i] == 1);
            s[i + shift] = dims[i] == 1 ? 0 : own[i];
        }
        return s;
    }

    /**
     * The broadcast meta of an elementwise launch over {@code out}: {0} when every operand has the output's
     * shape, else {rank, out dims, then per operand its broadcast strides}.
     */
    static int[] broadcastMeta(int[] out, int[]... operands) {
        boolean same = true;
        for (int[] o : operands) {
            same &= Arrays.equals(o, out);
        }
        if (same) {
            return new int[] {0};
        }
        int[][] parts = new int[operands.length + 2][];
        parts[0] = new int[] {out.length};
        parts[1] = out;
        for (int i = 0; i < operands.length; i++) {
            parts[i + 2] = broadcastStrides(operands[i], out);
        }
        return concat(parts);
    }

    /**
     * The {@code -DT=...} option naming the element type of a program's data buffers, with {@code -DT_HALF}
     * for half storage (storage.clh then converts every access).
     */
    static String typeOption(DeviceTypes.Storage s) {
        return "-DT=" + s.cType() + (s == DeviceTypes.Storage.HALF ? " -DT_HALF" : "");
    }
}
