package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Reduce;
import dev.minerua.ir.ops.Reduce.Kind;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * Reference kernel for the ReduceXxx ops.
 *
 * <p>The input is walked in row-major order one innermost row at a time. Each row's elements land either all in
 * one output element (innermost axis reduced) or in consecutive output elements (innermost axis kept), so the
 * inner loops are plain array loops; only the row start needs index arithmetic ({@link ReducePlan}).
 *
 * <p>Floating-point data accumulates in double. Integer data accumulates in long (wrapping to the element width on
 * output), except L2, LogSum and LogSumExp, which are computed in double and truncated toward zero, as numpy's
 * {@code astype} does. Bool supports Max (any) and Min (all). Reductions over an empty set give the identity:
 * 0 for sums, 1 for Prod, -inf/+inf (integers: the type's minimum/maximum) for Max/Min, -inf for LogSum and
 * LogSumExp, NaN (integers: 0) for Mean.
 */
final class ReduceKernel implements Kernel {
    private final Reduce op;
    /** Primitives for float32 Sum/Mean/Max over the innermost axis; null means the float64 path. */
    private final FloatPrimitives simd;

    /** True when the reduced axes are the same on every run (attribute, constant or absent axes input). */
    private final boolean fixedAxes;
    /** Output dims and plan for the last input shape, used only with {@link #fixedAxes}. */
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();

    private record Shapes(int[] yDims, ReducePlan plan) {
    }

    ReduceKernel(Reduce op) {
        this(op, FloatPrimitives.preferred());
    }

    /** A kernel on explicit primitives (null = reference path only), for tests. */
    ReduceKernel(Reduce op, FloatPrimitives simd) {
        this(op, simd, false);
    }

    private ReduceKernel(Reduce op, FloatPrimitives simd, boolean fixedAxes) {
        this.op = op;
        this.simd = simd;
        this.fixedAxes = fixedAxes;
    }

    /** The kernel for a node: shapes are remembered per input shape when its axes cannot change. */
    static ReduceKernel create(Reduce op, CompileContext ctx) {
        boolean fixed = op.axes() != null || ctx.node().input(1) == null || ctx.constantInput(1) != null;
        return new ReduceKernel(op, FloatPrimitives.preferred(), fixed);
    }

    /**
     * float32 ReduceSum/ReduceMean/ReduceMax whose innermost axis is reduced: each contiguous row is folded by
     * a vector reduction and the row results are combined in float64. False when it does not apply.
     */
    private boolean reduceFloatRows(KernelContext ctx, Tensor x, Tensor y, ReducePlan plan) {
        Reduce.Kind k = op.kind();
        if (simd == null || x.type() != DataType.FLOAT || plan.rowStride != 0 || plan.rowLength < 2
                || (k != Reduce.Kind.SUM && k != Reduce.Kind.MEAN && k != Reduce.Kind.MAX)) {
            return false;
        }
        float[] in = x.floatData();
        float[] out = y.floatData();
        int len = plan.rowLength;
        if (k == Reduce.Kind.MAX) {
            java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < plan.rows; r++) {
                int o = plan.rowBase[r];
                out[o] = Math.max(out[o], simd.max(in, r * len, len));
            }
            return true;
        }
        double[] acc = ctx.allocate(DataType.DOUBLE, out.length).doubleData();
        for (int r = 0; r < plan.rows; r++) {
            acc[plan.rowBase[r]] += simd.sum(in, r * len, len);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (k == Reduce.Kind.MEAN ? acc[i] / plan.count : acc[i]);
        }
        return true;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Shapes shapes = fixedAxes ? memo.get(x.dims(), null) : null;
        if (shapes == null) {
            Tensor axes = op.axes() == null ? ctx.input(1) : null;
            boolean[] mask;
            try {
                mask = op.reducedMask(x.rank(), axes);
            } catch (RuntimeException e) {
                throw new ExecutionException(op.kind().opType() + ": " + e.getMessage());
            }
            shapes = new Shapes(op.outputDims(x.dims(), mask), new ReducePlan(x.dims(), mask));
            if (fixedAxes) {
                memo.put(x.dims(), null, shapes);
            }
        }
        Tensor y = ctx.allocateOutput(0, x.type(), shapes.yDims());
        ReducePlan plan = shapes.plan();
        DataType t = x.type();
        if (reduceFloatRows(ctx, x, y, plan)) {
            return;
        } else if (t == DataType.BOOL) {
            reduceBool(x, y, plan);
        } else if (t == DataType.FLOAT || t == DataType.DOUBLE || !integerPath(op.kind())) {
            double[] acc = reduceAsDouble(x, plan, y.size());
            store(acc, y);
        } else if (t.isInteger()) {
            reduceAsLong(x, y, plan);
        } else {
            throw new ExecutionException(op.kind().opType() + " does not support " + t + " tensors");
        }
    }

    /** Kinds computed exactly in long arithmetic for integer inputs. */
    private static boolean integerPath(Kind k) {
        return switch (k) {
            case SUM, MEAN, PROD, L1, SUM_SQUARE, MAX, MIN -> true;
            case L2, LOG_SUM, LOG_SUM_EXP -> false;
        };
    }

    // ---- floating point ---------------------------------------------------------------------

    private double[] reduceAsDouble(Tensor x, ReducePlan plan, int outSize) {
        Kind kind = op.kind();
        double[] acc = new double[outSize];
        double[] buf = new double[plan.rowLength];
        if (kind == Kind.LOG_SUM_EXP) {
            // log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the maximum keeps exp from overflowing.
            double[] shift = new double[outSize];
            Arrays.fill(shift, Double.NEGATIVE_INFINITY);
            for (int r = 0; r < plan.rows; r++) {
                loadDoubles(x, r * plan.rowLength, buf);
                accumulate(Kind.MAX, shift, plan.rowBase[r], plan.rowStride, buf, null);
            }
            for (int i = 0; i < outSize; i++) {
                if (Double.isInfinite(shift[i])) {
                    shift[i] = 0; // all -inf, an empty set or +inf: no shift needed, and none would be finite
                }
            }
            for (int r = 0; r < plan.rows; r++) {
                loadDoubles(x, r * plan.rowLength, buf);
                accumulate(Kind.LOG_SUM_EXP, acc, plan.rowBase[r], plan.rowStride, buf, shift);
            }
            for (int i = 0; i < outSize; i++) {
                acc[i] = Math.log(acc[i]) + shift[i];
            }
            return acc;
        }
        double init = switch (kind) {
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        Arrays.fill(acc, init);
        for (int r = 0; r < plan.rows; r++) {
            loadDoubles(x, r * plan.rowLength, buf);
            accumulate(kind, acc, plan.rowBase[r], plan.rowStride, buf, null);
        }
        switch (kind) {
            case MEAN -> {
                for (int i = 0; i < outSize; i++) {
                    acc[i] /= plan.count;
                }
            }
            case L2 -> {
                for (int i = 0; i < outSize; i++) {
                    acc[i] = Math.sqrt(acc[i]);
                }
            }
            case LOG_SUM -> {
                for (int i = 0; i < outSize; i++) {
                    acc[i] = Math.log(acc[i]);
                }
            }
            default -> {
            }
        }
        return acc;
    }

    /**
     * Folds one input row into the accumulators: into {@code acc[base]} when {@code stride} is 0, else into
     * {@code acc[base + j]}. For LOG_SUM_EXP this adds {@code exp(x - shift)}.
     */
    private static void accumulate(Kind kind, double[] acc, int base, int stride, double[] row, double[] shift) {
        int n = row.length;
        if (stride == 0) {
            double a = acc[base];
            switch (kind) {
                case SUM, MEAN, LOG_SUM -> {
                    for (int j = 0; j < n; j++) {
                        a += row[j];
                    }
                }
                case L1 -> {
                    for (int j = 0; j < n; j++) {
                        a += Math.abs(row[j]);
                    }
                }
                case L2, SUM_SQUARE -> {
                    for (int j = 0; j < n; j++) {
                        a += row[j] * row[j];
                    }
                }
                case PROD -> {
                    for (int j = 0; j < n; j++) {
                        a *= row[j];
                    }
                }
                case MAX -> {
                    for (int j = 0; j < n; j++) {
                        a = max(a, row[j]);
                    }
                }
                case MIN -> {
                    for (int j = 0; j < n; j++) {
                        a = min(a, row[j]);
                    }
                }
                case LOG_SUM_EXP -> {
                    double s = shift[base];
                    for (int j = 0; j < n; j++) {
                        a += Math.exp(row[j] - s);
                    }
                }
            }
            acc[base] = a;
            return;
        }
        switch (kind) {
            case SUM, MEAN, LOG_SUM -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += row[j];
                }
            }
            case L1 -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += Math.abs(row[j]);
                }
            }
            case L2, SUM_SQUARE -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += row[j] * row[j];
                }
            }
            case PROD -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] *= row[j];
                }
            }
            case MAX -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] = max(acc[base + j], row[j]);
                }
            }
            case MIN -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] = min(acc[base + j], row[j]);
                }
            }
            case LOG_SUM_EXP -> {
                for (int j = 0; j < n; j++) {
                    acc[base + j] += Math.exp(row[j] - shift[base + j]);
                }
            }
        }
    }

    /** Max that propagates NaN, as numpy's max does. */
    private static double max(double a, double v) {
        return v > a || Double.isNaN(v) ? v : a;
    }

    private static double min(double a, double v) {
        return v < a || Double.isNaN(v) ? v : a;
    }

    private static void loadDoubles(Tensor x, int offset, double[] buf) {
        switch (x.type()) {
            case FLOAT -> {
                float[] d = x.floatData();
                for (int j = 0; j < buf.length; j++) {
                    buf[j] = d[offset + j];
                }
            }
            case DOUBLE -> System.arraycopy(x.doubleData(), offset, buf, 0, buf.length);
            default -> {
                for (int j = 0; j < buf.length; j++) {
                    buf[j] = x.getDouble(offset + j);
                }
            }
        }
    }

    private static void store(double[] acc, Tensor y) {
        switch (y.type()) {
            case FLOAT -> {
                float[] d = y.floatData();
                for (int i = 0; i < acc.length; i++) {
                    d[i] = (float) acc[i];
                }
            }
            case DOUBLE -> System.arraycopy(acc, 0, y.doubleData(), 0, acc.length);
            default -> {
                for (int i = 0; i < acc.length; i++) {
                    y.setLong(i, (long) acc[i]); // integer L2/LogSum/LogSumExp: truncate like numpy astype
                }
            }
        }
    }

    // ---- integers ---------------------------------------------------------------------------

    private void reduceAsLong(Tensor x, Tensor y, ReducePlan plan) {
        Kind kind = op.kind();
        boolean unsigned64 = x.type() == DataType.UINT64;
        long[] acc = new long[y.size()];
        long init = switch (kind) {
            case PROD -> 1;
            case MAX -> minValue(x.type());
            case MIN -> maxValue(x.type());
            default -> 0;
        };
        Arrays.fill(acc, init);
        long[] buf = new long[plan.rowLength];
        for (int r = 0; r < plan.rows; r++) {
            int off = r * plan.rowLength;
            for (int j = 0; j < buf.length; j++) {
                buf[j] = x.getLong(off + j);
            }
            int base = plan.rowBase[r];
            int stride = plan.rowStride;
            for (int j = 0; j < buf.length; j++) {
                int o = base + j * stride;
                long v = buf[j];
                acc[o] = switch (kind) {
                    case SUM, MEAN -> acc[o] + v;
                    case L1 -> acc[o] + Math.abs(v);
                    case SUM_SQUARE -> acc[o] + v * v;
                    case PROD -> acc[o] * v;
                    case MAX -> (unsigned64 ? Long.compareUnsigned(v, acc[o]) > 0 : v > acc[o]) ? v : acc[o];
                    case MIN -> (unsigned64 ? Long.compareUnsigned(v, acc[o]) < 0 : v < acc[o]) ? v : acc[o];
                    default -> throw new IllegalStateException(kind.toString());
                };
            }
        }
        for (int i = 0; i < acc.length; i++) {
            long v = acc[i];
            if (kind == Kind.MEAN) {
                // numpy's mean followed by astype truncates toward zero, as long division does.
                v = plan.count == 0 ? 0 : unsigned64 ? Long.divideUnsigned(v, plan.count) : v / plan.count;
            }
            y.setLong(i, v);
        }
    }

    /** The smallest value of an integer type (the Max of an empty set). */
    static long minValue(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            case INT4 -> -8;
            case INT2 -> -2;
            default -> 0; // unsigned types
        };
    }

    /** The largest value of an integer type (the Min of an empty set), as stored by {@code setLong}. */
    static long maxValue(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 0xFF;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFF;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFFFFFFL;
            case INT64 -> Long.MAX_VALUE;
            case UINT64 -> -1L; // all ones: the unsigned maximum
            case INT4 -> 7;
            case UINT4 -> 15;
            case INT2 -> 1;
            case UINT2 -> 3;
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    // ---- bool -------------------------------------------------------------------------------

    private void reduceBool(Tensor x, Tensor y, ReducePlan plan) {
        Kind kind = op.kind();
        if (kind != Kind.MAX && kind != Kind.MIN) {
            throw new ExecutionException(kind.opType() + " does not support bool tensors");
        }
        boolean any = kind == Kind.MAX; // Max of bools is "any" (False < True), Min is "all"
        boolean[] in = x.booleanData();
        boolean[] out = y.booleanData();
        Arrays.fill(out, !any);
        for (int r = 0; r < plan.rows; r++) {
            int off = r * plan.rowLength;
            int base = plan.rowBase[r];
            for (int j = 0; j < plan.rowLength; j++) {
                int o = base + j * plan.rowStride;
                out[o] = any ? out[o] | in[off + j] : out[o] & in[off + j];
            }
        }
    }
}
