package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.Pool;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stride-1 "same" pooling loops ({@link SamePoolRows}, reached through {@link PoolKernel}) on every SIMD tier,
 * serial and on two threads: plane widths and heights 1, 2 and primes around the vector widths (masked last
 * vectors, rows narrower than the window), planes large enough to be cut into blocks, 1- to 5-wide windows with
 * even and odd edges and uneven pads, and NaN inputs. MaxPool against the float64 reference pooling, AveragePool
 * (with and without count_include_pad) against the scalar tier's float32 plane folds, which add in the same
 * order: the bits must match.
 */
class SamePoolRowsTest {

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void maxPoolMatchesTheReferenceOnEveryTier(SimdTier tier) {
        check(tier, Pool.Kind.MAX, false);
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void averagePoolMatchesTheScalarTierOnEveryTier(SimdTier tier) {
        check(tier, Pool.Kind.AVERAGE, false);
        check(tier, Pool.Kind.AVERAGE, true);
    }

    @Test
    void takesOnlyStrideOneWindowsThatKeepTheSize() {
        assertTrue(SamePoolRows.applies(geometry(pool(3, 3, 1, 1, 1, 1, 1), 7, 7)));
        assertTrue(SamePoolRows.applies(geometry(pool(2, 4, 1, 1, 1, 0, 2), 5, 9)));
        assertFalse(SamePoolRows.applies(geometry(pool(3, 3, 2, 1, 1, 1, 1), 7, 7)), "stride 2");
        assertFalse(SamePoolRows.applies(geometry(pool(3, 3, 1, 0, 0, 0, 0), 7, 7)), "no padding");
        assertFalse(SamePoolRows.applies(geometry(pool(9, 9, 1, 4, 4, 4, 4), 20, 20)), "window above 7");
    }

    private static void check(SimdTier tier, Pool.Kind kind, boolean includePad) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        int[][] planes = {{1, 1}, {1, 2}, {2, 1}, {3, 3}, {7, 7}, {5, 13}, {14, 14}, {17, 4}, {4, 31}, {9, 33},
            {3, 37}, {40, 64}, {70, 61}};
        int[][] windows = { // kh, kw, padTop, padLeft, padBottom, padRight
            {3, 3, 1, 1, 1, 1},
            {1, 3, 0, 1, 0, 1},
            {3, 1, 1, 0, 1, 0},
            {2, 2, 1, 0, 0, 1},
            {5, 5, 2, 2, 2, 2},
            {5, 4, 4, 3, 0, 0},
            {1, 1, 0, 0, 0, 0},
        };
        long seed = 23;
        try (CpuThreadPool two = new CpuThreadPool(2)) {
            for (int[] hw : planes) {
                for (int[] k : windows) {
                    int count = 1 + (hw[0] + hw[1]) % 4;
                    Pool op = pool(k[0], k[1], 1, k[2], k[3], k[4], k[5], kind, includePad);
                    for (boolean nans : new boolean[] {false, true}) {
                        Random r = new Random(seed++);
                        Tensor x = Tensor.allocate(DataType.FLOAT, 1, count, hw[0], hw[1]);
                        float[] d = x.floatData();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = nans && r.nextInt(40) == 0 ? Float.NaN : (float) r.nextGaussian();
                        }
                        assertTrue(SamePoolRows.applies(geometry(op, hw[0], hw[1])), Arrays.toString(k));
                        // The float64 reference keeps the first NaN-free maximum; the float folds make a window
                        // with a NaN NaN, as the loops under test do.
                        Kernel oracle = new PoolKernel(op, nans || kind != Pool.Kind.MAX
                                ? FloatPrimitives.forTier(SimdTier.SCALAR) : null);
                        float[] want = run(oracle, 1, x)[0].floatData();
                        String what = tier + " " + kind + " includePad=" + includePad + " nans=" + nans + " "
                                + count + "x" + hw[0] + "x" + hw[1] + " " + Arrays.toString(k);
                        Kernel serial = PoolKernel.create(op, simd, CpuThreadPool.serial());
                        assertArrayEquals(want, run(serial, 1, x)[0].floatData(), what);
                        assertArrayEquals(want, run(serial, 1, x)[0].floatData(), what + " (second run)");
                        assertArrayEquals(want, run(PoolKernel.create(op, simd, two), 1, x)[0].floatData(),
                                what + " (two threads)");
                    }
                }
            }
        }
    }

    private static Pool pool(int kh, int kw, int stride, int padTop, int padLeft, int padBottom, int padRight) {
        return pool(kh, kw, stride, padTop, padLeft, padBottom, padRight, Pool.Kind.AVERAGE, false);
    }

    private static Pool pool(int kh, int kw, int stride, int padTop, int padLeft, int padBottom, int padRight,
                             Pool.Kind kind, boolean includePad) {
        ConvGeometry geo = new ConvGeometry(new long[] {kh, kw}, new long[] {stride, stride},
                new long[] {padTop, padLeft, padBottom, padRight}, new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET);
        return new Pool(kind, geo, false, includePad, false, 2);
    }

    private static ConvGeometry.Resolved geometry(Pool op, int h, int w) {
        int[] kernel = Arrays.stream(op.geometry().kernelShape()).mapToInt(v -> (int) v).toArray();
        return op.geometry().resolve(new int[] {h, w}, kernel, op.ceilMode()).as3d();
    }
}
