package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.ir.ops.Lrn;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LRN's float32 path on every SIMD tier ({@link LrnPlanes} for beta 0.75 on the vector tiers), serial and on two
 * threads: plane sizes 1 and primes around the vector widths (masked last vectors), one to seven channels with
 * windows from 1 to 6 (clipped at both ends, even sizes), two images. The bits must match the scalar tier's
 * float loop; that loop stays within float rounding of the float64 reference.
 */
class LrnPlanesTest {

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void matchesTheScalarFloatLoopOnEveryTier(SimdTier tier) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        FloatPrimitives scalar = FloatPrimitives.forTier(SimdTier.SCALAR);
        int[] inners = {1, 3, 4, 7, 16, 17, 31, 33, 121};
        Lrn[] ops = {new Lrn(1e-4f, 0.75f, 1f, 5), new Lrn(0.3f, 0.75f, 2f, 4), new Lrn(0.5f, 0.75f, 1f, 1),
            new Lrn(2e-3f, 0.75f, 1.5f, 6), new Lrn(2e-3f, 0.6f, 2f, 3)};
        long seed = 5;
        try (CpuThreadPool two = new CpuThreadPool(2)) {
            for (int inner : inners) {
                for (int channels = 1; channels <= 7; channels += 3) {
                    for (Lrn op : ops) {
                        Random r = new Random(seed++);
                        Tensor x = Tensor.allocate(DataType.FLOAT, 2, channels, 1, inner);
                        float[] d = x.floatData();
                        for (int i = 0; i < d.length; i++) {
                            d[i] = (float) (r.nextGaussian() * 3);
                        }
                        String what = tier + " " + op + " " + channels + "x" + inner;
                        float[] want = run(new LrnKernel(op, CpuThreadPool.serial(), scalar), 1, x)[0].floatData();
                        float[] exact = run(new LrnKernel(op, null, scalar), 1, x)[0].floatData();
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(exact[i], want[i], 2e-6f * Math.abs(exact[i]) + 1e-30f, what + " at " + i);
                        }
                        assertArrayEquals(want, run(new LrnKernel(op, CpuThreadPool.serial(), simd), 1, x)[0]
                                .floatData(), what);
                        assertArrayEquals(want, run(new LrnKernel(op, two, simd), 1, x)[0].floatData(),
                                what + " (two threads)");
                    }
                }
            }
        }
    }
}
