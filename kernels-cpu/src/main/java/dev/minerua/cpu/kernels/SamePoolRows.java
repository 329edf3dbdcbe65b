package dev.minerua.cpu.kernels;

import dev.minerua.ir.ops.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 2-D MaxPool and AveragePool at stride 1 with "same" padding (the output as large as the input: the
 * 3x3 pad-1 pools of Inception's pool branches), with the planes as one flat run. Output element {@code k} of the
 * run (plane, row, column) folds {@code x[k + (t - padTop) * W + (j - padLeft)]} over the window's taps
 * {@code (t, j)}: each vector of outputs loads its taps straight from the input, folds the height taps first and
 * then the width taps left to right, the order {@link PlanePooling} adds in. A tap that would lie in the padding
 * reads a neighbouring row or plane instead, so lane masks (per height tap from the row, per width tap from the
 * column, precomputed over one plane and a vector more, as the pattern repeats plane after plane) replace it by
 * the padding's neutral value, which gives what the padded folds give: the result is bit for bit
 * {@link PlanePooling}'s, with AveragePool dividing by the same per-axis tap counts. Neither a padded copy, nor a
 * call per row or per plane: the narrow planes (7x7, 14x14) cost the row folds mostly in such overhead. Vectors
 * whose loads would leave the input (the first and last rows of the tensor) are folded element by element in the
 * same order. Only for the vector tiers; loaded only after the tier check.
 */
abstract sealed class SamePoolRows {
    /** Largest window edge these loops take (each tap is a load of its own). */
    private static final int MAX_WINDOW = 7;

    /** The widest vector of any tier, in floats: the plan's arrays have that much slack past one plane. */
    private static final int MAX_LANES = 16;

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
     * A geometry's constants, each over one plane's elements {@code i} and {@link #MAX_LANES} more (element
     * {@code i} stands for {@code i % (H*W)}): per height tap, whether output {@code i}'s tap row lies inside the
     * plane ({@code inPlane}); per width tap, whether its tap column lies inside the row ({@code inRow}); and
     * AveragePool's tap count per output (null for MaxPool).
     */
    record Plan(boolean[][] inPlane, boolean[][] inRow, float[] counts) {
    }

    /**
     * The plan for {@code g} ({@link #applies}), good for every tier; {@code countW} is AveragePool's width tap
     * counts per column (null for MaxPool).
     */
    static Plan plan(ConvGeometry.Resolved g, float[] countW, boolean includePad) {
        int h = g.in()[1];
        int w = g.in()[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int hw = h * w;
        int length = hw + MAX_LANES;
        boolean[][] inPlane = new boolean[kh][length];
        boolean[][] inRow = new boolean[kw][length];
        float[] counts = countW == null ? null : new float[length];
        for (int i = 0; i < length; i++) {
            int oh = i % hw / w;
            int ow = i % w;
            for (int t = 0; t < kh; t++) {
                int r = oh + t - g.padBegin()[1];
                inPlane[t][i] = r >= 0 && r < h;
            }
            for (int j = 0; j < kw; j++) {
                int c = ow + j - g.padBegin()[2];
                inRow[j][i] = c >= 0 && c < w;
            }
            if (counts != null) {
                // The product PlanePooling divides by, formed the same way.
                counts[i] = FloatPooling.taps(g, 1, oh, includePad) * countW[ow];
            }
        }
        return new Plan(inPlane, inRow, counts);
    }

    /** Output rows {@code [from, to)}, numbered over (plane, oh), as {@link FloatPooling} numbers them. */
    final void rows(ConvGeometry.Resolved g, Plan plan, float[] x, float[] y, int from, int to) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        boolean max = plan.counts() == null;
        float neutral = max ? Float.NEGATIVE_INFINITY : 0f;
        int w = g.in()[2];
        int hw = g.in()[1] * w;
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        // Tap (t, j) of output k reads x[k + base + t * w + j].
        int base = -g.padBegin()[1] * w - g.padBegin()[2];
        int reach = base + (kh - 1) * w + kw - 1;
        boolean[][] inPlane = plan.inPlane();
        boolean[][] inRow = plan.inRow();
        float[] counts = plan.counts();
        FloatVector fill = FloatVector.broadcast(s, neutral);
        int end = to * w;
        int k = from * w;
        // Outputs before the first vector whose loads all lie inside x, one by one.
        int first = Math.min(end, Math.max(k, -base));
        for (; k < first; k++) {
            y[k] = window(plan, x, k, k % hw, base, w, kh, kw, neutral);
        }
        int i = k % hw;
        for (; k < end && k + base + l <= x.length && k + reach + l <= x.length; k += l) {
            FloatVector acc;
            if (kh == 3 && kw == 3) {
                // Inception's window, unrolled (the general loop below costs a third more).
                boolean[] top = inPlane[0];
                boolean[] bottom = inPlane[2];
                int o = k + base;
                FloatVector a = fill.blend(FloatVector.fromArray(s, x, o), VectorMask.fromArray(s, top, i));
                FloatVector b = fill.blend(FloatVector.fromArray(s, x, o + 1), VectorMask.fromArray(s, top, i));
                FloatVector c = fill.blend(FloatVector.fromArray(s, x, o + 2), VectorMask.fromArray(s, top, i));
                FloatVector a1 = FloatVector.fromArray(s, x, o + w);
                FloatVector b1 = FloatVector.fromArray(s, x, o + w + 1);
                FloatVector c1 = FloatVector.fromArray(s, x, o + w + 2);
                int o2 = o + 2 * w;
                FloatVector a2 = fill.blend(FloatVector.fromArray(s, x, o2), VectorMask.fromArray(s, bottom, i));
                FloatVector b2 = fill.blend(FloatVector.fromArray(s, x, o2 + 1), VectorMask.fromArray(s, bottom, i));
                FloatVector c2 = fill.blend(FloatVector.fromArray(s, x, o2 + 2), VectorMask.fromArray(s, bottom, i));
                if (max) {
                    a = a.max(a1).max(a2);
                    b = b.max(b1).max(b2);
                    c = c.max(c1).max(c2);
                } else {
                    a = a.add(a1).add(a2);
                    b = b.add(b1).add(b2);
                    c = c.add(c1).add(c2);
                }
                a = fill.blend(a, VectorMask.fromArray(s, inRow[0], i));
                c = fill.blend(c, VectorMask.fromArray(s, inRow[2], i));
                acc = max ? a.max(b).max(c) : a.add(b).add(c);
            } else {
                // Width tap 0 starts the fold (not a neutral operand: 0 + -0 would lose a zero sum's sign).
                acc = fill.blend(FloatVector.fromArray(s, x, k + base), VectorMask.fromArray(s, inPlane[0], i));
                for (int t = 1; t < kh; t++) {
                    FloatVector v = fill.blend(FloatVector.fromArray(s, x, k + base + t * w),
                            VectorMask.fromArray(s, inPlane[t], i));
                    acc = max ? acc.max(v) : acc.add(v);
                }
                acc = fill.blend(acc, VectorMask.fromArray(s, inRow[0], i));
                for (int j = 1; j < kw; j++) {
                    int o = k + base + j;
                    FloatVector column = fill.blend(FloatVector.fromArray(s, x, o),
                            VectorMask.fromArray(s, inPlane[0], i));
                    for (int t = 1; t < kh; t++) {
                        FloatVector v = fill.blend(FloatVector.fromArray(s, x, o + t * w),
                                VectorMask.fromArray(s, inPlane[t], i));
                        column = max ? column.max(v) : column.add(v);
                    }
                    column = fill.blend(column, VectorMask.fromArray(s, inRow[j], i));
                    acc = max ? acc.max(column) : acc.add(column);
                }
            }
            if (!max) {
                acc = acc.div(FloatVector.fromArray(s, counts, i));
            }
            if (k + l <= end) {
                acc.intoArray(y, k);
            } else {
                acc.intoArray(y, k, s.indexInRange(k, end));
            }
            i += l;
            if (i >= hw) {
                i -= hw;
            }
        }
        // Outputs whose vector would load past the end of x, one by one.
        for (; k < end; k++) {
            y[k] = window(plan, x, k, k % hw, base, w, kh, kw, neutral);
        }
    }

    /** Output {@code k} (element {@code i} of its plane) alone, folded as the vector loop folds it. */
    private static float window(Plan plan, float[] x, int k, int i, int base, int w, int kh, int kw, float neutral) {
        boolean max = plan.counts() == null;
        float acc = neutral;
        for (int j = 0; j < kw; j++) {
            float column = neutral;
            if (plan.inRow()[j][i]) {
                int o = k + base + j;
                column = plan.inPlane()[0][i] ? x[o] : neutral;
                for (int t = 1; t < kh; t++) {
                    float v = plan.inPlane()[t][i] ? x[o + t * w] : neutral;
                    column = max ? Math.max(column, v) : column + v;
                }
            }
            acc = j == 0 ? column : max ? Math.max(acc, column) : acc + column;
        }
        return max ? acc : acc / plan.counts()[i];
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
