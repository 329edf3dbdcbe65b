package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.RecurrentAttributes;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * One execution of a recurrent layer (LSTM, GRU or RNN): the validated sizes, the inputs as
 * double arrays, the output tensors, and the index arithmetic for both layouts.
 *
 * <p>Inputs 0..5 are the same for all three ops: X, W, R, B, sequence_lens, initial_h. W is
 * [dirs, gates*hidden, input], R is [dirs, gates*hidden, hidden], B is [dirs, 2*gates*hidden] (the W
 * biases, then the R biases). Outputs: Y, Y_h and (LSTM) Y_c; the ones the model does not use are
 * null here. Kernels fill them and then {@link #publish} them.
 *
 * <p>Precision: every buffer is a double array so that one kernel serves float and double tensors.
 * For float tensors the dot products accumulate in float and every stored state value is rounded
 * to float ({@link #round}), so results match a float32 implementation up to the activation
 * functions, which are evaluated in double.
 */
final class RecurrentRun {
    static final int X = 0;
    static final int W = 1;
    static final int R = 2;
    static final int B = 3;
    static final int SEQUENCE_LENS = 4;
    static final int INITIAL_H = 5;

    final RecurrentAttributes attrs;
    final int seqLength;
    final int batch;
    final int inputSize;
    final int hidden;
    final int directions;
    final int gates;
    final boolean single;

    final double[] x;
    final double[] w;
    final double[] r;
    /** B, or null when absent (all biases zero). */
    final double[] b;
    /** Per batch entry, how many time steps are valid. */
    final int[] seqLens;

    /** Output tensors, null when unused. */
    final Tensor y;
    final Tensor yH;

    /**
     * W, R and B converted to doubles once at compile time when they are constants (typical: weights
     * are initializers), each null when not constant. The kernel then no longer reads those inputs
     * ({@link #holds}), so the runtime may drop the decoded float tensors: each weight lives once, as doubles.
     */
    record Constants(Constant w, Constant r, Constant b) {
        static Constants of(CompileContext ctx) {
            return new Constants(Constant.of(ctx.constantInput(W)), Constant.of(ctx.constantInput(R)),
                    Constant.of(ctx.constantInput(B)));
        }

        /** True when input {@code input} is W, R or B and was converted here. */
        boolean holds(int input) {
            return (input == W && w != null) || (input == R && r != null) || (input == B && b != null);
        }
    }

    /**
     * A constant's values as doubles with its element type and dims. Any real type converts exactly;
     * float16/bfloat16 constants give the same values the registry's widening to float produces at run time,
     * and count as float32 (the type X has once widened).
     */
    record Constant(double[] values, DataType type, int[] dims) {
        static Constant of(Tensor t) {
            if (t == null) {
                return null;
            }
            boolean reduced = t.type() == DataType.FLOAT16 || t.type() == DataType.BFLOAT16;
            return new Constant(t.asDoubles(), reduced ? DataType.FLOAT : t.type(), t.dims().clone());
        }
    }

    RecurrentRun(KernelContext ctx, Constants constants, RecurrentAttributes attrs, int gates, String op) {
        this.attrs = attrs;
        this.gates = gates;
        this.directions = attrs.numDirections();
        Tensor xt = require(ctx, X, "X", op);
        DataType type = xt.type();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new ExecutionException(op + ": X has unsupported element type " + type);
        }
        single = type == DataType.FLOAT;
        checkRank(xt.dims(), 3, "X", op);
        int[] wd = dimsOf(ctx, W, constants.w(), "W", op);
        int[] rd = dimsOf(ctx, R, constants.r(), "R", op);
        checkRank(wd, 3, "W", op);
        checkRank(rd, 3, "R", op);
        boolean batchMajor = attrs.layout() == 1;
        seqLength = xt.dim(batchMajor ? 1 : 0);
        batch = xt.dim(batchMajor ? 0 : 1);
        inputSize = xt.dim(2);
        hidden = attrs.hiddenSize() > 0 ? attrs.hiddenSize() : rd[2];
        checkShape(wd, op, "W", directions, gates * hidden, inputSize);
        checkShape(rd, op, "R", directions, gates * hidden, hidden);
        x = doubles(ctx, xt, type, "X", op);
        w = values(ctx, W, constants.w(), type, "W", op);
        r = values(ctx, R, constants.r(), type, "R", op);
        Tensor bt = ctx.input(B);
        if (bt != null || constants.b() != null) {
            checkShape(bt != null ? bt.dims() : constants.b().dims(), op, "B", directions, 2 * gates * hidden);
        }
        b = bt == null && constants.b() == null ? null : values(ctx, B, constants.b(), type, "B", op);
        seqLens = sequenceLengths(ctx.input(SEQUENCE_LENS), op);
        y = ctx.isOutputUsed(0) ? ctx.allocate(type, yShape()) : null;
        yH = stateOutput(ctx, 1);
    }

    /** A state input ([dirs, batch, hidden], layout 1: [batch, dirs, hidden]) as doubles, or null when absent. */
    double[] stateInput(KernelContext ctx, int index, String name, String op) {
        Tensor t = ctx.input(index);
        if (t == null) {
            return null;
        }
        int[] s = stateShape();
        checkShape(t, op, name, s[0], s[1], s[2]);
        return doubles(ctx, t, single ? DataType.FLOAT : DataType.DOUBLE, name, op);
    }

    /**
     * A zeroed state output of shape [dirs, batch, hidden] (layout 1: [batch, dirs, hidden]), or null when
     * unused. Like Y, it is handed to the context by {@link #publish} once filled.
     */
    Tensor stateOutput(KernelContext ctx, int index) {
        return ctx.outputCount() > index && ctx.isOutputUsed(index)
                ? ctx.allocate(single ? DataType.FLOAT : DataType.DOUBLE, stateShape())
                : null;
    }

    /**
     * Sets the filled outputs on the context. Outputs are set only when complete because a context may
     * convert a tensor when it is set (float16 models get float outputs narrowed by the registry's adapter).
     */
    void publish(KernelContext ctx, Tensor... outputs) {
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] != null) {
                ctx.setOutput(i, outputs[i]);
            }
        }
    }

    int[] yShape() {
        return attrs.layout() == 0
                ? new int[] {seqLength, directions, batch, hidden}
                : new int[] {batch, seqLength, directions, hidden};
    }

    int[] stateShape() {
        return attrs.layout() == 0 ? new int[] {directions, batch, hidden} : new int[] {batch, directions, hidden};
    }

    /** Offset of X[t, b, 0]. */
    int xOffset(int t, int bi) {
        return (attrs.layout() == 0 ? t * batch + bi : bi * seqLength + t) * inputSize;
    }

    /** Offset of Y[t, d, b, 0]. */
    int yOffset(int t, int d, int bi) {
        return (attrs.layout() == 0 ? (t * directions + d) * batch + bi : (bi * seqLength + t) * directions + d) * hidden;
    }

    /** Offset of state[d, b, 0] in initial_h/initial_c/Y_h/Y_c. */
    int stateOffset(int d, int bi) {
        return (attrs.layout() == 0 ? d * batch + bi : bi * directions + d) * hidden;
    }

    /** Offset of row {@code row} (gate-major: gate * hidden + unit) of W for direction {@code d}. */
    int wOffset(int d, int row) {
        return (d * gates * hidden + row) * inputSize;
    }

    /** Offset of row {@code row} of R for direction {@code d}. */
    int rOffset(int d, int row) {
        return (d * gates * hidden + row) * hidden;
    }

    /** W bias of row {@code row} for direction {@code d} (0 without B). */
    double wBias(int d, int row) {
        return b == null ? 0.0 : b[d * 2 * gates * hidden + row];
    }

    /** R bias of row {@code row} for direction {@code d} (0 without B). */
    double rBias(int d, int row) {
        return b == null ? 0.0 : b[d * 2 * gates * hidden + gates * hidden + row];
    }

    /** Fills {@code bias[row]} with W bias + R bias (rounded like every other step) for the rows of direction {@code d}. */
    void combinedBias(int d, double[] bias) {
        for (int row = 0; row < bias.length; row++) {
            bias[row] = round(wBias(d, row) + rBias(d, row));
        }
    }

    /** The time index of step {@code s} of a sequence of {@code len} valid steps in direction slot {@code d}. */
    int timeIndex(int d, int s, int len) {
        return attrs.direction().isReverse(d) ? len - 1 - s : s;
    }

    /** The initial state for (d, b) copied into {@code dst}: from {@code init}, or zeros when null. */
    void loadState(double[] init, int d, int bi, double[] dst) {
        if (init == null) {
            java.util.Arrays.fill(dst, 0.0);
        } else {
            System.arraycopy(init, stateOffset(d, bi), dst, 0, hidden);
        }
    }

    /** Writes {@code h} as Y[t, d, b, :] when Y is used. */
    void writeY(int t, int d, int bi, double[] h) {
        if (y != null) {
            write(y, yOffset(t, d, bi), h);
        }
    }

    /** Writes {@code state} as out[d, b, :] when {@code out} is used. */
    void writeState(Tensor out, int d, int bi, double[] state) {
        if (out != null) {
            write(out, stateOffset(d, bi), state);
        }
    }

    /** {@code v} rounded to the tensors' precision. */
    double round(double v) {
        return single ? (float) v : v;
    }

    /**
     * The dot product of a[ao..ao+n) and b[bo..bo+n), accumulated in the tensors' precision.
     * (Both arrays hold values of that precision, so the float casts are exact.)
     */
    double dot(double[] a, int ao, double[] bv, int bo, int n) {
        if (single) {
            float acc = 0f;
            for (int k = 0; k < n; k++) {
                acc += (float) a[ao + k] * (float) bv[bo + k];
            }
            return acc;
        }
        double acc = 0.0;
        for (int k = 0; k < n; k++) {
            acc += a[ao + k] * bv[bo + k];
        }
        return acc;
    }

    private static void write(Tensor out, int offset, double[] values) {
        if (out.type() == DataType.FLOAT) {
            float[] o = out.floatData();
            for (int k = 0; k < values.length; k++) {
                o[offset + k] = (float) values[k];
            }
        } else {
            System.arraycopy(values, 0, out.doubleData(), offset, values.length);
        }
    }

    private int[] sequenceLengths(Tensor t, String op) {
        int[] lens = new int[batch];
        if (t == null) {
            java.util.Arrays.fill(lens, seqLength);
            return lens;
        }
        if (t.rank() != 1 || t.dim(0) != batch) {
            throw new ExecutionException(op + ": sequence_lens must have shape [" + batch + "], got "
                    + java.util.Arrays.toString(t.dims()));
        }
        for (int i = 0; i < batch; i++) {
            long v = t.getLong(i);
            if (v < 0 || v > seqLength) {
                throw new ExecutionException(op + ": sequence_lens[" + i + "] = " + v
                        + " is outside [0, " + seqLength + "]");
            }
            lens[i] = (int) v;
        }
        return lens;
    }

    private static Tensor require(KernelContext ctx, int i, String name, String op) {
        Tensor t = ctx.input(i);
        if (t == null) {
            throw new ExecutionException(op + ": required input " + name + " is missing");
        }
        return t;
    }

    /** The dims of required input {@code i}: its tensor's, or the kept constant's when the runtime dropped it. */
    private static int[] dimsOf(KernelContext ctx, int i, Constant c, String name, String op) {
        Tensor t = ctx.input(i);
        return t == null && c != null ? c.dims() : require(ctx, i, name, op).dims();
    }

    /** Input {@code i} as doubles: the kept constant (checked against X's type), else converted from the tensor. */
    private static double[] values(KernelContext ctx, int i, Constant c, DataType type, String name, String op) {
        if (c == null) {
            return doubles(ctx, ctx.input(i), type, name, op);
        }
        if (c.type() != type) {
            throw new ExecutionException(op + ": " + name + " has element type " + c.type() + ", expected " + type);
        }
        return c.values();
    }

    private static void checkRank(int[] dims, int rank, String name, String op) {
        if (dims.length != rank) {
            throw new ExecutionException(op + ": " + name + " must have rank " + rank + ", got shape "
                    + java.util.Arrays.toString(dims));
        }
    }

    static void checkShape(Tensor t, String op, String name, int... expected) {
        checkShape(t.dims(), op, name, expected);
    }

    private static void checkShape(int[] dims, String op, String name, int... expected) {
        if (!java.util.Arrays.equals(dims, expected)) {
            throw new ExecutionException(op + ": " + name + " must have shape " + java.util.Arrays.toString(expected)
                    + ", got " + java.util.Arrays.toString(dims));
        }
    }

    /**
     * {@code t}'s elements as doubles: a double tensor's own array, a float tensor widened (exactly) into a
     * buffer from the context, which a pooled run reuses from run to run instead of a fresh array per run.
     */
    private static double[] doubles(KernelContext ctx, Tensor t, DataType type, String name, String op) {
        checkType(t, type, name, op, null);
        if (type == DataType.DOUBLE) {
            return t.doubleData();
        }
        float[] from = t.floatData();
        double[] to = scratch(ctx, from.length);
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
        return to;
    }

    /** A zeroed double array of {@code n} elements for this execution (from the context's pool when it has one). */
    static double[] scratch(KernelContext ctx, int n) {
        return ctx.allocate(DataType.DOUBLE, n).doubleData();
    }

    /** Checks that {@code t} has the element type of X, then returns {@code data}. */
    private static double[] checkType(Tensor t, DataType type, String name, String op, double[] data) {
        if (t.type() != type) {
            throw new ExecutionException(op + ": " + name + " has element type " + t.type() + ", expected " + type);
        }
        return data;
    }
}
