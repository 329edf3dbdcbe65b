package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.tensor.Tensor;

/**
 * Copies a strided view of a tensor (Transpose, Slice) into a dense output without an index map: axes of
 * size 1 are dropped and adjacent axes that are contiguous in the source are merged, so a channel shuffle
 * or a slice of whole rows becomes a few long block copies; an innermost axis with a stride other than 1
 * is walked element by element. Output rows are spread over the pool. Values are copied bit for bit.
 */
final class StridedCopy {
    /** {@link #rows} over ranges: (source, plan, destination, base offset). */
    private static final RangeTask<Tensor, Plan, Tensor> ROW_RANGES = new RangeTask<>((src, plan, dst, base, from, to) ->
            rows(src, base, plan.outerDims(), plan.outerStrides(), plan.rowLength(), plan.rowStride(), dst, from, to));
    /** Per thread, the outer index of {@link #rows} (grown to the largest rank seen). */
    /** A row's fixed cost (a copy call, the index step), in elements of a flat copy. */
    private static final int ROW_OVERHEAD = 32;
    /** A strided element's cost (a gather), in elements of a flat copy. */
    private static final int STRIDED_ELEMENT_COST = 4;
    private static final ThreadLocal<int[]> INDEX = ThreadLocal.withInitial(() -> new int[8]);

    private StridedCopy() {
    }

    /**
     * A strided view reduced for copying: size-1 axes dropped, contiguous axis pairs merged, the innermost axis
     * split off as rows of {@code rowLength} elements {@code rowStride} apart. Immutable, so a kernel can keep
     * it while the shapes repeat.
     *
     * @param outerDims    the dims of the axes outside the rows (empty when one row)
     * @param outerStrides their source strides
     * @param rowLength    elements per row, 0 when the view is a single element
     */
    record Plan(int[] outerDims, int[] outerStrides, int rowLength, int rowStride) {
    }

    /** The plan of the view with {@code outDims} and source stride {@code strides[d]} along output axis d. */
    static Plan plan(int[] outDims, int[] strides) {
        // Drop size-1 axes and merge axis pairs whose outer stride spans the inner axis exactly.
        int[] dims = new int[outDims.length];
        int[] st = new int[outDims.length];
        int rank = 0;
        for (int d = 0; d < outDims.length; d++) {
            if (outDims[d] == 1) {
                continue;
            }
            if (rank > 0 && st[rank - 1] == strides[d] * outDims[d]) {
                dims[rank - 1] *= outDims[d];
                st[rank - 1] = strides[d];
            } else {
                dims[rank] = outDims[d];
                st[rank] = strides[d];
                rank++;
            }
        }
        if (rank == 0) {
            return new Plan(new int[0], new int[0], 0, 0);
        }
        return new Plan(java.util.Arrays.copyOf(dims, rank - 1), java.util.Arrays.copyOf(st, rank - 1),
                dims[rank - 1], st[rank - 1]);
    }

    /**
     * {@code dst[i] = src[base + sum(index_d * strides[d])]} for every output index over {@code outDims}
     * (row-major), where {@code strides[d]} is the source element stride of output axis d.
     */
    static void run(Tensor src, int base, int[] outDims, int[] strides, Tensor dst, CpuThreadPool pool) {
        run(src, base, plan(outDims, strides), dst, pool);
    }

    /** As {@link #run(Tensor, int, int[], int[], Tensor, CpuThreadPool)} with the view planned already. */
    static void run(Tensor src, int base, Plan plan, Tensor dst, CpuThreadPool pool) {
        int total = dst.size();
        if (total == 0) {
            return;
        }
        if (plan.rowLength() == 0) {
            ElementMoves.copy(src, base, dst, 0, 1);
            return;
        }
        int rowLength = plan.rowLength();
        int rows = total / rowLength;
        // A row costs more than its elements' share of a flat copy: a call and an index step per row (attention
        // transposes move rows of 32 to 64 elements), and a gather per element when its elements are strided
        // (a transposed last axis), several times a contiguous copy's.
        long rowCost = plan.rowStride() == 1 ? rowLength + ROW_OVERHEAD : (long) rowLength * STRIDED_ELEMENT_COST;
        ROW_RANGES.parallelRanges(pool, rows, ParallelGrain.items(rowCost, ParallelGrain.CHEAP), src, plan, dst,
                base);
    }

    /** Output rows {@code [from, to)}. */
    private static void rows(Tensor src, int base, int[] dims, int[] strides, int rowLength, int rowStride,
                             Tensor dst, int from, int to) {
        int rank = dims.length;
        int[] idx = INDEX.get();
        if (idx.length < rank) {
            idx = new int[rank];
            INDEX.set(idx);
        }
        int offset = base;
        int rest = from;
        for (int d = rank - 1; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
            offset += idx[d] * strides[d];
        }
        for (int row = from; row < to; row++) {
            if (rowStride == 1) {
                ElementMoves.copy(src, offset, dst, row * rowLength, rowLength);
            } else {
                ElementMoves.copyStrided(src, offset, rowStride, dst, row * rowLength, rowLength);
            }
            for (int d = rank - 1; d >= 0; d--) {
                offset += strides[d];
                if (++idx[d] < dims[d]) {
                    break;
                }
                offset -= strides[d] * dims[d];
                idx[d] = 0;
            }
        }
    }
}
