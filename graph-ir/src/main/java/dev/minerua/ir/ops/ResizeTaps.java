package dev.minerua.ir.ops;

/**
 * The taps of one Resize axis: every supported mode is separable, so output coordinate {@code o} along an
 * axis is the weighted sum of a few input samples along it (1 for nearest, 2 for linear, 4 for cubic, more
 * when antialiasing widens the kernel). Output {@code o} reads input index {@code idx[o * taps + k]} with
 * weight {@code w[o * taps + k]}; samples outside the input are clamped to the edge (or dropped and the
 * weights renormalized with exclude_outside), and an {@code outside} coordinate (tf_crop_and_resize past
 * the input) takes the extrapolation value instead. Shared by the CPU kernel and the OpenCL lowering.
 *
 * @param taps    samples per output coordinate
 * @param idx     input index per output coordinate and tap
 * @param w       weight per output coordinate and tap (computed in double, as the ONNX reference does)
 * @param outside per output coordinate, true when it takes the extrapolation value
 */
public record ResizeTaps(int taps, int[] idx, double[] w, boolean[] outside) {

    /** The taps of an axis of {@code inLen} samples resized to {@code outLen} at {@code scale}. */
    public static ResizeTaps of(Resize op, int inLen, int outLen, double scale, double roiStart, double roiEnd) {
        boolean[] outside = new boolean[outLen];
        if (op.mode() == Resize.Mode.NEAREST) {
            int[] idx = new int[outLen];
            double[] w = new double[outLen];
            for (int o = 0; o < outLen; o++) {
                double xo = coordinate(op, o, inLen, outLen, scale, roiStart, roiEnd);
                if (Double.isNaN(xo)) {
                    outside[o] = true;
                    continue;
                }
                idx[o] = clamp(nearest(op, xo, scale), inLen);
                w[o] = 1;
            }
            return new ResizeTaps(1, idx, w, outside);
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
                double c = kernel(op, (off - ratio) * s);
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
        return new ResizeTaps(taps, idx, w, outside);
    }

    /** True when every output sample copies the input sample at the same index. */
    public boolean isIdentity(int inLen) {
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

    /** The interpolation kernel at distance {@code t} (already scaled for antialiasing). */
    private static double kernel(Resize op, double t) {
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
    private static double coordinate(Resize op, int o, int inLen, int outLen, double scale, double roiStart,
                                     double roiEnd) {
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
