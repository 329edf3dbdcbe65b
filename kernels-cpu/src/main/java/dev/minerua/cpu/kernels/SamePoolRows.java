package dev.minerua.cpu.kernels;

import dev.minerua.ir.ops.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 2-D MaxPool and AveragePool at stride 1 with "same" padding (the output as large as the input: the
 * 3x3 pad-1 pools of Inception's pool branches), over a block of output rows of one plane as one flat run. The
 * block's input rows, with the rows the windows reach above and below (the padding's neutral value where they lie
 * outside the input), are copied once into a scratch run; then output element {@code k} of the block is the fold
 * of {@code run[k + t*W + j]} over the window's taps {@code (t, j)}: each vector of outputs loads its taps
 * straight, folds the height taps first and then the width taps left to right, the order {@link PlanePooling} adds
 * in. A width tap that would cross a row's left or right edge reads the neighbouring row instead, so a lane mask
 * per tap (from the column alone) replaces it by the neutral value there, which gives what the padded folds give;
 * the result is bit for bit {@link PlanePooling}'s, with AveragePool dividing by the same per-axis tap counts.
 * Compared with the row-by-row folds this reads no row twice for a narrow plane (7 to 28 floats a row) and spends
 * no call per row. Only for the vector tiers; loaded only after the tier check.
 */
abstract sealed class SamePoolRows {
    /** Floats of a block's output run: large planes are cut into blocks of rows that stay within the L1 cache. */
    private static final int BLOCK_FLOATS = 2048;

    /** Largest window edge these loops take (taps are loaded one by one, each with its own lane mask). */
    private static final int MAX_WINDOW = 7;

    /** Per thread: the block's padded input run. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * The species comes from per-tier overrides returning a static final constant: the Vector API intrinsics
     * need a species C2 sees as a constant.
     */
    abstract VectorSpecies<Float> species();

    /** The loops for a vector tier of {@code lanes} floats; null for any other width. */
    static SamePoolRows forLanes(int lanes) {
        return switch (lanes) {
            case 4 -> V128.INSTANCE;
            case 8 -> V256.INSTANCE;
            case 16 -> V512.INSTANCE;
            default -> null;
        };
    }

