package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.Pool;

/**
 * float32 MaxPool (without Indices) and AveragePool, one output row at a time and separably: the window's
 * input rows (depth and height taps) are first folded into one scratch row of the input width, then the
 * width taps fold shifted copies of that row, both vectorized over contiguous elements whatever the
 * stride; a strided output only picks every stride-th element of the folded row. Columns whose window
 * crosses the left or right edge are folded element by element. Output rows are spread over the pool.
 * Window counts for AveragePool factor per axis (a tap is inside the input, or inside the pads, axis by
 * axis), so they are computed per axis instead of per window. A NaN input makes its windows NaN.
 */
final class FloatPooling {
    private FloatPooling() {
    }

    /**
     * A pooling's constants for one input shape: the 3-D lifted geometry, AveragePool's tap counts per output
     * column (null for MaxPool), the output rows, the rows per parallel range and, for a stride-1 "same" pool,
     * {@link SamePoolRows}' plan (else null).
     */
    record Plan(ConvGeometry.Resolved g, float[] countW, int rows, int grain, SamePoolRows.Plan same) {
    }

    /** The plan for {@code planes} planes over the lifted geometry {@code g}. */
    static Plan plan(Pool op, ConvGeometry.Resolved g, int planes) {
        int[] out = g.out();
        int[] k = g.kernel();
        float[] countW = null;
        if (op.kind() != Pool.Kind.MAX) {
            countW = new float[out[2]];
            for (int ow = 0; ow < out[2]; ow++) {
                countW[ow] = taps(g, 2, ow, op.countIncludePad());
            }
        }
        long rowCost = (long) g.in()[2] * k[0] * k[1] + (long) out[2] * k[2];
        SamePoolRows.Plan same = SamePoolRows.applies(g) ? SamePoolRows.plan(g, countW, op.countIncludePad()) : null;
        return new Plan(g, countW, planes * out[0] * out[1], ParallelGrain.items(rowCost, ParallelGrain.CHEAP), same);
    }

    /** The row loop of {@code op} for a kernel to keep: its operands are a {@link Plan}, X's and Y's data. */
    static RangeTask<Plan, float[], float[]> task(Pool op, FloatPrimitives simd) {
        return new RangeTask<>((plan, x, y, unused, from, to) ->
                rows(op, plan, x, y, from, to, simd));
    }

    /** Pools {@code x} into {@code y} as {@code plan} says, the output rows spread over {@code pool}. */
    static void run(Plan plan, float[] x, float[] y, CpuThreadPool pool, RangeTask<Plan, float[], float[]> task) {
        task.parallelRanges(pool, plan.rows(), plan.grain(), plan, x, y, 0);
    }

