package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.ConvGeometry;

import java.util.Arrays;

/**
 * 2-D float32 MaxPool and AveragePool, folding many output rows per call (the row-by-row folds of
 * {@link FloatPooling} spend most of their time in per-call overhead and scalar tails, as a feature-map row is
 * only some 7 to 100 floats). Windows that reach into the padding (or past the end under ceil mode) read a
 * padded copy filled with the fold's neutral value, which gives the same maxima and sums as skipping those
 * taps; AveragePool then divides by the per-axis tap counts, as {@link FloatPooling} does. Two layouts:
 * <ul>
 *   <li>a block of output rows of one plane ({@link #block}): each output row's height taps fold into a row of
 *       the block that is a whole number of vectors wide (reading past the row's last window, never a scalar
 *       tail), then the width taps fold the whole block in one call per tap, and each output picks its
 *       window's fold ({@code ow * sw} along the row);</li>
 *   <li>small planes ({@link #planes}): several whole planes, each padded, one after the other in one run;
 *       each height tap and each width tap is one call over all of them (with a vertical stride the rows in
 *       between are folded for nothing, still cheaper than a call per row).</li>
 * </ul>
 * Folds that cross a row end or a plane end are never picked.
 */
final class PlanePooling {
    /** Floats of one block's folded run: the block is cut so that its buffers stay within the L2 cache. */
    private static final int BLOCK_FLOATS = 4096;

    /** Floats of a padded plane up to which several whole planes are pooled at once ({@link #planes}). */
    private static final int SMALL_PLANE = 1024;

    /** Per thread: the padded run, the height fold and the width fold. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private PlanePooling() {
    }

    /** Whether the geometry (lifted to 3-D) pools over two axes only. */
    static boolean applies(ConvGeometry.Resolved g) {
        return g.in()[0] == 1 && g.out()[0] == 1 && g.kernel()[0] == 1 && g.padBegin()[0] == 0;
    }

    /**
     * Output rows {@code [from, to)}, numbered over (plane, oh), as {@link FloatPooling} numbers them;
     * {@code countW} holds the width tap counts for AveragePool (null for MaxPool).
     */
    static void rows(boolean max, ConvGeometry.Resolved g, float[] x, float[] y, int from, int to,
                     FloatPrimitives simd, float[] countW, boolean includePad) {
        int[] out = g.out();
        int outH = out[1];
        int planeFloats = paddedHeight(g) * paddedWidth(g);
        if (planeFloats <= SMALL_PLANE) {
            int perBlock = Math.max(1, BLOCK_FLOATS / planeFloats);
            for (int row = from; row < to; ) {
                int plane = row / outH;
                int oh0 = row - plane * outH;
                if (oh0 != 0 || to - row < outH) {
                    // A plane the range cuts: its rows alone.
                    int oh1 = Math.min(outH, oh0 + to - row);
                    block(max, g, x, y, plane, oh0, oh1, simd, countW, includePad);
                    row += oh1 - oh0;
                    continue;
                }
                int planes = Math.min(perBlock, (to - row) / outH);
                planes(max, g, x, y, plane, planes, simd, countW, includePad);
                row += planes * outH;
            }
            return;
        }
        int block = blockRows(g);
        for (int row = from; row < to; ) {
            int plane = row / outH;
            int oh0 = row - plane * outH;
            int oh1 = Math.min(outH, Math.min(oh0 + block, oh0 + to - row));
            block(max, g, x, y, plane, oh0, oh1, simd, countW, includePad);
            row += oh1 - oh0;
        }
    }

    /** Output rows per block: as many as keep the folded run near {@link #BLOCK_FLOATS}, at least one. */
    private static int blockRows(ConvGeometry.Resolved g) {
        long perRow = paddedWidth(g) + 16;
        return (int) Math.max(1, BLOCK_FLOATS / Math.max(1, perRow));
    }

    /** The input rows the windows of one whole plane span, padding included. */
    private static int paddedHeight(ConvGeometry.Resolved g) {
        return (g.out()[1] - 1) * g.stride()[1] + (g.kernel()[1] - 1) * g.dilation()[1] + 1;
    }

    /** The input columns the windows of one output row span, padding included. */
    private static int paddedWidth(ConvGeometry.Resolved g) {
        return (g.out()[2] - 1) * g.stride()[2] + (g.kernel()[2] - 1) * g.dilation()[2] + 1;
    }

