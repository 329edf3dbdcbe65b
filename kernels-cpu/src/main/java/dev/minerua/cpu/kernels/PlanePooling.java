package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.ir.ops.ConvGeometry;

import java.util.Arrays;

/**
 * 2-D float32 MaxPool and AveragePool over blocks of output rows, folding whole blocks instead of single rows
 * (the row-by-row folds of {@link FloatPooling} spend most of their time in per-call overhead and scalar tails,
 * as a feature-map row is only some 10 to 100 floats). For a block of output rows of one plane, the input rows
 * it reads form one contiguous run (copied first into a padded run, filled with the fold's neutral value, when
 * a window reaches into the padding or past the end under ceil mode). Then, on that run of row width
 * {@code w}:
 * <ol>
 *   <li>the height taps fold as one long vector operation each, {@code v[i] = fold over kh of run[i + kh*dh*w]};</li>
 *   <li>the width taps fold {@code v} alike, {@code h[i] = fold over kw of v[i + kw*dw]} (the folds that cross
 *       a row end are never read);</li>
 *   <li>output {@code (oh, ow)} of the block is {@code h[(oh - oh0)*sh*w + ow*sw]}.</li>
 * </ol>
 * With a vertical stride above 1 the rows in between are folded for nothing, which still costs less than
 * the per-row calls. Padding as the neutral value gives the same maxima and sums as skipping the padded taps;
 * AveragePool then divides by the per-axis tap counts, as {@link FloatPooling} does.
 */
final class PlanePooling {
    /** Floats of one block's folded run: the block is cut so that its buffers stay within the L2 cache. */
    private static final int BLOCK_FLOATS = 4096;

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
            padRun(x, plane * inH * inW, inH, inW, r0, runRows, padLeft, wp, max ? Float.NEGATIVE_INFINITY : 0f, src);
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
            if (sw == 1) {
                System.arraycopy(h, hRow, y, yRow, outW);
            } else {
                for (int ow = 0, j = hRow; ow < outW; ow++, j += sw) {
                    y[yRow + ow] = h[j];
                }
            }
            if (countW != null) {
                float ch = FloatPooling.taps(g, 1, oh, includePad);
                for (int ow = 0; ow < outW; ow++) {
                    float count = ch * countW[ow];
                    y[yRow + ow] = count == 0 ? Float.NaN : y[yRow + ow] / count;
                }
            }
        }
    }

    private static int roundUp(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    /**
     * Copies input rows {@code r0 .. r0+rows-1} of the plane at {@code planeOff}, columns {@code -padLeft ..
     * wp-padLeft-1}, into {@code dst} ({@code wp} floats a row), {@code fill} where that lies outside the input.
     */
    private static void padRun(float[] x, int planeOff, int inH, int inW, int r0, int rows, int padLeft, int wp,
                               float fill, float[] dst) {
        int c0 = Math.max(0, -padLeft);
        int c1 = Math.min(inW, wp - padLeft);
        for (int r = 0; r < rows; r++) {
            int ih = r0 + r;
            int d = r * wp;
            if (ih < 0 || ih >= inH || c1 <= c0) {
                Arrays.fill(dst, d, d + wp, fill);
                continue;
            }
            int lead = c0 + padLeft;
            Arrays.fill(dst, d, d + lead, fill);
            System.arraycopy(x, planeOff + ih * inW + c0, dst, d + lead, c1 - c0);
            Arrays.fill(dst, d + lead + c1 - c0, d + wp, fill);
        }
    }

    private static float[] ensure(float[][] scratch, int i, int size) {
        if (scratch[i].length < size) {
            scratch[i] = new float[size];
        }
        return scratch[i];
    }
}
