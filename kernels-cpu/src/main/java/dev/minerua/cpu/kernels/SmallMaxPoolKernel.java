package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.Pool;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * float32 2-D MaxPool (without Indices) on small planes whose windows all lie inside the input (no padding). On a
 * plane of a few hundred elements the row-wise folds of {@link FloatPooling} make a handful of short vector calls
 * (mostly tails) per output row; here the whole tensor is folded by a few long vector max passes over shifted
 * copies of itself, then the window origins are picked. A NaN input makes its windows NaN, as in the reference.
 * Anything else goes to the kernel it wraps.
 */
final class SmallMaxPoolKernel implements Kernel {
    /** The largest input plane (elements) this kernel takes; larger ones go to the vector row folds. */
    static final int MAX_PLANE = 1024;

    private final Pool op;
    private final Kernel general;
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();
    private final FloatPrimitives simd;

    /** {@code general} is whether the wrapped kernel takes this shape (padding, or its strided row loops). */
    private record Shapes(int[] outShape, ConvGeometry.Resolved g, boolean general) {
    }

    SmallMaxPoolKernel(Pool op, Kernel general, FloatPrimitives simd) {
        this.op = op;
        this.simd = simd;
        this.general = general;
    }

    /** This kernel in front of {@code general} for a 2-D MaxPool; {@code general} otherwise. */
    static Kernel orGeneral(Pool op, Kernel general, FloatPrimitives simd) {
        return op.kind() == Pool.Kind.MAX && op.geometry().kernelShape() != null
                && op.geometry().kernelShape().length == 2 ? new SmallMaxPoolKernel(op, general, simd) : general;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        if (x.type() != DataType.FLOAT || x.rank() != 4 || x.dim(2) * x.dim(3) > MAX_PLANE
                || (ctx.outputCount() > 1 && ctx.isOutputUsed(1))) {
            general.execute(ctx);
            return;
        }
        Shapes shapes = memo.get(x.dims(), null);
        if (shapes == null) {
            int[] kernel = Arrays.stream(op.geometry().kernelShape()).mapToInt(v -> (int) v).toArray();
            ConvGeometry.Resolved g = ConvShapes.resolve("MaxPool",
                    () -> op.geometry().resolve(ConvShapes.spatial(x), kernel, op.ceilMode()));
            // The strided row loops (vector tiers) beat the whole-tensor folds and run on the pool.
            boolean general = !inside(g) || simd.lanes() > 1 && StridedPoolRows.applies(g.as3d());
            shapes = memo.put(x.dims(), null, new Shapes(ConvShapes.outputShape(x.dim(0), x.dim(1), g), g, general));
        }
        if (shapes.general()) {
            general.execute(ctx);
            return;
        }
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, shapes.outShape());
        pool(shapes.g(), x.floatData(), y.floatData(), x.dim(0) * x.dim(1));
    }

    /**
     * Per thread, two scratch arrays of the input's size, kept so that a run allocates nothing (every element
     * read is written first in the same run).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /** Whether every window of {@code g} lies inside the input (no padding, no ceil-mode overhang). */
    static boolean inside(ConvGeometry.Resolved g) {
        for (int a = 0; a < 2; a++) {
            if (g.padBegin()[a] != 0 || g.out()[a] == 0
                    || (g.out()[a] - 1) * g.stride()[a] + (g.kernel()[a] - 1) * g.dilation()[a] >= g.in()[a]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds the whole tensor at once: first each element with those {@code dh*w, 2*dh*w, ..} after it (the
     * window's rows), then with those {@code dw, 2*dw, ..} after it (its columns), each a long vector max over
     * contiguous elements; element {@code i} then holds the max of the window whose top-left input is {@code i}
     * (positions whose window would cross a row or plane edge hold garbage and are never picked). The output
     * picks the window origins.
     */
    private void pool(ConvGeometry.Resolved g, float[] x, float[] y, int planes) {
        int h = g.in()[0];
        int w = g.in()[1];
        int oh = g.out()[0];
        int ow = g.out()[1];
        int sh = g.stride()[0];
        int sw = g.stride()[1];
        int rowShift = g.dilation()[0] * w;
        int colShift = g.dilation()[1];
        int total = planes * h * w;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < total) {
            scratch[0] = new float[total];
            scratch[1] = new float[total];
        }
        float[] src = x;
        int n = total;
        int buf = 0;
        for (int a = 1; a < g.kernel()[0]; a++) {
            n -= rowShift;
            simd.binary(FloatPrimitives.Binary.MAX, src, 0, x, a * rowShift, scratch[buf], 0, n);
            src = scratch[buf];
        }
        float[] rows = src;
        for (int b = 1; b < g.kernel()[1]; b++) {
            n -= colShift;
            float[] dst = scratch[1];
            simd.binary(FloatPrimitives.Binary.MAX, src, 0, rows, b * colShift, dst, 0, n);
            src = dst;
        }
        int yi = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (int r = 0; r < oh; r++) {
                int i = plane * h * w + r * sh * w;
                for (int c = 0; c < ow; c++) {
                    y[yi++] = src[i + c * sw];
                }
            }
        }
    }
}
