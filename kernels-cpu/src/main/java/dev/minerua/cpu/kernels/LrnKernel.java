package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Lrn;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * LRN across channels: the window for channel c spans [c - floor((size-1)/2), c + ceil((size-1)/2)],
 * clipped to the valid channels. float32 runs in float, output planes spread over the pool (see
 * {@link #planes}; with beta 0.75 on a vector tier {@link LrnPlanes}, the same bits); other types are computed in
 * double, which is also the oracle of the float path.
 */
final class LrnKernel implements Kernel {
    private final Lrn op;
    /** Null: every type takes the double path. */
    private final CpuThreadPool pool;
    /** The float32 path over ranges of (image, channel) planes: (X data, Y data, X, plane size). */
    private final RangeTask<float[], float[], Tensor> planeRanges =
            new RangeTask<>((xf, yf, x, inner, from, to) -> planes(xf, yf, x.dim(1), inner, from, to));

    /** The vector loops for beta 0.75 on this tier; null: the scalar float loop. */
    private final LrnPlanes vector;

    LrnKernel(Lrn op, CpuThreadPool pool) {
        this(op, pool, FloatPrimitives.preferred());
    }

    /** A kernel on an explicit pool (null: the double path for every type) and SIMD tier. */
    LrnKernel(Lrn op, CpuThreadPool pool, FloatPrimitives simd) {
        this.op = op;
        this.pool = pool;
        this.vector = op.beta() == 0.75f && simd.lanes() > 1 ? LrnPlanes.forLanes(simd.lanes()) : null;
    }

    static Kernel create(Lrn op, CompileContext ctx) {
        return new LrnKernel(op, CpuCompileContext.threadPool(ctx));
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        RealValues.requireReal(x, "LRN");
        if (x.rank() < 2) {
            throw new ExecutionException("LRN: X must have rank >= 2");
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int inner = n * c == 0 ? 0 : x.size() / (n * c);
        if (pool != null && x.type() == DataType.FLOAT) {
            float[] xf = x.floatData();
            // Every element is written: no zero fill first.
            float[] yf = ctx.allocateOutputUnzeroed(0, DataType.FLOAT, x.dims()).floatData();
            planeRanges.parallelRanges(pool, n * c, ParallelGrain.items((long) inner * op.size(), ParallelGrain.CHEAP),
                    xf, yf, x, inner);
            return;
        }
        double[] v = RealValues.read(x);
        double[] out = new double[v.length];
        int before = (op.size() - 1) / 2;
        int after = op.size() - 1 - before;
        double scale = (double) op.alpha() / op.size();
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < c; ch++) {
                int lo = Math.max(0, ch - before);
                int hi = Math.min(c - 1, ch + after);
                int off = (img * c + ch) * inner;
                for (int i = 0; i < inner; i++) {
                    double sum = 0;
                    for (int k = lo; k <= hi; k++) {
                        double e = v[(img * c + k) * inner + i];
                        sum += e * e;
                    }
                    out[off + i] = v[off + i] / Math.pow(op.bias() + scale * sum, op.beta());
                }
            }
        }
        RealValues.store(ctx.allocateOutput(0, x.type(), x.dims()), out);
    }

    /**
     * Output planes {@code [from, to)} (numbered over image and channel) in float: the squares of the window's
     * planes summed in channel order, then {@code x * (bias + alpha/size * sum)^-beta}, with beta = 0.75 (AlexNet,
     * GoogLeNet) as square roots instead of a power.
     */
    private void planes(float[] x, float[] y, int c, int inner, int from, int to) {
        int before = (op.size() - 1) / 2;
        int after = op.size() - 1 - before;
        float scale = op.alpha() / op.size();
        float bias = op.bias();
        float beta = op.beta();
        for (int plane = from; plane < to; plane++) {
            int img = plane / c;
            int ch = plane - img * c;
            int lo = Math.max(0, ch - before);
            int hi = Math.min(c - 1, ch + after);
            if (vector != null) {
                vector.plane(x, y, c, inner, img, ch, lo, hi, scale, bias);
                continue;
            }
            int base = img * c * inner;
            int off = plane * inner;
            for (int i = 0; i < inner; i++) {
                float sum = 0f;
                for (int k = lo; k <= hi; k++) {
                    float e = x[base + k * inner + i];
                    sum += e * e;
                }
                if (beta == 0.75f) {
                    float r = (float) Math.sqrt(bias + scale * sum);
                    y[off + i] = x[off + i] / (r * (float) Math.sqrt(r));
                } else {
                    y[off + i] = (float) (x[off + i] / Math.pow(bias + scale * sum, beta));
                }
            }
        }
    }
}
