package dev.minerua.cpu.gemm;

/**
 * The right-hand matrix B (k x n) laid out for one {@link Sgemm}'s micro-kernel: {@code ceil(n / NR)} panels of
 * NR columns, each panel k rows of NR contiguous floats (zero-padded past column n), so the micro-kernel
 * streams it with unit stride and any run of rows of a panel is contiguous. Immutable once packed; created
 * once at session creation for constant weights, or per call into a scratch buffer.
 */
public final class PackedB {
    final float[] data;
    final int offset;
    final int k;
    final int n;
    final int nr;

    PackedB(float[] data, int offset, int k, int n, int nr) {
        this.data = data;
        this.offset = offset;
        this.k = k;
        this.n = n;
        this.nr = nr;
    }

    public int rows() {
        return k;
    }

    public int cols() {
        return n;
    }

    /** True when this view starts at {@code offset} of {@code buffer}: a caller may keep it for that buffer. */
    public boolean isOn(float[] buffer, int offset) {
        return data == buffer && this.offset == offset;
    }

    /** Floats a packed k x n matrix takes for panel width {@code nr}. */
    static int size(int k, int n, int nr) {
        return Math.multiplyExact(Math.multiplyExact((n + nr - 1) / nr, nr), Math.max(k, 0));
    }

    /** Packs panels {@code [p0, p1)} of {@code b} into {@code dst} at {@code dOff}, for {@code mk}'s NR. */
    static void pack(Matrix b, int k, int n, MicroKernel mk, float[] dst, int dOff, int p0, int p1) {
        int nr = mk.nr;
        float[] src = b.data();
        int rs = b.rowStride();
        int cs = b.colStride();
        for (int jp = p0; jp < p1; jp++) {
            int base = dOff + jp * k * nr;
            int j0 = jp * nr;
            int w = Math.min(nr, n - j0);
            if (cs == 1 && w == nr) {
                for (int p = 0; p < k; p++) {
                    mk.copyRow(src, b.offset() + p * rs + j0, dst, base + p * nr);
                }
            } else if (cs == 1) {
                for (int p = 0; p < k; p++) {
                    int s = b.offset() + p * rs + j0;
                    int d = base + p * nr;
                    System.arraycopy(src, s, dst, d, w);
                    for (int jj = w; jj < nr; jj++) {
                        dst[d + jj] = 0f;
                    }
                }
            } else {
                // Column-contiguous (transposed) source: walk each column down its stored run.
                for (int jj = 0; jj < nr; jj++) {
                    if (jj < w) {
                        int s = b.offset() + (j0 + jj) * cs;
                        for (int p = 0; p < k; p++) {
                            dst[base + p * nr + jj] = src[s + p * rs];
                        }
                    } else {
                        for (int p = 0; p < k; p++) {
                            dst[base + p * nr + jj] = 0f;
                        }
                    }
                }
            }
        }
    }
}
