package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.ResizeTaps;
import dev.minerua.ir.ops.ShapeRules;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Resize / Upsample. Every supported mode is separable: each output coordinate along an axis is a
 * weighted sum of a few input samples along that axis ({@link ResizeTaps}). The kernel applies the taps
 * one axis at a time, from the innermost axis out, in double precision. Samples outside the input are clamped to the edge
 * (or dropped and renormalized with exclude_outside); tf_crop_and_resize coordinates outside the input
 * produce the extrapolation value. A float32 nearest-neighbour resize (every output sample copies one input
 * sample) skips the arithmetic: it gathers rows straight into the output ({@link #gather}), ranges of output
 * rows split over the session's threads.
 */
final class ResizeKernel implements Kernel {
    private final Resize op;
    /** The plan of the last call (see {@link Plan}); a run with the same shapes and parameters reuses it. */
    private volatile Plan last;
    private final CpuThreadPool pool;
    /** The row gather of a nearest resize: source, output and plan, over output rows {@code [from, to)}. */
    private final RangeTask<float[], float[], Plan> gatherRows = new RangeTask<>(
            (src, dst, plan, unused, from, to) -> gather(src, plan.in, dst, plan.out, plan.gather, from, to));

    ResizeKernel(Resize op) {
        this(op, CpuThreadPool.serial());
    }

    ResizeKernel(Resize op, CpuThreadPool pool) {
        this.op = op;
        this.pool = pool;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        int rank = x.rank();
        int[] in = x.dims();
        Plan plan = last;
        if (plan == null || !plan.matches(ctx, op, x)) {
            plan = plan(ctx, x);
            last = plan;
        }
        int[] out = plan.out;
        if (plan.gather != null && x.type() == DataType.FLOAT) {
            Tensor result = ctx.allocate(DataType.FLOAT, out);
            int rows = out[rank - 1] == 0 ? 0 : result.size() / out[rank - 1];
            gatherRows.parallelRanges(pool, rows, ParallelGrain.items(out[rank - 1], ParallelGrain.CHEAP),
                    x.floatData(), result.floatData(), plan, 0);
            ctx.setOutput(0, result);
            return;
        }
        ResizeTaps[] plans = plan.taps;
        // Apply axis by axis, innermost first, as the reference's nested recursion does.
        // Intermediates come from the context (pooled across runs): ppocr-v4-det's upsamplings are megabytes.
        double[] cur = toDoubles(ctx, x);
        int[] curDims = in.clone();
        for (int d = rank - 1; d >= 0; d--) {
            if (plans[d].isIdentity(in[d])) {
                continue;
            }
            cur = applyAxis(ctx, cur, curDims, d, plans[d], out[d]);
            curDims[d] = out[d];
        }
        // Set the output only once filled: the float16 adapter converts it when it is set.
        Tensor result = ctx.allocate(x.type(), out);
        store(cur, result);
        ctx.setOutput(0, result);
    }

    /**
     * The output shape and taps per axis for input {@code x} and the scales, sizes and roi inputs, kept with
     * them (see {@link Plan#matches}).
     */
    private Plan plan(KernelContext ctx, Tensor x) {
        int rank = x.rank();
        int[] in = x.dims();
        float[] scalesIn = op.attrScales() != null ? op.attrScales() : nonEmptyFloats(ctx, op.scalesInput());
        long[] sizesIn = op.sizesInput() >= 0 ? nonEmptyLongs(ctx, op.sizesInput()) : null;
        float[] roiIn = op.roiInput() >= 0 ? nonEmptyFloats(ctx, op.roiInput()) : null;
        int[] axes = new int[op.axes() == null ? rank : op.axes().length];
        for (int i = 0; i < axes.length; i++) {
            final int ii = i;
            axes[i] = op.axes() == null ? i : ViewKernels.runtime(() -> ShapeRules.axis(op.axes()[ii], rank, "Resize axis"));
        }
        double[] scale = new double[rank];
        int[] out = in.clone();
        java.util.Arrays.fill(scale, 1.0);
        if (scalesIn != null) {
            check(scalesIn.length == axes.length, "scales has " + scalesIn.length + " entries for " + axes.length + " axes");
            for (int i = 0; i < axes.length; i++) {
                int d = axes[i];
                check(scalesIn[i] > 0, "scales must be positive");
                scale[d] = scalesIn[i];
                out[d] = KernelInputs.toDim((long) Math.floor(scale[d] * in[d]), "Resize output dim");
            }
        } else if (sizesIn != null) {
            check(sizesIn.length == axes.length, "sizes has " + sizesIn.length + " entries for " + axes.length + " axes");
            for (int i = 0; i < axes.length; i++) {
                int d = axes[i];
                out[d] = KernelInputs.toDim(sizesIn[i], "Resize size");
                scale[d] = (double) out[d] / in[d];
            }
            if (op.aspectPolicy() != Resize.AspectPolicy.STRETCH) {
                double s = op.aspectPolicy() == Resize.AspectPolicy.NOT_LARGER ? Double.MAX_VALUE : 0;
                for (int d : axes) {
                    s = op.aspectPolicy() == Resize.AspectPolicy.NOT_LARGER ? Math.min(s, scale[d]) : Math.max(s, scale[d]);
                }
                for (int d : axes) {
                    scale[d] = s;
                    out[d] = (int) (s * in[d] + 0.5);
                }
            }
        } else {
            throw new ExecutionException("Resize: neither scales nor sizes is given");
        }
        double[] roiStart = new double[rank];
        double[] roiEnd = new double[rank];
        java.util.Arrays.fill(roiEnd, 1.0);
        if (roiIn != null && op.coordinateMode() == Resize.CoordinateMode.TF_CROP_AND_RESIZE) {
            check(roiIn.length == 2 * axes.length, "roi has " + roiIn.length + " entries for " + axes.length + " axes");
            for (int i = 0; i < axes.length; i++) {
                roiStart[axes[i]] = roiIn[i];
                roiEnd[axes[i]] = roiIn[axes.length + i];
            }
        }
        ResizeTaps[] plans = new ResizeTaps[rank];
        for (int d = 0; d < rank; d++) {
            plans[d] = ResizeTaps.of(op, in[d], out[d], scale[d], roiStart[d], roiEnd[d]);
        }
        return new Plan(in.clone(), op.scalesInput() < 0 ? null : scalesIn, sizesIn, roiIn, out, plans,
                gatherMaps(plans, in));
    }

    /**
     * Per axis, the input index each output index copies (null for an axis left as it is), when every axis is
     * such a copy (nearest mode, no coordinate outside the input); else null.
     */
    private static int[][] gatherMaps(ResizeTaps[] taps, int[] in) {
        int[][] maps = new int[taps.length][];
        for (int d = 0; d < taps.length; d++) {
            ResizeTaps p = taps[d];
            if (p.isIdentity(in[d])) {
                continue;
            }
            if (p.taps() != 1) {
                return null;
            }
            for (int o = 0; o < p.outside().length; o++) {
                if (p.outside()[o] || p.w()[o] != 1) {
                    return null;
                }
            }
            maps[d] = p.idx();
        }
        return maps;
    }

    /**
     * A nearest-neighbour resize as a copy of output rows {@code [from, to)} (a row: all axes but the last), the
     * source row found through the axis maps and gathered along the last axis; a row whose source row is the
     * previous row's (an upsampled axis repeats its rows) is copied from that output row instead.
     */
    private static void gather(float[] src, int[] in, float[] dst, int[] out, int[][] maps, int from, int to) {
        int last = in.length - 1;
        int outWidth = out[last];
        int[] wMap = maps[last];
        int prevSrc = -1;
        int prevDst = 0;
        for (int row = from; row < to; row++) {
            int r = row;
            int srcRow = 0;
            int stride = in[last];
            for (int d = last - 1; d >= 0; d--) {
                int o = r % out[d];
                r /= out[d];
                srcRow += (maps[d] == null ? o : maps[d][o]) * stride;
                stride *= in[d];
            }
            int dRow = row * outWidth;
            if (srcRow == prevSrc) {
                System.arraycopy(dst, prevDst, dst, dRow, outWidth);
            } else if (wMap == null) {
                System.arraycopy(src, srcRow, dst, dRow, outWidth);
            } else {
                for (int ow = 0; ow < outWidth; ow++) {
                    dst[dRow + ow] = src[srcRow + wMap[ow]];
                }
            }
            if (srcRow != prevSrc) {
                prevSrc = srcRow;
                prevDst = dRow;
            }
        }
    }

    /**
     * What {@link #plan} derived, with what it was derived from: the input dims and the values of the scales,
     * sizes and roi inputs (null when absent or empty), and the per-axis copy maps of a nearest resize
     * ({@link #gatherMaps}, null when the taps are not such copies). Immutable once built.
     */
    private record Plan(int[] in, float[] scales, long[] sizes, float[] roi, int[] out, ResizeTaps[] taps,
                        int[][] gather) {
        /** True when {@code x} and {@code ctx}'s scales, sizes and roi inputs are what this plan was made for. */
        boolean matches(KernelContext ctx, Resize op, Tensor x) {
            return java.util.Arrays.equals(in, x.dims()) && sameFloats(ctx, op.scalesInput(), scales)
                    && sameLongs(ctx, op.sizesInput(), sizes) && sameFloats(ctx, op.roiInput(), roi);
        }

        private static Tensor nonEmpty(KernelContext ctx, int i) {
            Tensor t = i < 0 || i >= ctx.inputCount() ? null : ctx.input(i);
            return t == null || t.size() == 0 ? null : t;
        }

        private static boolean sameFloats(KernelContext ctx, int i, float[] kept) {
            Tensor t = nonEmpty(ctx, i);
            if (t == null || kept == null) {
                return t == null && kept == null;
            }
            if (t.size() != kept.length) {
                return false;
            }
            for (int j = 0; j < kept.length; j++) {
                if (Float.floatToIntBits((float) t.getDouble(j)) != Float.floatToIntBits(kept[j])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean sameLongs(KernelContext ctx, int i, long[] kept) {
            Tensor t = nonEmpty(ctx, i);
            if (t == null || kept == null) {
                return t == null && kept == null;
            }
            if (t.size() != kept.length || !t.type().isInteger()) {
                return false;
            }
            for (int j = 0; j < kept.length; j++) {
                if (t.getLong(j) != kept[j]) {
                    return false;
                }
            }
            return true;
        }
    }

    private double[] applyAxis(KernelContext ctx, double[] src, int[] dims, int axis, ResizeTaps p, int outLen) {
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        int inLen = dims[axis];
        double[] dst = ctx.allocate(DataType.DOUBLE, outer * outLen * inner).doubleData();
        double extrapolation = op.extrapolationValue();
        for (int a = 0; a < outer; a++) {
            int srcBase = a * inLen * inner;
            int dstBase = a * outLen * inner;
            for (int o = 0; o < outLen; o++) {
                int dRow = dstBase + o * inner;
                if (p.outside()[o]) {
                    java.util.Arrays.fill(dst, dRow, dRow + inner, extrapolation);
                    continue;
                }
                for (int k = 0; k < p.taps(); k++) {
                    double wk = p.w()[o * p.taps() + k];
                    if (wk == 0) {
                        continue;
                    }
                    int sRow = srcBase + p.idx()[o * p.taps() + k] * inner;
                    for (int j = 0; j < inner; j++) {
                        dst[dRow + j] += wk * src[sRow + j];
                    }
                }
            }
        }
        return dst;
    }

    private static double[] toDoubles(KernelContext ctx, Tensor x) {
        if (x.type() == DataType.FLOAT) {
            float[] f = x.floatData();
            double[] d = ctx.allocate(DataType.DOUBLE, f.length).doubleData();
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return x.asDoubles();
    }

    private static void store(double[] v, Tensor out) {
        if (out.type() == DataType.FLOAT) {
            float[] f = out.floatData();
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            return;
        }
        boolean integral = out.type().isInteger();
        for (int i = 0; i < v.length; i++) {
            if (integral) {
                out.setLong(i, (long) v[i]);
            } else {
                out.setDouble(i, v[i]);
            }
        }
    }

    private static float[] nonEmptyFloats(KernelContext ctx, int i) {
        if (i < 0 || i >= ctx.inputCount() || ctx.input(i) == null || ctx.input(i).size() == 0) {
            return null;
        }
        return ctx.input(i).asFloats();
    }

    private static long[] nonEmptyLongs(KernelContext ctx, int i) {
        long[] v = KernelInputs.longs(ctx, i);
        return v == null || v.length == 0 ? null : v;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new ExecutionException("Resize: " + what);
        }
    }
}
