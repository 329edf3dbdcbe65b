package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * LayerNormalization: each row of the [outer, inner] view (inner = dims from axis on) is normalized;
 * Scale and B broadcast over the inner block. Optional Mean and InvStdDev outputs. float32 inputs run on
 * the {@link FloatPrimitives} of this JVM's SIMD tier (statistics accumulated in float32 lanes).
 */
final class LayerNormalizationKernel implements Kernel {
    private final LayerNormalization op;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    private final boolean constantParameters;
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();

    LayerNormalizationKernel(LayerNormalization op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path) and pool (rows spread over it). */
    LayerNormalizationKernel(LayerNormalization op, FloatPrimitives simd, CpuThreadPool pool) {
        this(op, simd, pool, false);
    }

    /**
     * As above; {@code constantParameters} says that Scale and B never change (constants or B absent), so
     * what is derived from them and X's shape is remembered for the last shape of X.
     */
    LayerNormalizationKernel(LayerNormalization op, FloatPrimitives simd, CpuThreadPool pool,
                             boolean constantParameters) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
        this.constantParameters = constantParameters;
    }

    static Kernel create(LayerNormalization op, CompileContext ctx) {
        return new LayerNormalizationKernel(op, FloatPrimitives.preferred(), CpuCompileContext.threadPool(ctx),
                constantParameters(ctx, 1));
    }

    /** True when node inputs {@code scale} and {@code scale + 1} (Scale, B) are constants or B is absent. */
    static boolean constantParameters(CompileContext ctx, int scale) {
        return ctx.constantInput(scale) != null
                && (ctx.node().input(scale + 1) == null || ctx.constantInput(scale + 1) != null);
    }

    /** The rows view of X's shape and the parameters over one row, in double and (float path) float. */
    private record Shapes(int axis, int inner, int outer, double[] scale, double[] bias, float[] scaleF,
                          float[] biasF, int[] statShape, int[] rowDims) {
    }

    /** What a row range needs besides X and Y: the shapes and the statistics arrays of one call. */
    private record Rows(Shapes shapes, double[] means, double[] invStd) {
    }

    /** The parallel row loop, its operands passed per call. */
    private final RangeTask<float[], float[], Rows> rowTasks = new RangeTask<>(this::normalizeRows);
    /** The operands of the last row loop, kept while they repeat (see {@link #rows}). */
    private volatile Rows lastRows;

    private Shapes shapes(KernelContext ctx, Tensor x) {
        int rank = x.rank();
        long a = op.axis() < 0 ? op.axis() + rank : op.axis();
        if (a < 0 || a >= rank) {
            throw new ExecutionException("LayerNormalization: axis " + op.axis() + " is out of range for rank " + rank);
        }
        int axis = (int) a;
        int[] innerShape = Arrays.copyOfRange(x.dims(), axis, rank);
        int inner = (int) Tensor.elementCount(innerShape);
        int outer = inner == 0 ? 0 : x.size() / inner;
        double[] scale = paramOver(ctx.input(1), innerShape, "Scale");
        double[] bias = ctx.input(2) == null ? null : paramOver(ctx.input(2), innerShape, "B");
        boolean fast = simd != null && x.type() == DataType.FLOAT;
        int[] statShape = x.dims().clone();
        Arrays.fill(statShape, axis, rank, 1);
        return new Shapes(axis, inner, outer, scale, bias, fast ? toFloats(scale) : null,
                fast && bias != null ? toFloats(bias) : null, statShape, new int[] {outer});
    }

    /** Each row's statistics are read before the row is written; the reference path works on a copy. */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        RealValues.requireReal(x, "LayerNormalization");
        Shapes sh = constantParameters ? memo.get(x.dims(), null) : null;
        if (sh == null) {
            sh = shapes(ctx, x);
            if (constantParameters) {
                memo.put(x.dims(), null, sh);
            }
        }
        int outer = sh.outer();
        double[] means = ctx.allocate(DataType.DOUBLE, sh.rowDims()).doubleData();
        double[] invStd = ctx.allocate(DataType.DOUBLE, sh.rowDims()).doubleData();
        if (simd != null && x.type() == DataType.FLOAT) {
            rowTasks.parallelRanges(pool, outer, ParallelGrain.items(4L * sh.inner(), ParallelGrain.CHEAP),
                    x.floatData(), ctx.allocateOutput(0, DataType.FLOAT, x.dims()).floatData(),
                    rows(sh, means, invStd), 0);
        } else {
            normalizeReference(ctx, x, outer, sh.inner(), sh.scale(), sh.bias(), means, invStd);
        }
        if (ctx.outputCount() > 1 && ctx.isOutputUsed(1)) {
            RealValues.store(ctx.allocateOutput(1, op.stashType(), sh.statShape()), means);
        }
        if (ctx.outputCount() > 2 && ctx.isOutputUsed(2)) {
            RealValues.store(ctx.allocateOutput(2, op.stashType(), sh.statShape()), invStd);
        }
    }

    private Rows rows(Shapes sh, double[] means, double[] invStd) {
        Rows r = lastRows;
        if (r == null || r.shapes != sh || r.means != means || r.invStd != invStd) {
            lastRows = r = new Rows(sh, means, invStd);
        }
        return r;
    }

    /** Rows {@code [from, to)} of the float32 path, as a {@link RangeTask.Body}. */
    private void normalizeRows(float[] v, float[] out, Rows r, int unused, int from, int to) {
        Shapes sh = r.shapes;
        normalizeRows(v, out, from, to, sh.inner(), sh.scaleF(), sh.biasF(), r.means, r.invStd);
    }

    private void normalizeRows(float[] v, float[] out, int from, int to, int inner, float[] scale, float[] bias,
                               double[] means, double[] invStd) {
        for (int o = from; o < to; o++) {
            int off = o * inner;
            float mean = simd.sum(v, off, inner) / inner;
            float inv = (float) (1.0 / Math.sqrt(simd.sumSquaredDiff(v, off, mean, inner) / inner + op.epsilon()));
            means[o] = mean;
            invStd[o] = inv;
            // (x - mean) first: folding the mean into a multiply-add would round mean * inv and lose the
            // small differences when the variance is tiny and inv is large.
            simd.binaryScalarRight(FloatPrimitives.Binary.SUB, v, off, mean, out, off, inner);
            simd.binaryScalarRight(FloatPrimitives.Binary.MUL, out, off, inv, out, off, inner);
            simd.binary(FloatPrimitives.Binary.MUL, out, off, scale, 0, out, off, inner);
            if (bias != null) {
                simd.binary(FloatPrimitives.Binary.ADD, out, off, bias, 0, out, off, inner);
            }
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private void normalizeReference(KernelContext ctx, Tensor x, int outer, int inner, double[] scale,
                                    double[] bias, double[] means, double[] invStd) {
        double[] v = RealValues.read(x);
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            int off = o * inner;
            double mean = Moments.mean(v, off, inner);
            double inv = 1.0 / Math.sqrt(Moments.variance(v, off, inner, mean) + op.epsilon());
            means[o] = mean;
            invStd[o] = inv;
            for (int i = 0; i < inner; i++) {
                double y = (v[off + i] - mean) * inv * scale[i];
                out[off + i] = bias == null ? y : y + bias[i];
            }
        }
        RealValues.store(ctx.allocateOutput(0, x.type(), x.dims()), out);
    }

    /** The parameter broadcast to the inner block's shape, as a dense array. */
    private static double[] paramOver(Tensor p, int[] innerShape, String name) {
        double[] d = RealValues.read(p);
        if (p.rank() > innerShape.length) {
            throw new ExecutionException("LayerNormalization: " + name + " " + Arrays.toString(p.dims())
                    + " does not broadcast to " + Arrays.toString(innerShape));
        }
        int[] lifted = new int[innerShape.length];
        Arrays.fill(lifted, 1);
        System.arraycopy(p.dims(), 0, lifted, innerShape.length - p.rank(), p.rank());
        if (!Arrays.equals(Broadcast.shape(lifted, innerShape), innerShape)) {
            throw new ExecutionException("LayerNormalization: " + name + " " + Arrays.toString(p.dims())
                    + " does not broadcast to " + Arrays.toString(innerShape));
        }
        int[] map = Broadcast.indexMap(lifted, innerShape);
        if (map == null) {
            return d;
        }
        double[] r = new double[map.length];
        for (int i = 0; i < map.length; i++) {
            r[i] = d[map[i]];
        }
        return r;
    }
}
