package dev.minerua.cpu.kernels;

import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/** Reading small integer inputs (shapes, axes, indices lists) inside kernels. */
final class KernelInputs {
    private KernelInputs() {
    }

    /** Input {@code i} as longs, or null when absent. */
    static long[] longs(KernelContext ctx, int i) {
        if (i >= ctx.inputCount()) {
            return null;
        }
        Tensor t = ctx.input(i);
        if (t == null) {
            return null;
        }
        if (!t.type().isInteger()) {
            throw new ExecutionException("expected an integer tensor for input " + i + ", got " + t.type());
        }
        return t.asLongs();
    }

    /**
     * As {@link #longs}, but an int64 input's own array rather than a copy (so reading it allocates nothing); the
     * caller must not write to it nor keep it past the call.
     */
    static long[] longsView(KernelContext ctx, int i) {
        Tensor t = i < ctx.inputCount() ? ctx.input(i) : null;
        return t != null && t.type() == DataType.INT64 ? t.longData() : longs(ctx, i);
    }

    /** A long narrowed to an int dim, rejecting values a tensor cannot hold. */
    static int toDim(long v, String what) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ExecutionException(what + " " + v + " is out of range");
        }
        return (int) v;
    }
}
