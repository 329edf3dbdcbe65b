package dev.minerua.cpu.kernels;

import dev.minerua.ir.ops.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 2-D MaxPool and AveragePool with a width window of 2 or 3 at width stride 2 (the down-sampling pools
 * of the CNNs: 3x3 or 2x2, stride 2, padded or not, either ceil mode), one tight loop per output row and no
 * scratch. For each vector of outputs the loop loads the window's input columns (two vectors, two more one pair
 * of columns further on for a 3-wide window) of every height tap, folds them vertically in registers, splits
 * even and odd columns with a two-vector lane select and folds the window's two or three columns; the last
 * vector of a row is stored masked. Height taps in the padding are skipped; output columns whose window crosses
 * the left or right edge (padding, ceil-mode overhang) and vectors whose loads would run past the end of the
 * input are folded one by one. Folds into a vector read past the row's end (into the next rows) only in lanes
 * that are not stored. A NaN makes its window NaN, as in {@link FloatPooling}. AveragePool adds in the order
 * {@link PlanePooling} does (height taps first, then columns left to right; a skipped padding tap is its zero)
 * and divides by the same tap counts, so both give the same bits. Only for the vector tiers; loaded only after
 * the tier check.
 */
abstract sealed class StridedPoolRows {
    /**
     * The species comes from per-tier overrides returning a static final constant: the Vector API intrinsics
     * need a species C2 sees as a constant.
     */
    abstract VectorSpecies<Float> species();

    /** The lane indices 0, 2, 4, ...: of two vectors, the even lanes. */
    private final float[] evenLanes;

    StridedPoolRows() {
        evenLanes = new float[species().length()];
        for (int i = 0; i < evenLanes.length; i++) {
            evenLanes[i] = 2 * i;
        }
    }

    /** The loops for a vector tier of {@code lanes} floats; null for any other width. */
    static StridedPoolRows forLanes(int lanes) {
        return switch (lanes) {
            case 4 -> V128.INSTANCE;
            case 8 -> V256.INSTANCE;
            case 16 -> V512.INSTANCE;
            default -> null;
        };
    }

    /** Whether the geometry (lifted to 3-D) is a 2-D pool these loops take. */
    static boolean applies(ConvGeometry.Resolved g) {
        return PlanePooling.applies(g) && g.stride()[2] == 2 && g.dilation()[2] == 1
                && (g.kernel()[2] == 2 || g.kernel()[2] == 3) && g.out()[2] > 0;
    }

