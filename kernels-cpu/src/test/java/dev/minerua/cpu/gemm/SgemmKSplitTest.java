package dev.minerua.cpu.gemm;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.SimdTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.minerua.cpu.gemm.GemmTestData.assertClose;
import static dev.minerua.cpu.gemm.GemmTestData.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Few-rows products with few panels split along K ({@link Sgemm#kChunks}): close to the oracle (the partial sums
 * change the order of the additions, so not bit for bit the 1-thread result), the same bits on every run, and
 * exactly the chunk products added in chunk order, so the result depends on the thread count alone.
 */
class SgemmKSplitTest {
    private static final CpuThreadPool[] POOLS = {new CpuThreadPool(2), new CpuThreadPool(3), new CpuThreadPool(7)};
    private static final int[] KS = {2, 97, 1009, 4099, 11617, 19997};

    @AfterAll
    static void close() {
        for (CpuThreadPool p : POOLS) {
            p.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void closeToTheOracleAndRepeatable(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(21);
        for (int m = 1; m <= 5; m++) {
            for (int n : new int[] {1, 17, 33, g.nr() + 3}) {
                for (int k : KS) {
                    float[] a = random(rnd, m * k);
                    float[] b = random(rnd, k * n);
                    float[] start = random(rnd, m * n);
                    Epilogue ep = Epilogue.NONE.withColumnBias(random(rnd, n), 0).withRelu();
                    float[] expected = start.clone();
                    SgemmReference.multiply(Matrix.rowMajor(a, 0, k), Matrix.rowMajor(b, 0, n), expected, 0, n, m, n,
                            k, 0.5f, true, ep);
                    PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
                    for (CpuThreadPool pool : POOLS) {
                        String what = tier + " " + m + "x" + n + "x" + k + " at " + pool.threads() + " threads";
                        float[] c = start.clone();
                        g.multiply(Matrix.rowMajor(a, 0, k), pb, c, 0, n, m, 0.5f, true, ep, pool);
                        assertClose(expected, c, k, what);
                        float[] again = start.clone();
                        g.multiply(Matrix.rowMajor(a, 0, k), pb, again, 0, n, m, 0.5f, true, ep, pool);
                        assertArrayEquals(c, again, what + ", second run");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void chunkProductsAddedInChunkOrder(SimdTier tier) {
        // The K-split result is the serial products of each K range (which run the same few-rows kernel) added
        // in order: whichever thread ran which chunk, the bits are these. A has a row stride wider than K.
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(22);
        int lda = 11621;
        for (int m : new int[] {1, 3, 4}) {
            int k = 11617;
            int n = 33;
            float[] a = random(rnd, m * lda);
            float[] b = random(rnd, k * n);
            PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
            for (CpuThreadPool pool : POOLS) {
                int chunks = Sgemm.kChunks(m, (n + g.nr() - 1) / g.nr() * g.nr(), k, pool.threads());
                if ((n + g.nr() - 1) / g.nr() >= Sgemm.TASKS_PER_THREAD * pool.threads()) {
                    continue; // enough panels: split by panels, not K
                }
                assertTrue(chunks > 1, tier + " " + m + " rows at " + pool.threads() + " threads: no K split");
                float[] expected = new float[m * n];
                for (int t = 0; t < chunks; t++) {
                    int k0 = (int) ((long) k * t / chunks);
                    int k1 = (int) ((long) k * (t + 1) / chunks);
                    PackedB part = g.packB(Matrix.rowMajor(b, k0 * n, n), k1 - k0, n);
                    float[] p = new float[m * n];
                    g.multiply(Matrix.rowMajor(a, k0, lda), part, p, 0, n, m, 1f, false, null, CpuThreadPool.serial());
                    for (int i = 0; i < p.length; i++) {
                        expected[i] = t == 0 ? p[i] : expected[i] + p[i];
                    }
                }
                float[] c = new float[m * n];
                g.multiply(Matrix.rowMajor(a, 0, lda), pb, c, 0, n, m, 1f, false, null, pool);
                assertArrayEquals(expected, c, tier + " " + m + "x" + n + "x" + k + " at " + pool.threads());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void manyPanelsSplitByPanelsBitForBit(SimdTier tier) {
        // Enough panels (a batch-1 dense layer, 1 x 1024 x 1000): split by panels, now from a smaller product
        // on (B's floats count as its work), each column still summed by one task: the serial bits.
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(23);
        for (int m = 1; m <= 5; m++) {
            int k = 1024;
            int n = 1000;
            float[] a = random(rnd, m * k);
            PackedB pb = g.packB(Matrix.rowMajor(random(rnd, k * n), 0, n), k, n);
            Epilogue ep = Epilogue.NONE.withColumnBias(random(rnd, n), 0).withRelu();
            float[] serial = new float[m * n];
            g.multiply(Matrix.rowMajor(a, 0, k), pb, serial, 0, n, m, 1f, false, ep, CpuThreadPool.serial());
            for (CpuThreadPool pool : POOLS) {
                float[] c = new float[m * n];
                g.multiply(Matrix.rowMajor(a, 0, k), pb, c, 0, n, m, 1f, false, ep, pool);
                assertArrayEquals(serial, c, tier + " " + m + "x" + n + "x" + k + " at " + pool.threads());
            }
        }
    }

    @Test
    void chunkCountsFollowTheThreadsAndTheWork() {
        assertEquals(1, Sgemm.kChunks(1, 32, 11616, 1));
        assertEquals(1, Sgemm.kChunks(1, 32, 100, 2));
        assertEquals(Sgemm.TASKS_PER_THREAD * 2, Sgemm.kChunks(1, 32, 11616, 2));
        for (int threads : new int[] {2, 3, 7}) {
            for (int k : KS) {
                int c = Sgemm.kChunks(4, 64, k, threads);
                assertTrue(c >= 1 && c <= Math.min(k, Sgemm.TASKS_PER_THREAD * threads), threads + "/" + k + " -> " + c);
            }
        }
    }
}
