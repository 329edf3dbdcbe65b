package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.error.ExecutionException;
import dev.minerua.error.InvalidModelException;
import dev.minerua.ir.ops.Flatten;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.ShapeOf;
import dev.minerua.ir.ops.Squeeze;
import dev.minerua.ir.ops.Unsqueeze;
import dev.minerua.tensor.Tensor;

/**
 * Kernels that change only the shape or report it: Identity, Reshape, Flatten, Squeeze, Unsqueeze
 * (all return views sharing the input's data), Shape and Size.
 */
final class ViewKernels {
    private ViewKernels() {
    }

    static Kernel identity() {
        return ctx -> ctx.setOutput(0, ctx.inputValue(0));
    }

    static Kernel reshape(Reshape op) {
        LastView memo = new LastView();
        return ctx -> {
            Tensor in = ctx.input(0);
            Tensor specInput = op.attrShape() != null ? null : ctx.input(1);
            Tensor out = memo.get(in, specInput);
            if (out == null) {
                long[] spec = op.attrShape() != null ? op.attrShape() : KernelInputs.longs(ctx, 1);
                out = memo.put(in, specInput == null ? null : spec,
                        in.reshape(runtime(() -> Reshape.resolve(in.dims(), spec, op.allowZero()))));
            }
            ctx.setOutput(0, out);
        };
    }

    /**
     * The last view a kernel made, by input tensor and the values of its shape or axes input: a tensor is
     * immutable (type, dims, array), so the same input and spec give the same view, and a run in steady state
     * (whose pooled tensors are the same objects every run) makes none. One entry, replaced whole.
     */
    static final class LastView {
        private record Entry(Tensor in, long[] spec, Tensor out) {
        }

        private volatile Entry last;

        /** The view kept for {@code in} and spec input {@code specInput} (null when the spec is an attribute). */
        Tensor get(Tensor in, Tensor specInput) {
            Entry e = last;
            if (e == null || e.in != in) {
                return null;
            }
            if (specInput == null || e.spec == null) {
                return specInput == null && e.spec == null ? e.out : null;
            }
            if (!specInput.type().isInteger() || specInput.size() != e.spec.length) {
                return null;
            }
            for (int i = 0; i < e.spec.length; i++) {
                if (specInput.getLong(i) != e.spec[i]) {
                    return null;
                }
            }
            return e.out;
        }

        /** Keeps {@code out}, made from {@code in} and the spec input's values {@code spec} (null: none); returns it. */
        Tensor put(Tensor in, long[] spec, Tensor out) {
            last = new Entry(in, spec, out);
            return out;
        }
    }

    static Kernel flatten(Flatten op) {
        LastView memo = new LastView();
        return ctx -> {
            Tensor in = ctx.input(0);
            Tensor kept = memo.get(in, null);
            if (kept != null) {
                ctx.setOutput(0, kept);
                return;
            }
            int a = runtime(() -> op.axisFor(in.rank()));
            long outer = 1;
            for (int d = 0; d < a; d++) {
                outer *= in.dim(d);
            }
            int inner = outer == 0 ? 0 : (int) (in.size() / outer);
            if (outer == 0) {
                long p = 1;
                for (int d = a; d < in.rank(); d++) {
                    p *= in.dim(d);
                }
                inner = (int) p;
            }
            ctx.setOutput(0, memo.put(in, null, in.reshape((int) outer, inner)));
        };
    }

    static Kernel squeeze(Squeeze op) {
        LastView memo = new LastView();
        return ctx -> {
            Tensor in = ctx.input(0);
            Tensor axesInput = op.fromInput() ? ctx.input(1) : null;
            Tensor out = memo.get(in, axesInput);
            if (out == null) {
                long[] axes = op.fromInput() ? KernelInputs.longs(ctx, 1) : op.attrAxes();
                out = memo.put(in, axesInput == null ? null : axes,
                        in.reshape(runtime(() -> Squeeze.squeezed(in.dims(), axes))));
            }
            ctx.setOutput(0, out);
        };
    }

    static Kernel unsqueeze(Unsqueeze op) {
        LastView memo = new LastView();
        return ctx -> {
            Tensor in = ctx.input(0);
            Tensor axesInput = op.attrAxes() != null ? null : ctx.input(1);
            Tensor out = memo.get(in, axesInput);
            if (out == null) {
                long[] axes = op.attrAxes() != null ? op.attrAxes() : KernelInputs.longs(ctx, 1);
                if (axes == null) {
                    throw new ExecutionException("Unsqueeze: the axes input is required");
                }
                out = memo.put(in, axesInput == null ? null : axes,
                        in.reshape(runtime(() -> Unsqueeze.unsqueezed(in.dims(), axes))));
            }
            ctx.setOutput(0, out);
        };
    }

    static Kernel shape(ShapeOf op) {
        OneDims dims = new OneDims();
        return ctx -> {
            Tensor in = ctx.input(0);
            int from = op.first(in.rank());
            int to = op.end(in.rank());
            Tensor out = ctx.allocateOutput(0, dev.minerua.tensor.DataType.INT64, dims.of(to - from));
            long[] o = out.longData();
            for (int i = from; i < to; i++) {
                o[i - from] = in.dim(i);
            }
        };
    }

    /**
     * The dims {@code {n}} of a 1-D output, kept for the last {@code n} so that a steady-state run passes the same
     * array to {@code allocateOutput} instead of a new one. Never written once published.
     */
    static final class OneDims {
        private volatile int[] last = {0};

        int[] of(int n) {
            int[] d = last;
            if (d[0] != n) {
                last = d = new int[] {n};
            }
            return d;
        }
    }

    /** The dims of a scalar, passed instead of an empty varargs array (which a call would allocate). */
    private static final int[] SCALAR = {};

    static Kernel size() {
        return ctx -> {
            Tensor out = ctx.allocateOutput(0, dev.minerua.tensor.DataType.INT64, SCALAR);
            out.longData()[0] = ctx.input(0).size();
        };
    }

    /** Runs shape arithmetic shared with type inference, reporting bad runtime data as an execution error. */
    static <T> T runtime(java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (InvalidModelException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
    }
}
