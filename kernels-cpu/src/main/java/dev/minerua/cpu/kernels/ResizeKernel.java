package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.ShapeRules;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Resize / Upsample. Every supported mode is separable: each output coordinate along an axis is a
 * weighted sum of a few input samples along that axis (1 for nearest, 2 for linear, 4 for cubic, more
 * with antialiasing). The kernel builds those taps per axis and applies them one axis at a time, from
 * the innermost axis out, in double precision. Samples outside the input are clamped to the edge
 * (or dropped and renormalized with exclude_outside); tf_crop_and_resize coordinates outside the input
 * produce the extrapolation value.
 */
final class ResizeKernel implements Kernel {
    private final Resize op;

    ResizeKernel(Resize op) {
        this.op = op;
    }

    /** The taps of one axis: output index o reads {@code idx[o*taps+k]} with weight {@code w[o*taps+k]}. */
    private record AxisPlan(int taps, int[] idx, double[] w, boolean[] outside) {
        /** True when every output sample copies the input sample at the same index. */
        boolean isIdentity(int inLen) {
            if (outside.length != inLen) {
                return false;
            }
            for (int o = 0; o < inLen; o++) {
                if (outside[o]) {
                    return false;
                }
                double self = 0;
                for (int k = 0; k < taps; k++) {
                    if (idx[o * taps + k] == o) {
                        self += w[o * taps + k];
                    } else if (w[o * taps + k] != 0) {
                        return false;
                    }
                }
                if (self != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
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
        AxisPlan[] plans = new AxisPlan[rank];
        for (int d = 0; d < rank; d++) {
            plans[d] = plan(in[d], out[d], scale[d], roiStart[d], roiEnd[d]);
        }
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

    private AxisPlan plan(int inLen, int outLen, double scale, double roiStart, double roiEnd) {
        boolean[] outside = new boolean[outLen];
        int taps;
        int[] idx;
        double[] w;
        if (op.mode() == Resize.Mode.NEAREST) {
            taps = 1;
            idx = new int[outLen];
            w = new double[outLen];
            for (int o = 0; o < outLen; o++) {
                double xo = coordinate(o, inLen, outLen, scale, roiStart, roiEnd);
                if (Double.isNaN(xo)) {
                    outside[o] = true;
                    continue;
                }
                idx[o] = clamp(nearest(xo, scale), inLen);
                w[o] = 1;
            }
            return new AxisPlan(taps, idx, w, outside);
        }
        double support = op.mode() == Resize.Mode.LINEAR ? 1 : 2;
        double s = op.antialias() ? Math.min(scale, 1.0) : 1.0;
        int start = (int) Math.floor(-support / s) + 1;
        taps = 2 - 2 * start;
        idx = new int[outLen * taps];
        w = new double[outLen * taps];
        for (int o = 0; o < outLen; o++) {
            double xo = coordinate(o, inLen, outLen, scale, roiStart, roiEnd);
            if (Double.isNaN(xo)) {
                outside[o] = true;
                continue;
            }
            // The reference takes the pixel left of x with a ratio in (0, 1]: an integer x is "1 past" x-1.
            double left = Math.floor(xo);
            double ratio = xo - left;
            if (ratio == 0) {
                left -= 1;
                ratio = 1;
            }
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                int off = start + k;
                double c = kernel((off - ratio) * s);
                long pix = (long) left + off;
                boolean inside = pix >= 0 && pix < inLen;
                if (op.excludeOutside() && !inside) {
                    c = 0;
                }
                idx[o * taps + k] = clamp(pix, inLen);
                w[o * taps + k] = c;
                sum += c;
            }
            if (op.antialias() || op.excludeOutside()) {
                for (int k = 0; k < taps; k++) {
                    w[o * taps + k] /= sum;
                }
            }
        }
        return new AxisPlan(taps, idx, w, outside);
    }

    /** The interpolation kernel at distance {@code t} (already scaled for antialiasing). */
    private double kernel(double t) {
        double x = Math.abs(t);
        if (op.mode() == Resize.Mode.LINEAR) {
            return Math.max(0, 1 - x);
        }
        double a = op.cubicCoeffA();
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        }
        return 0;
    }

    /** The input coordinate of output index {@code o}, or NaN when tf_crop_and_resize falls outside. */
    private double coordinate(int o, int inLen, int outLen, double scale, double roiStart, double roiEnd) {
        double outWidth = scale * inLen;
        return switch (op.coordinateMode()) {
            case HALF_PIXEL -> (o + 0.5) / scale - 0.5;
            case HALF_PIXEL_SYMMETRIC -> {
                double adjustment = outLen / outWidth;
                double center = inLen / 2.0;
                double offset = center * (1 - adjustment);
                yield offset + (o + 0.5) / scale - 0.5;
            }
            case PYTORCH_HALF_PIXEL -> outWidth == 1 ? -0.5 : (o + 0.5) / scale - 0.5;
            case ALIGN_CORNERS -> outWidth == 1 ? 0 : o * (inLen - 1) / (outWidth - 1);
            case ASYMMETRIC -> o / scale;
            case TF_HALF_PIXEL_FOR_NN -> (o + 0.5) / scale;
            case TF_CROP_AND_RESIZE -> {
                double xo = outWidth == 1
                        ? (roiEnd - roiStart) * (inLen - 1) / 2
                        : o * (roiEnd - roiStart) * (inLen - 1) / (outWidth - 1);
                xo += roiStart * (inLen - 1);
                yield xo < 0 || xo > inLen - 1 ? Double.NaN : xo;
            }
        };
    }

    private long nearest(double x, double scale) {
        double fl = Math.floor(x);
        if (x == fl) {
            return (long) x;
        }
        double ratio = x - fl;
        return switch (op.nearestMode()) {
            case ROUND_PREFER_FLOOR -> ratio <= 0.5 ? (long) fl : (long) fl + 1;
            case ROUND_PREFER_CEIL -> ratio < 0.5 ? (long) fl : (long) fl + 1;
            case FLOOR -> (long) fl;
            case CEIL -> (long) fl + 1;
            case SIMPLE -> scale < 1 ? (long) Math.ceil(x) : (long) fl;
        };
    }

    private static int clamp(long i, int len) {
        return (int) Math.max(0, Math.min(len - 1, i));
    }

    private double[] applyAxis(KernelContext ctx, double[] src, int[] dims, int axis, AxisPlan p, int outLen) {
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
