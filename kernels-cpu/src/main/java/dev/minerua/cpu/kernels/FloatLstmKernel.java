package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Lstm;
import dev.minerua.ir.ops.RecurrentAttributes;
import dev.minerua.ir.ops.RnnActivation;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * float32 LSTM with the default activations (sigmoid, tanh, tanh) on {@link Sgemm} and the vector primitives.
 * Per direction, one product computes {@code X·W^T + Wb + Rb} for every time step and batch entry at once
 * (the gate pre-activations that do not depend on the state); each step then adds {@code H·R^T} (a one-row
 * product against R packed once) and updates the cell with whole-row vector operations. W and R are packed as
 * right operands at compile time when constant (else on every run), and the biases summed once.
 *
 * <p>Same equations as the reference {@link LstmKernel} (gate order i, o, f, c; peepholes i, o, f; clip bounds
 * every activation's input; Y zero past a sequence's length; Y_h/Y_c the state after its last valid step, zeros
 * for a length of 0), which stays the oracle and runs every other case (double, other activations). Sums are
 * ordered differently and activations are the vector ones, so results agree to float rounding.
 */
final class FloatLstmKernel implements Kernel {
    private static final int X = 0;
    private static final int W = 1;
    private static final int R = 2;
    private static final int B = 3;
    private static final int SEQUENCE_LENS = 4;
    private static final int INITIAL_H = 5;
    private static final int INITIAL_C = 6;
    private static final int P = 7;

    private final Lstm op;
    private final RecurrentAttributes attrs;
    private final int dirs;
    private final Sgemm sgemm;
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** Per direction, W^T ({@code input x 4*hidden}) and R^T ({@code hidden x 4*hidden}); null when not constant. */
    private final PackedB[] wT;
    private final PackedB[] rT;
    /** W and R dims when constant (the runtime may drop those inputs), else null. */
    private final int[] wDims;
    private final int[] rDims;
    /** Per direction, the summed biases as the column bias of the input product; null when B is not constant. */
    private final Epilogue[] biasEpilogues;
    /** Whether B is constant (then {@link #biasEpilogues} is it; absent B counts as a constant zero). */
    private final boolean constantBias;

    private FloatLstmKernel(Lstm op, CompileContext ctx, Tensor w, Tensor r, Tensor b, boolean constantBias,
                            SimdTier tier) {
        this.op = op;
        this.attrs = op.common();
        this.dirs = attrs.numDirections();
        this.sgemm = tier == null ? Sgemm.standard() : Sgemm.forTier(tier);
        this.simd = tier == null ? FloatPrimitives.preferred() : FloatPrimitives.forTier(tier);
        this.pool = CpuCompileContext.threadPool(ctx);
        this.wDims = w == null ? null : w.dims().clone();
        this.rDims = r == null ? null : r.dims().clone();
        this.wT = w == null ? null : packAll(FloatConstants.forPacking(w), w.dims());
        this.rT = r == null ? null : packAll(FloatConstants.forPacking(r), r.dims());
        this.constantBias = constantBias;
        int hidden = hiddenFrom(rDims, op);
        this.biasEpilogues = constantBias && hidden > 0 ? biasEpilogues(b == null ? null : FloatConstants.of(b), hidden)
                : null;
    }

    /**
     * The fast kernel when X is float32 (float16/bfloat16 are widened to it around the kernel) and the
     * activations are the defaults; else {@code reference}'s kernel (made only then: it converts the weights).
     */
    static Kernel create(Lstm op, CompileContext ctx, Supplier<Kernel> reference) {
        return create(op, ctx, reference, null);
    }

