package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Clip;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Reference kernel for {@link Clip}: min(max(x, lo), hi), so hi wins when lo &gt; hi, and NaN stays NaN.
 * Bounds come from the attributes (opset &lt; 11) or the optional single-element inputs 1 and 2.
 */
final class ClipKernel implements Kernel {
    private final Clip op;
    /** The float32 fast path's primitives (bit-identical to the loop); null means the plain loop. */
    private final FloatPrimitives simd;

    private final CpuThreadPool pool;

    ClipKernel(Clip op, CpuThreadPool pool) {
        this(op, FloatPrimitives.preferred(), pool);
    }

    /** A kernel on explicit primitives (null = plain loop), for tests. */
    ClipKernel(Clip op, FloatPrimitives simd) {
        this(op, simd, CpuThreadPool.serial());
    }

    /** A kernel on explicit primitives (null = plain loop) and pool, for tests. */
    ClipKernel(Clip op, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.simd = simd;
        this.pool = pool;
    }

    /** Every path reads x[i] before it writes out[i] (integer types work on a copy). */
    @Override
    public int[] inPlaceInputs(int output) {
        return InPlace.firstInput(output);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        DataType t = x.type();
        Tensor lo = op.boundsFromInputs() ? bound(ctx, 1, "min", t) : null;
        Tensor hi = op.boundsFromInputs() ? bound(ctx, 2, "max", t) : null;
        Tensor out = ctx.allocateOutput(0, t, x.dims());
        int n = x.size();
        switch (t) {
            case FLOAT -> {
                float min = lo != null ? lo.floatData()[0] : op.boundsFromInputs() ? Float.NEGATIVE_INFINITY : op.min();
                float max = hi != null ? hi.floatData()[0] : op.boundsFromInputs() ? Float.POSITIVE_INFINITY : op.max();
                float[] a = x.floatData();
                float[] o = out.floatData();
                if (simd != null) {
                    pool.parallelRanges(n, ParallelGrain.CHEAP, (from, to) -> simd.clip(a, from, min, max, o, from, to - from));
                    return;
                }
                for (int i = 0; i < n; i++) {
                    o[i] = Math.min(Math.max(a[i], min), max);
                }
            }
            case DOUBLE -> {
                double min = lo != null ? lo.doubleData()[0] : op.boundsFromInputs() ? Double.NEGATIVE_INFINITY : op.min();
                double max = hi != null ? hi.doubleData()[0] : op.boundsFromInputs() ? Double.POSITIVE_INFINITY : op.max();
                double[] a = x.doubleData();
                double[] o = out.doubleData();
                for (int i = 0; i < n; i++) {
                    o[i] = Math.min(Math.max(a[i], min), max);
                }
            }
            default -> {
                if (!LongLane.supports(t) || !op.boundsFromInputs()) {
                    throw new ExecutionException("Clip: element type " + t + " is not supported"
                            + (op.boundsFromInputs() ? "" : " before opset 11"));
                }
                // uint64 compares in signed order after flipping the sign bit.
                long flip = t == DataType.UINT64 ? Long.MIN_VALUE : 0;
                long min = lo != null ? LongLane.read(lo)[0] ^ flip : Long.MIN_VALUE;
                long max = hi != null ? LongLane.read(hi)[0] ^ flip : Long.MAX_VALUE;
                long[] v = LongLane.copy(x);
                for (int i = 0; i < n; i++) {
                    v[i] = Math.min(Math.max(v[i] ^ flip, min), max) ^ flip;
                }
                LongLane.write(v, out);
            }
        }
    }

    private static Tensor bound(KernelContext ctx, int i, String name, DataType t) {
        Tensor b = ctx.input(i);
        if (b == null) {
            return null;
        }
        if (b.size() != 1) {
            throw new ExecutionException("Clip: " + name + " must be a single value, got shape "
                    + java.util.Arrays.toString(b.dims()));
        }
        if (b.type() != t) {
            throw new ExecutionException("Clip: " + name + " has type " + b.type() + ", input has " + t);
        }
        return b;
    }
}
