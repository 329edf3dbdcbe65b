package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.tensor.Tensor;

/**
 * Copies a strided view of a tensor (Transpose, Slice) into a dense output without an index map: axes of
 * size 1 are dropped and adjacent axes that are contiguous in the source are merged, so a channel shuffle
 * or a slice of whole rows becomes a few long block copies; an innermost axis with a stride other than 1
 * is walked element by element. Output rows are spread over the pool. Values are copied bit for bit.
 */
final class StridedCopy {
    private StridedCopy() {
    }

    /**
     * {@code dst[i] = src[base + sum(index_d * strides[d])]} for every output index over {@code outDims}
     * (row-major), where {@code strides[d]} is the source element stride of output axis d.
     */
    static void run(Tensor src, int base, int[] outDims, int[] strides, Tensor dst, CpuThreadPool pool) {
        int total = dst.size();
        if (total == 0) {
            return;
        }
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
            ElementMoves.copy(src, base, dst, 0, 1);
            return;
        }
        int rowLength = dims[rank - 1];
        int rowStride = st[rank - 1];
        int outerRank = rank - 1;
        int[] oDims = java.util.Arrays.copyOf(dims, outerRank);
        int[] oStrides = java.util.Arrays.copyOf(st, outerRank);
        int rows = total / rowLength;
        pool.parallelRanges(rows, ParallelGrain.items(rowLength, ParallelGrain.CHEAP),
                (from, to) -> rows(src, base, oDims, oStrides, rowLength, rowStride, dst, from, to));
    }

    /** Output rows {@code [from, to)}. */
    private static void rows(Tensor src, int base, int[] dims, int[] strides, int rowLength, int rowStride,
                             Tensor dst, int from, int to) {
        int rank = dims.length;
        int[] idx = new int[rank];
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
