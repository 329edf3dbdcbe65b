package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.ShapeRules;
import dev.minerua.tensor.Tensor;

/**
 * Gather along one axis: output row {@code (o, j)} is the {@code inner} elements of data row
 * {@code (o, indices[j])}. The output shape is remembered for the last input shapes and the indices are checked in
 * place, so a steady-state run allocates nothing but its output (a transformer's embedding lookups run on every
 * call: MiniLM at batch 8 gathers 1024 rows of 384 floats); rows are spread over the pool when there are enough.
 * A data tensor still viewing the model's bytes (an embedding table) is read there row by row, never decoded whole.
 */
final class GatherKernel implements Kernel {
    /** The resolved axis and output dims for one pair of input shapes. */
    private record Geometry(int axis, int[] outDims) {
    }

    private final Gather op;
    private final CpuThreadPool pool;
    private final ShapeMemo<Geometry> shapes = new ShapeMemo<>();
    /** The parallel row loop: data, indices and output passed per call, the axis as its integer. */
    private final RangeTask<Tensor, Tensor, Tensor> rows = new RangeTask<>(GatherKernel::copyRows);

    GatherKernel(Gather op, CpuThreadPool pool) {
        this.op = op;
        this.pool = pool;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor data = ctx.input(0);
        Tensor indices = ctx.input(1);
        Geometry g = shapes.get(data.dims(), indices.dims());
        if (g == null) {
            g = shapes.put(data.dims(), indices.dims(), geometry(data, indices));
        }
        int axis = g.axis();
        int axisDim = data.dim(axis);
        int n = indices.size();
        for (int j = 0; j < n; j++) {
            LayoutKernels.normalizeIndex(indices.getLong(j), axisDim, "Gather"); // rejects before any row is copied
        }
        Tensor out = ctx.allocateOutput(0, data.type(), g.outDims());
        int inner = inner(data, axis);
        rows.parallelRanges(pool, outer(data, axis) * n, ParallelGrain.items(inner, ParallelGrain.CHEAP), data,
                indices, out, axis);
    }

    private Geometry geometry(Tensor data, Tensor indices) {
        int axis = ViewKernels.runtime(() -> ShapeRules.axis(op.axis(), data.rank(), "Gather axis"));
        int[] outDims = new int[data.rank() - 1 + indices.rank()];
        System.arraycopy(data.dims(), 0, outDims, 0, axis);
        System.arraycopy(indices.dims(), 0, outDims, axis, indices.rank());
        System.arraycopy(data.dims(), axis + 1, outDims, axis + indices.rank(), data.rank() - axis - 1);
        return new Geometry(axis, outDims);
    }

    /** Output rows {@code [from, to)}, row {@code r} being index {@code r % n} of outer slice {@code r / n}. */
    private static void copyRows(Tensor data, Tensor indices, Tensor out, int axis, int from, int to) {
        int inner = inner(data, axis);
        int axisDim = data.dim(axis);
        int n = indices.size();
        for (int r = from; r < to; r++) {
            int o = r / n;
            long i = indices.getLong(r - o * n);
            int row = (int) (i < 0 ? i + axisDim : i); // checked before the loop
            ElementMoves.copy(data, (o * axisDim + row) * inner, out, r * inner, inner);
        }
    }

    private static int outer(Tensor data, int axis) {
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= data.dim(d);
        }
        return outer;
    }

    private static int inner(Tensor data, int axis) {
        int inner = 1;
        for (int d = axis + 1; d < data.rank(); d++) {
            inner *= data.dim(d);
        }
        return inner;
    }
}
