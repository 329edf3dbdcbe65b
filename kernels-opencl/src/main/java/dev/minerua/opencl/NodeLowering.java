package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.ir.ops.Dropout;
import dev.minerua.ir.ops.Expand;
import dev.minerua.ir.ops.Flatten;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.Identity;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.ir.ops.Pad;
import dev.minerua.ir.ops.Pool;
import dev.minerua.ir.ops.Reduce;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.ir.ops.Squeeze;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.ir.ops.Unsqueeze;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers one bound node to OpenCL launches, or returns null when the node is not handled on the device
 * (it then runs on the CPU). It is strict: float32 data with static, non-empty shapes only, and every
 * attribute combination outside what the kernels implement declines. Shapes and strides travel as an
 * int array uploaded once per partition ({@link Launch.Ints}), so one build of each program serves every
 * shape; only the operation itself is chosen with {@code -D} options.
 */
final class NodeLowering {
    private static final Set<UnaryMath.Kind> UNARY = EnumSet.complementOf(EnumSet.of(
            UnaryMath.Kind.NOT, UnaryMath.Kind.BITWISE_NOT));
    private static final Set<BinaryMath.Kind> BINARY = EnumSet.of(BinaryMath.Kind.ADD, BinaryMath.Kind.SUB,
            BinaryMath.Kind.MUL, BinaryMath.Kind.DIV, BinaryMath.Kind.POW, BinaryMath.Kind.PRELU, BinaryMath.Kind.FMOD);
    private static final Set<Reduce.Kind> REDUCE = EnumSet.allOf(Reduce.Kind.class);

    private NodeLowering() {
    }

    /** The launches of {@code node}, or null when the device does not run it. */
    static Lowered lower(Node node) {
        try {
            return switch (node.op()) {
                case UnaryMath u when UNARY.contains(u.kind()) -> unary(node, "OP_" + u.kind().name(), 0, 0);
                case Activation a -> unary(node, "OP_" + a.kind().name(), a.alpha(), a.beta());
                case Clip c -> clip(node, c);
                case BinaryMath b when BINARY.contains(b.kind()) && (b.legacy() == null || !b.legacy().enabled()) ->
                        binary(node, b.kind());
                case Conv c -> conv(node, c);
                case ConvTranspose c -> convTranspose(node, c);
                case Pool p -> pool(node, p);
                case GlobalPool g -> globalPool(node, g);
                case BatchNormalization b -> batchNorm(node, b);
                case Softmax s -> softmax(node, s);
                case LayerNormalization l -> layerNorm(node, l);
                case MatMul m -> matMul(node);
                case Gemm g -> gemm(node, g);
                case Transpose t -> transpose(node, t);
                case Concat c -> concat(node, c);
                case Slice s -> slice(node, s);
                case Gather g -> gather(node, g);
                case Expand e -> expand(node);
                case Pad p -> pad(node, p);
                case Reduce r when REDUCE.contains(r.kind()) -> reduce(node, r);
                case Reshape r -> view(node);
                case Flatten f -> view(node);
                case Squeeze s -> view(node);
                case Unsqueeze u -> view(node);
                case Identity i -> view(node);
                case Cast c when DeviceTypes.isFloat(c.to()) -> view(node);
                case Dropout d -> dropout(node);
                default -> null;
            };
        } catch (Unsupported e) {
            return null;
        }
    }

    /** Thrown inside lowering for "not on the device"; never escapes {@link #lower}. */
    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported NO = new Unsupported();

    private static void require(boolean condition) {
        if (!condition) {
            throw NO;
        }
    }

    /**
     * Dims of a value the device holds as float32 (float32, or float16 widened at the partition boundary) with
     * a static, non-empty shape; declines otherwise.
     */
    static int[] floatDims(Value v) {
        require(v != null && v.type() instanceof ValueType.TensorType t && DeviceTypes.isFloat(t.elementType()));
        return staticDims(v);
    }

