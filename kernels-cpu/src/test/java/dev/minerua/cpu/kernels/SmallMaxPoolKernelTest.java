package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
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

/** The small 2-D MaxPool kernel against the float64 reference pooling, at awkward shapes, on every SIMD tier. */
class SmallMaxPoolKernelTest {

    /**
     * Windows 1 to 3 per axis (also non-square), strides smaller than, equal to and larger than the window,
     * dilation, sizes 1 and primes, windows that leave rows and columns unread, padding and ceil mode (which go
     * to the general kernel), NaN inputs. The max is exact, so every tier must give the reference's bits.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void matchesTheReferenceOnEveryTier(SimdTier tier) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        int[][] cases = { // n*c, h, w, kh, kw, sh, sw, dh, dw, pad, ceil
            {8, 28, 28, 2, 2, 2, 2, 1, 1, 0, 0},
            {16, 14, 14, 3, 3, 3, 3, 1, 1, 0, 0},
            {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
            {3, 7, 11, 3, 2, 2, 1, 1, 1, 0, 0},
            {5, 13, 17, 3, 3, 1, 1, 2, 1, 0, 0},
            {2, 5, 31, 1, 3, 1, 4, 1, 2, 0, 0},
            {7, 9, 9, 2, 2, 2, 2, 1, 1, 1, 0},
            {3, 10, 10, 3, 3, 2, 2, 1, 1, 0, 1},
            {1, 40, 40, 2, 2, 2, 2, 1, 1, 0, 0},
        };
        long seed = 3;
        for (int[] cs : cases) {
            long p = cs[9];
            ConvGeometry geo = new ConvGeometry(new long[] {cs[3], cs[4]}, new long[] {cs[5], cs[6]},
                    new long[] {p, p, p, p}, new long[] {cs[7], cs[8]}, ConvGeometry.AutoPad.NOTSET);
            Pool op = new Pool(Pool.Kind.MAX, geo, cs[10] == 1, false, false, 2);
            for (boolean nans : new boolean[] {false, true}) {
                Random r = new Random(seed++);
                Tensor x = Tensor.allocate(DataType.FLOAT, 1, cs[0], cs[1], cs[2]);
                float[] d = x.floatData();
                for (int i = 0; i < d.length; i++) {
                    d[i] = nans && r.nextInt(50) == 0 ? Float.NaN : (float) r.nextGaussian();
                }
                // With NaNs, the oracle is the float row-fold path (NaN makes its windows NaN); the float64
                // reference keeps the first NaN-free maximum instead.
                Kernel oracle = new PoolKernel(op, nans ? FloatPrimitives.forTier(SimdTier.SCALAR) : null);
                Tensor want = run(oracle, 1, x)[0];
                Kernel kernel = new SmallMaxPoolKernel(op, oracle, simd);
                Tensor got = run(kernel, 1, x)[0];
                assertArrayEquals(want.dims(), got.dims());
                assertArrayEquals(want.floatData(), got.floatData(), tier + " " + nans + " " + Arrays.toString(cs));
                assertArrayEquals(want.floatData(), run(kernel, 1, x)[0].floatData());
            }
        }
    }
}