    /**
     * Per thread, the two row buffers of {@link #rows} (an input row's width each; every element read is written
     * first), kept so that pooling allocates nothing per call.
     */
    private static final ThreadLocal<float[][]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /** Output rows {@code [from, to)}, numbered over (plane, od, oh). */
    private static void rows(Pool op, Plan plan, float[] x, float[] y, int from, int to, FloatPrimitives simd) {
        ConvGeometry.Resolved g = plan.g();
        float[] countW = plan.countW();
        boolean max = op.kind() == Pool.Kind.MAX;
        if (!max && coversPlane(g)) {
            // One window per plane (the 7x7 average before a classifier): a global average, one vector sum
            // per plane instead of height and width folds over a padded copy.
            int size = g.inSize();
            for (int plane = from; plane < to; plane++) {
                y[plane] = simd.sum(x, plane * size, size) / size;
            }
            return;
        }
        StridedPoolRows strided = simd.lanes() > 1 && StridedPoolRows.applies(g)
                ? StridedPoolRows.forLanes(simd.lanes()) : null;
        if (strided != null) {
            strided.rows(g, x, y, from, to, countW, op.countIncludePad());
            return;
        }
        SamePoolRows same = plan.same() != null ? SamePoolRows.forLanes(simd.lanes()) : null;
        if (same != null) {
            same.rows(g, plan.same(), x, y, from, to);
            return;
        }
        if (PlanePooling.applies(g)) {
            PlanePooling.rows(max, g, x, y, from, to, simd, countW, op.countIncludePad());
            return;
        }
        FloatPrimitives.Binary fold = max ? FloatPrimitives.Binary.MAX : FloatPrimitives.Binary.ADD;
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] s = g.stride();
        int[] d = g.dilation();
        int[] pb = g.padBegin();
        float[][] scratch = ROW_SCRATCH.get();
        if (scratch[0].length < in[2]) {
            scratch[0] = new float[in[2]];
            scratch[1] = new float[in[2]];
        }
        float[] column = scratch[0];
        float[] folded = scratch[1];
        for (int row = from; row < to; row++) {
            int oh = row % out[1];
            int od = (row / out[1]) % out[0];
            int plane = row / (out[1] * out[0]);
            int xc = plane * g.inSize();
            int yRow = plane * g.outSize() + (od * out[1] + oh) * out[2];
            int d0 = od * s[0] - pb[0];
            int h0 = oh * s[1] - pb[1];
            boolean any = false;
            for (int kd = 0; kd < k[0]; kd++) {
                int id = d0 + kd * d[0];
                if (id < 0 || id >= in[0]) {
                    continue;
                }
                for (int kh = 0; kh < k[1]; kh++) {
                    int ih = h0 + kh * d[1];
                    if (ih < 0 || ih >= in[1]) {
                        continue;
                    }
                    int xRow = xc + (id * in[1] + ih) * in[2];
                    if (any) {
                        simd.binary(fold, column, 0, x, xRow, column, 0, in[2]);
                    } else {
                        System.arraycopy(x, xRow, column, 0, in[2]);
                        any = true;
                    }
                }
            }
            if (!any) {
                // Every depth/height tap lies in the padding: an empty window (AveragePool divides below).
                java.util.Arrays.fill(y, yRow, yRow + out[2], max ? Float.NEGATIVE_INFINITY : 0f);
            } else {
                foldColumns(fold, column, folded, in[2], k[2], s[2], d[2], pb[2], y, yRow, out[2], simd);
            }
            if (!max) {
                float cdh = taps(g, 0, od, op.countIncludePad()) * taps(g, 1, oh, op.countIncludePad());
                for (int ow = 0; ow < out[2]; ow++) {
                    float count = cdh * countW[ow];
                    y[yRow + ow] = count == 0 ? Float.NaN : y[yRow + ow] / count;
                }
            }
        }
    }

    /**
     * Whether the one window of each plane is the whole plane: one output position, no padding, and a dense
     * window as large as the input (so every tap counts, whatever count_include_pad says).
     */
    static boolean coversPlane(ConvGeometry.Resolved g) {
        for (int axis = 0; axis < 3; axis++) {
            if (g.out()[axis] != 1 || g.kernel()[axis] != g.in()[axis] || g.padBegin()[axis] != 0
                    || g.padEnd()[axis] != 0 || g.kernel()[axis] > 1 && g.dilation()[axis] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code y[yRow + ow] = fold over kw of column[ow * stride - pad + kw * dil]} (taps inside the row only).
     * Columns whose taps all lie inside are folded as whole shifted rows into {@code folded}, then picked.
     */
    private static void foldColumns(FloatPrimitives.Binary fold, float[] column, float[] folded, int width, int k,
                                    int stride, int dil, int pad, float[] y, int yRow, int outWidth,
                                    FloatPrimitives simd) {
        int span = (k - 1) * dil;
        // Interior columns: ow * stride - pad >= 0 and ow * stride - pad + span <= width - 1.
        int lo = Math.min(outWidth, Math.ceilDiv(pad, stride));
        int hi = Math.min(outWidth - 1, Math.floorDiv(width - 1 - span + pad, stride));
        if (hi >= lo) {
            int j0 = lo * stride - pad;
            int n = (hi - lo) * stride + 1;
            if (k == 1) {
                System.arraycopy(column, j0, folded, j0, n);
            } else {
                simd.binary(fold, column, j0, column, j0 + dil, folded, j0, n);
                for (int kw = 2; kw < k; kw++) {
                    simd.binary(fold, folded, j0, column, j0 + kw * dil, folded, j0, n);
                }
            }
            if (stride == 1) {
                System.arraycopy(folded, j0, y, yRow + lo, hi - lo + 1);
            } else {
                for (int ow = lo, j = j0; ow <= hi; ow++, j += stride) {
                    y[yRow + ow] = folded[j];
                }
            }
        }
        boolean max = fold == FloatPrimitives.Binary.MAX;
        for (int ow = 0; ow < outWidth; ow++) {
            if (ow == lo && hi >= lo) {
                ow = hi;
                continue;
            }
            int w0 = ow * stride - pad;
            float acc = 0;
            boolean any = false;
            for (int kw = 0; kw < k; kw++) {
                int iw = w0 + kw * dil;
                if (iw < 0 || iw >= width) {
                    continue;
                }
                float v = column[iw];
                acc = !any ? v : max ? Math.max(acc, v) : acc + v;
                any = true;
            }
            y[yRow + ow] = any ? acc : max ? Float.NEGATIVE_INFINITY : 0f;
        }
    }

    /**
     * How many of the window's taps count on {@code axis} for output position {@code o}: those inside the
     * input, or with count_include_pad those inside the explicit pads.
     */
    static int taps(ConvGeometry.Resolved g, int axis, int o, boolean includePad) {
        int start = o * g.stride()[axis] - g.padBegin()[axis];
        int lo = includePad ? -g.padBegin()[axis] : 0;
        int hi = includePad ? g.in()[axis] + g.padEnd()[axis] : g.in()[axis];
        int n = 0;
        for (int j = 0; j < g.kernel()[axis]; j++) {
            int pos = start + j * g.dilation()[axis];
            if (pos >= lo && pos < hi) {
                n++;
            }
        }
        return n;
    }
}
