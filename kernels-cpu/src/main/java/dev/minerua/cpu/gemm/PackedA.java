package dev.minerua.cpu.gemm;

/**
 * The left-hand matrix A (m x k) laid out for one {@link Sgemm}'s micro-kernel: {@code ceil(m / MR)} slivers of
 * MR rows, each sliver k columns of MR contiguous floats (zero-padded past row m). Used for constant left
 * operands such as convolution filters; packed once at session creation. Immutable once packed.
 */
public final class PackedA {
    final float[] data;
    final int m;
    final int k;
    final int mr;

    PackedA(float[] data, int m, int k, int mr) {
        this.data = data;
        this.m = m;
        this.k = k;
        this.mr = mr;
    }

    public int rows() {
        return m;
    }

    public int cols() {
        return k;
    }

    /** Whether this view lies on {@code buffer} (for callers that keep a view over a reused scratch array). */
    public boolean isOn(float[] buffer) {
        return data == buffer;
    }

    /**
     * Packs rows {@code [i0, i0 + rows)} and columns {@code [p0, p0 + kc)} of {@code a} into consecutive slivers
     * of {@code kc x mr} floats in {@code dst} from {@code dOff}.
     */
    static void pack(Matrix a, int i0, int rows, int p0, int kc, int mr, float[] dst, int dOff) {
        float[] src = a.data();
        int rs = a.rowStride();
        int cs = a.colStride();
        for (int s = 0; s * mr < rows; s++) {
            int base = dOff + s * kc * mr;
            int h = Math.min(mr, rows - s * mr);
            int o = a.offset() + (i0 + s * mr) * rs + p0 * cs;
            if (h == mr && mr == 8 && cs == 1) {
                packRows8(src, o, rs, kc, dst, base);
            } else {
                packAny(src, o, rs, cs, h, kc, mr, dst, base);
            }
        }
    }

    /**
     * A full 8-row sliver of a row-major A: one pass down K writing the sliver in order (reading eight rows
     * side by side), rather than one strided pass per row, which cost about 4% of a large GEMM.
     */
    private static void packRows8(float[] src, int o, int rs, int kc, float[] dst, int d) {
        int o0 = o;
        int o1 = o + rs;
        int o2 = o + 2 * rs;
        int o3 = o + 3 * rs;
        int o4 = o + 4 * rs;
        int o5 = o + 5 * rs;
        int o6 = o + 6 * rs;
        int o7 = o + 7 * rs;
        for (int p = 0; p < kc; p++, d += 8) {
            dst[d] = src[o0 + p];
            dst[d + 1] = src[o1 + p];
            dst[d + 2] = src[o2 + p];
            dst[d + 3] = src[o3 + p];
            dst[d + 4] = src[o4 + p];
            dst[d + 5] = src[o5 + p];
            dst[d + 6] = src[o6 + p];
            dst[d + 7] = src[o7 + p];
        }
    }

    /** Any sliver: {@code h} real rows of column stride {@code cs}, zeros up to {@code mr}. */
    private static void packAny(float[] src, int o, int rs, int cs, int h, int kc, int mr, float[] dst, int base) {
        for (int ii = 0; ii < mr; ii++) {
            if (ii < h) {
                int oi = o + ii * rs;
                for (int p = 0; p < kc; p++) {
                    dst[base + p * mr + ii] = src[oi + p * cs];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[base + p * mr + ii] = 0f;
                }
            }
        }
    }
}