    /** As {@link #create(Lstm, CompileContext, Supplier)} on {@code tier}'s GEMM and primitives (null: this JVM's). */
    static Kernel create(Lstm op, CompileContext ctx, Supplier<Kernel> reference, SimdTier tier) {
        if (!(ctx.inputType(X) instanceof ValueType.TensorType t) || !isFloat(t.elementType())) {
            return reference.get();
        }
        RecurrentAttributes a = op.common();
        for (int d = 0; d < a.numDirections(); d++) {
            if (a.activation(d, 0).function() != RnnActivation.Function.SIGMOID
                    || a.activation(d, 1).function() != RnnActivation.Function.TANH
                    || a.activation(d, 2).function() != RnnActivation.Function.TANH) {
                return reference.get();
            }
        }
        Tensor w = floatConstant(ctx.constantInput(W));
        Tensor r = floatConstant(ctx.constantInput(R));
        Tensor b = ctx.constantInput(B);
        boolean bAbsent = ctx.node().input(B) == null;
        boolean constantBias = bAbsent || floatConstant(b) != null;
        if ((w != null && !validWeights(w.dims(), a.numDirections()))
                || (r != null && !validWeights(r.dims(), a.numDirections()))) {
            return reference.get(); // let the reference report the bad shape at run time
        }
        if (r != null && b != null && !Arrays.equals(b.dims(), new int[] {a.numDirections(), 8 * hiddenFrom(r.dims(), op)})) {
            return reference.get();
        }
        return new FloatLstmKernel(op, ctx, w, r, constantBias ? floatConstant(b) : null,
                constantBias && (r != null || bAbsent), tier);
    }

    private static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    private static Tensor floatConstant(Tensor t) {
        return t != null && isFloat(t.type()) ? t : null;
    }

    private static boolean validWeights(int[] dims, int dirs) {
        return dims.length == 3 && dims[0] == dirs && dims[1] % 4 == 0 && dims[1] > 0;
    }

    /** hidden_size, else R's last dim, else 0 when neither is known. */
    private static int hiddenFrom(int[] r, Lstm op) {
        return op.common().hiddenSize() > 0 ? op.common().hiddenSize() : r == null ? 0 : r[2];
    }

    /** W, R and B, when constant, live here packed: the runtime may drop them. */
    @Override
    public boolean readsConstantInput(int input) {
        return switch (input) {
            case W -> wT == null;
            case R -> rT == null;
            case B -> !constantBias;
            default -> true;
        };
    }

    /** Per direction, the transpose of {@code [rows x cols]} block d of {@code v} packed as a right operand. */
    private PackedB[] packAll(float[] v, int[] dims) {
        int rows = dims[1];
        int cols = dims[2];
        PackedB[] packed = new PackedB[dims[0]];
        for (int d = 0; d < packed.length; d++) {
            packed[d] = sgemm.packB(Matrix.rowMajor(v, d * rows * cols, cols).transposed(), cols, rows);
        }
        return packed;
    }

