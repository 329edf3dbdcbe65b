package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.Pool;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Random;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The width-stride-2 pooling row loops ({@link StridedPoolRows}, reached through {@link PoolKernel} and the
 * {@link SmallMaxPoolKernel} in front of it) on every SIMD tier, serial and on two threads: widths 1, 2 and primes
 * around the vector widths (tails, masked last vectors, loads that would run past the tensor), 2- and 3-wide
 * windows, height windows, strides and dilations, padding on either side, ceil-mode overhang, windows wholly in
 * the padding, and NaN inputs. MaxPool against the float64 reference pooling, AveragePool (with and without
 * count_include_pad) against the scalar tier's float32 plane folds, which add in the same order: the bits must
 * match.
 */
class StridedPoolRowsTest {

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

    private static void check(SimdTier tier, Pool.Kind kind, boolean includePad) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        int[] widths = {1, 2, 3, 5, 8, 13, 17, 31, 33, 37, 111};
        int[][] windows = { // kh, kw, sh, dh, padTop, padLeft, padBottom, padRight, ceil
            {3, 3, 2, 1, 0, 0, 0, 0, 0},
            {3, 3, 2, 1, 1, 1, 1, 1, 0},
            {2, 2, 2, 1, 0, 0, 0, 0, 0},
            {2, 2, 2, 1, 0, 0, 0, 0, 1},
            {3, 3, 2, 1, 0, 0, 1, 1, 1},
            {1, 3, 1, 1, 0, 2, 0, 1, 0},
            {3, 2, 3, 2, 2, 1, 0, 0, 1},
            {4, 3, 1, 1, 3, 0, 3, 2, 0},
        };
        long seed = 11;
        try (CpuThreadPool two = new CpuThreadPool(2)) {
            for (int w : widths) {
                for (int[] k : windows) {
                    int h = Math.max(1, (w * 3) % 23);
                    int planes = 1 + w % 4;
                    ConvGeometry geo = new ConvGeometry(new long[] {k[0], k[1]}, new long[] {k[2], 2},
                            new long[] {k[4], k[5], k[6], k[7]}, new long[] {k[3], 1}, ConvGeometry.AutoPad.NOTSET);
                    Pool op = new Pool(kind, geo, k[8] == 1, includePad, false, 2);
                    for (boolean nans : new boolean[] {false, true}) {
                        Random r = new Random(seed++);
                        Tensor x = Tensor.allocate(DataType.FLOAT, 1, planes, h, w);
                        float[] d = x.floatData();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = nans && r.nextInt(40) == 0 ? Float.NaN : (float) r.nextGaussian();
                        }
                        ConvGeometry.Resolved g = geometry(op, x);
                        if (g == null || !StridedPoolRows.applies(g)) {
                            continue; // no output column, or no valid geometry: not these loops' case
                        }
                        // The float64 reference keeps the first NaN-free maximum; the float row folds make
                        // a window with a NaN NaN, as the loops under test do.
                        Kernel oracle = new PoolKernel(op, nans || kind != Pool.Kind.MAX
                                ? FloatPrimitives.forTier(SimdTier.SCALAR) : null);
                        float[] want = run(oracle, 1, x)[0].floatData();
                        String what = tier + " " + kind + " includePad=" + includePad + " nans=" + nans + " " + planes + "x" + h + "x" + w + " " + Arrays.toString(k);
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

    private static ConvGeometry.Resolved geometry(Pool op, Tensor x) {
        int[] kernel = Arrays.stream(op.geometry().kernelShape()).mapToInt(v -> (int) v).toArray();
        try {
            return op.geometry().resolve(ConvShapes.spatial(x), kernel, op.ceilMode()).as3d();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
