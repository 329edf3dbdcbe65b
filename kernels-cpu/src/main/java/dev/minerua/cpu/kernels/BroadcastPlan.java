package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an elementwise computation over broadcast operands into rows: runs of {@link #rowLength}
 * output elements in which every operand advances by a fixed stride of 0 (broadcast) or 1 (contiguous).
 * Adjacent dims that broadcast the same way for every operand are merged first, so common cases
 * (equal shapes, scalar operands, bias vectors) become few long rows. Output rows are contiguous:
 * row {@code r} starts at output offset {@code r * rowLength}.
 */
final class BroadcastPlan {
    /** {@link #forEachRow(int, int, BinaryRow)} over ranges: (plan, row, unused, unused). */
    private static final RangeTask<BroadcastPlan, BinaryRow, Void> ROW_RANGES =
            new RangeTask<>((plan, row, unused, k, from, to) -> plan.forEachRow(from, to, row));

    /** The broadcast output shape. */
    final int[] outShape;
    /** Number of output elements. */
    final int outSize;
    /** Elements per row. */
    final int rowLength;
    /** Number of rows ({@code outSize / rowLength}, 0 for an empty output). */
    final int rowCount;
    /** Per operand, its stride within a row: 0 or 1. */
    private final int[] innerStride;
    /** Per operand, the start offset of every row. */
    private final int[][] rowOffsets;

    private BroadcastPlan(int[] outShape, int outSize, int rowLength, int rowCount, int[] innerStride,
                          int[][] rowOffsets) {
        this.outShape = outShape;
        this.outSize = outSize;
        this.rowLength = rowLength;
        this.rowCount = rowCount;
        this.innerStride = innerStride;
        this.rowOffsets = rowOffsets;
    }

    /** Operand {@code operand}'s stride within a row (0 or 1). */
    int stride(int operand) {
        return innerStride[operand];
    }

    /** Operand {@code operand}'s offset at the start of row {@code row}. */
    int offset(int operand, int row) {
        return rowOffsets[operand][row];
    }

    /** One row of a two-operand plan, handed to {@link #forEachRow}. */
    @FunctionalInterface
    interface BinaryRow {
        /**
         * Computes {@code n} output elements from {@code oo} on, reading operand a from {@code ao} with
         * stride {@code as} and operand b from {@code bo} with stride {@code bs}.
         */
        void apply(int ao, int as, int bo, int bs, int oo, int n);
    }

    /** Walks the rows of a plan of two operands (a = operand 0, b = operand 1), in output order. */
    void forEachRow(BinaryRow row) {
        for (int r = 0; r < rowCount; r++) {
            row.apply(offset(0, r), stride(0), offset(1, r), stride(1), r * rowLength, rowLength);
        }
    }

    /**
     * Walks the output elements {@code [from, to)} of a two-operand plan as row pieces, in output order: a
     * piece of a row starts inside it at the same offset for every operand (strides are 0 or 1).
     */
    void forEachRow(int from, int to, BinaryRow row) {
        if (from >= to) {
            return;
        }
        int r = from / rowLength;
        int in = from - r * rowLength;
        int as = stride(0);
        int bs = stride(1);
        for (int start = from; start < to; r++, in = 0) {
            int n = Math.min(rowLength - in, to - start);
            row.apply(offset(0, r) + in * as, as, offset(1, r) + in * bs, bs, start, n);
            start += n;
        }
    }

    /**
     * As {@link #forEachRow(BinaryRow)}, split into output ranges of at least {@code grain} elements that
     * run on {@code pool}; every output element is computed exactly as the serial walk computes it.
     */
    void forEachRow(CpuThreadPool pool, int grain, BinaryRow row) {
        ROW_RANGES.parallelRanges(pool, outSize, grain, this, row, null, 0);
    }

    /**
     * The plan of two shapes: {@code memo}'s when they are the shapes it last saw (plans are immutable, so runs
     * share them), else planned and remembered.
     */
    static BroadcastPlan of(ShapeMemo<BroadcastPlan> memo, int[] a, int[] b) {
        BroadcastPlan plan = memo.get(a, b);
        return plan != null ? plan : memo.put(a, b, of(a, b));
    }

    /**
     * Plans the numpy broadcast of {@code shapes}.
     *
     * @throws dev.minerua.error.ExecutionException when the shapes are incompatible
     */
    static BroadcastPlan of(int[]... shapes) {
        int[] out = Broadcast.shape(shapes);
        int rank = out.length;
        int n = shapes.length;
        long total = 1;
        for (int d : out) {
            total *= d;
        }
        int outSize = (int) total;

        // Merge dims (ignoring output dims of size 1) into groups with the same full/broadcast pattern.
        List<int[]> groupFull = new ArrayList<>(); // per group: 1 if operand is full along it, else 0
        List<Integer> groupSize = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (out[d] == 1) {
                continue;
            }
            int[] full = new int[n];
            for (int o = 0; o < n; o++) {
                int idx = d - (rank - shapes[o].length);
                full[o] = idx >= 0 && shapes[o][idx] != 1 ? 1 : 0;
            }
            int last = groupFull.size() - 1;
            if (last >= 0 && java.util.Arrays.equals(groupFull.get(last), full)) {
                groupSize.set(last, groupSize.get(last) * out[d]);
            } else {
                groupFull.add(full);
                groupSize.add(out[d]);
            }
        }

        int groups = groupFull.size();
        int[] innerStride = new int[n];
        if (outSize == 0) {
            return new BroadcastPlan(out, 0, 0, 0, innerStride, new int[n][0]);
        }
        if (groups == 0) { // every operand is a single element
            return new BroadcastPlan(out, 1, 1, 1, innerStride, new int[n][1]);
        }
        int rowLength = groupSize.get(groups - 1);
        int rowCount = outSize / rowLength;
        for (int o = 0; o < n; o++) {
            innerStride[o] = groupFull.get(groups - 1)[o];
        }
        // Element strides of each operand along the outer groups.
        int outer = groups - 1;
        int[][] groupStride = new int[n][outer];
        for (int o = 0; o < n; o++) {
            int s = groupFull.get(groups - 1)[o] == 1 ? rowLength : 1;
            for (int g = outer - 1; g >= 0; g--) {
                if (groupFull.get(g)[o] == 1) {
                    groupStride[o][g] = s;
                    s *= groupSize.get(g);
                }
            }
        }
        int[][] rowOffsets = new int[n][rowCount];
        int[] idx = new int[outer];
        int[] off = new int[n];
        for (int r = 0; r < rowCount; r++) {
            for (int o = 0; o < n; o++) {
                rowOffsets[o][r] = off[o];
            }
            for (int g = outer - 1; g >= 0; g--) {
                idx[g]++;
                for (int o = 0; o < n; o++) {
                    off[o] += groupStride[o][g];
                }
                if (idx[g] < groupSize.get(g)) {
                    break;
                }
                for (int o = 0; o < n; o++) {
                    off[o] -= groupStride[o][g] * idx[g];
                }
                idx[g] = 0;
            }
        }
        return new BroadcastPlan(out, outSize, rowLength, rowCount, innerStride, rowOffsets);
    }
}
