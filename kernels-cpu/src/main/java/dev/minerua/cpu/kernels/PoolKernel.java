package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.Pool;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * MaxPool (with optional Indices), AveragePool and LpPool over 1-D to 3-D windows, lifted to 3-D.
 * Values are computed in double (exact for the 8-bit integer types MaxPool allows) and stored to
 * the input's type. Padding never contributes a value; AveragePool with count_include_pad counts
 * the taps that lie inside the explicit pads (not those past them in ceil mode). float32 MaxPool without
 * Indices and AveragePool run row-wise on the {@link FloatPrimitives} of this JVM's SIMD tier
 * ({@link FloatPooling}).
 */
final class PoolKernel implements Kernel {
    private final Pool op;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** The float32 fast path's row loop, kept so that a run allocates nothing. */
    private final RangeTask<FloatPooling.Plan, float[], float[]> rowsTask;
    /** Shapes for the last X shape. */
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();

    PoolKernel(Pool op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path) and pool. */
    PoolKernel(Pool op, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
        this.rowsTask = simd == null ? null : FloatPooling.task(op, simd);
    }

    static Kernel create(Pool op, CompileContext ctx) {
        return create(op, FloatPrimitives.preferred(), CpuCompileContext.threadPool(ctx));
    }

    /** The kernel {@link #create(Pool, CompileContext)} makes, on explicit primitives and pool. */
    static Kernel create(Pool op, FloatPrimitives simd, CpuThreadPool pool) {
        return SmallMaxPoolKernel.orGeneral(op, new PoolKernel(op, simd, pool), simd);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        int rank = x.rank();
        if (rank < 3 || rank > 5) {
            throw new ExecutionException("pooling: X must have rank 3, 4 or 5, got " + Arrays.toString(x.dims()));
        }
        checkType(x.type());
        Shapes shapes = memo.get(x.dims(), null);
        if (shapes == null) {
            shapes = memo.put(x.dims(), null, shapes(x));
        }
        int[] outShape = shapes.outShape();
        int planes = x.dim(0) * x.dim(1);
        ConvGeometry.Resolved g3 = shapes.g3();
        boolean wantIndices = op.kind() == Pool.Kind.MAX && ctx.outputCount() > 1 && ctx.isOutputUsed(1);
        if (simd != null && x.type() == DataType.FLOAT && !wantIndices && op.kind() != Pool.Kind.LP) {
            // Every output element is written: no zero fill first.
            Tensor y = ctx.allocateOutputUnzeroed(0, DataType.FLOAT, outShape);
            FloatPooling.run(shapes.plan(), x.floatData(), y.floatData(), pool, rowsTask);
            return;
        }
        double[] xd = RealValues.read(x);
        double[] yd = new double[planes * g3.outSize()];
        long[] indices = wantIndices ? new long[yd.length] : null;
        for (int plane = 0; plane < planes; plane++) {
            pool(xd, plane, yd, indices, g3);
        }
        Tensor y = ctx.allocateOutput(0, x.type(), outShape);
        RealValues.store(y, yd);
        if (wantIndices) {
            ctx.setOutput(1, Tensor.wrap(DataType.INT64, outShape, indices));
        }
    }

    /** The output shape, the geometry lifted to 3-D and the float32 path's plan, for X's shape. */
    private record Shapes(int[] outShape, ConvGeometry.Resolved g3, FloatPooling.Plan plan) {
    }

    private Shapes shapes(Tensor x) {
        int[] kernel = Arrays.stream(op.geometry().kernelShape()).mapToInt(v -> (int) v).toArray();
        ConvGeometry.Resolved g = ConvShapes.resolve("pooling",
                () -> op.geometry().resolve(ConvShapes.spatial(x), kernel, op.ceilMode()));
        ConvGeometry.Resolved g3 = g.as3d();
        return new Shapes(ConvShapes.outputShape(x.dim(0), x.dim(1), g), g3,
                FloatPooling.plan(op, g3, x.dim(0) * x.dim(1)));
    }

