package dev.minerua.cpu.quant;

import dev.minerua.cpu.CpuThreadPool;

/**
 * A product whose K exceeds the exact bound, as one {@link ByteWeightProduct512} per K chunk: the first writes
 * C, each further one writes a per-thread scratch that is added to C in int32.
 */
final class ChunkedProduct implements ExactFloatIntegerGemm.Product {
    private final ExactFloatIntegerGemm.Product[] parts;
    private final int[] starts;
    private final int n;
    private final ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> new int[0]);

    private ChunkedProduct(ExactFloatIntegerGemm.Product[] parts, int[] starts, int n) {
        this.parts = parts;
        this.starts = starts;
        this.n = n;
    }

    /**
     * The byte-weight product of B' (k x n, every element within int8) in the K chunks that begin at
     * {@code starts}.
     */
    static ExactFloatIntegerGemm.Product ofBytes(int[] b, int k, int n, int[] starts) {
        if (starts.length == 1) {
            return ByteWeightProduct512.of(b, 0, k, n);
        }
        ExactFloatIntegerGemm.Product[] parts = new ExactFloatIntegerGemm.Product[starts.length];
        for (int c = 0; c < starts.length; c++) {
            int k1 = c + 1 < starts.length ? starts[c + 1] : k;
            parts[c] = ByteWeightProduct512.of(b, starts[c], k1, n);
        }
        return new ChunkedProduct(parts, starts, n);
    }

    @Override
    public void multiply(float[] a, int aOff, int lda, int rows, int[] out, int outOff, CpuThreadPool pool) {
        parts[0].multiply(a, aOff, lda, rows, out, outOff, pool);
        int len = rows * n;
        int[] t = scratch.get();
        if (t.length < len) {
            t = new int[len];
            scratch.set(t);
        }
        for (int c = 1; c < parts.length; c++) {
            parts[c].multiply(a, aOff + starts[c], lda, rows, t, 0, pool);
            for (int i = 0; i < len; i++) {
                out[outOff + i] += t[i];
            }
        }
    }
}
