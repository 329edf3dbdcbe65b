package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.ConstantOfShape;
import dev.minerua.ir.ops.Pad;
import dev.minerua.ir.ops.ShapeRules;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Data-movement kernels that copy elements without looking at their values, for every element type:
 * Concat, Gather, Slice, Transpose, Pad and ConstantOfShape.
 */
final class LayoutKernels {
    private LayoutKernels() {
    }

    static Kernel constantOfShape(ConstantOfShape op) {
        return ctx -> {
            long[] shape = KernelInputs.longs(ctx, 0);
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = KernelInputs.toDim(shape[i], "ConstantOfShape dim");
            }
            Tensor out = ctx.allocateOutput(0, op.value().type(), dims);
            if (!allZeroBits(op.value())) { // outputs come zero-filled: a zero value needs no second pass
                ElementMoves.fill(out, op.value());
            }
        };
    }

    /** True when every storage slot of {@code t} is all zero bits (so a zero-filled array already holds it). */
    private static boolean allZeroBits(Tensor t) {
        return switch (t.data()) {
            case float[] a -> allMatch(a.length, i -> Float.floatToRawIntBits(a[i]) == 0);
            case double[] a -> allMatch(a.length, i -> Double.doubleToRawLongBits(a[i]) == 0);
            case byte[] a -> allMatch(a.length, i -> a[i] == 0);
            case short[] a -> allMatch(a.length, i -> a[i] == 0);
            case int[] a -> allMatch(a.length, i -> a[i] == 0);
            case long[] a -> allMatch(a.length, i -> a[i] == 0);
            case boolean[] a -> allMatch(a.length, i -> !a[i]);
            default -> false;
        };
    }

    private static boolean allMatch(int n, java.util.function.IntPredicate p) {
        for (int i = 0; i < n; i++) {
            if (!p.test(i)) {
                return false;
            }
        }
        return true;
    }

    /** Concat, its copies spread over {@code pool}. */
    static Kernel concat(Concat op, CpuThreadPool pool) {
        // The last call's copies: the same input tensors (pooled tensors are the same objects every run) give the
        // same output shape and blocks, so a run in steady state checks nothing again and builds nothing.
        AtomicReference<BlockCopies> last = new AtomicReference<>();
        return ctx -> {
            BlockCopies kept = last.get();
            if (kept != null && kept.sameInputs(ctx)) {
                Tensor d = kept.destination();
                BlockCopies copies = kept.withDestination(ctx.allocateOutputUnzeroed(0, d.type(), d.dims()));
                copies.run(pool);
                last.set(copies);
                return;
            }
            Tensor first = null;
            for (int i = 0; i < ctx.inputCount() && first == null; i++) {
                first = ctx.input(i);
            }
            int rank = first.rank();
            int axis = ViewKernels.runtime(() -> ShapeRules.axis(op.axis(), rank, "Concat axis"));
            int[] outDims = first.dims().clone();
            outDims[axis] = 0;
            for (int i = 0; i < ctx.inputCount(); i++) {
                Tensor t = ctx.input(i);
                if (t == null) {
                    continue;
                }
                if (t.rank() != rank || t.type() != first.type()) {
                    throw new ExecutionException("Concat: input " + i + " is " + t + ", expected rank " + rank
                            + " and type " + first.type());
                }
                for (int d = 0; d < rank; d++) {
                    if (d != axis && t.dim(d) != first.dim(d)) {
                        throw new ExecutionException("Concat: input " + i + " has shape " + Arrays.toString(t.dims())
                                + ", incompatible with " + Arrays.toString(first.dims()) + " on axis " + d);
                    }
                }
                outDims[axis] += t.dim(axis);
            }
            Tensor out = ctx.allocateOutputUnzeroed(0, first.type(), outDims); // the blocks cover it
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= outDims[d];
            }
            int inner = 1;
            for (int d = axis + 1; d < rank; d++) {
                inner *= outDims[d];
            }
            // In output order: per outer index, each input's block.
            BlockCopies copies = new BlockCopies(out, outer, ctx.inputCount());
            for (int i = 0; i < ctx.inputCount(); i++) {
                Tensor t = ctx.input(i);
                if (t != null) {
                    copies.add(t, t.dim(axis) * inner);
                }
            }
            copies.keepInputs(ctx);
            copies.run(pool);
            last.set(copies);
        };
    }

    /** A possibly negative index into a dim of size {@code dim}, or an execution error when out of range. */
    static int normalizeIndex(long i, int dim, String op) {
        long k = i < 0 ? i + dim : i;
        if (k < 0 || k >= dim) {
            throw new ExecutionException(op + ": index " + i + " is out of range for a dim of size " + dim);
        }
        return (int) k;
    }

    /** The strided view a Slice copies: output dims, source strides per output axis and the first element. */
    private record SliceView(int[] outDims, StridedCopy.Plan copy, int base) {
    }

    /**
     * Slice, its rows spread over the session's pool. When starts, ends, axes and steps are attributes or
     * constants, the view is remembered for the last data shape, so steady-state runs compute none of it.
     */
    static Kernel slice(Slice op, CompileContext c) {
        return slice(op, CpuCompileContext.threadPool(c), constantSliceParameters(op, c));
    }

    /** Slice on {@code pool}, reading starts, ends, axes and steps inputs on every run. */
    static Kernel slice(Slice op, CpuThreadPool pool) {
        return slice(op, pool, op.fromInputs() ? null : constantSliceParameters(op, null));
    }

    /** Slice with {@code constants} = {starts, ends, axes, steps} when they never change, else null. */
    private static Kernel slice(Slice op, CpuThreadPool pool, long[][] constants) {
        ShapeMemo<SliceView> memo = new ShapeMemo<>();
        return ctx -> {
            Tensor data = ctx.input(0);
            SliceView view = constants == null ? null : memo.get(data.dims(), null);
            if (view == null) {
                long[][] params = constants != null ? constants : new long[][] {KernelInputs.longs(ctx, 1),
                        KernelInputs.longs(ctx, 2), KernelInputs.longs(ctx, 3), KernelInputs.longs(ctx, 4)};
                view = sliceView(data, params);
                if (constants != null) {
                    memo.put(data.dims(), null, view);
                }
            }
            Tensor out = ctx.allocateOutput(0, data.type(), view.outDims());
            StridedCopy.run(data, view.base(), view.copy(), out, pool);
        };
    }

    /** {starts, ends, axes, steps} (the last two may be null) when none changes from run to run, else null. */
    private static long[][] constantSliceParameters(Slice op, CompileContext c) {
        if (!op.fromInputs()) {
            return new long[][] {op.attrStarts(), op.attrEnds(), op.attrAxes(), null};
        }
        long[][] params = new long[4][];
        for (int i = 1; i <= 4; i++) {
            if (c.node().input(i) == null) {
                continue;
            }
            Tensor t = c.constantInput(i);
            if (t == null || !t.type().isInteger()) {
                return null; // computed at run time, or wrong (reported at run time)
            }
            params[i - 1] = t.asLongs();
        }
        return params;
    }

    /** The view of {@code data} that Slice takes for {starts, ends, axes, steps}. */
    private static SliceView sliceView(Tensor data, long[][] params) {
        long[] dims = data.shape();
        long[][] r = ViewKernels.runtime(() -> Slice.resolve(dims, params[0], params[1], params[2], params[3]));
        int rank = dims.length;
        int[] inStrides = Broadcast.strides(data.dims());
        int[] outDims = new int[rank];
        int[] strides = new int[rank];
        int base = 0;
        for (int d = 0; d < rank; d++) {
            outDims[d] = (int) r[d][2];
            strides[d] = (int) (r[d][1] * inStrides[d]);
            if (outDims[d] > 0) {
                base += (int) (r[d][0] * inStrides[d]);
            }
        }
        return new SliceView(outDims, StridedCopy.plan(outDims, strides), base);
    }

    /** The output dims of a Transpose and its copy plan. */
    private record TransposeView(int[] outDims, StridedCopy.Plan copy) {
    }

    /** Transpose, its rows spread over {@code pool}; the view is remembered for the last input shape. */
    static Kernel transpose(Transpose op, CpuThreadPool pool) {
        ShapeMemo<TransposeView> memo = new ShapeMemo<>();
        return ctx -> {
            Tensor data = ctx.input(0);
            TransposeView view = memo.get(data.dims(), null);
            if (view == null) {
                int[] p = ViewKernels.runtime(() -> op.permutation(data.rank()));
                int[] inStrides = Broadcast.strides(data.dims());
                int[] outDims = new int[p.length];
                int[] strides = new int[p.length];
                for (int i = 0; i < p.length; i++) {
                    outDims[i] = data.dim(p[i]);
                    strides[i] = inStrides[p[i]];
                }
                view = memo.put(data.dims(), null, new TransposeView(outDims, StridedCopy.plan(outDims, strides)));
            }
            Tensor out = ctx.allocateOutput(0, data.type(), view.outDims());
            StridedCopy.run(data, 0, view.copy(), out, pool);
        };
    }

    static Kernel pad(Pad op) {
        // The plan of the last call (output dims, flat gather map, zero fill), reused while the input dims and the
        // pads and axes values stay the same, so a steady-state run allocates no map.
        AtomicReference<PadPlan> last = new AtomicReference<>();
        return ctx -> {
            Tensor data = ctx.input(0);
            int rank = data.rank();
            long[] pads;
            long[] axes = null;
            Tensor given = null;
            if (op.attrPads() != null) {
                pads = op.attrPads();
            } else {
                pads = KernelInputs.longsView(ctx, 1);
                axes = KernelInputs.longsView(ctx, 3);
                Tensor v = ctx.inputCount() > 2 ? ctx.input(2) : null;
                if (v != null && v.size() > 0) {
                    if (v.type() != data.type()) {
                        throw new ExecutionException("Pad: constant_value is " + v.type() + ", data is " + data.type());
                    }
                    given = v;
                }
            }
            PadPlan plan = last.get();
            if (plan == null || !plan.fits(data, pads, axes)) {
                long[] axesF = axes;
                long[] full = ViewKernels.runtime(() -> Pad.fullPads(pads, axesF, rank));
                int[][] maps = new int[rank][];
                for (int d = 0; d < rank; d++) {
                    maps[d] = axisMap(data.dim(d), full[d], full[d + rank], op.mode());
                }
                int[] outDims = new int[rank];
                for (int d = 0; d < rank; d++) {
                    outDims[d] = maps[d].length;
                }
                Tensor zero = Tensor.allocate(data.type(), 1);
                if (op.attrPads() != null) {
                    zero.setDouble(0, op.attrValue());
                }
                plan = new PadPlan(data.dims().clone(), data.type(), pads.clone(), axes == null ? null : axes.clone(),
                        outDims, ElementMoves.axisMap(data.dims(), maps), zero);
                last.set(plan);
            }
            Tensor out = ctx.allocateOutput(0, data.type(), plan.outDims());
            ElementMoves.gather(data, out, plan.map(), given != null ? given : plan.fill());
        };
    }

    /**
     * What Pad derives from the input dims and the pads/axes values: the output dims, the flat gather map and
     * the fill for the constant mode without a fed value. Never written after construction (runs share it).
     */
    private record PadPlan(int[] inDims, DataType type, long[] pads, long[] axes, int[] outDims, int[] map,
                           Tensor fill) {
        boolean fits(Tensor data, long[] pads, long[] axes) {
            return data.type() == type && Arrays.equals(data.dims(), inDims) && Arrays.equals(pads, this.pads)
                    && Arrays.equals(axes, this.axes);
        }
    }

    /** For each output index along one axis, the input index it copies (-1: the constant). */
    static int[] axisMap(int n, long begin, long end, Pad.Mode mode) {
        long outLen = n + begin + end;
        if (outLen < 0) {
            throw new ExecutionException("Pad: pads " + begin + ", " + end + " remove more than the dim " + n);
        }
        int[] map = new int[KernelInputs.toDim(outLen, "Pad output dim")];
        if (n == 0 && mode != Pad.Mode.CONSTANT && map.length > 0) {
            throw new ExecutionException("Pad: cannot pad an empty axis in " + mode + " mode");
        }
        for (int o = 0; o < map.length; o++) {
            long j = o - begin;
            if (j >= 0 && j < n) {
                map[o] = (int) j;
                continue;
            }
            map[o] = switch (mode) {
                case CONSTANT -> -1;
                case EDGE -> j < 0 ? 0 : n - 1;
                case WRAP -> (int) Math.floorMod(j, (long) n);
                case REFLECT -> {
                    if (n == 1) {
                        yield 0;
                    }
                    long period = 2L * (n - 1);
                    long m = Math.floorMod(j, period);
                    yield (int) (m < n ? m : period - m);
                }
            };
        }
        return map;
    }

    static Kernel centerCropPad(dev.minerua.ir.ops.CenterCropPad op) {
        return ctx -> {
            Tensor data = ctx.input(0);
            long[] sizes = KernelInputs.longs(ctx, 1);
            int rank = data.rank();
            int n = op.axes() == null ? rank : op.axes().length;
            if (sizes.length != n) {
                throw new ExecutionException("CenterCropPad: " + sizes.length + " sizes for " + n + " axes");
            }
            int[][] maps = new int[rank][];
            for (int d = 0; d < rank; d++) {
                maps[d] = axisMap(data.dim(d), 0, 0, Pad.Mode.CONSTANT);
            }
            for (int i = 0; i < n; i++) {
                final int ii = i;
                int d = op.axes() == null ? i
                        : ViewKernels.runtime(() -> ShapeRules.axis(op.axes()[ii], rank, "CenterCropPad axis"));
                long diff = sizes[i] - data.dim(d);
                // Padding puts the smaller half before; cropping removes the smaller half from the start.
                long begin = diff >= 0 ? diff / 2 : -((-diff) / 2);
                maps[d] = axisMap(data.dim(d), begin, diff - begin, Pad.Mode.CONSTANT);
            }
            int[] outDims = new int[rank];
            for (int d = 0; d < rank; d++) {
                outDims[d] = maps[d].length;
            }
            Tensor out = ctx.allocateOutput(0, data.type(), outDims);
            ElementMoves.gather(data, out, ElementMoves.axisMap(data.dims(), maps), Tensor.allocate(data.type(), 1));
        };
    }
}