    /** Per direction, W bias + R bias as column bias (zeros without B). */
    private Epilogue[] biasEpilogues(float[] b, int hidden) {
        int g = 4 * hidden;
        float[] sum = new float[dirs * g];
        if (b != null) {
            for (int d = 0; d < dirs; d++) {
                for (int j = 0; j < g; j++) {
                    sum[d * g + j] = b[d * 2 * g + j] + b[d * 2 * g + g + j];
                }
            }
        }
        Epilogue[] e = new Epilogue[dirs];
        for (int d = 0; d < dirs; d++) {
            e[d] = Epilogue.NONE.withColumnBias(sum, d * g);
        }
        return e;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor xt = ctx.input(X);
        if (xt == null) {
            throw new ExecutionException("LSTM: required input X is missing");
        }
        if (xt.type() != DataType.FLOAT) {
            throw new ExecutionException("LSTM: X has element type " + xt.type() + ", expected FLOAT");
        }
        if (xt.rank() != 3) {
            throw new ExecutionException("LSTM: X must have rank 3, got shape " + Arrays.toString(xt.dims()));
        }
        boolean batchMajor = attrs.layout() == 1;
        int seq = xt.dim(batchMajor ? 1 : 0);
        int batch = xt.dim(batchMajor ? 0 : 1);
        int input = xt.dim(2);
        int[] rd = rDims != null ? rDims : floatInput(ctx, R, "R").dims();
        int[] wd = wDims != null ? wDims : floatInput(ctx, W, "W").dims();
        int hidden = hiddenFrom(rd, op);
        int g = 4 * hidden;
        checkShape(wd, "W", dirs, g, input);
        checkShape(rd, "R", dirs, g, hidden);
        PackedB[] w = wT != null ? wT : packAll(floatInput(ctx, W, "W").floatData(), wd);
        PackedB[] r = rT != null ? rT : packAll(floatInput(ctx, R, "R").floatData(), rd);
        Epilogue[] bias = biasEpilogues != null ? biasEpilogues : runBias(ctx, hidden);
        Tensor seqLens = ctx.input(SEQUENCE_LENS);
        if (seqLens != null && (seqLens.rank() != 1 || seqLens.dim(0) != batch)) {
            throw new ExecutionException("LSTM: sequence_lens must have shape [" + batch + "], got "
                    + Arrays.toString(seqLens.dims()));
        }
        int[] state = batchMajor ? new int[] {batch, dirs, hidden} : new int[] {dirs, batch, hidden};
        float[] initialH = stateInput(ctx, INITIAL_H, "initial_h", state);
        float[] initialC = stateInput(ctx, INITIAL_C, "initial_c", state);
        float[] peep = null;
        if (ctx.input(P) != null) {
            Tensor p = floatInput(ctx, P, "P");
            checkShape(p.dims(), "P", dirs, 3 * hidden);
            peep = p.floatData();
        }
        Tensor y = ctx.isOutputUsed(0) ? ctx.allocate(DataType.FLOAT,
                batchMajor ? new int[] {batch, seq, dirs, hidden} : new int[] {seq, dirs, batch, hidden}) : null;
        Tensor yH = stateOutput(ctx, 1, state);
        Tensor yC = stateOutput(ctx, 2, state);

        float[] gates = ctx.allocate(DataType.FLOAT, seq * batch, g).floatData();
        float[] h = ctx.allocate(DataType.FLOAT, hidden).floatData();
        float[] c = ctx.allocate(DataType.FLOAT, hidden).floatData();
        Matrix hRow = Matrix.rowMajor(h, 0, hidden);
        for (int d = 0; d < dirs; d++) {
            // Input part of every step's pre-activations: rows numbered as X's (t, b) or (b, t).
            sgemm.multiply(Matrix.rowMajor(xt.floatData(), 0, input), w[d], gates, 0, g, seq * batch, 1f, false,
                    bias[d], pool);
            for (int bi = 0; bi < batch; bi++) {
                int len = seqLens == null ? seq : length(seqLens, bi, seq);
                int so = (batchMajor ? bi * dirs + d : d * batch + bi) * hidden;
                load(initialH, so, h);
                load(initialC, so, c);
                for (int s = 0; s < len; s++) {
                    int t = attrs.direction().isReverse(d) ? len - 1 - s : s;
                    int row = (batchMajor ? bi * seq + t : t * batch + bi) * g;
                    sgemm.multiply(hRow, r[d], gates, row, g, 1, 1f, true, null, CpuThreadPool.serial());
                    step(gates, row, hidden, peep, d * 3 * hidden, h, c);
                    if (y != null) {
                        int yo = (batchMajor ? (bi * seq + t) * dirs + d : (t * dirs + d) * batch + bi) * hidden;
                        System.arraycopy(h, 0, y.floatData(), yo, hidden);
                    }
                }
                if (len > 0) {
                    if (yH != null) {
                        System.arraycopy(h, 0, yH.floatData(), so, hidden);
                    }
                    if (yC != null) {
                        System.arraycopy(c, 0, yC.floatData(), so, hidden);
                    }
                }
            }
        }
        // Set only when filled: a context may convert an output when it is set (float16 narrowing).
        publish(ctx, 0, y);
        publish(ctx, 1, yH);
        publish(ctx, 2, yC);
    }

