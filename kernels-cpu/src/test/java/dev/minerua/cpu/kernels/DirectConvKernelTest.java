package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.random;
import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct small-Conv kernel against the reference im2col kernel, at awkward shapes, on every SIMD tier. */
class DirectConvKernelTest {

    /**
     * Channels 1 and primes, output channels 1 to 17 (whole and partial blocks of four), sizes 1 and primes,
     * square and non-square kernels, asymmetric and wide padding, dilation, with and without bias; batches of
     * two (the padded planes are refilled per image). Every tier gives the scalar tier's bits.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void matchesTheReferenceOnEveryTier(SimdTier tier) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        FloatPrimitives scalar = FloatPrimitives.forTier(SimdTier.SCALAR);
        int[][] cases = { // c, m, h, w, kh, kw, pt, pl, pb, pr, dh, dw
            {1, 8, 28, 28, 5, 5, 2, 2, 2, 2, 1, 1},
            {8, 16, 14, 14, 5, 5, 2, 2, 2, 2, 1, 1},
            {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1},
            {1, 3, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1},
            {3, 5, 7, 11, 3, 3, 1, 1, 1, 1, 1, 1},
            {2, 17, 13, 29, 3, 5, 0, 2, 1, 0, 1, 1},
            {5, 7, 17, 23, 3, 3, 2, 2, 2, 2, 2, 2},
            {1, 4, 5, 31, 1, 7, 0, 3, 0, 3, 1, 1},
            {7, 6, 6, 5, 3, 3, 4, 4, 4, 4, 1, 1},
            {2, 9, 3, 61, 3, 3, 1, 1, 1, 1, 3, 1},
            {1, 2, 37, 3, 5, 1, 0, 0, 0, 0, 1, 1},
        };
        long seed = 7;
        for (int[] cs : cases) {
            for (boolean withBias : new boolean[] {true, false}) {
                ConvGeometry geo = new ConvGeometry(new long[] {cs[4], cs[5]}, new long[] {1, 1},
                        new long[] {cs[6], cs[7], cs[8], cs[9]}, new long[] {cs[10], cs[11]},
                        ConvGeometry.AutoPad.NOTSET);
                Conv op = new Conv(geo, 1);
                assertTrue(DirectConvKernel.accepts(op, new int[] {cs[1], cs[0], cs[4], cs[5]}));
                Tensor x = random(seed++, 1f, 2, cs[0], cs[2], cs[3]);
                Tensor w = random(seed++, 1f, cs[1], cs[0], cs[4], cs[5]);
                Tensor[] in = withBias ? new Tensor[] {x, w, random(seed++, 1f, cs[1])} : new Tensor[] {x, w};
                Tensor want = run(new ConvKernel(op), 1, in)[0];
                DirectConvKernel kernel = new DirectConvKernel(op, new ConvKernel(op), simd, CpuThreadPool.serial());
                Tensor got = run(kernel, 1, in)[0];
                TensorAssert.assertClose(want, got, 1e-4, 1e-4);
                // A second run reuses the kept buffer, whose padding must still be zero.
                assertArrayEquals(got.floatData(), run(kernel, 1, in)[0].floatData());
                Tensor onScalar = run(new DirectConvKernel(op, new ConvKernel(op), scalar,
                        CpuThreadPool.serial()), 1, in)[0];
                assertArrayEquals(onScalar.floatData(), got.floatData(), tier + " " + Arrays.toString(cs));
            }
        }
    }

    @Test
    void takesOnlySmallStrideOneFiltersOfOneGroup() {
        ConvGeometry unit = new ConvGeometry(new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1},
                new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET);
        ConvGeometry strided = new ConvGeometry(new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1, 1, 1},
                new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET);
        assertTrue(DirectConvKernel.accepts(new Conv(unit, 1), new int[] {8, 4, 3, 3}));
        assertFalse(DirectConvKernel.accepts(new Conv(strided, 1), new int[] {8, 4, 3, 3}));
        assertFalse(DirectConvKernel.accepts(new Conv(unit, 2), new int[] {8, 2, 3, 3}));
        assertFalse(DirectConvKernel.accepts(new Conv(unit, 1), new int[] {8, 64, 3, 3}));
        assertFalse(DirectConvKernel.accepts(new Conv(unit, 1), null));
    }

    @Test
    void largeImagesGoToTheGeneralKernel() {
        ConvGeometry geo = new ConvGeometry(new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1},
                new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET);
        Conv op = new Conv(geo, 1);
        Tensor x = random(1, 1f, 1, 2, 100, 100);
        Tensor w = random(2, 1f, 3, 2, 3, 3);
        Tensor want = run(new ConvKernel(op), 1, x, w)[0];
        Tensor got = run(new DirectConvKernel(op, new ConvKernel(op), FloatPrimitives.preferred(),
                CpuThreadPool.serial()), 1, x, w)[0];
        assertArrayEquals(want.floatData(), got.floatData());
    }
}
