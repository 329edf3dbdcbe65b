package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * GlobalAveragePool, GlobalMaxPool and GlobalLpPool: one reduction per (n, c) plane, in double; float32
 * average and max planes are folded by the {@link FloatPrimitives} of this JVM's SIMD tier instead.
 */
final class GlobalPoolKernel implements Kernel {
    private final GlobalPool op;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** Y's shape for the last X shape. */
    private final ShapeMemo<int[]> outShapes = new ShapeMemo<>();
    /** The float32 max and average path over ranges of planes: (X, Y, unused, plane size). */
    private final RangeTask<float[], float[], Void> planeRanges = new RangeTask<>(this::floatPlanes);

    GlobalPoolKernel(GlobalPool op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path) and pool. */
    GlobalPoolKernel(GlobalPool op, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
    }

    static Kernel create(GlobalPool op, CompileContext ctx) {
        return new GlobalPoolKernel(op, FloatPrimitives.preferred(), CpuCompileContext.threadPool(ctx));
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        if (x.rank() < 2) {
            throw new ExecutionException("global pooling: X must have rank >= 2, got " + Arrays.toString(x.dims()));
        }
        if (x.type() != DataType.FLOAT && x.type() != DataType.DOUBLE) {
            throw new ExecutionException("global pooling: element type " + x.type() + " is not supported");
        }
        int[] outShape = outShapes.get(x.dims(), null);
        if (outShape == null) {
            outShape = x.dims().clone();
            Arrays.fill(outShape, 2, outShape.length, 1);
            outShapes.put(x.dims(), null, outShape);
        }
        int planes = x.dim(0) * x.dim(1);
        int size = planes == 0 ? 0 : x.size() / planes;
        Tensor y = ctx.allocateOutput(0, x.type(), outShape);
        boolean isFloat = x.type() == DataType.FLOAT;
        float[] xf = isFloat ? x.floatData() : null;
        double[] xd = isFloat ? null : x.doubleData();
        if (isFloat && simd != null && size > 0 && op.kind() != dev.minerua.ir.ops.Pool.Kind.LP) {
            planeRanges.parallelRanges(pool, planes, ParallelGrain.items(size, ParallelGrain.CHEAP), xf, y.floatData(),
                    null, size);
            return;
        }
        int p = op.p();
        for (int plane = 0; plane < planes; plane++) {
            int off = plane * size;
            double acc = op.kind() == dev.minerua.ir.ops.Pool.Kind.MAX ? Double.NEGATIVE_INFINITY : 0d;
            for (int i = 0; i < size; i++) {
                double v = isFloat ? xf[off + i] : xd[off + i];
                switch (op.kind()) {
                    case MAX -> acc = Math.max(acc, v);
                    case AVERAGE -> acc += v;
                    case LP -> acc += p == 2 ? v * v : Math.pow(Math.abs(v), p);
                }
            }
            double r = switch (op.kind()) {
                case MAX -> acc;
                case AVERAGE -> acc / size;
                case LP -> p == 1 ? acc : p == 2 ? Math.sqrt(acc) : Math.pow(acc, 1.0 / p);
            };
            y.setDouble(plane, r);
        }
    }

    /** Planes {@code [from, to)} of the float32 max or average, as a {@link RangeTask.Body}. */
    private void floatPlanes(float[] xf, float[] yf, Void unused, int size, int from, int to) {
        boolean max = op.kind() == dev.minerua.ir.ops.Pool.Kind.MAX;
        for (int plane = from; plane < to; plane++) {
            yf[plane] = max ? simd.max(xf, plane * size, size) : simd.sum(xf, plane * size, size) / size;
        }
    }
}
