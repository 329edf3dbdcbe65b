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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a product is split into tasks: with {@code accumulate} on, a tile computed twice would be added twice
 * and a tile left out keeps its old value, so agreeing with the oracle shows that every tile is covered
 * exactly once, at 1, 2, 3 and 7 threads; and {@link Sgemm#multiplyPanels} over any cut of the panels adds up
 * to the whole product.
 */
class SgemmSplitTest {
    private static final CpuThreadPool[] POOLS = {CpuThreadPool.serial(), new CpuThreadPool(2),
        new CpuThreadPool(3), new CpuThreadPool(7)};

    @AfterAll
    static void close() {
        for (CpuThreadPool p : POOLS) {
            p.close();
        }
    }

    @Test
    void everyTileOnceAtAnyThreadCount() {
        Sgemm g = Sgemm.forTier(SimdTier.SCALAR);
        Random rnd = new Random(11);
        // {m, n, k}: one row block with many panels, many row blocks with one panel, ragged both ways.
        int[][] shapes = {{16, 3025, 40}, {500, 9, 300}, {97, 515, 130}, {300, 200, 64}, {5, 700, 257}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] start = random(rnd, m * n);
            float[] expected = start.clone();
            SgemmReference.multiply(Matrix.rowMajor(a, 0, k), Matrix.rowMajor(b, 0, n), expected, 0, n, m, n, k, 1f,
                    true, Epilogue.NONE);
            PackedA pa = g.packA(Matrix.rowMajor(a, 0, k), m, k);
            PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
            for (CpuThreadPool pool : POOLS) {
                float[] c = start.clone();
                g.multiply(pa, pb, c, 0, n, 1f, true, Epilogue.NONE, pool);
                assertClose(expected, c, k, m + "x" + n + "x" + k + " packed A at " + pool.threads() + " threads");
                c = start.clone();
                g.multiply(Matrix.rowMajor(a, 0, k), pb, c, 0, n, m, 1f, true, Epilogue.NONE, pool);
                assertClose(expected, c, k, m + "x" + n + "x" + k + " strided A at " + pool.threads() + " threads");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void panelRangesAddUpToTheProduct(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(12);
        int m = 101, n = 5 * g.nr() + 3, k = 37;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] bias = random(rnd, m);
        Epilogue ep = Epilogue.NONE.withRowBias(bias, 0).withRelu();
        float[] expected = new float[m * n];
        SgemmReference.multiply(Matrix.rowMajor(a, 0, k), Matrix.rowMajor(b, 0, n), expected, 0, n, m, n, k, 1f,
                false, ep);
        PackedA pa = g.packA(Matrix.rowMajor(a, 0, k), m, k);
        int panels = 6;
        float[] buffer = new float[g.packedBSize(k, n)];
        PackedB pb = g.packedB(buffer, 0, k, n);
        for (int[] cuts : new int[][] {{0, 6}, {0, 1, 6}, {0, 2, 3, 5, 6}, {0, 1, 2, 3, 4, 5, 6}}) {
            float[] c = new float[m * n];
            java.util.Arrays.fill(buffer, Float.NaN);
            for (int i = 0; i + 1 < cuts.length; i++) {
                g.packBPanels(Matrix.rowMajor(b, 0, n), k, n, buffer, 0, cuts[i], cuts[i + 1]);
                g.multiplyPanels(pa, pb, cuts[i], cuts[i + 1], c, 0, n, 1f, false, ep);
            }
            assertClose(expected, c, k, "cuts " + java.util.Arrays.toString(cuts));
        }
        assertThrows(IllegalArgumentException.class,
                () -> g.multiplyPanels(pa, pb, 2, panels + 1, new float[m * n], 0, n, 1f, false, ep));
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void parallelProductsEqualTheSerialOneBitForBit(SimdTier tier) {
        // Few panels (1 to 3) make the product split its rows too, into blocks of a few slivers: odd row counts,
        // a thin last block and an accumulating, biased epilogue must give exactly the 1-thread result.
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(13);
        int nr = g.nr();
        int[][] shapes = {{36, nr + 8, 300}, {101, 2 * nr + 17, 97}, {13, 3 * nr, 1500}, {200, nr - 3, 64},
            {9, 2 * nr + 1, 4000},
            // Many panels: row blocks evened out over the threads (evenTaskRows), ragged and thin last blocks.
            {1024, 12 * nr, 24}, {197, 9 * nr + 5, 33}, {293, 8 * nr, 19}, {196, 10 * nr - 1, 17}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] start = random(rnd, m * n);
            Epilogue ep = Epilogue.NONE.withRowBias(random(rnd, m), 0).withRelu();
            PackedA pa = g.packA(Matrix.rowMajor(a, 0, k), m, k);
            PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
            float[] serialPacked = start.clone();
            g.multiply(pa, pb, serialPacked, 0, n, 1f, true, ep, CpuThreadPool.serial());
            float[] serialStrided = start.clone();
            g.multiply(Matrix.rowMajor(a, 0, k), pb, serialStrided, 0, n, m, 1f, true, ep, CpuThreadPool.serial());
            for (CpuThreadPool pool : POOLS) {
                String what = tier + " " + m + "x" + n + "x" + k + " at " + pool.threads() + " threads";
                float[] c = start.clone();
                g.multiply(pa, pb, c, 0, n, 1f, true, ep, pool);
                org.junit.jupiter.api.Assertions.assertArrayEquals(serialPacked, c, what + ", packed A");
                c = start.clone();
                g.multiply(Matrix.rowMajor(a, 0, k), pb, c, 0, n, m, 1f, true, ep, pool);
                org.junit.jupiter.api.Assertions.assertArrayEquals(serialStrided, c, what + ", strided A");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void taskRowsEvenTheThreadsOut(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        int mr = g.mr();
        int mc = g.evenTaskRows(1, 1);
        for (int threads : new int[] {1, 2, 3, 7}) {
            for (int m = 1; m <= 1100; m += 7) {
                int rows = g.evenTaskRows(m, threads);
                int blocks = Math.ceilDiv(m, rows);
                int serialBlocks = Math.ceilDiv(m, mc);
                String what = tier + " m " + m + " at " + threads + " threads -> " + rows;
                assertTrue(rows % mr == 0 && rows <= mc, what);
                // No worse for the busiest thread than MC blocks, never more than twice as many tasks.
                assertTrue((long) Math.ceilDiv(blocks, threads) * rows
                        <= (long) Math.ceilDiv(serialBlocks, threads) * mc, what);
                assertTrue(blocks <= 2 * serialBlocks, what);
                // The small-rows path takes the same rows as on one thread.
                boolean smallLast = m - (blocks - 1) * rows <= 4;
                boolean serialSmallLast = m - (serialBlocks - 1) * mc <= 4;
                assertEquals(serialSmallLast, smallLast, what);
            }
        }
        // MiniLM at batch 8 and 1 (1024 and 128 rows): even over 2 threads where blocks of MC were not.
        for (int m : new int[] {1024, 128}) {
            int rows = g.evenTaskRows(m, 2);
            if (m % (2 * mc) != 0 && m > mc) {
                assertTrue(Math.ceilDiv(Math.ceilDiv(m, rows), 2) * rows < Math.ceilDiv(Math.ceilDiv(m, mc), 2) * mc,
                        tier + " " + m + ": " + rows);
            }
        }
    }

    @Test
    void chunksStayWithinPanelsAndWork() {
        assertEquals(1, Sgemm.panelChunks(1, 1, 2, 1L << 30));
        assertEquals(1, Sgemm.panelChunks(1, 100, 2, Sgemm.MIN_TASK_FLOPS));
        assertEquals(Sgemm.TASKS_PER_THREAD * 2, Sgemm.panelChunks(1, 100, 2, 1L << 30));
        assertEquals(1, Sgemm.panelChunks(40, 100, 2, 1L << 30));
        for (int threads : new int[] {1, 2, 3, 7}) {
            for (int mBlocks : new int[] {1, 2, 5, 30}) {
                for (int panels : new int[] {1, 2, 7, 95}) {
                    int c = Sgemm.panelChunks(mBlocks, panels, threads, 1L << 24);
                    assertTrue(c >= 1 && c <= panels, threads + "/" + mBlocks + "/" + panels + " -> " + c);
                }
            }
        }
    }

    @Test
    void unevenPanelSplitsOnlyWhenRowsCanEvenThemOut() {
        // ResNet-50's 3x3 conv on a 14x14 map: 7 panels, 4 against 3 over 2 threads, 264 Mflop.
        assertTrue(Sgemm.panelSplitUneven(7, 2, 2L * 256 * 2304 * 224));
        // DenseNet's with 32 output channels: the busiest thread's excess is below a fork's worth.
        assertFalse(Sgemm.panelSplitUneven(7, 2, 2L * 32 * 1152 * 224));
        // Even splits, one thread, and panels enough that multiply would not split the rows either.
        assertFalse(Sgemm.panelSplitUneven(6, 2, 1L << 30));
        assertFalse(Sgemm.panelSplitUneven(7, 1, 1L << 30));
        assertFalse(Sgemm.panelSplitUneven(27, 2, 1L << 30));
        assertFalse(Sgemm.panelSplitUneven(0, 2, 1L << 30));
    }
}
