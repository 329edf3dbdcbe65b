package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;

/**
 * The general product: B' as float32 in {@link Sgemm} panels, one packed matrix per K chunk, each chunk's float
 * result converted to int32 and summed (see {@link ExactFloatIntegerGemm} for why each chunk is exact).
 */
final class SgemmProduct implements ExactFloatIntegerGemm.Product {
    private final Sgemm gemm;
    private final int k;
    private final int n;
    private final int[] chunkStart;
    private final PackedB[] chunks;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    private SgemmProduct(Sgemm gemm, int k, int n, int[] chunkStart, PackedB[] chunks) {
        this.gemm = gemm;
        this.k = k;
        this.n = n;
        this.chunkStart = chunkStart;
        this.chunks = chunks;
    }

    /** B' (k x n) packed per K chunk; chunk c covers rows {@code start[c]} up to the next start (or k). */
    static SgemmProduct of(Sgemm gemm, int[] b, int k, int n, int[] start) {
        int count = start.length;
        PackedB[] packed = new PackedB[count];
        for (int c = 0; c < count; c++) {
            int k0 = start[c];
            int k1 = c + 1 < count ? start[c + 1] : k;
            float[] f = new float[(k1 - k0) * n];
            for (int i = 0; i < f.length; i++) {
                f[i] = b[k0 * n + i];
            }
            packed[c] = gemm.packB(Matrix.rowMajor(f, 0, n), k1 - k0, n);
        }
        return new SgemmProduct(gemm, k, n, start, packed);
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, int[] out, int outOff, CpuThreadPool pool) {
        int cLen = rows * n;
        float[] cf = scratch.get();
        if (cf.length < cLen) {
            cf = new float[cLen];
            scratch.set(cf);
        }
        for (int c = 0; c < chunks.length; c++) {
            gemm.multiply(new Matrix(a, aOff + chunkStart[c], lda, 1), chunks[c], cf, 0, n, rows, 1f, false, null, pool);
            if (c == 0) {
                for (int i = 0; i < cLen; i++) {
                    out[outOff + i] = (int) cf[i];
                }
            } else {
                for (int i = 0; i < cLen; i++) {
                    out[outOff + i] += (int) cf[i];
                }
            }
        }
    }
}
