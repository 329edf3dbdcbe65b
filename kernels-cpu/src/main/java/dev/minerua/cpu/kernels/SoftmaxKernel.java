package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Softmax, LogSoftmax and Hardmax over a [outer, axis, inner] view of the input, in double. Before
 * opset 13 the "axis" is the whole block of trailing dims from {@code axis} on (inner = 1). float32
 * Softmax/LogSoftmax over contiguous rows (inner = 1) run on the {@link FloatPrimitives} of this JVM's
 * SIMD tier instead.
 */
final class SoftmaxKernel implements Kernel {
    private final Softmax op;
    /** The float32 fast path's primitives; null means the float64 reference path. */
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /** The float32 path over ranges of rows: (X, Y, unused, row length). */
    private final RangeTask<float[], float[], Void> rowRanges = new RangeTask<>(this::floatRows);

    SoftmaxKernel(Softmax op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = reference path) and pool. */
    SoftmaxKernel(Softmax op, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
    }

    static Kernel create(Softmax op, CompileContext ctx) {
        return new SoftmaxKernel(op, FloatPrimitives.preferred(), CpuCompileContext.threadPool(ctx));
    }

    /** A row is read whole (its maximum) before any of it is written, then element by element; the reference path works on a copy. */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        RealValues.requireReal(x, op.kind().toString());
        int rank = x.rank();
        int[] dims = x.dims();
        long a = op.axis() < 0 ? op.axis() + rank : op.axis();
        int maxAxis = op.coerce2d() ? rank : rank - 1;
        if (rank == 0 || a < 0 || a > maxAxis) {
            throw new ExecutionException(op.kind() + ": axis " + op.axis() + " is out of range for rank " + rank);
        }
        int axis = (int) a;
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        int len = 1;
        int inner = 1;
        if (op.coerce2d()) {
            for (int i = axis; i < rank; i++) {
                len *= dims[i];
            }
        } else {
            len = dims[axis];
            for (int i = axis + 1; i < rank; i++) {
                inner *= dims[i];
            }
        }
        if (simd != null && inner == 1 && x.type() == DataType.FLOAT && op.kind() != Softmax.Kind.HARDMAX) {
            float[] o = ctx.allocateOutput(0, DataType.FLOAT, dims).floatData();
            rowRanges.parallelRanges(pool, outer, ParallelGrain.items(len, ParallelGrain.TRANSCENDENTAL),
                    x.floatData(), o, null, len);
            return;
        }
        double[] v = RealValues.read(x);
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                apply(v, out, base, inner, len);
            }
        }
        RealValues.store(ctx.allocateOutput(0, x.type(), dims), out);
    }

    /** Applies the function to the {@code len} elements at base, base + stride, ... */
    private void apply(double[] v, double[] out, int base, int stride, int len) {
        if (len == 0) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int j = 0; j < len; j++) {
            double e = v[base + j * stride];
            if (e > max) {
                max = e;
                argmax = j;
            }
        }
        switch (op.kind()) {
            case HARDMAX -> {
                for (int j = 0; j < len; j++) {
                    out[base + j * stride] = j == argmax ? 1d : 0d;
                }
            }
            case SOFTMAX -> {
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    double e = Math.exp(v[base + j * stride] - max);
                    out[base + j * stride] = e;
                    sum += e;
                }
                for (int j = 0; j < len; j++) {
                    out[base + j * stride] /= sum;
                }
            }
            case LOG_SOFTMAX -> {
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    sum += Math.exp(v[base + j * stride] - max);
                }
                double log = Math.log(sum);
                for (int j = 0; j < len; j++) {
                    out[base + j * stride] = v[base + j * stride] - max - log;
                }
            }
        }
    }

    /** Rows {@code [from, to)} of the float32 path, as a {@link RangeTask.Body}. */
    private void floatRows(float[] in, float[] o, Void unused, int rowLen, int from, int to) {
        if (op.kind() == Softmax.Kind.SOFTMAX) {
            simd.softmaxRows(in, from * rowLen, o, from * rowLen, to - from, rowLen);
            return;
        }
        for (int r = from; r < to; r++) {
            simd.softmaxRow(in, r * rowLen, o, r * rowLen, rowLen, true);
        }
    }
}
