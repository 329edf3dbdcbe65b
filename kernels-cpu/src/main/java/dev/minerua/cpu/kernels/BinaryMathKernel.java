package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.LegacyBroadcast;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * Reference kernel for {@link BinaryMath} ops (and the pairwise steps of Min/Max/Sum/Mean): numpy
 * broadcasting over rows of a {@link BroadcastPlan}, computed in float32, float64 or exact 64-bit
 * integer arithmetic ({@link LongLane}). Handles float16/bfloat16 itself (widened to float32, result
 * narrowed back) because Pow's exponent may have a different type than its base. float32 Add, Sub, Mul,
 * Div, Min, Max and PRelu rows whose operands are contiguous or broadcast scalars run on the
 * {@link FloatPrimitives} of this JVM's SIMD tier (bit-identical to the scalar loops).
 */
final class BinaryMathKernel implements Kernel {

    /** The pairwise functions. */
    enum Fn { ADD, SUB, MUL, DIV, POW, MOD, FMOD, SHIFT_LEFT, SHIFT_RIGHT, AND, OR, XOR, PRELU, MIN, MAX }

    /** The broadcast plan of the last input shapes. */
    private final ShapeMemo<BroadcastPlan> plans = new ShapeMemo<>();
    private final Fn fn;
    private final LegacyBroadcast legacy;
    private final boolean legacyPrelu;
    private final CpuThreadPool pool;

    BinaryMathKernel(BinaryMath op) {
        this(op, CpuThreadPool.serial());
    }

    BinaryMathKernel(BinaryMath op, CpuThreadPool pool) {
        this.pool = pool;
        this.fn = switch (op.kind()) {
            case ADD -> Fn.ADD;
            case SUB -> Fn.SUB;
            case MUL -> Fn.MUL;
            case DIV -> Fn.DIV;
            case POW -> Fn.POW;
            case MOD -> Fn.MOD;
            case FMOD -> Fn.FMOD;
            case SHIFT_LEFT -> Fn.SHIFT_LEFT;
            case SHIFT_RIGHT -> Fn.SHIFT_RIGHT;
            case BITWISE_AND -> Fn.AND;
            case BITWISE_OR -> Fn.OR;
            case BITWISE_XOR -> Fn.XOR;
            case PRELU -> Fn.PRELU;
        };
        this.legacy = op.legacy();
        this.legacyPrelu = op.kind() == BinaryMath.Kind.PRELU && op.legacy() != null;
    }