    private void checkType(DataType t) {
        boolean ok = switch (t) {
            case FLOAT, DOUBLE -> true;
            case INT8, UINT8 -> op.kind() == Pool.Kind.MAX;
            default -> false;
        };
        if (!ok) {
            throw new ExecutionException(op.kind() + " pooling: element type " + t + " is not supported");
        }
    }

    private void pool(double[] x, int plane, double[] y, long[] indices, ConvGeometry.Resolved g) {
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] s = g.stride();
        int[] d = g.dilation();
        int[] pb = g.padBegin();
        int[] pe = g.padEnd();
        int inSize = g.inSize();
        int xOff = plane * inSize;
        int yi = plane * g.outSize();
        Pool.Kind kind = op.kind();
        int p = op.p();
        for (int od = 0; od < out[0]; od++) {
            int d0 = od * s[0] - pb[0];
            for (int oh = 0; oh < out[1]; oh++) {
                int h0 = oh * s[1] - pb[1];
                for (int ow = 0; ow < out[2]; ow++, yi++) {
                    int w0 = ow * s[2] - pb[2];
                    double acc = kind == Pool.Kind.MAX ? Double.NEGATIVE_INFINITY : 0d;
                    int best = -1;
                    int valid = 0;
                    for (int kd = 0; kd < k[0]; kd++) {
                        int id = d0 + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            continue;
                        }
                        for (int kh = 0; kh < k[1]; kh++) {
                            int ih = h0 + kh * d[1];
                            if (ih < 0 || ih >= in[1]) {
                                continue;
                            }
                            int rowOff = (id * in[1] + ih) * in[2];
                            for (int kw = 0; kw < k[2]; kw++) {
                                int iw = w0 + kw * d[2];
                                if (iw < 0 || iw >= in[2]) {
                                    continue;
                                }
                                double v = x[xOff + rowOff + iw];
                                valid++;
                                switch (kind) {
                                    case MAX -> {
                                        if (v > acc || best < 0) {
                                            acc = v;
                                            best = rowOff + iw;
                                        }
                                    }
                                    case AVERAGE -> acc += v;
                                    case LP -> acc += p == 1 ? Math.abs(v) : p == 2 ? v * v : Math.pow(Math.abs(v), p);
                                }
                            }
                        }
                    }
                    switch (kind) {
                        case MAX -> {
                            y[yi] = acc;
                            if (indices != null) {
                                indices[yi] = (long) plane * inSize + spatialIndex(best, in);
                            }
                        }
                        case AVERAGE -> {
                            int count = op.countIncludePad()
                                    ? tapsWithin(d0, k[0], d[0], -pb[0], in[0] + pe[0])
                                    * tapsWithin(h0, k[1], d[1], -pb[1], in[1] + pe[1])
                                    * tapsWithin(w0, k[2], d[2], -pb[2], in[2] + pe[2])
                                    : valid;
                            y[yi] = count == 0 ? Double.NaN : acc / count;
                        }
                        case LP -> y[yi] = p == 1 ? acc : p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1.0 / p);
                    }
                }
            }
        }
    }

    /** Number of taps start + j*dil (j < k) inside [lo, hi). */
    private static int tapsWithin(int start, int k, int dil, int lo, int hi) {
        int n = 0;
        for (int j = 0; j < k; j++) {
            int pos = start + j * dil;
            if (pos >= lo && pos < hi) {
                n++;
            }
        }
        return n;
    }

    /** The row-major spatial offset converted to storage_order's layout. */
    private long spatialIndex(int rowMajor, int[] in) {
        if (rowMajor < 0 || !op.columnMajorIndices()) {
            return Math.max(rowMajor, 0);
        }
        int iw = rowMajor % in[2];
        int ih = (rowMajor / in[2]) % in[1];
        int id = rowMajor / (in[2] * in[1]);
        // Column-major over the original spatial axes: the last axis varies slowest.
        return id + (long) in[0] * (ih + (long) in[1] * iw);
    }
}