    /**
     * Output rows {@code [from, to)}, numbered over (plane, oh): their maxima, or with {@code countW} (AveragePool's
     * width tap counts per output column, {@link FloatPooling.Plan}) their averages.
     */
    final void rows(ConvGeometry.Resolved g, float[] x, float[] y, int from, int to, float[] countW,
                    boolean includePad) {
        VectorSpecies<Float> s = species();
        int l = s.length();
        boolean max = countW == null;
        int inH = g.in()[1];
        int inW = g.in()[2];
        int outH = g.out()[1];
        int outW = g.out()[2];
        int kh = g.kernel()[1];
        int kw = g.kernel()[2];
        int sh = g.stride()[1];
        int dh = g.dilation()[1];
        int padTop = g.padBegin()[1];
        int padLeft = g.padBegin()[2];
        // Output columns lo..hi (inclusive) have their whole window inside the row.
        int lo = Math.min(outW, Math.ceilDiv(padLeft, 2));
        int hi = Math.min(outW - 1, Math.floorDiv(inW - kw + padLeft, 2));
        // The furthest column a vector step reads, from its first column.
        int reach = kw == 3 ? 2 * l + 2 : 2 * l;
        FloatVector even = FloatVector.fromArray(s, evenLanes, 0);
        FloatVector odd = even.add(1f);
        for (int row = from; row < to; row++) {
            int plane = row / outH;
            int oh = row - plane * outH;
            int yRow = row * outW;
            int h0 = oh * sh - padTop;
            // Height taps t0..t1-1 lie inside the input.
            int t0 = h0 < 0 ? Math.ceilDiv(-h0, dh) : 0;
            int t1 = Math.min(kh, Math.floorDiv(inH - 1 - h0, dh) + 1);
            // AveragePool's height tap count, which divides every window of the row with its width count.
            float countH = max ? 1f : FloatPooling.taps(g, 1, oh, includePad);
            if (t0 >= t1) {
                emptyRow(y, yRow, outW, countW, countH);
                continue;
            }
            int base = plane * inH * inW + (h0 + t0 * dh) * inW;
            int taps = t1 - t0;
            int step = dh * inW;
            int last = base + (taps - 1) * step;
            FloatVector count = FloatVector.broadcast(s, countH * kw);
            int ow = lo;
            for (; ow <= hi; ow += l) {
                int c = 2 * ow - padLeft;
                if (last + c + reach > x.length) {
                    break;
                }
                int o = base + c;
                FloatVector m;
                if (max) {
                    FloatVector a = FloatVector.fromArray(s, x, o);
                    FloatVector b = FloatVector.fromArray(s, x, o + l);
                    for (int t = 1; t < taps; t++) {
                        int ot = o + t * step;
                        a = a.max(FloatVector.fromArray(s, x, ot));
                        b = b.max(FloatVector.fromArray(s, x, ot + l));
                    }
                    m = even.selectFrom(a, b).max(odd.selectFrom(a, b));
                    if (kw == 3) {
                        FloatVector e = FloatVector.fromArray(s, x, o + 2);
                        FloatVector f = FloatVector.fromArray(s, x, o + 2 + l);
                        for (int t = 1; t < taps; t++) {
                            int ot = o + 2 + t * step;
                            e = e.max(FloatVector.fromArray(s, x, ot));
                            f = f.max(FloatVector.fromArray(s, x, ot + l));
                        }
                        m = m.max(even.selectFrom(e, f));
                    }
                } else {
                    FloatVector a = FloatVector.fromArray(s, x, o);
                    FloatVector b = FloatVector.fromArray(s, x, o + l);
                    for (int t = 1; t < taps; t++) {
                        int ot = o + t * step;
                        a = a.add(FloatVector.fromArray(s, x, ot));
                        b = b.add(FloatVector.fromArray(s, x, ot + l));
                    }
                    m = even.selectFrom(a, b).add(odd.selectFrom(a, b));
                    if (kw == 3) {
                        FloatVector e = FloatVector.fromArray(s, x, o + 2);
                        FloatVector f = FloatVector.fromArray(s, x, o + 2 + l);
                        for (int t = 1; t < taps; t++) {
                            int ot = o + 2 + t * step;
                            e = e.add(FloatVector.fromArray(s, x, ot));
                            f = f.add(FloatVector.fromArray(s, x, ot + l));
                        }
                        m = m.add(even.selectFrom(e, f));
                    }
                    m = m.div(count);
                }
                int n = hi - ow + 1;
                if (n >= l) {
                    m.intoArray(y, yRow + ow);
                } else {
                    m.intoArray(y, yRow + ow, s.indexInRange(0, n));
                }
            }
            for (; ow <= hi; ow++) {
                y[yRow + ow] = window(x, base, taps, step, 2 * ow - padLeft, kw, inW, countW, countH, ow);
            }
            for (int e = 0; e < outW; e++) {
                if (e == lo && hi >= lo) {
                    e = hi;
                    continue;
                }
                y[yRow + e] = window(x, base, taps, step, 2 * e - padLeft, kw, inW, countW, countH, e);
            }
        }
    }

    /**
     * An output row whose height taps all lie in the padding: -infinity for MaxPool; for AveragePool the zero
     * sum of the padding over its count (0/0, NaN, when no tap counts), as {@link PlanePooling} has it.
     */
    private static void emptyRow(float[] y, int yRow, int outW, float[] countW, float countH) {
        for (int ow = 0; ow < outW; ow++) {
            y[yRow + ow] = countW == null ? Float.NEGATIVE_INFINITY : 0f / (countH * countW[ow]);
        }
    }

    /**
     * Output column {@code ow}: the max over the height taps and the columns {@code c .. c+kw-1} that lie inside
     * the row, or with {@code countW} their sum (each column's taps first, then the columns) over the window's
     * tap count.
     */
    private static float window(float[] x, int base, int taps, int step, int c, int kw, int inW, float[] countW,
                                float countH, int ow) {
        int c0 = Math.max(0, c);
        int c1 = Math.min(inW, c + kw);
        if (countW == null) {
            float m = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < taps; t++) {
                for (int j = c0; j < c1; j++) {
                    m = Math.max(m, x[base + t * step + j]);
                }
            }
            return m;
        }
        float sum = 0f;
        for (int j = c0; j < c1; j++) {
            float column = x[base + j];
            for (int t = 1; t < taps; t++) {
                column += x[base + t * step + j];
            }
            sum = j == c0 ? column : sum + column;
        }
        return sum / (countH * countW[ow]);
    }

    private static final class V128 extends StridedPoolRows {
        static final V128 INSTANCE = new V128();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_128;
        }
    }

    private static final class V256 extends StridedPoolRows {
        static final V256 INSTANCE = new V256();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_256;
        }
    }

    private static final class V512 extends StridedPoolRows {
        static final V512 INSTANCE = new V512();

        @Override
        VectorSpecies<Float> species() {
            return FloatVector.SPECIES_512;
        }
    }
}
