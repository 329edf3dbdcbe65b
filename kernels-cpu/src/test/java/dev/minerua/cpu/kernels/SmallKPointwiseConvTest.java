package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.random;
import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small-K pointwise Conv against the reference Conv on the 512-bit tier (the only one it runs on; the
 * narrower tiers are checked never to choose it), on 1, 2 and 3 threads: input
 * channels 1, 3, 15, 16, 17, 32, 33, 130 (all of K is one loop: no K tails), output channels 1, 7, 16, 33 (8-channel
 * tiles and single rows), planes 1x1 (narrower than a tile: the general kernel), 5x7, 7x7, 13x13 and 55x55
 * (overlapping last tile, or the general kernel where it would waste too much), batches of one and two, with and
 * without bias, plain and clamped (Relu, Clip).
 */
class SmallKPointwiseConvTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);
    private static final CpuThreadPool THREE = new CpuThreadPool(3);
    private static final ConvGeometry POINTWISE = new ConvGeometry(null, null, null, null, ConvGeometry.AutoPad.NOTSET);
    private static final Conv OP = new Conv(POINTWISE, 1);

    @AfterAll
    static void close() {
        TWO.close();
        THREE.close();
    }

    /** The reference Conv, counting its runs. */
    private static final class Counted implements Kernel {
        private final Kernel inner = new ConvKernel(OP);
        int runs;

        @Override
        public void execute(KernelContext ctx) {
            runs++;
            inner.execute(ctx);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SimdTier.class, names = {"V512"})
    void matchesReferenceOnTheTiersItRunsOn(SimdTier tier) {
        int width = PointwiseTiles.forTier(tier).width();
        int[][] planes = {{1, 1}, {5, 7}, {7, 7}, {13, 13}, {55, 55}};
        float[][] clamps = {{Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}, {0f, Float.POSITIVE_INFINITY}, {-0.5f, 0.7f}};
        long seed = 5;
        for (int k : new int[] {1, 3, 15, 16, 17, 32, 33, 130}) {
            for (int m : new int[] {1, 7, 16, 33}) {
                for (int[] hw : planes) {
                    int batch = (k + m) % 2 + 1;
                    Tensor x = random(seed++, 1f, batch, k, hw[0], hw[1]);
                    Tensor w = random(seed++, 1f, m, k, 1, 1);
                    Tensor b = random(seed++, 1f, m);
                    for (boolean withBias : new boolean[] {true, false}) {
                        Tensor plain = run(new ConvKernel(OP), 1, withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w})[0];
                        for (float[] c : clamps) {
                            Tensor want = clamped(plain, c[0], c[1]);
                            for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                                Counted general = new Counted();
                                Epilogue fused = Epilogue.NONE.withClamp(c[0], c[1]);
                                SmallKPointwiseConv kernel = new SmallKPointwiseConv(general, tier, pool, m, k,
                                        w.floatData(), withBias ? b.floatData() : null, fused);
                                Tensor got = run(kernel, 1, withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w})[0];
                                boolean narrow = !SmallKPointwiseConv.fits(hw[0] * hw[1], width, k);
                                assertEquals(narrow ? 1 : 0, general.runs, "general kernel runs");
                                if (narrow) {
                                    // The general kernel stands for one that applies the clamp itself.
                                    got = clamped(got, c[0], c[1]);
                                }
                                String what = tier + " K=" + k + " M=" + m + " " + Arrays.toString(x.dims()) + " bias="
                                        + withBias + " clamp=" + Arrays.toString(c) + " threads=" + pool.threads();
                                try {
                                    TensorAssert.assertClose(want, got, 1e-4, 1e-4);
                                } catch (AssertionError e) {
                                    throw new AssertionError(what + ": " + e.getMessage(), e);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void appliesToPointwiseConvsWithFewInputChannelsOnly() {
        Epilogue relu = Epilogue.NONE.withRelu();
        assertTrue(SmallKPointwiseConv.applies(OP, new int[] {64, 16, 1, 1}, relu, SimdTier.V512));
        assertTrue(SmallKPointwiseConv.applies(OP, new int[] {128, 32, 1, 1}, Epilogue.NONE, SimdTier.V512));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {64, 32, 1, 1}, Epilogue.NONE, SimdTier.V256));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {64, 32, 1, 1}, Epilogue.NONE, SimdTier.V128));
        assertTrue(SmallKPointwiseConv.applies(OP, new int[] {64, 512, 1, 1}, relu, SimdTier.V512));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {65, 33, 1, 1}, relu, SimdTier.V512));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {64, 16, 3, 3}, relu, SimdTier.V512));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {64, 16, 1, 1}, relu, SimdTier.SCALAR));
        assertFalse(SmallKPointwiseConv.applies(new Conv(POINTWISE, 2), new int[] {64, 8, 1, 1}, relu, SimdTier.V512));
        assertFalse(SmallKPointwiseConv.applies(OP, new int[] {64, 16, 1, 1}, relu.withActivation((c, o, n) -> { }),
                SimdTier.V512));
        // Past 32 input channels, planes whose last tile would recompute more than a sixth go to the GEMM.
        assertTrue(SmallKPointwiseConv.fits(5 * 7, 32, 32));
        assertFalse(SmallKPointwiseConv.fits(5 * 7, 32, 33));
        assertFalse(SmallKPointwiseConv.fits(7 * 7, 32, 64));
        assertTrue(SmallKPointwiseConv.fits(13 * 13, 32, 512));
        assertFalse(SmallKPointwiseConv.fits(31, 32, 1));
        ConvGeometry strided = new ConvGeometry(null, new long[] {2, 2}, null, null, ConvGeometry.AutoPad.NOTSET);
        assertFalse(SmallKPointwiseConv.applies(new Conv(strided, 1), new int[] {64, 16, 1, 1}, relu, SimdTier.V512));
    }

    private static Tensor clamped(Tensor t, float lo, float hi) {
        Tensor out = Tensor.allocate(t.type(), t.dims());
        float[] s = t.floatData();
        float[] d = out.floatData();
        for (int i = 0; i < s.length; i++) {
            d[i] = Math.min(Math.max(s[i], lo), hi);
        }
        return out;
    }
}
