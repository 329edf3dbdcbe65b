package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Activation;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Reference kernel for {@link Activation}: evaluated in float64 like {@link UnaryMathKernel}; float32
 * HardSigmoid, LeakyRelu and exact Gelu run on the {@link FloatPrimitives} of this JVM's SIMD tier instead.
 */
final class ActivationKernel implements Kernel {
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_TWO_OVER_PI = 0.7978845608028654;

    private final Activation op;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;

    private final CpuThreadPool pool;

    ActivationKernel(Activation op, CpuThreadPool pool) {
        this(op, FloatPrimitives.preferred(), pool);
    }

    /** A kernel on explicit primitives (null = reference path only), for tests. */
    ActivationKernel(Activation op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path only) and pool, for tests. */
    ActivationKernel(Activation op, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
    }

    /** Runs the float32 fast path when the function has one; false otherwise (nothing written). */
    private boolean fastFloat(float[] a, float[] o) {
        if (simd == null) {
            return false;
        }
        float alpha = op.alpha();
        float beta = op.beta();
        switch (op.kind()) {
            case HARD_SIGMOID -> pool.parallelRanges(a.length, ParallelGrain.CHEAP,
                    (lo, hi) -> simd.hardSigmoid(a, lo, alpha, beta, o, lo, hi - lo));
            case LEAKY_RELU -> pool.parallelRanges(a.length, ParallelGrain.CHEAP,
                    (lo, hi) -> simd.leakyRelu(a, lo, alpha, o, lo, hi - lo));
            case GELU -> pool.parallelRanges(a.length, ParallelGrain.TRANSCENDENTAL,
                    (lo, hi) -> simd.gelu(a, lo, o, lo, hi - lo));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Every path reads x[i] before it writes out[i] (float64 paths transform a copy). */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor out = ctx.allocateOutput(0, x.type(), x.dims());
        if (x.type() == DataType.DOUBLE) {
            double[] o = out.doubleData();
            System.arraycopy(x.doubleData(), 0, o, 0, o.length);
            apply(o, o.length);
        } else if (x.type() == DataType.FLOAT) {
            if (fastFloat(x.floatData(), out.floatData())) {
                return;
            }
            UnaryMathKernel.mapFloats(x.floatData(), out.floatData(), this::apply);
        } else {
            throw new ExecutionException(op.kind() + ": element type " + x.type() + " is not supported");
        }
    }

    /** Applies the activation to {@code v[0, n)} in place. */
    private void apply(double[] v, int n) {
        double alpha = op.alpha();
        double beta = op.beta();
        switch (op.kind()) {
            case HARD_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(0, Math.min(1, alpha * v[i] + beta));
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] < 0 ? alpha * v[i] : v[i];
                }
            }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] < 0 ? alpha * Math.expm1(v[i]) : v[i];
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = beta * (v[i] > 0 ? v[i] : alpha * Math.expm1(v[i]));
                }
            }
            case CELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(0, v[i]) + Math.min(0, alpha * Math.expm1(v[i] / alpha));
                }
            }
            case THRESHOLDED_RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] > alpha ? v[i] : 0;
                }
            }
            case SHRINK -> {
                for (int i = 0; i < n; i++) {
                    double x = v[i];
                    v[i] = x < -alpha ? x + beta : x > alpha ? x - beta : 0;
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = 0.5 * v[i] * (1 + ScalarMath.erf(v[i] * SQRT_HALF));
                }
            }
            case GELU_TANH -> {
                for (int i = 0; i < n; i++) {
                    double x = v[i];
                    v[i] = 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
                }
            }
        }
    }
}
