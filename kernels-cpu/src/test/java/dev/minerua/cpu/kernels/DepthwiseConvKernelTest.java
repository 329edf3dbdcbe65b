package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.FusedActivation;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.random;
import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;

/** The depthwise Conv fast path against a direct float64 evaluation of the Conv definition, at odd shapes. */
class DepthwiseConvKernelTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    /** Direct 2-D depthwise convolution from the definition. */
    private static Tensor naive(Tensor x, Tensor w, Tensor b, int[] stride, int[] pads, int[] dil, int oh, int ow) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int kh = w.dim(2);
        int kw = w.dim(3);
        Tensor y = Tensor.allocate(DataType.FLOAT, n, c, oh, ow);
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b == null ? 0 : b.floatData()[ch];
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int ih = i * stride[0] - pads[0] + u * dil[0];
                                int iw = j * stride[1] - pads[1] + v * dil[1];
                                if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                    s += (double) w.floatData()[(ch * kh + u) * kw + v]
                                            * x.floatData()[((img * c + ch) * h + ih) * wd + iw];
                                }
                            }
                        }
                        y.floatData()[((img * c + ch) * oh + i) * ow + j] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void matchesTheDefinitionAtOddShapes() {
        int[][] cases = { // c, h, w, k, stride, pad, dilation
            {3, 7, 9, 3, 1, 1, 1},
            {5, 11, 37, 3, 2, 1, 1},
            {8, 10, 21, 5, 1, 2, 1},
            {4, 9, 19, 3, 1, 2, 2},
            {2, 6, 5, 3, 3, 0, 1},
            {16, 4, 17, 1, 1, 0, 1},
            {6, 13, 40, 3, 1, 0, 1},
        };
        long seed = 1;
        for (int[] cs : cases) {
            int c = cs[0];
            int h = cs[1];
            int wd = cs[2];
            int k = cs[3];
            int s = cs[4];
            int p = cs[5];
            int d = cs[6];
            for (boolean withBias : new boolean[] {true, false}) {
                Tensor x = random(seed++, 1f, 2, c, h, wd);
                Tensor w = random(seed++, 1f, c, 1, k, k);
                Tensor b = withBias ? random(seed++, 1f, c) : null;
                int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1;
                int ow = (wd + 2 * p - d * (k - 1) - 1) / s + 1;
                List<Attribute> attrs = new ArrayList<>();
                attrs.add(new Attribute("group", Attribute.Kind.INT, (long) c));
                attrs.add(new Attribute("strides", Attribute.Kind.INTS, new long[] {s, s}));
                attrs.add(new Attribute("pads", Attribute.Kind.INTS, new long[] {p, p, p, p}));
                attrs.add(new Attribute("dilations", Attribute.Kind.INTS, new long[] {d, d}));
                Tensor got = withBias
                        ? KernelTestHarness.runNode("Conv", 11, attrs, 1, x, w, b)[0]
                        : KernelTestHarness.runNode("Conv", 11, attrs, 1, x, w)[0];
                Tensor want = naive(x, w, b, new int[] {s, s}, new int[] {p, p}, new int[] {d, d}, oh, ow);
                TensorAssert.assertClose(want, got, 1e-5, 1e-5);
            }
        }
    }

    /**
     * The padded-grid path on every SIMD tier against the reference im2col kernel: 1-D and 2-D, sizes 1 and
     * primes, kernels 1 to 5 (also non-square), strides 1 to 3 (different per axis), asymmetric padding, padding
     * wider than the kernel, dilation, with and without bias; and every tier gives the same bits (the tap sum
     * adds in one order on all of them), also on two threads.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void paddedGridMatchesTheReferenceOnEveryTier(SimdTier tier) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        FloatPrimitives scalar = FloatPrimitives.forTier(SimdTier.SCALAR);
        int[][] cases = { // c, h, w, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw
            {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1},
            {3, 1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {5, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {4, 14, 14, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {2, 13, 29, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1},
            {3, 11, 17, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1},
            {2, 17, 23, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2},
            {3, 19, 11, 3, 5, 2, 3, 0, 2, 1, 0, 1, 2},
            {2, 5, 31, 1, 7, 1, 2, 0, 3, 0, 3, 1, 1},
            {2, 9, 9, 2, 2, 2, 2, 0, 0, 1, 1, 1, 1},
            {1, 6, 5, 3, 3, 3, 3, 4, 4, 4, 4, 1, 1},
            {7, 3, 61, 3, 3, 1, 2, 1, 1, 1, 1, 3, 1},
            {3, 1, 37, 1, 5, 1, 2, 0, 2, 0, 1, 1, 2},
            {3, 5, 70, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {2, 4, 67, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1},
            // Width window 3 at width stride 2 (the down-sampling convs, stride-phase planes split by vector
            // gathers): one output, widths around the vector widths, asymmetric and one-sided padding, other
            // height windows, strides and dilations, 1-D.
            {3, 1, 1, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {2, 3, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {3, 7, 33, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {2, 8, 35, 3, 3, 2, 2, 0, 1, 2, 0, 1, 1},
            {2, 6, 65, 5, 3, 2, 2, 2, 1, 2, 1, 1, 1},
            {2, 1, 41, 1, 3, 1, 2, 0, 1, 0, 1, 1, 1},
            {3, 9, 31, 3, 3, 3, 2, 1, 0, 1, 2, 2, 1},
            {5, 56, 56, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            // ShuffleNet's planes and their neighbours, stride 1 (one block copy into the grid and out of it):
            // rows shorter than, equal to and longer than the vectors; many channels.
            {17, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {17, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {240, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {3, 13, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {3, 2, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
            {1, 16, 16, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1},
            {3, 33, 17, 3, 3, 1, 1, 1, 0, 1, 2, 1, 1},
            {17, 28, 28, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
            {3, 13, 13, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},
        };
        long seed = 100;
        for (int[] cs : cases) {
            for (boolean withBias : new boolean[] {true, false}) {
                for (boolean oneD : cs[1] == 1 && cs[3] == 1 ? new boolean[] {false, true} : new boolean[] {false}) {
                    int c = cs[0];
                    ConvGeometry geo = oneD
                            ? new ConvGeometry(new long[] {cs[4]}, new long[] {cs[6]}, new long[] {cs[8], cs[10]},
                                    new long[] {cs[12]}, ConvGeometry.AutoPad.NOTSET)
                            : new ConvGeometry(new long[] {cs[3], cs[4]}, new long[] {cs[5], cs[6]},
                                    new long[] {cs[7], cs[8], cs[9], cs[10]}, new long[] {cs[11], cs[12]},
                                    ConvGeometry.AutoPad.NOTSET);
                    Conv op = new Conv(geo, c);
                    Tensor x = oneD ? random(seed++, 1f, 2, c, cs[2]) : random(seed++, 1f, 2, c, cs[1], cs[2]);
                    Tensor w = oneD ? random(seed++, 1f, c, 1, cs[4]) : random(seed++, 1f, c, 1, cs[3], cs[4]);
                    Tensor[] in = withBias ? new Tensor[] {x, w, random(seed++, 1f, c)} : new Tensor[] {x, w};
                    Tensor want = run(new ConvKernel(op), 1, in)[0];
                    Tensor got = run(new DepthwiseConvKernel(op, new ConvKernel(op), simd,
                            CpuThreadPool.serial()), 1, in)[0];
                    TensorAssert.assertClose(want, got, 1e-5, 1e-5);
                    Tensor onScalar = run(new DepthwiseConvKernel(op, new ConvKernel(op), scalar,
                            CpuThreadPool.serial()), 1, in)[0];
                    org.junit.jupiter.api.Assertions.assertArrayEquals(onScalar.floatData(), got.floatData(),
                            tier + " " + java.util.Arrays.toString(cs));
                    Tensor onTwo = run(new DepthwiseConvKernel(op, new ConvKernel(op), simd, TWO), 1, in)[0];
                    org.junit.jupiter.api.Assertions.assertArrayEquals(got.floatData(), onTwo.floatData(),
                            tier + " two threads " + java.util.Arrays.toString(cs));
                }
            }
        }
    }

    /**
     * A fused depthwise Conv (activation applied to each plane as it is written, planes split over two
     * threads) against the reference kernel followed by the activation in double precision, on every tier:
     * the padded grid (many planes, so the split has ranges on both threads) and the 3-D row path.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void fusedActivationMatchesReferenceThenActivationOnEveryTier(SimdTier tier) {
        FloatPrimitives simd = FloatPrimitives.forTier(tier);
        FusedActivation[] activations = {
            new FusedActivation(FusedActivation.Kind.HARD_SWISH, 0f, 0f),
            new FusedActivation(FusedActivation.Kind.RELU, 0f, 0f),
            new FusedActivation(FusedActivation.Kind.CLIP, -0.5f, 0.75f),
            new FusedActivation(FusedActivation.Kind.HARD_SIGMOID, 0.2f, 0.5f),
            new FusedActivation(FusedActivation.Kind.SIGMOID, 0f, 0f),
            FusedActivation.NONE,
        };
        long seed = 300;
        for (FusedActivation act : activations) {
            for (boolean threeD : new boolean[] {false, true}) {
                int c = threeD ? 5 : 29;
                ConvGeometry geo = threeD
                        ? new ConvGeometry(new long[] {3, 3, 3}, new long[] {1, 2, 1},
                                new long[] {1, 0, 1, 1, 1, 0}, new long[] {1, 1, 1}, ConvGeometry.AutoPad.NOTSET)
                        : new ConvGeometry(new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1},
                                new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET);
                Conv op = new Conv(geo, c);
                Tensor x = threeD ? random(seed++, 2f, 2, c, 4, 7, 9) : random(seed++, 2f, 2, c, 37, 41);
                Tensor w = threeD ? random(seed++, 1f, c, 1, 3, 3, 3) : random(seed++, 1f, c, 1, 3, 3);
                Tensor[] in = {x, w, random(seed++, 1f, c)};
                Tensor want = run(new ConvKernel(op), 1, in)[0];
                float[] wd = want.floatData();
                for (int i = 0; i < wd.length; i++) {
                    wd[i] = (float) FusedActivations.apply(act, wd[i]);
                }
                FusedKernels.Finish finished = new FusedKernels.Finish(new ConvKernel(op), 3, -1, -1, act, simd);
                Tensor got = run(DepthwiseConvKernel.fused(op, finished, FusedActivations.epilogue(act, simd), simd,
                        TWO), 1, in)[0];
                TensorAssert.assertClose(want, got, 1e-5, 1e-5);
            }
        }
        // Not depthwise (two filters per channel): the finished reference runs, activation included.
        FusedActivation relu = new FusedActivation(FusedActivation.Kind.RELU, 0f, 0f);
        Conv op = new Conv(new ConvGeometry(new long[] {3, 3}, new long[] {1, 1}, new long[] {0, 0, 0, 0},
                new long[] {1, 1}, ConvGeometry.AutoPad.NOTSET), 3);
        Tensor[] in = {random(seed++, 1f, 1, 3, 5, 6), random(seed++, 1f, 6, 1, 3, 3), random(seed, 1f, 6)};
        Tensor want = run(new FusedKernels.Finish(new ConvKernel(op), 3, -1, -1, relu, simd), 1, in)[0];
        Tensor got = run(DepthwiseConvKernel.fused(op, new FusedKernels.Finish(new ConvKernel(op), 3, -1, -1, relu,
                simd), FusedActivations.epilogue(relu, simd), simd, TWO), 1, in)[0];
        TensorAssert.assertClose(want, got, 0, 0);
    }

    @Test
    void channelMultiplierAndGroupedConvStillUseTheGeneralKernel() {
        // group == C but two filters per channel: not depthwise in our sense; must still be right.
        Tensor x = random(40, 1f, 1, 3, 5, 6);
        Tensor w = random(41, 1f, 6, 1, 3, 3);
        List<Attribute> attrs = List.of(new Attribute("group", Attribute.Kind.INT, 3L));
        Tensor got = KernelTestHarness.runNode("Conv", 11, attrs, 1, x, w)[0];
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 6, 3, 4}, got.dims());
        // Output channel 0 and 1 read input channel 0 only.
        double s = 0;
        for (int u = 0; u < 3; u++) {
            for (int v = 0; v < 3; v++) {
                s += (double) w.floatData()[9 + u * 3 + v] * x.floatData()[u * 6 + v];
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(s, got.floatData()[12], 1e-5);
    }
}