    /**
     * Whether the geometry (lifted to 3-D) is a 2-D pool these loops take: stride and dilation 1, a window of at
     * most {@link #MAX_WINDOW} a side, pads that keep the output as large as the input.
     */
    static boolean applies(ConvGeometry.Resolved g) {
        if (!PlanePooling.applies(g)) {
            return false;
        }
        for (int axis = 1; axis <= 2; axis++) {
            if (g.stride()[axis] != 1 || g.dilation()[axis] != 1 || g.kernel()[axis] > MAX_WINDOW
                    || g.out()[axis] != g.in()[axis] || g.in()[axis] < 1
                    || g.padBegin()[axis] + g.padEnd()[axis] != g.kernel()[axis] - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * A geometry's constants: per width tap, which output columns (element {@code k} of a block, column
     * {@code k % W}) it reads inside the row; AveragePool's tap count per output element of the plane (null for
     * MaxPool); the output rows per block.
     */
    record Plan(boolean[][] inRow, float[] counts, int blockRows) {
    }

    /** The widest vector of any tier, in floats: the plan's arrays have that much slack past their last use. */
    private static final int MAX_LANES = 16;

    /**
     * The plan for {@code g} ({@link #applies}), good for every tier; {@code countW} is AveragePool's width tap
     * counts per column (null for MaxPool).
     */
    static Plan plan(ConvGeometry.Resolved g, float[] countW, boolean includePad) {
        int lanes = MAX_LANES;
        int h = g.in()[1];
        int w = g.in()[2];
        int kw = g.kernel()[2];
        int padLeft = g.padBegin()[2];
        int blockRows = Math.max(1, Math.min(h, BLOCK_FLOATS / w));
        int runLength = blockRows * w + lanes;
        boolean[][] inRow = new boolean[kw][runLength];
        for (int j = 0; j < kw; j++) {
            for (int k = 0; k < runLength; k++) {
                int c = k % w + j - padLeft;
                inRow[j][k] = c >= 0 && c < w;
            }
        }
        float[] counts = null;
        if (countW != null) {
            counts = new float[h * w + lanes];
            java.util.Arrays.fill(counts, 1f);
            for (int oh = 0; oh < h; oh++) {
                // The product PlanePooling divides by, formed the same way.
                float ch = FloatPooling.taps(g, 1, oh, includePad);
                for (int ow = 0; ow < w; ow++) {
                    counts[oh * w + ow] = ch * countW[ow];
                }
            }
        }
        return new Plan(inRow, counts, blockRows);
    }

    /** Output rows {@code [from, to)}, numbered over (plane, oh), as {@link FloatPooling} numbers them. */
    final void rows(ConvGeometry.Resolved g, Plan plan, float[] x, float[] y, int from, int to) {
        int outH = g.out()[1];
        for (int row = from; row < to; ) {
            int plane = row / outH;
            int oh0 = row - plane * outH;
            int oh1 = Math.min(outH, Math.min(oh0 + plan.blockRows(), oh0 + to - row));
            block(g, plan, x, y, plane, oh0, oh1);
            row += oh1 - oh0;
        }
    }

    private void block(ConvGeometry.Resolved g, Plan plan, float[] x, float[] y, int plane, int oh0, int oh1) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        boolean max = plan.counts() == null;
        float neutral = max ? Float.NEGATIVE_INFINITY : 0f;
        int h = g.in()[1];
        int w = g.in()[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int padTop = g.padBegin()[1];
        int padLeft = g.padBegin()[2];
        // run[padLeft + r*w + c] holds input (oh0 - padTop + r, c): the window tap (t, j) of output element k
        // of the block is run[k + t*w + j].
        int runRows = oh1 - oh0 + kh - 1;
        int used = padLeft + runRows * w + (kw - 1 - padLeft);
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < used + l) {
            scratch[0] = new float[used + l];
        }
        float[] run = scratch[0];
        java.util.Arrays.fill(run, 0, padLeft, neutral);
        int planeOff = plane * h * w;
        for (int r = 0; r < runRows; ) {
            int ih = oh0 - padTop + r;
            int dst = padLeft + r * w;
            if (ih < 0 || ih >= h) {
                java.util.Arrays.fill(run, dst, dst + w, neutral);
                r++;
                continue;
            }
            // The input rows inside the plane are contiguous: one copy for all of them.
            int rows = Math.min(runRows - r, h - ih);
            System.arraycopy(x, planeOff + ih * w, run, dst, rows * w);
            r += rows;
        }
        java.util.Arrays.fill(run, padLeft + runRows * w, used + l, neutral);
        int n = (oh1 - oh0) * w;
        int yOff = planeOff + oh0 * w;
        int cOff = oh0 * w;
        boolean[][] inRow = plan.inRow();
        float[] counts = plan.counts();
        FloatVector fill = FloatVector.broadcast(s, neutral);
        for (int k = 0; k < n; k += l) {
            // Width tap 0 starts the fold (no neutral first operand: 0 + -0 would lose the sign of a zero sum).
            FloatVector acc = FloatVector.fromArray(s, run, k);
            for (int t = 1; t < kh; t++) {
                FloatVector v = FloatVector.fromArray(s, run, k + t * w);
                acc = max ? acc.max(v) : acc.add(v);
            }
            acc = fill.blend(acc, VectorMask.fromArray(s, inRow[0], k));
            for (int j = 1; j < kw; j++) {
                int o = k + j;
                FloatVector column = FloatVector.fromArray(s, run, o);
                for (int t = 1; t < kh; t++) {
                    FloatVector v = FloatVector.fromArray(s, run, o + t * w);
                    column = max ? column.max(v) : column.add(v);
                }
                column = fill.blend(column, VectorMask.fromArray(s, inRow[j], k));
                acc = max ? acc.max(column) : acc.add(column);
            }
            if (!max) {
                acc = acc.div(FloatVector.fromArray(s, counts, cOff + k));
            }
            if (k + l <= n) {
                acc.intoArray(y, yOff + k);
            } else {
                acc.intoArray(y, yOff + k, s.indexInRange(k, n));
            }
        }
    }

    private static final class V128 extends SamePoolRows {
        static final V128 INSTANCE = new V128();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_128;
        }
    }

    private static final class V256 extends SamePoolRows {
        static final V256 INSTANCE = new V256();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_256;
        }
    }

    private static final class V512 extends SamePoolRows {
        static final V512 INSTANCE = new V512();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_512;
        }
    }
}
