package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Reference kernel for {@link UnaryMath}. Floating-point functions are evaluated in float64 (float32
 * tensors pass through a float64 buffer chunk by chunk and are rounded once); the integer-capable
 * functions use exact long arithmetic; Not works on bool. float32 Relu, Neg, Reciprocal, Exp, Sigmoid, Tanh,
 * Erf and HardSwish run on the {@link FloatPrimitives} of this JVM's SIMD tier instead.
 */
final class UnaryMathKernel implements Kernel {
    /** Elements converted per chunk for float32 inputs. */
    static final int CHUNK = 1024;

    private final UnaryMath.Kind kind;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** The float32 fast path over ranges of (input, output). */
    private final RangeTask<float[], float[], Void> fastRanges = new RangeTask<>(this::fastRange);

    UnaryMathKernel(UnaryMath op, CpuThreadPool pool) {
        this(op, FloatPrimitives.preferred(), pool);
    }

    /** A kernel on explicit primitives (null = reference path only), for tests. */
    UnaryMathKernel(UnaryMath op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path only) and pool, for tests. */
    UnaryMathKernel(UnaryMath op, FloatPrimitives simd, CpuThreadPool pool) {
        this.kind = op.kind();
        this.simd = simd;
        this.pool = pool;
    }

    /** True when {@code kind} has a float32 fast path. */
    private static boolean hasFastFloat(UnaryMath.Kind kind) {
        return switch (kind) {
            case RELU, NEG, RECIPROCAL, EXP, SIGMOID, TANH, ERF, HARD_SWISH -> true;
            default -> false;
        };
    }

    /** The float32 fast path of {@code kind} (one of {@link #hasFastFloat}) over {@code [off, off + n)}. */
    private static void fastFloat(UnaryMath.Kind kind, FloatPrimitives p, float[] a, float[] o, int off, int n) {
        switch (kind) {
            case RELU -> p.relu(a, off, o, off, n);
            case NEG -> p.binaryScalarRight(FloatPrimitives.Binary.MUL, a, off, -1f, o, off, n);
            case RECIPROCAL -> p.binaryScalarLeft(FloatPrimitives.Binary.DIV, 1f, a, off, o, off, n);
            case EXP -> p.exp(a, off, o, off, n);
            case SIGMOID -> p.sigmoid(a, off, o, off, n);
            case TANH -> p.tanh(a, off, o, off, n);
            case ERF -> p.erf(a, off, o, off, n);
            case HARD_SWISH -> p.hardSwish(a, off, o, off, n);
            default -> throw new IllegalStateException(kind + " has no float32 fast path");
        }
    }

    /** Elements per parallel range: cheap functions need more to outweigh the hand-off than exp and friends. */
    private static int grain(UnaryMath.Kind kind) {
        return switch (kind) {
            case EXP, SIGMOID, TANH, ERF -> ParallelGrain.TRANSCENDENTAL;
            default -> ParallelGrain.CHEAP;
        };
    }