    /** An operand with the output's shape is read at the output's own index just before that element is written; float16 and mixed-type paths compute into a separate buffer first. */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.eitherInput(output);
    }

    /** The float32 row task not in use, kept for the next call (see {@link #computeFloat}). */
    private final java.util.concurrent.atomic.AtomicReference<SimdRows> idleRows =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1);
        DataType outType = a.type();
        boolean narrow = isHalf(outType);
        a = widenHalf(a);
        b = widenHalf(b);
        int[] bShape = alignB(a.dims(), b.dims());
        BroadcastPlan plan = BroadcastPlan.of(plans, a.dims(), bShape);
        if ((legacy != null || fn == Fn.PRELU) && !Arrays.equals(plan.outShape, a.dims())) {
            throw new ExecutionException(fn + ": input B of shape " + Arrays.toString(b.dims())
                    + " must broadcast to A's shape " + Arrays.toString(a.dims()));
        }
        if (narrow) {
            Tensor wide = Tensor.allocate(DataType.FLOAT, plan.outShape);
            compute(fn, a, b, wide, plan, SIMD, pool);
            Tensor out = ctx.allocateOutput(0, outType, plan.outShape);
            float[] w = wide.floatData();
            for (int i = 0; i < w.length; i++) {
                out.setDouble(i, w[i]);
            }
        } else {
            Tensor out = ctx.allocateOutput(0, outType, plan.outShape);
            if (!computeFloat(a, b, out, plan)) {
                compute(fn, a, b, out, plan, SIMD, pool);
            }
        }
    }

    /**
     * The float32 SIMD case of {@link #compute} with a row task kept for the next call rather than a lambda per
     * call (a concurrent call that finds it taken makes its own); false when the case does not apply.
     */
    private boolean computeFloat(Tensor a, Tensor b, Tensor out, BroadcastPlan plan) {
        FloatPrimitives.Binary op = SIMD == null ? null : primitive(fn);
        if (op == null || a.type() != DataType.FLOAT || b.type() != DataType.FLOAT) {
            return false;
        }
        SimdRows rows = idleRows.getAndSet(null);
        if (rows == null) {
            rows = new SimdRows(fn, op);
        }
        rows.set(plan, a.floatData(), b.floatData(), out.floatData());
        pool.parallelRanges(plan.outSize, ParallelGrain.CHEAP, rows);
        rows.set(null, null, null, null);
        idleRows.set(rows);
        return true;
    }

    /** Rows of a float32 product through {@link #simdRow}, over output ranges of a plan. */
    private static final class SimdRows implements BroadcastPlan.BinaryRow, CpuThreadPool.RangeBody {
        private final Fn fn;
        private final FloatPrimitives.Binary op;
        private BroadcastPlan plan;
        private float[] x;
        private float[] y;
        private float[] o;

        SimdRows(Fn fn, FloatPrimitives.Binary op) {
            this.fn = fn;
            this.op = op;
        }

        void set(BroadcastPlan plan, float[] x, float[] y, float[] o) {
            this.plan = plan;
            this.x = x;
            this.y = y;
            this.o = o;
        }

        @Override
        public void run(int from, int to) {
            plan.forEachRow(from, to, this);
        }

        @Override
        public void apply(int ao, int as, int bo, int bs, int oo, int n) {
            simdRow(SIMD, op, fn, x, ao, as, y, bo, bs, o, oo, n);
        }
    }

    private int[] alignB(int[] a, int[] b) {
        if (legacyPrelu) {
            // Opset < 7 PRelu: a 1-D slope holds one value per channel (axis 1) or a single value.
            if (b.length == 1 && a.length >= 2) {
                return new LegacyBroadcast(true, 1L).alignB(a, new int[] {b[0]});
            }
            return b;
        }
        if (legacy == null) {
            return b;
        }
        try {
            return legacy.alignB(a, b);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException(fn + " (legacy broadcast): " + e.getMessage());
        }
    }

    private static boolean isHalf(DataType t) {
        return t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    private static Tensor widenHalf(Tensor t) {
        if (!isHalf(t.type())) {
            return t;
        }
        Tensor f = Tensor.allocate(DataType.FLOAT, t.dims());
        float[] d = f.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) t.getDouble(i);
        }
        return f;
    }

    /**
     * Computes {@code out = fn(a, b)} over {@code plan} (planned from a's and b's shapes in that order).
     * {@code out} has a's element type; b must have it too except for POW.
     */
    static void compute(Fn fn, Tensor a, Tensor b, Tensor out, BroadcastPlan plan) {
        compute(fn, a, b, out, plan, SIMD);
    }

    /** This JVM's primitives for the float32 rows. */
    static final FloatPrimitives SIMD = FloatPrimitives.preferred();

    /** As {@link #compute(Fn, Tensor, Tensor, Tensor, BroadcastPlan)} with explicit primitives; null = scalar loops. */
    static void compute(Fn fn, Tensor a, Tensor b, Tensor out, BroadcastPlan plan, FloatPrimitives simd) {
        compute(fn, a, b, out, plan, simd, CpuThreadPool.serial());
    }

    /**
     * As {@link #compute(Fn, Tensor, Tensor, Tensor, BroadcastPlan, FloatPrimitives)}; float32 outputs are
     * split into ranges over {@code pool} (each element is computed as the serial walk computes it).
     */
    static void compute(Fn fn, Tensor a, Tensor b, Tensor out, BroadcastPlan plan, FloatPrimitives simd,
                        CpuThreadPool pool) {
        DataType ta = a.type();
        DataType tb = b.type();
        if (fn == Fn.POW && ta != tb) {
            computeMixedPow(a, b, out, plan);
            return;
        }
        if (ta != tb) {
            throw new ExecutionException(fn + ": inputs must have the same element type, got " + ta + " and " + tb);
        }
        switch (ta) {
            case FLOAT -> {
                float[] x = a.floatData();
                float[] y = b.floatData();
                float[] o = out.floatData();
                FloatPrimitives.Binary op = simd == null ? null : primitive(fn);
                if (op != null) {
                    plan.forEachRow(pool, ParallelGrain.CHEAP,
                            (ao, as, bo, bs, oo, n) -> simdRow(simd, op, fn, x, ao, as, y, bo, bs, o, oo, n));
                } else {
                    plan.forEachRow(pool, ParallelGrain.TRANSCENDENTAL,
                            (ao, as, bo, bs, oo, n) -> floatRow(fn, x, ao, as, y, bo, bs, o, oo, n));
                }
            }
            case DOUBLE -> {
                double[] x = a.doubleData();
                double[] y = b.doubleData();
                double[] o = out.doubleData();
                plan.forEachRow((ao, as, bo, bs, oo, n) -> doubleRow(fn, x, ao, as, y, bo, bs, o, oo, n));
            }
            default -> {
                if (!LongLane.supports(ta)) {
                    throw new ExecutionException(fn + ": element type " + ta + " is not supported");
                }
                long[] x = LongLane.read(a);
                long[] y = LongLane.read(b);
                long[] o = LongLane.target(out);
                boolean unsigned64 = ta == DataType.UINT64;
                plan.forEachRow((ao, as, bo, bs, oo, n) -> longRow(fn, unsigned64, x, ao, as, y, bo, bs, o, oo, n));
                LongLane.write(o, out);
            }
        }
    }

    /** The primitive for {@code fn}, or null when it has none (Pow, Mod, Fmod, integer-only functions). */
    private static FloatPrimitives.Binary primitive(Fn fn) {
        return switch (fn) {
            case ADD -> FloatPrimitives.Binary.ADD;
            case SUB -> FloatPrimitives.Binary.SUB;
            case MUL -> FloatPrimitives.Binary.MUL;
            case DIV -> FloatPrimitives.Binary.DIV;
            case MIN -> FloatPrimitives.Binary.MIN;
            case MAX -> FloatPrimitives.Binary.MAX;
            case PRELU -> FloatPrimitives.Binary.PRELU;
            default -> null;
        };
    }

    private static void simdRow(FloatPrimitives simd, FloatPrimitives.Binary op, Fn fn, float[] a, int ao, int as,
                                float[] b, int bo, int bs, float[] o, int oo, int n) {
        if (as == 1 && bs == 1) {
            simd.binary(op, a, ao, b, bo, o, oo, n);
        } else if (as == 1) {
            simd.binaryScalarRight(op, a, ao, b[bo], o, oo, n);
        } else if (bs == 1) {
            simd.binaryScalarLeft(op, a[ao], b, bo, o, oo, n);
        } else {
            floatRow(fn, a, ao, as, b, bo, bs, o, oo, n);
        }
    }

    private static void floatRow(Fn fn, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
                                 int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (fn) {
            case ADD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] + b[ib];
                }
            }
            case SUB -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] - b[ib];
                }
            }
            case MUL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] * b[ib];
                }
            }
            case DIV -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] / b[ib];
                }
            }
            case POW -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = (float) Math.pow(a[ia], b[ib]);
                }
            }
            case MOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = (float) floorMod(a[ia], b[ib]);
                }
            }
            case FMOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] % b[ib];
                }
            }
            case PRELU -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    float x = a[ia];
                    o[k] = x < 0 ? x * b[ib] : x;
                }
            }
            case MIN -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = Math.min(a[ia], b[ib]);
                }
            }
            case MAX -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = Math.max(a[ia], b[ib]);
                }
            }
            default -> throw new ExecutionException(fn + " is not defined for floating-point inputs");
        }
    }

    private static void doubleRow(Fn fn, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o,
                                  int oo, int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (fn) {
            case ADD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] + b[ib];
                }
            }
            case SUB -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] - b[ib];
                }
            }
            case MUL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] * b[ib];
                }
            }
            case DIV -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] / b[ib];
                }
            }
            case POW -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = Math.pow(a[ia], b[ib]);
                }
            }
            case MOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = floorMod(a[ia], b[ib]);
                }
            }
            case FMOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] % b[ib];
                }
            }
            case PRELU -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    double x = a[ia];
                    o[k] = x < 0 ? x * b[ib] : x;
                }
            }
            case MIN -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = Math.min(a[ia], b[ib]);
                }
            }
            case MAX -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = Math.max(a[ia], b[ib]);
                }
            }
            default -> throw new ExecutionException(fn + " is not defined for floating-point inputs");
        }
    }

    private static void longRow(Fn fn, boolean u64, long[] a, int ao, int as, long[] b, int bo, int bs, long[] o,
                                int oo, int n) {
        int ia = ao;
        int ib = bo;
        int end = oo + n;
        switch (fn) {
            case ADD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] + b[ib];
                }
            }
            case SUB -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] - b[ib];
                }
            }
            case MUL -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] * b[ib];
                }
            }
            case DIV -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long y = nonZero(b[ib]);
                    // Java's signed division truncates toward zero, as ONNX integer Div does.
                    o[k] = u64 ? Long.divideUnsigned(a[ia], y) : a[ia] / y;
                }
            }
            case POW -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = intPow(a[ia], b[ib]);
                }
            }
            case MOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long y = nonZero(b[ib]);
                    o[k] = u64 ? Long.remainderUnsigned(a[ia], y) : Math.floorMod(a[ia], y);
                }
            }
            case FMOD -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long y = nonZero(b[ib]);
                    o[k] = u64 ? Long.remainderUnsigned(a[ia], y) : a[ia] % y;
                }
            }
            case SHIFT_LEFT -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long s = b[ib];
                    o[k] = s < 0 || s >= 64 ? 0 : a[ia] << s;
                }
            }
            case SHIFT_RIGHT -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long s = b[ib];
                    o[k] = s < 0 || s >= 64 ? 0 : a[ia] >>> s;
                }
            }
            case AND -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] & b[ib];
                }
            }
            case OR -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] | b[ib];
                }
            }
            case XOR -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    o[k] = a[ia] ^ b[ib];
                }
            }
            case PRELU -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long x = a[ia];
                    o[k] = x < 0 && !u64 ? x * b[ib] : x;
                }
            }
            case MIN -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long x = a[ia];
                    long y = b[ib];
                    o[k] = (u64 ? Long.compareUnsigned(x, y) <= 0 : x <= y) ? x : y;
                }
            }
            case MAX -> {
                for (int k = oo; k < end; k++, ia += as, ib += bs) {
                    long x = a[ia];
                    long y = b[ib];
                    o[k] = (u64 ? Long.compareUnsigned(x, y) >= 0 : x >= y) ? x : y;
                }
            }
        }
    }

    /** Pow whose exponent type differs from the base type (opset 12+), computed as numpy does. */
    private static void computeMixedPow(Tensor a, Tensor b, Tensor out, BroadcastPlan plan) {
        DataType ta = a.type();
        DataType tb = b.type();
        if (LongLane.supports(ta) && LongLane.supports(tb)) {
            long[] x = LongLane.read(a);
            long[] y = LongLane.read(b);
            long[] o = LongLane.target(out);
            plan.forEachRow((ao, as, bo, bs, oo, n) -> longRow(Fn.POW, false, x, ao, as, y, bo, bs, o, oo, n));
            LongLane.write(o, out);
            return;
        }
        if (!(ta.isFloatingPoint() || LongLane.supports(ta)) || !(tb.isFloatingPoint() || LongLane.supports(tb))) {
            throw new ExecutionException("Pow: element types " + ta + " and " + tb + " are not supported");
        }
        // Mixed float/int: the power is taken in float64 and converted to the base's type (integers truncate).
        double[] x = a.asDoubles();
        double[] y = b.asDoubles();
        double[] o = new double[plan.outSize];
        plan.forEachRow((ao, as, bo, bs, oo, n) -> doubleRow(Fn.POW, x, ao, as, y, bo, bs, o, oo, n));
        if (LongLane.supports(ta)) {
            long[] t = LongLane.target(out);
            for (int i = 0; i < o.length; i++) {
                t[i] = (long) o[i];
            }
            LongLane.write(t, out);
        } else {
            for (int i = 0; i < o.length; i++) {
                out.setDouble(i, o[i]);
            }
        }
    }

    /** numpy's mod for floats: the remainder takes the divisor's sign. */
    private static double floorMod(double a, double b) {
        double r = a % b;
        if (r != 0 && (r < 0) != (b < 0)) {
            r += b;
        }
        return r;
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) {
            throw new ExecutionException("integer division by zero");
        }
        return divisor;
    }

    /**
     * Integer power with wrap-around. A negative exponent gives the truncated value of 1 / base^-e:
     * 1 for base 1, +-1 for base -1, and 0 otherwise (including base 0, where numpy refuses).
     */
    static long intPow(long base, long exp) {
        if (exp < 0) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exp & 1) == 0 ? 1 : -1;
            }
            return 0;
        }
        long result = 1;
        long b = base;
        long e = exp;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return result;
    }
}
