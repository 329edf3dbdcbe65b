package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.tensor.Tensor;

/**
 * BatchNormalization: per channel c, y = x * a[c] + b[c] with a = scale / sqrt(var + eps) and
 * b = bias - mean * a (coefficients in double). In training mode mean and var are the batch's
 * statistics and the updated running statistics are written to outputs 1 and 2. The float32 affine map
 * runs on the {@link FloatPrimitives} of this JVM's SIMD tier (one fused multiply-add per element).
 */
final class BatchNormalizationKernel implements Kernel {
    private final BatchNormalization op;
    /** The float32 fast path's primitives; null means the plain loop. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** The float32 path over ranges of planes: (X, Y, coefficients {a, b} per channel, plane size). */
    private final RangeTask<float[], float[], double[][]> planeRanges = new RangeTask<>(this::scaleShift);
    /**
     * The per-channel coefficients {a, b}, computed once when scale, bias, mean and var are constants and the
     * op is in inference mode (they then never change); null to compute them on every run.
     */
    private final double[][] constantCoefficients;

    BatchNormalizationKernel(BatchNormalization op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial(), null);
    }

    /** A kernel on explicit primitives (null = plain loop) and pool. */
    BatchNormalizationKernel(BatchNormalization op, FloatPrimitives simd, CpuThreadPool pool) {
        this(op, simd, pool, null);
    }

    private BatchNormalizationKernel(BatchNormalization op, FloatPrimitives simd, CpuThreadPool pool,
                                     double[][] constantCoefficients) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
        this.constantCoefficients = constantCoefficients;
    }

    static Kernel create(BatchNormalization op, CompileContext ctx) {
        return new BatchNormalizationKernel(op, FloatPrimitives.preferred(), CpuCompileContext.threadPool(ctx),
                constantCoefficients(op, ctx));
    }

    /** {a, b} from constant parameters of one size and real type in inference mode, else null. */
    private static double[][] constantCoefficients(BatchNormalization op, CompileContext ctx) {
        if (op.training()) {
            return null;
        }
        double[][] p = new double[4][];
        for (int i = 0; i < 4; i++) {
            Tensor t = ctx.constantInput(i + 1);
            if (t == null || !t.type().isFloatingPoint() || (i > 0 && t.size() != p[0].length)) {
                return null;
            }
            p[i] = t.asDoubles();
        }
        return coefficients(op, p, p[0].length);
    }

    /** a = scale / sqrt(var + eps), b = bias - mean * a, per channel, from p = {scale, bias, mean, var}. */
    private static double[][] coefficients(BatchNormalization op, double[][] p, int c) {
        double[] a = new double[c];
        double[] b = new double[c];
        for (int ch = 0; ch < c; ch++) {
            a[ch] = p[0][ch] / Math.sqrt(p[3][ch] + op.epsilon());
            b[ch] = p[1][ch] - p[2][ch] * a[ch];
        }
        return new double[][] {a, b};
    }

    /** The batch statistics are read before the output is allocated; then each element is one scale and shift. */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        RealValues.requireReal(x, "BatchNormalization");
        if (x.rank() < 2) {
            throw new ExecutionException("BatchNormalization: X must have rank >= 2");
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int inner = c == 0 || n == 0 ? 0 : x.size() / (n * c);
        for (int i = 1; i <= 4; i++) {
            Tensor t = ctx.input(i);
            if (t.size() != c) {
                throw new ExecutionException("BatchNormalization: input " + i + " has " + t.size()
                        + " elements, expected " + c + " (one per channel)");
            }
        }
        double[][] ab = constantCoefficients;
        if (ab == null) {
            double[][] p = new double[4][];
            for (int i = 0; i < 4; i++) {
                p[i] = RealValues.read(ctx.input(i + 1));
            }
            if (op.training()) {
                double[][] batch = batchStatistics(x, n, c, inner);
                writeRunningStatistic(ctx, 1, ctx.input(3), p[2], batch[0]);
                writeRunningStatistic(ctx, 2, ctx.input(4), p[3], batch[1]);
                p[2] = batch[0];
                p[3] = batch[1];
            }
            ab = coefficients(op, p, c);
        }
        Tensor y = ctx.allocateOutput(0, x.type(), x.dims());
        apply(x, y, ab, n, c, inner);
    }

    /** Per channel, the mean and the population variance over the batch and spatial positions. */
    private static double[][] batchStatistics(Tensor x, int n, int c, int inner) {
        double[] mean = new double[c];
        double[] var = new double[c];
        double count = (double) n * inner;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int img = 0; img < n; img++) {
                int off = (img * c + ch) * inner;
                for (int i = off; i < off + inner; i++) {
                    sum += x.getDouble(i);
                }
            }
            mean[ch] = sum / count;
            double sq = 0;
            for (int img = 0; img < n; img++) {
                int off = (img * c + ch) * inner;
                for (int i = off; i < off + inner; i++) {
                    double d = x.getDouble(i) - mean[ch];
                    sq += d * d;
                }
            }
            var[ch] = sq / count;
        }
        return new double[][] {mean, var};
    }

    private void writeRunningStatistic(KernelContext ctx, int output, Tensor like, double[] given, double[] batch) {
        if (ctx.outputCount() <= output || !ctx.isOutputUsed(output)) {
            return;
        }
        Tensor out = ctx.allocateOutput(output, like.type(), like.dims());
        for (int ch = 0; ch < given.length; ch++) {
            out.setDouble(ch, given[ch] * op.momentum() + batch[ch] * (1 - op.momentum()));
        }
    }

    private void apply(Tensor x, Tensor y, double[][] ab, int n, int c, int inner) {
        double[] a = ab[0];
        double[] b = ab[1];
        switch (x.type()) {
            // Planes (image, channel) spread over the pool; each is one scale-and-shift.
            case FLOAT -> planeRanges.parallelRanges(pool, n * c, ParallelGrain.items(inner, ParallelGrain.CHEAP),
                    x.floatData(), y.floatData(), ab, inner);
            default -> {
                double[] xs = x.doubleData();
                double[] ys = y.doubleData();
                for (int img = 0; img < n; img++) {
                    for (int ch = 0; ch < c; ch++) {
                        int off = (img * c + ch) * inner;
                        for (int i = off; i < off + inner; i++) {
                            ys[i] = xs[i] * a[ch] + b[ch];
                        }
                    }
                }
            }
        }
    }

    /** Planes {@code [from, to)} of {@code ys = xs * a[ch] + b[ch]} ({@code ch = plane % channels}). */
    private void scaleShift(float[] xs, float[] ys, double[][] ab, int inner, int from, int to) {
        double[] a = ab[0];
        double[] b = ab[1];
        int c = a.length;
        for (int plane = from; plane < to; plane++) {
            int ch = plane % c;
            int off = plane * inner;
            float fa = (float) a[ch];
            float fb = (float) b[ch];
            if (simd != null) {
                simd.scaleShift(xs, off, fa, fb, ys, off, inner);
                continue;
            }
            for (int i = off; i < off + inner; i++) {
                ys[i] = xs[i] * fa + fb;
            }
        }
    }
}
