package dev.minerua.cpu.simd;

/**
 * {@link FloatPrimitives} in plain Java: the oracle for the vector implementations and the fallback when
 * the Vector API is absent. Transcendental functions are evaluated in float64 and rounded once; sums
 * accumulate in float64.
 */
public final class ScalarFloatPrimitives implements FloatPrimitives {
    /** The only instance. */
    public static final ScalarFloatPrimitives INSTANCE = new ScalarFloatPrimitives();

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double SQRT_HALF = 0.7071067811865476;

    private ScalarFloatPrimitives() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    /** One binary operation on two floats; the definition every implementation follows. */
    static float apply(Binary op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case PRELU -> x < 0 ? x * y : x;
        };
    }

    @Override
    public void binary(Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] + b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = a[ao + i] * b[bo + i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = apply(op, a[ao + i], b[bo + i]);
                }
            }
        }
    }

    @Override
    public void binaryScalarRight(Binary op, float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = apply(op, a[ao + i], s);
        }
    }

    @Override
    public void binaryScalarLeft(Binary op, float s, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = apply(op, s, b[bo + i]);
        }
    }

    @Override
    public void fma(float[] a, int ao, float[] b, int bo, float[] c, int co, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.fma(a[ao + i], b[bo + i], c[co + i]);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
        }
    }

    @Override
    public void tapSum(float[] w, int wOff, int[] offsets, int taps, float[] src, float init, float[] dst, int dOff,
                       int n) {
        for (int q = 0; q < n; q++) {
            float acc = init;
            for (int t = 0; t < taps; t++) {
                acc = Math.fma(w[wOff + t], src[offsets[t] + q], acc);
            }
            dst[dOff + q] = acc;
        }
    }

    @Override
    public void copyEven(float[] src, int so, float[] dst, int d, int n) {
        for (int j = 0; j < n; j++) {
            dst[d + j] = src[so + 2 * j];
        }
    }

    @Override
    public void scaleShift(float[] a, int ao, float scale, float shift, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.fma(a[ao + i], scale, shift);
        }
    }

    @Override
    public void relu(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.max(a[ao + i], 0f);
        }
    }

    @Override
    public void clip(float[] a, int ao, float lo, float hi, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.min(Math.max(a[ao + i], lo), hi);
        }
    }

    @Override
    public void leakyRelu(float[] a, int ao, float alpha, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + i];
            out[oo + i] = x < 0 ? alpha * x : x;
        }
    }

    @Override
    public void hardSigmoid(float[] a, int ao, float alpha, float beta, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Math.max(0f, Math.min(1f, alpha * a[ao + i] + beta));
        }
    }

    @Override
    public void hardSwish(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + i];
            out[oo + i] = x * Math.max(0f, Math.min(1f, x * (1f / 6f) + 0.5f));
        }
    }

    @Override
    public void exp(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.exp(a[ao + i]);
        }
    }

    @Override
    public void sigmoid(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) sigmoid((double) a[ao + i]);
        }
    }

    @Override
    public void tanh(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) Math.tanh(a[ao + i]);
        }
    }

    @Override
    public void erf(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) erf((double) a[ao + i]);
        }
    }

    @Override
    public void gelu(float[] a, int ao, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            double x = a[ao + i];
            out[oo + i] = (float) (0.5 * x * (1 + erf(x * SQRT_HALF)));
        }
    }

    @Override
    public float sum(float[] a, int ao, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i];
        }
        return (float) s;
    }

    @Override
    public float sumSquaredDiff(float[] a, int ao, float mean, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = a[ao + i] - (double) mean;
            s += d * d;
        }
        return (float) s;
    }

    @Override
    public float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, a[ao + i]);
        }
        return m;
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return (float) s;
    }

    @Override
    public void softmaxRow(float[] a, int ao, float[] out, int oo, int n, boolean log) {
        if (n == 0) {
            return;
        }
        double m = max(a, ao, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(a[ao + i] - m);
        }
        if (log) {
            double shift = m + Math.log(sum);
            for (int i = 0; i < n; i++) {
                out[oo + i] = (float) (a[ao + i] - shift);
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[oo + i] = (float) (Math.exp(a[ao + i] - m) / sum);
            }
        }
    }

    /** Logistic sigmoid in float64 without overflow for either sign. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * The error function in float64: the all-positive series
     * erf(x) = 2/sqrt(pi) e^(-x^2) sum_k 2^k x^(2k+1) / (1*3*...*(2k+1)), which has no cancellation;
     * +-1 from |x| = 6 on, where float64 cannot tell erf from 1.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.copySign(1.0, x);
        }
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int k = 1; k < 400 && term >= sum * 1e-17; k++) {
            term *= 2 * x2 / (2 * k + 1);
            sum += term;
        }
        return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum), x);
    }
}
