package dev.minerua.cpu.kernels;

import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.RowActivation;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.FusedActivation;

/**
 * A {@link FusedActivation} as a GEMM {@link Epilogue} (clamp for Relu/Clip, a {@link RowActivation} on the
 * {@link FloatPrimitives} vector functions for the rest) and as a scalar function for the reference path.
 */
final class FusedActivations {
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_TWO_OVER_PI = 0.7978845608028654;

    private FusedActivations() {
    }

    /** The epilogue applying {@code a} (nothing else: no bias, no residual). */
    static Epilogue epilogue(FusedActivation a, FloatPrimitives p) {
        float alpha = a.alpha();
        float beta = a.beta();
        return switch (a.kind()) {
            case NONE -> Epilogue.NONE;
            case RELU -> Epilogue.NONE.withRelu();
            case CLIP -> Epilogue.NONE.withClamp(alpha, beta);
            case LEAKY_RELU -> Epilogue.NONE.withActivation((c, o, n) -> p.leakyRelu(c, o, alpha, c, o, n));
            case SIGMOID -> Epilogue.NONE.withActivation((c, o, n) -> p.sigmoid(c, o, c, o, n));
            case HARD_SIGMOID -> Epilogue.NONE.withActivation((c, o, n) -> p.hardSigmoid(c, o, alpha, beta, c, o, n));
            case HARD_SWISH -> Epilogue.NONE.withActivation((c, o, n) -> p.hardSwish(c, o, c, o, n));
            case TANH -> Epilogue.NONE.withActivation((c, o, n) -> p.tanh(c, o, c, o, n));
            case GELU -> Epilogue.NONE.withActivation((c, o, n) -> p.gelu(c, o, c, o, n));
            case GELU_TANH -> Epilogue.NONE.withActivation((c, o, n) -> {
                for (int i = o; i < o + n; i++) {
                    c[i] = (float) apply(a, c[i]);
                }
            });
        };
    }

    /** Applies the clamp and activation of {@code e} (built by {@link #epilogue}) to all of {@code y}, in place. */
    static void applyInPlace(Epilogue e, float[] y, FloatPrimitives p) {
        applyInPlace(e, y, 0, y.length, p);
    }

    /** As {@link #applyInPlace(Epilogue, float[], FloatPrimitives)}, on {@code y[off .. off + n)} only. */
    static void applyInPlace(Epilogue e, float[] y, int off, int n, FloatPrimitives p) {
        if (e.lo() != Float.NEGATIVE_INFINITY || e.hi() != Float.POSITIVE_INFINITY) {
            p.clip(y, off, e.lo(), e.hi(), y, off, n);
        }
        if (e.activation() != null) {
            e.activation().apply(y, off, n);
        }
    }

    /** {@code a} at one point, in double precision: the reference the fused kernels are checked against. */
    static double apply(FusedActivation a, double x) {
        double alpha = a.alpha();
        double beta = a.beta();
        return switch (a.kind()) {
            case NONE -> x;
            case RELU -> Math.max(0, x);
            case CLIP -> Math.min(Math.max(x, alpha), beta);
            case LEAKY_RELU -> x < 0 ? alpha * x : x;
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case HARD_SIGMOID -> Math.max(0, Math.min(1, alpha * x + beta));
            case HARD_SWISH -> x * Math.max(0, Math.min(1, x / 6 + 0.5));
            case TANH -> Math.tanh(x);
            case GELU -> 0.5 * x * (1 + ScalarMath.erf(x * SQRT_HALF));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x)));
        };
    }
}