    /** Dims of an int32/int64 index value (uploaded as int32) with a static, non-empty shape. */
    static int[] indexDims(Value v) {
        require(v != null && v.type() instanceof ValueType.TensorType t && DeviceTypes.isIndex(t.elementType()));
        return staticDims(v);
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

    /** Requires output 0 to be the only output. */
    private static int[] singleOutput(Node node) {
        for (int i = 1; i < node.outputs().size(); i++) {
            require(node.output(i) == null);
        }
        return floatDims(node.output(0));
    }

    private static Tensor constant(Node node, int i) {
        Value v = node.input(i);
        require(v == null || v.isConstant());
        return v == null ? null : v.constant();
    }

    private static long[] constantLongs(Node node, int i) {
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

    private static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        require(a >= 0 && a < rank);
        return (int) a;
    }

    private static long[] global(int n) {
        return new long[] {n};
    }

    private static int[] concat(int[]... parts) {
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

    // ---- elementwise ----

    private static Lowered unary(Node node, String op, float alpha, float beta) {
        int[] in = floatDims(node.input(0));
        int[] out = singleOutput(node);
        require(Arrays.equals(in, out));
        return Lowered.of(1, new Launch("elementwise.cl", "-D" + op, "unary", global(size(out)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.FloatArg(alpha), new Launch.FloatArg(beta))));
    }

    private static Lowered clip(Node node, Clip c) {
        float min = c.min();
        float max = c.max();
        if (c.boundsFromInputs() && !constantOrAbsent(node, 1) || c.boundsFromInputs() && !constantOrAbsent(node, 2)) {
            return clipFromBuffers(node);
        }
        if (c.boundsFromInputs()) {
            Tensor lo = constant(node, 1);
            Tensor hi = constant(node, 2);
            min = lo == null ? Float.NEGATIVE_INFINITY : (float) lo.getDouble(0);
            max = hi == null ? Float.POSITIVE_INFINITY : (float) hi.getDouble(0);
        }
        return unary(node, "OP_CLIP", min, max);
    }

    private static boolean constantOrAbsent(Node node, int i) {
        return node.inputs().size() <= i || node.input(i) == null || node.input(i).isConstant();
    }

    /** Clip whose bounds are computed in the graph: scalar buffers read by every work item. */
    private static Lowered clipFromBuffers(Node node) {
        int[] in = floatDims(node.input(0));
        int[] out = singleOutput(node);
        require(Arrays.equals(in, out));
        boolean lo = node.inputs().size() > 1 && node.input(1) != null;
        boolean hi = node.inputs().size() > 2 && node.input(2) != null;
        if (lo) {
            require(size(floatDims(node.input(1))) == 1);
        }
        if (hi) {
            require(size(floatDims(node.input(2))) == 1);
        }
        return Lowered.of(1, new Launch("elementwise.cl", "", "clip_buffers", global(size(out)), null,
                List.of(new Launch.In(0), new Launch.In(lo ? 1 : 0), new Launch.In(hi ? 2 : 0), new Launch.Out(0),
                        new Launch.IntArg((lo ? 1 : 0) | (hi ? 2 : 0)))));
    }

    /** Strides of {@code dims} aligned right against an output of rank {@code rank}; 0 where broadcast. */
    private static int[] broadcastStrides(int[] dims, int[] out) {
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

    private static Lowered binary(Node node, BinaryMath.Kind kind) {
        int[] a = floatDims(node.input(0));
        int[] b = floatDims(node.input(1));
        int[] out = singleOutput(node);
        int[] meta = Arrays.equals(a, out) && Arrays.equals(b, out)
                ? new int[] {0}
                : concat(new int[] {out.length}, out, broadcastStrides(a, out), broadcastStrides(b, out));
        return Lowered.of(1, new Launch("elementwise.cl", "-DOP_" + kind.name(), "binary", global(size(out)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.Out(0), new Launch.Ints(meta))));
    }

    // ---- convolution and pooling ----

    private static int[] spatial(int[] dims) {
        return Arrays.copyOfRange(dims, 2, dims.length);
    }

    /** {in[3], kernel[3], stride[3], dilation[3], padBegin[3], out[3]} of a resolved window, lifted to 3-D. */
    private static int[] window(ConvGeometry.Resolved r) {
        require(r.rank() >= 1 && r.rank() <= 3);
        ConvGeometry.Resolved g = r.as3d();
        return concat(g.in(), g.kernel(), g.stride(), g.dilation(), g.padBegin(), g.out());
    }

    private static Lowered conv(Node node, Conv c) {
        int[] x = floatDims(node.input(0));
        int[] w = floatDims(node.input(1));
        int[] y = singleOutput(node);
        require(x.length >= 3 && w.length == x.length && c.group() >= 1);
        int g = c.group();
        require(x[1] % g == 0 && w[0] % g == 0 && w[1] == x[1] / g);
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(Arrays.equals(floatDims(node.input(2)), new int[] {w[0]}));
        }
        ConvGeometry.Resolved r = c.geometry().resolve(spatial(x), spatial(w), false);
        require(Arrays.equals(r.out(), spatial(y)) && y[1] == w[0] && y[0] == x[0]);
        int[] meta = concat(new int[] {x[0], x[1], w[0], g, bias ? 1 : 0}, window(r));
        return Lowered.of(1, new Launch("conv.cl", "", "conv", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1), new Launch.Out(0),
                        new Launch.Ints(meta))));
    }