    /**
     * One cell update from the pre-activations at {@code gates[o ..]} (i, o, f, c rows of {@code hidden}):
     * updates {@code c} and {@code h} in place, overwriting the pre-activations.
     */
    private void step(float[] gates, int o, int hidden, float[] peep, int po, float[] h, float[] c) {
        int gi = o;
        int go = o + hidden;
        int gf = o + 2 * hidden;
        int gc = o + 3 * hidden;
        float clip = attrs.clip();
        boolean clipped = attrs.hasClip();
        if (peep != null) {
            simd.fma(peep, po, c, 0, gates, gi, gates, gi, hidden);
            simd.fma(peep, po + 2 * hidden, c, 0, gates, gf, gates, gf, hidden);
            if (clipped) {
                simd.clip(gates, gi, -clip, clip, gates, gi, hidden);
                simd.clip(gates, gf, -clip, clip, gates, gf, 2 * hidden);
            }
            simd.sigmoid(gates, gi, gates, gi, hidden);
            simd.sigmoid(gates, gf, gates, gf, hidden);
        } else {
            if (clipped) {
                simd.clip(gates, gi, -clip, clip, gates, gi, 4 * hidden);
            }
            simd.sigmoid(gates, gi, gates, gi, 3 * hidden);
        }
        if (op.inputForget()) {
            simd.binaryScalarLeft(FloatPrimitives.Binary.SUB, 1f, gates, gi, gates, gf, hidden);
        }
        simd.tanh(gates, gc, gates, gc, hidden);
        // c = f * c + i * g
        simd.binary(FloatPrimitives.Binary.MUL, gates, gf, c, 0, c, 0, hidden);
        simd.fma(gates, gi, gates, gc, c, 0, c, 0, hidden);
        if (peep != null) {
            simd.fma(peep, po + hidden, c, 0, gates, go, gates, go, hidden);
            if (clipped) {
                simd.clip(gates, go, -clip, clip, gates, go, hidden);
            }
            simd.sigmoid(gates, go, gates, go, hidden);
        }
        // h = o * tanh(c)
        if (clipped) {
            simd.clip(c, 0, -clip, clip, h, 0, hidden);
            simd.tanh(h, 0, h, 0, hidden);
        } else {
            simd.tanh(c, 0, h, 0, hidden);
        }
        simd.binary(FloatPrimitives.Binary.MUL, h, 0, gates, go, h, 0, hidden);
    }

    private static void publish(KernelContext ctx, int i, Tensor t) {
        if (t != null) {
            ctx.setOutput(i, t);
        }
    }

    /** The summed biases of a B computed at run time (zeros when absent). */
    private Epilogue[] runBias(KernelContext ctx, int hidden) {
        Tensor b = ctx.input(B);
        if (b != null) {
            if (b.type() != DataType.FLOAT) {
                throw new ExecutionException("LSTM: B has element type " + b.type() + ", expected FLOAT");
            }
            checkShape(b.dims(), "B", dirs, 8 * hidden);
        }
        return biasEpilogues(b == null ? null : b.floatData(), hidden);
    }

    private static int length(Tensor seqLens, int bi, int seq) {
        long v = seqLens.getLong(bi);
        if (v < 0 || v > seq) {
            throw new ExecutionException("LSTM: sequence_lens[" + bi + "] = " + v + " is outside [0, " + seq + "]");
        }
        return (int) v;
    }

    private static void load(float[] init, int offset, float[] dst) {
        if (init == null) {
            Arrays.fill(dst, 0f);
        } else {
            System.arraycopy(init, offset, dst, 0, dst.length);
        }
    }

    private static Tensor floatInput(KernelContext ctx, int i, String name) {
        Tensor t = ctx.input(i);
        if (t == null) {
            throw new ExecutionException("LSTM: required input " + name + " is missing");
        }
        if (t.type() != DataType.FLOAT) {
            throw new ExecutionException("LSTM: " + name + " has element type " + t.type() + ", expected FLOAT");
        }
        return t;
    }

    private static float[] stateInput(KernelContext ctx, int i, String name, int[] shape) {
        if (ctx.input(i) == null) {
            return null;
        }
        Tensor t = floatInput(ctx, i, name);
        checkShape(t.dims(), name, shape);
        return t.floatData();
    }

    private static Tensor stateOutput(KernelContext ctx, int i, int[] shape) {
        return ctx.outputCount() > i && ctx.isOutputUsed(i) ? ctx.allocate(DataType.FLOAT, shape) : null;
    }

    private static void checkShape(int[] dims, String name, int... expected) {
        if (!Arrays.equals(dims, expected)) {
            throw new ExecutionException("LSTM: " + name + " must have shape " + Arrays.toString(expected)
                    + ", got " + Arrays.toString(dims));
        }
    }
}
