package dev.minerua.cpu.gemm;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.SimdTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.minerua.cpu.gemm.GemmTestData.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link Sgemm} against {@link SgemmReference} at awkward sizes, on every tier, serial and threaded. */
class SgemmTest {
    /** A row activation with a hand-checkable result: 2c - 1 per element. */
    private static final RowActivation TWICE_MINUS_ONE = (c, o, len) -> {
        for (int i = o; i < o + len; i++) {
            c[i] = c[i] * 2f - 1f;
        }
    };

    private static final int[] SIZES = {1, 2, 3, 6, 7, 14, 15, 16, 17, 31, 33, 64, 65, 100};
    private static final CpuThreadPool POOL = new CpuThreadPool(3);

    @AfterAll
    static void close() {
        POOL.close();
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void allSizesPlain(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(tier.ordinal());
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    check(g, rnd, m, n, k, false, false, 1f, false, Epilogue.NONE,
                            (m + n + k) % 2 == 0 ? CpuThreadPool.serial() : POOL, false);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void transposesAlphaAccumulate(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(7);
        int[] sizes = {1, 3, 17, 33, 65};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    for (int mode = 0; mode < 4; mode++) {
                        check(g, rnd, m, n, k, (mode & 1) != 0, (mode & 2) != 0, mode == 3 ? 1f : 0.75f, mode >= 2,
                                Epilogue.NONE, mode % 2 == 0 ? POOL : CpuThreadPool.serial(), false);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void epilogues(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(11);
        int[] sizes = {1, 7, 16, 33, 100};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : new int[] {1, 17, 300}) {
                    float[] colBias = random(rnd, n + 3);
                    float[] rowBias = random(rnd, m + 5);
                    float[] residual = random(rnd, m * (n + 2) + 1);
                    Epilogue[] eps = {
                        Epilogue.NONE.withColumnBias(colBias, 3),
                        Epilogue.NONE.withRowBias(rowBias, 5).withRelu(),
                        // Row bias and clamp alone: applied in registers by the vector kernels' full tiles.
                        Epilogue.NONE.withRowBias(rowBias, 2),
                        Epilogue.NONE.withClamp(-0.25f, 0.75f),
                        Epilogue.NONE.withRowBias(rowBias, 1).withClamp(-0.5f, 0.5f),
                        Epilogue.NONE.withResidual(residual, 1, n + 2).withClamp(-0.5f, 0.5f),
                        Epilogue.NONE.withColumnBias(colBias, 0).withRowBias(rowBias, 0)
                                .withResidual(residual, 0, n).withActivation(TWICE_MINUS_ONE),
                    };
                    for (Epilogue ep : eps) {
                        check(g, rnd, m, n, k, false, false, 1f, false, ep, POOL, false);
                        check(g, rnd, m, n, k, true, true, 0.5f, true, ep, CpuThreadPool.serial(), true);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void largeBlockedThreaded(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(3);
        check(g, rnd, 301, 203, 517, false, false, 1f, false, Epilogue.NONE.withRelu(), POOL, false);
        check(g, rnd, 97, 515, 1030, true, false, 1f, true, Epilogue.NONE, POOL, true);
    }

    /**
     * K split into several even blocks (C read back between them) and B panels wider than one L2 block of the
     * tile walk, with A strided and pre-packed, accumulate and an epilogue after the last block only.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void manyKBlocks(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(5);
        float[] colBias = random(rnd, 300);
        Epilogue ep = Epilogue.NONE.withColumnBias(colBias, 0).withClamp(-2f, 2f);
        for (int k : new int[] {Sgemm.KC + 1, 2 * Sgemm.KC + 53}) {
            check(g, rnd, 37, 300, k, false, false, 1f, true, ep, CpuThreadPool.serial(), false);
            check(g, rnd, 29, 299, k, true, false, 0.5f, false, ep, POOL, true);
        }
    }

    /**
     * Convolution-shaped products (A pre-packed, all panels) at N whose last panel is narrow (at most half of NR:
     * the one-vector tail tile, or at most 4 columns: the column tile) or just past it (16 + up to 4 at NR 32: narrow
     * and column tiles), with whole and partial row slivers, alpha, accumulate, epilogue.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void narrowLastPanel(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(17);
        for (int n : new int[] {1, 3, 4, 5, 8, 9, 15, 16, 17, 20, 21, 33, 36, 40, 49, 52, 196}) {
            for (int m : new int[] {6, 8, 24, 29}) {
                for (int k : new int[] {1, 19, 300}) {
                    float[] colBias = random(rnd, n);
                    Epilogue ep = (m + k) % 2 == 0 ? Epilogue.NONE : Epilogue.NONE.withColumnBias(colBias, 0).withRelu();
                    boolean acc = (n + m) % 2 == 0;
                    check(g, rnd, m, n, k, false, false, acc ? 0.5f : 1f, acc, ep,
                            k == 300 ? POOL : CpuThreadPool.serial(), true);
                }
            }
        }
        check(g, rnd, 8, 49, 2 * Sgemm.KC + 5, false, false, 1f, true, Epilogue.NONE.withRelu(), POOL, true);
    }

    /**
     * A left operand laid out as MR-wide B panels of Aᵀ (as convolution's transposed product gathers it) and
     * wrapped by {@link Sgemm#packedA}: whole and partial slivers, with and without an epilogue, serial and split.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void packedAFromPanels(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(23);
        for (int m : new int[] {1, 8, 13, 48, 49}) {
            for (int n : new int[] {7, 32, 130}) {
                for (int k : new int[] {1, 9, 300}) {
                    float[] ad = random(rnd, m * k);
                    float[] bd = random(rnd, k * n);
                    int mr = g.mr();
                    int slivers = (m + mr - 1) / mr;
                    float[] panels = new float[slivers * mr * k];
                    // Aᵀ (k x m) packed as MR-wide panels: panel s row p column r is A[s*MR + r, p].
                    for (int i = 0; i < m; i++) {
                        for (int p = 0; p < k; p++) {
                            panels[(i / mr * k + p) * mr + i % mr] = ad[i * k + p];
                        }
                    }
                    float[] colBias = random(rnd, n);
                    Epilogue ep = (m + n) % 2 == 0 ? Epilogue.NONE : Epilogue.NONE.withColumnBias(colBias, 0).withRelu();
                    float[] expected = new float[m * n];
                    float[] actual = new float[m * n];
                    SgemmReference.multiply(Matrix.rowMajor(ad, 0, k), Matrix.rowMajor(bd, 0, n), expected, 0, n, m, n,
                            k, 1f, false, ep);
                    g.multiply(g.packedA(panels, m, k), g.packB(Matrix.rowMajor(bd, 0, n), k, n), actual, 0, n, 1f,
                            false, ep, k == 300 ? POOL : CpuThreadPool.serial());
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])) * (float) Math.sqrt(k),
                                g.describe() + " m=" + m + " n=" + n + " k=" + k + " at " + i);
                    }
                }
            }
        }
    }

    /**
     * {@link Sgemm#forRows}: the 7-row sibling where it pads fewer rows (512-bit tier; itself elsewhere), at row
     * counts around multiples of 7 and 8, column and K tails (K over {@link Sgemm#KC} too), pre-packed and strided
     * A, alpha and accumulate, and every epilogue, serial and threaded.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void forRowsSiblings(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        assertEquals(tier == SimdTier.V512 ? 7 : g.mr(), g.forRows(49).mr(), g.describe());
        assertEquals(g.mr(), g.forRows(48).mr(), g.describe());
        Random rnd = new Random(29);
        for (int m : new int[] {1, 3, 6, 7, 13, 14, 15, 49, 50, 97, 196}) {
            Sgemm s = g.forRows(m);
            for (int n : new int[] {1, 7, 31, 32, 33, 49, 65}) {
                for (int k : new int[] {1, 17, 300}) {
                    float[] colBias = random(rnd, n + 3);
                    float[] rowBias = random(rnd, m + 5);
                    float[] residual = random(rnd, m * (n + 2) + 1);
                    Epilogue[] eps = {
                        Epilogue.NONE,
                        Epilogue.NONE.withColumnBias(colBias, 3).withRelu(),
                        Epilogue.NONE.withRowBias(rowBias, 2).withClamp(-0.5f, 0.5f),
                        Epilogue.NONE.withResidual(residual, 1, n + 2).withClamp(-0.5f, 0.5f),
                        Epilogue.NONE.withColumnBias(colBias, 0).withRowBias(rowBias, 0)
                                .withResidual(residual, 0, n).withActivation(TWICE_MINUS_ONE),
                    };
                    for (Epilogue ep : eps) {
                        check(s, rnd, m, n, k, false, false, 1f, false, ep, POOL, true);
                        check(s, rnd, m, n, k, true, false, 0.5f, true, ep, CpuThreadPool.serial(), true);
                        check(s, rnd, m, n, k, false, true, 1f, false, ep, CpuThreadPool.serial(), false);
                    }
                }
            }
        }
        Sgemm s = g.forRows(49);
        check(s, rnd, 49, 70, Sgemm.KC + 77, false, false, 1f, false, Epilogue.NONE.withRelu(), POOL, true);
        check(s, rnd, 49, 70, Sgemm.KC + 77, false, false, 1f, true, null, CpuThreadPool.serial(), false);
    }

    /** Blocks of at most four rows (GEMV-like, A read in place) with every tail, alpha, accumulate, epilogue. */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void fewRows(SimdTier tier) {
        Sgemm g = Sgemm.forTier(tier);
        Random rnd = new Random(13);
        for (int m : new int[] {1, 2, 3, 4, 98, 100}) {
            for (int n : new int[] {1, 5, 8, 16, 31, 32, 33, 70}) {
                for (int k : new int[] {1, 2, 13, 257}) {
                    float[] colBias = random(rnd, n);
                    Epilogue ep = (m + n) % 2 == 0 ? Epilogue.NONE
                            : Epilogue.NONE.withColumnBias(colBias, 0).withClamp(-0.3f, 0.4f);
                    boolean acc = (n + k) % 2 == 0;
                    check(g, rnd, m, n, k, false, (k & 1) != 0, acc ? 0.75f : 1f, acc, ep,
                            (m + k) % 2 == 0 ? POOL : CpuThreadPool.serial(), false);
                }
            }
        }
    }

    @Test
    void zeroK() {
        Sgemm g = Sgemm.forTier(SimdTier.SCALAR);
        float[] c = {5f, 6f};
        float[] bias = {1f, 2f};
        g.multiply(Matrix.rowMajor(new float[0], 0, 0), Matrix.rowMajor(new float[0], 0, 2), c, 0, 2, 1, 2, 0, 1f,
                false, Epilogue.NONE.withColumnBias(bias, 0), CpuThreadPool.serial());
        assertEquals(1f, c[0]);
        assertEquals(2f, c[1]);
    }

    /** Runs one case; {@code packedA} uses a pre-packed left operand. */
    private static void check(Sgemm g, Random rnd, int m, int n, int k, boolean transA, boolean transB, float alpha,
                              boolean accumulate, Epilogue ep, CpuThreadPool pool, boolean packedA) {
        int aPad = 2;
        float[] ad = random(rnd, m * k + aPad);
        float[] bd = random(rnd, k * n + aPad);
        Matrix a = transA ? new Matrix(ad, aPad, 1, m) : new Matrix(ad, aPad, k, 1);
        Matrix b = transB ? new Matrix(bd, 1, 1, k) : new Matrix(bd, 1, n, 1);
        int ldc = n + 3;
        float[] expected = random(rnd, m * ldc + 4);
        float[] actual = expected.clone();
        SgemmReference.multiply(a, b, expected, 4, ldc, m, n, k, alpha, accumulate, ep);
        if (packedA) {
            PackedB pb = g.packB(b, k, n);
            g.multiply(g.packA(a, m, k), pb, actual, 4, ldc, alpha, accumulate, ep, pool);
        } else {
            g.multiply(a, b, actual, 4, ldc, m, n, k, alpha, accumulate, ep, pool);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float x = actual[i];
            if (Math.abs(e - x) > 1e-4f * (1 + Math.abs(e)) * Math.sqrt(k)) {
                fail(g.describe() + " m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                        + " alpha=" + alpha + " acc=" + accumulate + " ep=" + ep + " at " + i + ": expected " + e
                        + " got " + x);
            }
        }
    }
}