    private static void block(boolean max, ConvGeometry.Resolved g, float[] x, float[] y, int plane, int oh0, int oh1,
                              FloatPrimitives simd, float[] countW, boolean includePad) {
        FloatPrimitives.Binary fold = max ? FloatPrimitives.Binary.MAX : FloatPrimitives.Binary.ADD;
        int inH = g.in()[1];
        int inW = g.in()[2];
        int outW = g.out()[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int sh = g.stride()[1];
        int sw = g.stride()[2];
        int dh = g.dilation()[1];
        int dw = g.dilation()[2];
        int padTop = g.padBegin()[1];
        int padLeft = g.padBegin()[2];
        int lanes = simd.lanes();
        int wp = paddedWidth(g);
        // Each folded row is wv wide, a whole number of vectors: no fold below ends in a scalar tail.
        int wv = roundUp(wp, lanes);
        // Input rows r0..r1 (inclusive, padding included) feed output rows [oh0, oh1).
        int r0 = oh0 * sh - padTop;
        int r1 = (oh1 - 1) * sh - padTop + (kh - 1) * dh;
        int runRows = r1 - r0 + 1;
        int outRows = oh1 - oh0;
        float[][] scratch = SCRATCH.get();
        float[] src = x;
        int srcOff;
        int w;
        if (r0 >= 0 && r1 < inH && padLeft == 0 && wp <= inW) {
            w = inW;
            srcOff = plane * inH * inW + r0 * inW;
        } else {
            w = wp;
            src = ensure(scratch, 0, runRows * wp + wv);
            srcOff = 0;
            padRun(x, plane * inH * inW, inH, inW, r0, runRows, padLeft, wp, max ? Float.NEGATIVE_INFINITY : 0f,
                    src, 0);
        }
        int span = (kw - 1) * dw;
        int hn = roundUp(outRows * wv, lanes);
        float[] v = ensure(scratch, 1, hn + span);
        for (int r = 0; r < outRows; r++) {
            int s0 = srcOff + r * sh * w;
            int vRow = r * wv;
            // Reads past the row's last window (up to wv) stay inside src; near its end only wp are folded.
            int n = s0 + (kh - 1) * dh * w + wv <= src.length ? wv : wp;
            if (kh == 1) {
                System.arraycopy(src, s0, v, vRow, n);
            } else {
                simd.binary(fold, src, s0, src, s0 + dh * w, v, vRow, n);
                for (int t = 2; t < kh; t++) {
                    simd.binary(fold, v, vRow, src, s0 + t * dh * w, v, vRow, n);
                }
            }
        }
        float[] h = v;
        if (kw > 1) {
            // Folds that cross into the next row's slot are never picked.
            h = ensure(scratch, 2, hn);
            simd.binary(fold, v, 0, v, dw, h, 0, hn);
            for (int t = 2; t < kw; t++) {
                simd.binary(fold, h, 0, v, t * dw, h, 0, hn);
            }
        }
        int planeOut = plane * outW * g.out()[1];
        for (int oh = oh0; oh < oh1; oh++) {
            int hRow = (oh - oh0) * wv;
            int yRow = planeOut + oh * outW;
            pick(h, hRow, sw, y, yRow, outW);
            if (countW != null) {
                divide(g, oh, includePad, countW, y, yRow);
            }
        }
    }

    /**
     * Small planes ({@link #SMALL_PLANE}): {@code count} whole planes from {@code plane} on, each copied padded
     * ({@code hp x wp}, the neutral value around it) one after the other into one run, so that each fold is a
     * single call over all of them; a fold that crosses from one plane's rows into the next is never picked.
     */
    private static void planes(boolean max, ConvGeometry.Resolved g, float[] x, float[] y, int plane, int count,
                               FloatPrimitives simd, float[] countW, boolean includePad) {
        FloatPrimitives.Binary fold = max ? FloatPrimitives.Binary.MAX : FloatPrimitives.Binary.ADD;
        int inH = g.in()[1];
        int inW = g.in()[2];
        int outH = g.out()[1];
        int outW = g.out()[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int sh = g.stride()[1];
        int sw = g.stride()[2];
        int lanes = simd.lanes();
        int hp = paddedHeight(g);
        int wp = paddedWidth(g);
        int planeRun = hp * wp;
        int hStep = (kh - 1) * g.dilation()[1] * wp;
        int span = (kw - 1) * g.dilation()[2];
        int n = roundUp(count * planeRun, lanes);
        // Room for the folds' reads past the last plane (their results are never picked).
        float[][] scratch = SCRATCH.get();
        float[] src = ensure(scratch, 0, n + hStep + span + lanes);
        for (int q = 0; q < count; q++) {
            padRun(x, (plane + q) * inH * inW, inH, inW, -g.padBegin()[1], hp, g.padBegin()[2], wp,
                    max ? Float.NEGATIVE_INFINITY : 0f, src, q * planeRun);
        }
        float[] v = src;
        if (kh > 1) {
            v = ensure(scratch, 1, n + span + lanes);
            simd.binary(fold, src, 0, src, g.dilation()[1] * wp, v, 0, n);
            for (int t = 2; t < kh; t++) {
                simd.binary(fold, v, 0, src, t * g.dilation()[1] * wp, v, 0, n);
            }
        }
        float[] h = v;
        if (kw > 1) {
            h = ensure(scratch, 2, n);
            simd.binary(fold, v, 0, v, g.dilation()[2], h, 0, n);
            for (int t = 2; t < kw; t++) {
                simd.binary(fold, h, 0, v, t * g.dilation()[2], h, 0, n);
            }
        }
        for (int q = 0; q < count; q++) {
            int planeOut = (plane + q) * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int hRow = q * planeRun + oh * sh * wp;
                if (countW != null && sw == 1) {
                    pickAndDivide(g, oh, includePad, countW, h, hRow, y, planeOut + oh * outW);
                    continue;
                }
                pick(h, hRow, sw, y, planeOut + oh * outW, outW);
                if (countW != null) {
                    divide(g, oh, includePad, countW, y, planeOut + oh * outW);
                }
            }
        }
    }

    /** {@code y[yRow + ow] = h[hRow + ow * sw]} for the {@code outW} positions of an output row. */
    private static void pick(float[] h, int hRow, int sw, float[] y, int yRow, int outW) {
        if (sw == 1) {
            System.arraycopy(h, hRow, y, yRow, outW);
        } else {
            for (int ow = 0, j = hRow; ow < outW; ow++, j += sw) {
                y[yRow + ow] = h[j];
            }
        }
    }

    /**
     * AveragePool: divides output row {@code oh}'s sums by their tap counts. A window with no counted tap
     * summed padding zeros only, and 0/0 makes it NaN, as {@link FloatPooling} has it; so the loop needs no
     * test and vectorizes.
     */
    private static void divide(ConvGeometry.Resolved g, int oh, boolean includePad, float[] countW, float[] y,
                               int yRow) {
        float ch = FloatPooling.taps(g, 1, oh, includePad);
        for (int ow = 0; ow < countW.length; ow++) {
            y[yRow + ow] /= ch * countW[ow];
        }
    }

    /** {@link #pick} at width stride 1 and {@link #divide} in one pass. */
    private static void pickAndDivide(ConvGeometry.Resolved g, int oh, boolean includePad, float[] countW, float[] h,
                                      int hRow, float[] y, int yRow) {
        float ch = FloatPooling.taps(g, 1, oh, includePad);
        for (int ow = 0; ow < countW.length; ow++) {
            y[yRow + ow] = h[hRow + ow] / (ch * countW[ow]);
        }
    }

    private static int roundUp(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    /**
     * Copies input rows {@code r0 .. r0+rows-1} of the plane at {@code planeOff}, columns {@code -padLeft ..
     * wp-padLeft-1}, into {@code dst} from {@code dOff} on ({@code wp} floats a row), {@code fill} where that
     * lies outside the input.
     */
    private static void padRun(float[] x, int planeOff, int inH, int inW, int r0, int rows, int padLeft, int wp,
                               float fill, float[] dst, int dOff) {
        int c0 = Math.max(0, -padLeft);
        int c1 = Math.min(inW, wp - padLeft);
        for (int r = 0; r < rows; r++) {
            int ih = r0 + r;
            int d = dOff + r * wp;
            if (ih < 0 || ih >= inH || c1 <= c0) {
                Arrays.fill(dst, d, d + wp, fill);
                continue;
            }
            // Pads are a few floats: plain loops rather than calls.
            int lead = c0 + padLeft;
            for (int j = d; j < d + lead; j++) {
                dst[j] = fill;
            }
            System.arraycopy(x, planeOff + ih * inW + c0, dst, d + lead, c1 - c0);
            for (int j = d + lead + c1 - c0; j < d + wp; j++) {
                dst[j] = fill;
            }
        }
    }

    private static float[] ensure(float[][] scratch, int i, int size) {
        if (scratch[i].length < size) {
            scratch[i] = new float[size];
        }
        return scratch[i];
    }
}
