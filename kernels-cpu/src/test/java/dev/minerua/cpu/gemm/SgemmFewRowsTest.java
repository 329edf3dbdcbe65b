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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Few-rows products: {@link Sgemm#multiplyFewRowsPanels} over panel ranges against the oracle, and a few-rows
 * product whose B is streamed from memory ({@link Sgemm#streamsFromMemory}), split by panels over every thread,
 * giving the serial bits.
 */
class SgemmFewRowsTest {
    private static final CpuThreadPool[] POOLS = {new CpuThreadPool(2), new CpuThreadPool(3)};

    @AfterAll
    static void close() {
        for (CpuThreadPool p : POOLS) {
            p.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void fewRowsPanelsMatchTheOracle(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(31);
        int ldc = 211;
        for (int m = 1; m <= Sgemm.fewRowsLimit(); m++) {
            for (int n : new int[] {1, 17, g.nr() + 3, 3 * g.nr() + 1}) {
                for (int k : new int[] {1, 34, 137}) {
                    int lda = k + 3;
                    float[] a = random(rnd, m * lda);
                    float[] b = random(rnd, k * n);
                    float[] bias = random(rnd, m + 2);
                    Epilogue ep = Epilogue.NONE.withRowBias(bias, 2).withRelu();
                    float[] expected = new float[m * ldc];
                    SgemmReference.multiply(new Matrix(a, 0, lda, 1), Matrix.rowMajor(b, 0, n), expected, 0, ldc, m,
                            n, k, 1f, false, ep);
                    PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
                    int panels = (n + g.nr() - 1) / g.nr();
                    float[] c = new float[m * ldc];
                    // Two ranges of panels, as two tasks would: together the whole product.
                    int half = panels / 2;
                    g.multiplyFewRowsPanels(new Matrix(a, 0, lda, 1), m, pb, 0, half, c, 0, ldc, 1f, false, ep);
                    g.multiplyFewRowsPanels(new Matrix(a, 0, lda, 1), m, pb, half, panels, c, 0, ldc, 1f, false, ep);
                    assertClose(expected, c, k, tier + " " + m + "x" + n + "x" + k);
                }
            }
        }
        PackedB pb = g.packB(Matrix.rowMajor(new float[8], 0, 2), 4, 2);
        float[] c = new float[40];
        Matrix a = Matrix.rowMajor(new float[40], 0, 4);
        assertThrows(IllegalArgumentException.class,
                () -> g.multiplyFewRowsPanels(a, Sgemm.fewRowsLimit() + 1, pb, 0, 1, c, 0, 2, 1f, false, null));
        assertThrows(IllegalArgumentException.class,
                () -> g.multiplyFewRowsPanels(a, 1, pb, 0, 2, c, 0, 2, 1f, false, null));
    }

    @Test
    void onlyABigBCountsAsStreamed() {
        Sgemm g = Sgemm.standard();
        // A classifier's 1 x 544 x 1000 Gemm: 2.2 MB of B. An LSTM step's 64 x 256: 64 KiB.
        assertTrue(g.streamsFromMemory((1000 + g.nr() - 1) / g.nr(), 544));
        assertFalse(g.streamsFromMemory((256 + g.nr() - 1) / g.nr(), 64));
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void streamedProductSplitByPanelsGivesTheSerialBits(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(32);
        int k = 544;
        int n = 1000;
        float[] b = random(rnd, k * n);
        PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), k, n);
        for (int m = 1; m <= Sgemm.fewRowsLimit(); m++) {
            float[] a = random(rnd, m * k);
            Epilogue ep = Epilogue.NONE.withColumnBias(random(rnd, n), 0);
            float[] serial = new float[m * n];
            g.multiply(Matrix.rowMajor(a, 0, k), pb, serial, 0, n, m, 1f, false, ep, CpuThreadPool.serial());
            float[] expected = new float[m * n];
            SgemmReference.multiply(Matrix.rowMajor(a, 0, k), Matrix.rowMajor(b, 0, n), expected, 0, n, m, n, k, 1f,
                    false, ep);
            assertClose(expected, serial, k, tier + " " + m + " rows serial");
            for (CpuThreadPool pool : POOLS) {
                float[] c = new float[m * n];
                g.multiply(Matrix.rowMajor(a, 0, k), pb, c, 0, n, m, 1f, false, ep, pool);
                assertArrayEquals(serial, c, tier + " " + m + " rows at " + pool.threads() + " threads");
            }
        }
    }
}
