package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Resize;
import dev.minerua.opencl.DeviceTypes.Storage;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.axis;
import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.constant;
import static dev.minerua.opencl.LoweringSupport.dims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.has;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;
import static dev.minerua.opencl.LoweringSupport.strides;

/**
 * Resize and Upsample with scales or sizes (and roi) from constants. Every mode is separable, so the host
 * builds, per axis, the input samples and weights of each output coordinate (one tap for nearest, two for
 * linear, four for cubic, more when antialiasing widens the kernel); the device sums the products of the
 * axes' taps. Weights are computed in double as the ONNX reference does and travel as float bits in the
 * launch's int array. The output is float data (integer Resize stays on the CPU).
 */
final class ResizeLowering {
    /** The kernel walks at most this many axes. */
    private static final int MAX_RANK = 8;
    /** Meta ints kept well under the 64 KiB a device guarantees for {@code __constant} data. */
    private static final int MAX_META = 12_000;

    private ResizeLowering() {
    }

    /** The taps of one axis: output coordinate o reads {@code idx[o * taps + k]} (-1: outside) with weight w. */
    private record Taps(int taps, int[] idx, double[] w) {
    }

    static Lowered resize(Node node, Resize op) {
        int[] x = dims(node.input(0), Storage.FLOAT);
        int[] y = singleOutput(node, Storage.FLOAT);
        int rank = x.length;
        require(rank == y.length && rank <= MAX_RANK);
        int[] axes = new int[op.axes() == null ? rank : op.axes().length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = op.axes() == null ? i : axis(op.axes()[i], rank);
        }
        float[] scales = op.attrScales() != null ? op.attrScales() : nonEmpty(node, op.scalesInput());
        double[] scale = new double[rank];
        Arrays.fill(scale, 1.0);
        if (scales != null) {
            require(scales.length == axes.length);
            for (int i = 0; i < axes.length; i++) {
                require(scales[i] > 0);
                scale[axes[i]] = scales[i];
            }
        } else {
            float[] sizes = nonEmpty(node, op.sizesInput());
            require(sizes != null && sizes.length == axes.length && op.aspectPolicy() == Resize.AspectPolicy.STRETCH);
            for (int d : axes) {
                scale[d] = (double) y[d] / x[d];
            }
        }
        double[] roiStart = new double[rank];
        double[] roiEnd = new double[rank];
        Arrays.fill(roiEnd, 1.0);
        if (op.coordinateMode() == Resize.CoordinateMode.TF_CROP_AND_RESIZE) {
            float[] roi = nonEmpty(node, op.roiInput());
            require(roi != null && roi.length == 2 * axes.length);
            for (int i = 0; i < axes.length; i++) {
                roiStart[axes[i]] = roi[i];
                roiEnd[axes[i]] = roi[axes.length + i];
            }
        }
        int header = 2 + 4 * rank;
        int[] taps = new int[rank];
        int[] offsets = new int[rank];
        List<int[]> tables = new ArrayList<>();
        int at = header;
        for (int d = 0; d < rank; d++) {
            Taps t = compact(plan(op, x[d], y[d], scale[d], roiStart[d], roiEnd[d]), y[d]);
            int[] table = new int[2 * t.idx().length];
            for (int k = 0; k < t.idx().length; k++) {
                table[2 * k] = t.idx()[k];
                table[2 * k + 1] = Float.floatToRawIntBits((float) t.w()[k]);
            }
            taps[d] = t.taps();
            offsets[d] = at;
            at += table.length;
            tables.add(table);
        }
        require(at <= MAX_META);
        int[] meta = concat(new int[] {rank}, y, strides(x), taps, offsets,
                new int[] {Float.floatToRawIntBits(op.extrapolationValue())}, concat(tables.toArray(int[][]::new)));
        return Lowered.of(1, new Launch("movement.cl", "", "resize", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    /** A constant input's values, null when the input is absent or empty; declines when it is computed. */
    private static float[] nonEmpty(Node node, int i) {
        if (i < 0 || !has(node, i)) {
            return null;
        }
        Tensor t = constant(node, i);
        return t == null || t.size() == 0 ? null : t.asFloats();
    }

    /** One tap per output coordinate when every coordinate reads a single sample with weight 1. */
    private static Taps compact(Taps t, int outLen) {
        if (t.taps() == 1) {
            return t;
        }
        int[] idx = new int[outLen];
        double[] w = new double[outLen];
        for (int o = 0; o < outLen; o++) {
            int single = -2;
            for (int k = 0; k < t.taps(); k++) {
                int e = o * t.taps() + k;
                if (t.idx()[e] < 0) {
                    single = -1;
                    break;
                }
                if (t.w()[e] == 1 && single == -2) {
                    single = t.idx()[e];
                } else if (t.w()[e] != 0) {
                    return t;
                }
            }
            if (single == -2) {
                return t;
            }
            idx[o] = single;
            w[o] = 1;
        }
        return new Taps(1, idx, w);
    }

    private static Taps plan(Resize op, int inLen, int outLen, double scale, double roiStart, double roiEnd) {
        if (op.mode() == Resize.Mode.NEAREST) {
            int[] idx = new int[outLen];
            double[] w = new double[outLen];
            for (int o = 0; o < outLen; o++) {
                double xo = coordinate(op, o, inLen, outLen, scale, roiStart, roiEnd);
                idx[o] = Double.isNaN(xo) ? -1 : clamp(nearest(op, xo, scale), inLen);
                w[o] = 1;
            }
            return new Taps(1, idx, w);
        }
        double support = op.mode() == Resize.Mode.LINEAR ? 1 : 2;
        double s = op.antialias() ? Math.min(scale, 1.0) : 1.0;
        int start = (int) Math.floor(-support / s) + 1;
        int taps = 2 - 2 * start;
        int[] idx = new int[outLen * taps];
        double[] w = new double[outLen * taps];
        for (int o = 0; o < outLen; o++) {
            double xo = coordinate(op, o, inLen, outLen, scale, roiStart, roiEnd);
            if (Double.isNaN(xo)) {
                Arrays.fill(idx, o * taps, (o + 1) * taps, -1);
                continue;
            }
            // As the reference: the sample left of x with a ratio in (0, 1], so an integer x is "1 past" x - 1.
            double left = Math.floor(xo);
            double ratio = xo - left;
            if (ratio == 0) {
                left -= 1;
                ratio = 1;
            }
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                int off = start + k;
                double c = weight(op, (off - ratio) * s);
                long pix = (long) left + off;
                if (op.excludeOutside() && (pix < 0 || pix >= inLen)) {
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
        return new Taps(taps, idx, w);
    }

    /** The linear or cubic interpolation kernel at distance {@code t}. */
    private static double weight(Resize op, double t) {
        double x = Math.abs(t);
        if (op.mode() == Resize.Mode.LINEAR) {
            return Math.max(0, 1 - x);
        }
        double a = op.cubicCoeffA();
        if (x <= 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        return x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0;
    }

    /** The input coordinate of output index {@code o}, or NaN when tf_crop_and_resize falls outside. */
    private static double coordinate(Resize op, int o, int inLen, int outLen, double scale, double roiStart,
                                     double roiEnd) {
        double outWidth = scale * inLen;
        return switch (op.coordinateMode()) {
            case HALF_PIXEL -> (o + 0.5) / scale - 0.5;
            case HALF_PIXEL_SYMMETRIC -> inLen / 2.0 * (1 - outLen / outWidth) + (o + 0.5) / scale - 0.5;
            case PYTORCH_HALF_PIXEL -> outWidth == 1 ? -0.5 : (o + 0.5) / scale - 0.5;
            case ALIGN_CORNERS -> outWidth == 1 ? 0 : o * (inLen - 1) / (outWidth - 1);
            case ASYMMETRIC -> o / scale;
            case TF_HALF_PIXEL_FOR_NN -> (o + 0.5) / scale;
            case TF_CROP_AND_RESIZE -> {
                double span = (roiEnd - roiStart) * (inLen - 1);
                double xo = (outWidth == 1 ? span / 2 : o * span / (outWidth - 1)) + roiStart * (inLen - 1);
                yield xo < 0 || xo > inLen - 1 ? Double.NaN : xo;
            }
        };
    }

    private static long nearest(Resize op, double x, double scale) {
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
}
