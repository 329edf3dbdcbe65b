package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * float32 depthwise Conv (group == C_in == C_out, one filter per channel): no im2col, each output row
 * accumulates {@code weight * input row} per tap, vectorized over the output width when the width stride is 1
 * ({@link FloatPrimitives#axpy}). Any other Conv (another type, group, or channel multiplier) goes to the
 * general kernel it wraps. The result differs from the im2col product only in summation order.
 */
final class DepthwiseConvKernel implements Kernel {
    private final Conv op;
    private final Kernel general;
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** Output shape and geometry for the last input shapes. */
    private final ShapeMemo<ConvKernel.Shapes> memo = new ShapeMemo<>();

    DepthwiseConvKernel(Conv op, Kernel general, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.general = general;
        this.simd = simd;
        this.pool = pool;
    }

    /**
     * The depthwise fast path in front of {@code general} when the op has groups and {@code general} is not
     * the SGEMM kernel (which only takes constant filters that are not depthwise); {@code general} otherwise.
     */
    static Kernel orGeneral(Conv op, Kernel general) {
        return orGeneral(op, general, CpuThreadPool.serial());
    }

    /** As {@link #orGeneral(Conv, Kernel)}, with channels spread over {@code pool}. */
    static Kernel orGeneral(Conv op, Kernel general, CpuThreadPool pool) {
        return op.group() > 1 && !(general instanceof SgemmConvKernel)
                ? new DepthwiseConvKernel(op, general, FloatPrimitives.preferred(), pool) : general;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.input(2);
        int group = op.group();
        boolean depthwise = x.type() == DataType.FLOAT && w.type() == DataType.FLOAT
                && (b == null || (b.type() == DataType.FLOAT && b.size() == group))
                && x.rank() >= 3 && x.rank() <= 5 && w.rank() == x.rank()
                && x.dim(1) == group && w.dim(0) == group && w.dim(1) == 1;
        if (!depthwise) {
            general.execute(ctx);
            return;
        }
        ConvKernel.Shapes shapes = ConvKernel.Shapes.of(memo, "Conv", op, x, w);
        int n = x.dim(0);
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, shapes.yShape());
        run(shapes.plan().g, x.floatData(), w.floatData(), b == null ? null : b.floatData(), y.floatData(), n, group);
    }

    private void run(ConvGeometry.Resolved g, float[] x, float[] w, float[] bias, float[] y, int n, int channels) {
        int outSize = g.outSize();
        int taps = g.kernelSize();
        pool.parallelRanges(n * channels, ParallelGrain.items((long) outSize * taps, ParallelGrain.CHEAP),
                (from, to) -> planes(g, x, w, bias, y, channels, from, to));
    }

    /** Output planes {@code [from, to)}, numbered over (image, channel). */
    private void planes(ConvGeometry.Resolved g, float[] x, float[] w, float[] bias, float[] y, int channels,
                        int from, int to) {
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] s = g.stride();
        int[] d = g.dilation();
        int[] p = g.padBegin();
        int inSize = g.inSize();
        int outSize = g.outSize();
        int taps = g.kernelSize();
        for (int plane = from; plane < to; plane++) {
            int ch = plane % channels;
            int xc = plane * inSize;
            int yc = plane * outSize;
            int wc = ch * taps;
            java.util.Arrays.fill(y, yc, yc + outSize, bias == null ? 0f : bias[ch]);
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    int yRow = yc + (od * out[1] + oh) * out[2];
                    for (int kd = 0; kd < k[0]; kd++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            continue;
                        }
                        for (int kh = 0; kh < k[1]; kh++) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (ih < 0 || ih >= in[1]) {
                                continue;
                            }
                            int xRow = xc + (id * in[1] + ih) * in[2];
                            int wRow = wc + (kd * k[1] + kh) * k[2];
                            for (int kw = 0; kw < k[2]; kw++) {
                                accumulateRow(w[wRow + kw], x, xRow, in[2], kw * d[2] - p[2], s[2], y, yRow,
                                        out[2]);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code y[yRow + ow] += weight * x[xRow + ow * stride + shift]} for every output column whose input
     * column lies inside the row of {@code width} elements (the others read padding, which is 0).
     */
    private void accumulateRow(float weight, float[] x, int xRow, int width, int shift, int stride, float[] y,
                               int yRow, int outWidth) {
        int lo = Math.max(0, Math.ceilDiv(-shift, stride));
        int hi = Math.min(outWidth - 1, Math.floorDiv(width - 1 - shift, stride));
        if (hi < lo) {
            return;
        }
        if (stride == 1) {
            simd.axpy(weight, x, xRow + lo + shift, y, yRow + lo, hi - lo + 1);
        } else {
            for (int ow = lo; ow <= hi; ow++) {
                y[yRow + ow] = Math.fma(weight, x[xRow + ow * stride + shift], y[yRow + ow]);
            }
        }
    }
}