    /** Every path reads x[i] before it writes out[i] (float64 and integer paths transform a copy). */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        DataType t = x.type();
        Tensor out = ctx.allocateOutput(0, t, x.dims());
        if (kind == UnaryMath.Kind.NOT) {
            require(t == DataType.BOOL, t);
            boolean[] a = x.booleanData();
            boolean[] o = out.booleanData();
            for (int i = 0; i < a.length; i++) {
                o[i] = !a[i];
            }
        } else if (kind == UnaryMath.Kind.BITWISE_NOT || (kind.acceptsIntegers() && LongLane.supports(t))) {
            require(LongLane.supports(t), t);
            long[] v = LongLane.copy(x);
            applyLong(kind, v, t.isUnsigned());
            LongLane.write(v, out);
        } else if (t == DataType.DOUBLE) {
            double[] o = out.doubleData();
            System.arraycopy(x.doubleData(), 0, o, 0, o.length);
            applyDouble(kind, o, 0, o.length);
        } else if (t == DataType.FLOAT) {
            if (simd != null && hasFastFloat(kind)) {
                float[] a = x.floatData();
                float[] o = out.floatData();
                fastRanges.parallelRanges(pool, a.length, grain(kind), a, o, null, 0);
                return;
            }
            mapFloats(x.floatData(), out.floatData(), (buf, n) -> applyDouble(kind, buf, 0, n));
        } else {
            require(false, t);
        }
    }

    private void require(boolean ok, DataType t) {
        if (!ok) {
            throw new ExecutionException(kind + ": element type " + t + " is not supported");
        }
    }

    /** Per thread, the float64 chunk {@link #mapFloats} works in (no fresh buffer per call). */
    private static final ThreadLocal<double[]> CHUNK_BUFFER = ThreadLocal.withInitial(() -> new double[CHUNK]);

    /**
     * Applies a float64 chunk transform to float32 data: widen, transform in place, round once. The transform
     * gets the chunk and its length (the buffer may be longer) and must not call back into this method.
     */
    static void mapFloats(float[] in, float[] out, java.util.function.ObjIntConsumer<double[]> transform) {
        double[] buf = CHUNK_BUFFER.get();
        for (int start = 0; start < in.length; start += CHUNK) {
            int n = Math.min(CHUNK, in.length - start);
            for (int i = 0; i < n; i++) {
                buf[i] = in[start + i];
            }
            transform.accept(buf, n);
            for (int i = 0; i < n; i++) {
                out[start + i] = (float) buf[i];
            }
        }
    }

    private static void applyLong(UnaryMath.Kind kind, long[] v, boolean unsigned) {
        switch (kind) {
            case NEG -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = -v[i];
                }
            }
            case ABS -> {
                if (!unsigned) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Math.abs(v[i]);
                    }
                }
            }
            case SIGN -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = unsigned ? (v[i] != 0 ? 1 : 0) : Long.signum(v[i]);
                }
            }
            case RELU -> {
                if (!unsigned) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Math.max(v[i], 0);
                    }
                }
            }
            case BITWISE_NOT -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = ~v[i];
                }
            }
            default -> throw new ExecutionException(kind + " is not defined for integer inputs");
        }
    }

    /** Applies {@code kind} in place to {@code v[off, off + n)}. */
    static void applyDouble(UnaryMath.Kind kind, double[] v, int off, int n) {
        int end = off + n;
        switch (kind) {
            case NEG -> {
                for (int i = off; i < end; i++) {
                    v[i] = -v[i];
                }
            }
            case ABS -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.abs(v[i]);
                }
            }
            case SIGN -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.signum(v[i]);
                }
            }
            case RECIPROCAL -> {
                for (int i = off; i < end; i++) {
                    v[i] = 1 / v[i];
                }
            }
            case CEIL -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.ceil(v[i]);
                }
            }
            case FLOOR -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.floor(v[i]);
                }
            }
            case ROUND -> { // half to even
                for (int i = off; i < end; i++) {
                    v[i] = Math.rint(v[i]);
                }
            }
            case EXP -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.exp(v[i]);
                }
            }
            case LOG -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.log(v[i]);
                }
            }
            case SQRT -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.sqrt(v[i]);
                }
            }
            case ERF -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.erf(v[i]);
                }
            }
            case SIGMOID -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.sigmoid(v[i]);
                }
            }
            case RELU -> {
                for (int i = off; i < end; i++) {
                    v[i] = v[i] > 0 ? v[i] : v[i] == v[i] ? 0 : v[i]; // NaN stays NaN
                }
            }
            case TANH -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.tanh(v[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.softplus(v[i]);
                }
            }
            case SOFTSIGN -> {
                for (int i = off; i < end; i++) {
                    v[i] = v[i] / (1 + Math.abs(v[i]));
                }
            }
            case MISH -> {
                for (int i = off; i < end; i++) {
                    v[i] = v[i] * Math.tanh(ScalarMath.softplus(v[i]));
                }
            }
            case HARD_SWISH -> { // x * HardSigmoid(x) with alpha 1/6, beta 0.5
                for (int i = off; i < end; i++) {
                    v[i] = v[i] * Math.max(0, Math.min(1, v[i] / 6 + 0.5));
                }
            }
            case SIN -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.sin(v[i]);
                }
            }
            case COS -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.cos(v[i]);
                }
            }
            case TAN -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.tan(v[i]);
                }
            }
            case ASIN -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.asin(v[i]);
                }
            }
            case ACOS -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.acos(v[i]);
                }
            }
            case ATAN -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.atan(v[i]);
                }
            }
            case SINH -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.sinh(v[i]);
                }
            }
            case COSH -> {
                for (int i = off; i < end; i++) {
                    v[i] = Math.cosh(v[i]);
                }
            }
            case ASINH -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.asinh(v[i]);
                }
            }
            case ACOSH -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.acosh(v[i]);
                }
            }
            case ATANH -> {
                for (int i = off; i < end; i++) {
                    v[i] = ScalarMath.atanh(v[i]);
                }
            }
            case NOT, BITWISE_NOT -> throw new ExecutionException(kind + " is not defined for floating-point inputs");
        }
    }

    /** {@link #fastFloat} over {@code [from, to)}, as a {@link RangeTask.Body}. */
    private void fastRange(float[] a, float[] o, Void unused, int k, int from, int to) {
        fastFloat(kind, simd, a, o, from, to - from);
    }
}