    private static Lowered convTranspose(Node node, ConvTranspose c) {
        int[] x = floatDims(node.input(0));
        int[] w = floatDims(node.input(1));
        int[] y = singleOutput(node);
        int g = c.group();
        require(x.length >= 3 && w.length == x.length && g >= 1 && w[0] == x[1] && x[1] % g == 0);
        int m = w[1] * g;
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(Arrays.equals(floatDims(node.input(2)), new int[] {m}));
        }
        ConvGeometry.Resolved r = c.resolve(spatial(x), spatial(w));
        require(Arrays.equals(r.out(), spatial(y)) && y[1] == m && y[0] == x[0]);
        int[] meta = concat(new int[] {x[0], x[1], m, g, bias ? 1 : 0}, window(r));
        return Lowered.of(1, new Launch("conv.cl", "", "conv_transpose", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1), new Launch.Out(0),
                        new Launch.Ints(meta))));
    }

    private static Lowered pool(Node node, Pool p) {
        require(p.kind() != Pool.Kind.LP);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 3);
        int[] kernel = new int[x.length - 2];
        long[] ks = p.geometry().kernelShape();
        require(ks != null && ks.length == kernel.length);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (int) ks[i];
        }
        // Average pooling with ceil_mode and count_include_pad divides by a clipped window; not done here.
        require(!(p.kind() == Pool.Kind.AVERAGE && p.ceilMode() && p.countIncludePad()));
        ConvGeometry.Resolved r = p.geometry().resolve(spatial(x), kernel, p.ceilMode());
        require(Arrays.equals(r.out(), spatial(y)));
        int[] meta = concat(new int[] {x[0] * x[1], p.countIncludePad() ? 1 : 0}, window(r));
        String op = p.kind() == Pool.Kind.MAX ? "-DPOOL_MAX" : "-DPOOL_AVG";
        return Lowered.of(1, new Launch("pool.cl", op, "pool", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    private static Lowered globalPool(Node node, GlobalPool g) {
        require(g.kind() != Pool.Kind.LP);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 2 && size(y) == x[0] * x[1]);
        int rows = x[0] * x[1];
        int n = size(x) / rows;
        String op = g.kind() == Pool.Kind.MAX ? "-DPOOL_MAX" : "-DPOOL_AVG";
        return Lowered.of(1, new Launch("pool.cl", op, "global_pool", global(rows), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.IntArg(n))));
    }

    // ---- normalization ----

    private static Lowered batchNorm(Node node, BatchNormalization b) {
        require(!b.training());
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 2 && Arrays.equals(x, y));
        for (int i = 1; i <= 4; i++) {
            require(Arrays.equals(floatDims(node.input(i)), new int[] {x[1]}));
        }
        int inner = size(x) / (x[0] * x[1]);
        return Lowered.of(1, new Launch("norm.cl", "", "batch_norm", global(size(x)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(2), new Launch.In(3), new Launch.In(4),
                        new Launch.Out(0), new Launch.IntArg(x[1]), new Launch.IntArg(inner),
                        new Launch.FloatArg(b.epsilon()))));
    }

    private static Lowered softmax(Node node, Softmax s) {
        require(s.kind() != Softmax.Kind.HARDMAX);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(Arrays.equals(x, y));
        int a = axis(s.axis(), x.length);
        int n;
        int inner;
        if (s.coerce2d()) {
            n = size(Arrays.copyOfRange(x, a, x.length));
            inner = 1;
        } else {
            n = x[a];
            inner = size(Arrays.copyOfRange(x, a + 1, x.length));
        }
        int outer = size(x) / (n * inner);
        String op = s.kind() == Softmax.Kind.LOG_SOFTMAX ? "-DLOG_SOFTMAX" : "";
        return Lowered.of(1, new Launch("norm.cl", op, "softmax", global(outer * inner), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.IntArg(n), new Launch.IntArg(inner))));
    }

    private static Lowered layerNorm(Node node, LayerNormalization l) {
        int[] x = floatDims(node.input(0));
        int[] y = floatDims(node.output(0));
        require(Arrays.equals(x, y));
        int a = axis(l.axis(), x.length);
        int row = size(Arrays.copyOfRange(x, a, x.length));
        int rows = size(x) / row;
        require(size(floatDims(node.input(1))) == row);
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(size(floatDims(node.input(2))) == row);
        }
        // Mean and InvStdDev, when asked for, have one element per row.
        boolean stats = node.outputs().size() > 1 && (node.output(1) != null || node.outputs().size() > 2
                && node.output(2) != null);
        for (int i = 1; i < node.outputs().size(); i++) {
            require(node.output(i) == null || size(floatDims(node.output(i))) == rows);
        }
        boolean mean = stats && node.output(1) != null;
        boolean inv = stats && node.outputs().size() > 2 && node.output(2) != null;
        String options = (bias ? "-DHAS_BIAS " : "") + (stats ? "-DHAS_STATS" : "");
        List<Launch.Arg> args = new ArrayList<>(List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1),
                new Launch.Out(0)));
        if (stats) {
            args.add(new Launch.Out(mean ? 1 : 0));
            args.add(new Launch.Out(inv ? 2 : 0));
            args.add(new Launch.IntArg((mean ? 1 : 0) | (inv ? 2 : 0)));
        }
        args.add(new Launch.IntArg(row));
        args.add(new Launch.FloatArg(l.epsilon()));
        int[] viewOf = new int[node.outputs().size()];
        Arrays.fill(viewOf, -1);
        return new Lowered(List.of(new Launch("norm.cl", options.strip(), "layer_norm", global(rows), null,
                List.copyOf(args))), viewOf);
    }

    // ---- matrix products ----

    private static final int TILE = 16;

    private static long roundUp(int n) {
        return (n + TILE - 1) / TILE * (long) TILE;
    }

    /**
     * One batched product launch: Y[b] = alpha * A[b] x B[b] (+ beta * C), where element (m, k) of A is at
     * {@code aBase(b) + m * sam + k * sak}, likewise for B, and C broadcasts with strides (scm, scn).
     */
    private static Launch product(int m, int n, int k, int[] ab, int[] batch, int[] aBatch, int[] bBatch,
                                  int[] c, float alpha, float beta, boolean hasC) {
        int[] meta = concat(new int[] {m, n, k}, ab, new int[] {hasC ? 1 : 0}, c, new int[] {batch.length},
                batch, aBatch, bBatch);
        return new Launch("matmul.cl", "", "gemm", new long[] {roundUp(n), roundUp(m), size(batch)},
                new long[] {TILE, TILE, 1},
                List.of(new Launch.In(0), new Launch.In(1), hasC ? new Launch.In(2) : new Launch.In(0), new Launch.Out(0),
                        new Launch.Ints(meta), new Launch.FloatArg(alpha), new Launch.FloatArg(beta)));
    }

    private static Lowered matMul(Node node) {
        int[] a = floatDims(node.input(0));
        int[] b = floatDims(node.input(1));
        int[] y = singleOutput(node);
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        require(b2[b2.length - 2] == k);
        int[] aB = Arrays.copyOf(a2, a2.length - 2);
        int[] bB = Arrays.copyOf(b2, b2.length - 2);
        int rank = Math.max(aB.length, bB.length);
        int[] batch = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - aB.length) >= 0 ? aB[i - (rank - aB.length)] : 1;
            int db = i - (rank - bB.length) >= 0 ? bB[i - (rank - bB.length)] : 1;
            require(da == db || da == 1 || db == 1);
            batch[i] = Math.max(da, db);
        }
        require(size(y) == size(batch) * m * n);
        int[] aStr = batchStrides(aB, batch, m * k);
        int[] bStr = batchStrides(bB, batch, k * n);
        return Lowered.of(1, product(m, n, k, new int[] {k, 1, n, 1}, batch, aStr, bStr, new int[] {0, 0},
                1f, 0f, false));
    }

    /** Per batch axis, the element stride of an operand whose batch dims broadcast to {@code batch}. */
    private static int[] batchStrides(int[] own, int[] batch, int matrix) {
        int[] s = new int[batch.length];
        int acc = matrix;
        for (int i = batch.length - 1; i >= 0; i--) {
            int j = i - (batch.length - own.length);
            int d = j >= 0 ? own[j] : 1;
            s[i] = d == 1 ? 0 : acc;
            acc *= d;
        }
        return s;
    }

    private static Lowered gemm(Node node, Gemm g) {
        int[] a = floatDims(node.input(0));
        int[] b = floatDims(node.input(1));
        int[] y = singleOutput(node);
        require(a.length == 2 && b.length == 2);
        int m = g.transA() ? a[1] : a[0];
        int k = g.transA() ? a[0] : a[1];
        int n = g.transB() ? b[0] : b[1];
        require((g.transB() ? b[1] : b[0]) == k && Arrays.equals(y, new int[] {m, n}));
        int[] ab = {g.transA() ? 1 : k, g.transA() ? m : 1, g.transB() ? 1 : n, g.transB() ? k : 1};
        boolean hasC = node.inputs().size() > 2 && node.input(2) != null && g.beta() != 0f;
        int[] c = {0, 0};
        if (hasC) {
            int[] cs = broadcastStrides(floatDims(node.input(2)), y);
            c = cs;
        }
        return Lowered.of(1, product(m, n, k, ab, new int[0], new int[0], new int[0], c, g.alpha(), g.beta(), hasC));
    }

    // ---- data movement ----

    /**
     * Copies the index space {@code dims} from {@code src} to {@code dst}: element {@code i} goes from
     * {@code srcBase + sum(coord * srcStr)} to {@code dstBase + sum(coord * dstStr)}.
     */
    private static Launch copy(int input, int[] dims, int[] srcStr, int srcBase, int[] dstStr, int dstBase) {
        int[] meta = concat(new int[] {dims.length, srcBase, dstBase}, dims, srcStr, dstStr);
        return new Launch("movement.cl", "", "strided_copy", global(size(dims)), null,
                List.of(new Launch.In(input), new Launch.Out(0), new Launch.Ints(meta)));
    }

    private static Lowered transpose(Node node, Transpose t) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        long[] perm = t.perm();
        int[] p = new int[x.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = perm == null ? x.length - 1 - i : (int) perm[i];
        }
        require(perm == null || perm.length == x.length);
        int[] xs = strides(x);
        int[] src = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            require(p[i] >= 0 && p[i] < x.length && y[i] == x[p[i]]);
            src[i] = xs[p[i]];
        }
        return Lowered.of(1, copy(0, y, src, 0, strides(y), 0));
    }

    private static Lowered concat(Node node, Concat c) {
        int[] y = singleOutput(node);
        int a = axis(c.axis(), y.length);
        int[] ys = strides(y);
        List<Launch> launches = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            int[] x = floatDims(node.input(i));
            require(x.length == y.length);
            launches.add(copy(i, x, strides(x), 0, ys, offset * ys[a]));
            offset += x[a];
        }
        require(offset == y[a]);
        return Lowered.of(1, launches.toArray(Launch[]::new));
    }

    private static Lowered slice(Node node, Slice s) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length == y.length);
        long[] starts;
        long[] axes;
        long[] steps = null;
        if (s.attrStarts() != null) {
            starts = s.attrStarts();
            axes = s.attrAxes();
        } else {
            starts = constantLongs(node, 1);
            require(starts != null && node.input(2) != null && node.input(2).isConstant());
            axes = node.inputs().size() > 3 ? constantLongs(node, 3) : null;
            steps = node.inputs().size() > 4 ? constantLongs(node, 4) : null;
        }
        int[] xs = strides(x);
        int[] src = xs.clone();
        int base = 0;
        for (int i = 0; i < starts.length; i++) {
            int d = axis(axes == null ? i : axes[i], x.length);
            long step = steps == null ? 1 : steps[i];
            require(step != 0);
            long st = starts[i] < 0 ? starts[i] + x[d] : starts[i];
            st = step > 0 ? Math.clamp(st, 0, x[d]) : Math.clamp(st, 0, x[d] - 1);
            base += (int) st * xs[d];
            src[d] = (int) (xs[d] * step);
        }
        return Lowered.of(1, copy(0, y, src, base, strides(y), 0));
    }

    private static Lowered gather(Node node, Gather g) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        int a = axis(g.axis(), x.length);
        if (!node.input(1).isConstant()) {
            int count = size(indexDims(node.input(1)));
            int outer = size(Arrays.copyOf(x, a));
            int inner = size(Arrays.copyOfRange(x, a + 1, x.length));
            require(size(y) == outer * count * inner);
            return Lowered.of(1, new Launch("movement.cl", "", "gather", global(size(y)), null,
                    List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(new int[] {count, inner, x[a]}),
                            new Launch.In(1))));
        }
        Tensor idx = constant(node, 1);
        require(idx != null);
        int[] indices = new int[idx.size()];
        for (int i = 0; i < indices.length; i++) {
            long v = idx.getLong(i);
            v = v < 0 ? v + x[a] : v;
            require(v >= 0 && v < x[a]);
            indices[i] = (int) v;
        }
        int outer = size(Arrays.copyOf(x, a));
        int inner = size(Arrays.copyOfRange(x, a + 1, x.length));
        require(size(y) == outer * indices.length * inner);
        int[] meta = {indices.length, inner, x[a]};
        return Lowered.of(1, new Launch("movement.cl", "", "gather", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta), new Launch.Ints(indices))));
    }

    private static Lowered expand(Node node) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(node.input(1).isConstant());
        return Lowered.of(1, copy(0, y, broadcastStrides(x, y), 0, strides(y), 0));
    }

    private static Lowered pad(Node node, Pad p) {
        require(p.mode() != Pad.Mode.WRAP);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        long[] pads = p.attrPads();
        float value = p.attrValue();
        if (pads == null) {
            pads = constantLongs(node, 1);
            require(pads != null);
            Tensor v = node.inputs().size() > 2 ? constant(node, 2) : null;
            value = v == null || v.size() == 0 ? 0f : (float) v.getDouble(0);
            require(node.inputs().size() <= 3 || node.input(3) == null);
        }
        require(pads.length == 2 * x.length);
        int[] begin = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            begin[i] = (int) pads[i];
            require(y[i] == x[i] + pads[i] + pads[i + x.length]);
            require(p.mode() != Pad.Mode.REFLECT || (x[i] > pads[i] && x[i] > pads[i + x.length]) || x[i] == 1);
        }
        int[] meta = concat(new int[] {x.length}, y, x, begin);
        return Lowered.of(1, new Launch("movement.cl", "-DPAD_" + p.mode().name(), "pad", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta), new Launch.FloatArg(value))));
    }

    private static Lowered reduce(Node node, Reduce r) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        long[] axes = r.axes() != null ? r.axes() : node.inputs().size() > 1 ? constantLongs(node, 1) : null;
        boolean[] reduced = new boolean[x.length];
        if (axes == null || axes.length == 0) {
            if (r.noopWithEmptyAxes()) {
                return unary(node, "OP_IDENTITY", 0, 0);
            }
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[axis(a, x.length)] = true;
            }
        }
        int[] xs = strides(x);
        List<Integer> keptDims = new ArrayList<>();
        List<Integer> keptStr = new ArrayList<>();
        List<Integer> redDims = new ArrayList<>();
        List<Integer> redStr = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            (reduced[i] ? redDims : keptDims).add(x[i]);
            (reduced[i] ? redStr : keptStr).add(xs[i]);
        }
        int[] kd = keptDims.stream().mapToInt(Integer::intValue).toArray();
        require(size(kd) == size(y));
        int[] meta = concat(new int[] {kd.length}, kd, keptStr.stream().mapToInt(Integer::intValue).toArray(),
                new int[] {redDims.size()}, redDims.stream().mapToInt(Integer::intValue).toArray(),
                redStr.stream().mapToInt(Integer::intValue).toArray());
        return Lowered.of(1, new Launch("reduce.cl", "-DRED_" + r.kind().name(), "reduce", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    private static Lowered view(Node node) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(size(x) == size(y));
        return Lowered.view();
    }

    private static Lowered dropout(Node node) {
        require(node.inputs().size() < 3 || node.input(2) == null
                || (node.input(2).isConstant() && node.input(2).constant().getLong(0) == 0));
        return view(node);
    }
}
