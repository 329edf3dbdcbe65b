package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.minerua.cpu.kernels.SimdKernelPathsTest.random;
import static dev.minerua.cpu.kernels.SimdKernelPathsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The shuffled grouped pointwise Conv against the reference Conv, its Relu and a channel shuffle written out by
 * index, on every SIMD tier, on one thread and two: groups 2, 3 and 8, channels per group 1 and primes (MR tails),
 * output channels per group across the micro-tile heights (whole slivers plus a few-rows rest, or a rest alone),
 * positions 1, primes and NR tails, batches of two, on one, two and three threads.
 */
class GroupedPointwiseConvKernelTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);
    private static final CpuThreadPool THREE = new CpuThreadPool(3);
    private static final ConvGeometry POINTWISE = new ConvGeometry(null, null, null, null, ConvGeometry.AutoPad.NOTSET);

    @AfterAll
    static void close() {
        TWO.close();
        THREE.close();
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void matchesReferenceThenShuffleOnEveryTier(SimdTier tier) {
        Sgemm sgemm = Sgemm.forTier(tier);
        // {N, group, C per group, M per group, H, W}
        int[][] cases = {{1, 2, 1, 1, 1, 1}, {2, 3, 5, 7, 7, 7}, {1, 8, 3, 9, 13, 11}, {1, 4, 34, 34, 28, 28},
            {1, 4, 68, 68, 14, 14}, {1, 4, 136, 136, 7, 7}, {2, 3, 2, 17, 1, 37}, {1, 2, 11, 33, 5, 1},
            // Few rows left after whole slivers (2, 4, 1 at MR 8; 4, 2, 4 at MR 6), few rows only, and group 1.
            {2, 2, 16, 10, 7, 7}, {2, 3, 3, 12, 13, 11}, {1, 8, 17, 17, 1, 1}, {2, 2, 1, 3, 13, 11},
            {2, 1, 17, 16, 7, 7}, {2, 8, 3, 2, 7, 7}, {1, 3, 16, 20, 13, 11}, {2, 2, 17, 28, 28, 28}};
        long seed = 11;
        for (int[] c : cases) {
            int group = c[1];
            Conv op = new Conv(POINTWISE, group);
            Tensor x = random(seed++, 1f, c[0], group * c[2], c[4], c[5]);
            Tensor w = random(seed++, 1f, group * c[3], c[2], 1, 1);
            for (boolean withBias : new boolean[] {true, false}) {
                Tensor b = random(seed++, 1f, group * c[3]);
                Tensor plain = run(new ConvKernel(op), 1, withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w})[0];
                Tensor want = shuffled(relu(plain), group);
                for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                    GroupedPointwiseConvKernel k = new GroupedPointwiseConvKernel(op, new ConvKernel(op), sgemm, pool,
                            w.dims(), w.floatData(), withBias ? b.floatData() : null, Epilogue.NONE.withClamp(0f,
                            Float.POSITIVE_INFINITY));
                    // The runtime drops the packed filter and bias (readsConstantInput): W and B come as null.
                    Tensor got = run(k, 1, x, null, null)[0];
                    TensorAssert.assertClose(want, got, 1e-4, 1e-4);
                    assertArrayEquals(got.floatData(), run(k, 1, x, w, withBias ? b : null)[0].floatData(),
                            tier + " " + Arrays.toString(c) + " second run");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void unshuffledWithResidualMatchesReferenceOnEveryTier(SimdTier tier) {
        Sgemm sgemm = Sgemm.forTier(tier);
        // {N, group, C per group, M per group, H, W}: ShuffleNet's stages, few-rows rests, rests alone, tails.
        int[][] cases = {{1, 4, 34, 34, 28, 28}, {1, 4, 68, 68, 14, 14}, {1, 4, 136, 136, 7, 7}, {2, 3, 5, 7, 7, 7},
            {1, 2, 1, 1, 1, 1}, {2, 2, 16, 10, 2, 3}, {1, 3, 17, 3, 13, 13}, {2, 8, 3, 9, 1, 37}};
        long seed = 101;
        for (int[] c : cases) {
            int group = c[1];
            Conv op = new Conv(POINTWISE, group);
            Tensor x = random(seed++, 1f, c[0], group * c[2], c[4], c[5]);
            Tensor w = random(seed++, 1f, group * c[3], c[2], 1, 1);
            for (boolean withBias : new boolean[] {true, false}) {
                Tensor b = random(seed++, 1f, group * c[3]);
                Tensor plain = run(new ConvKernel(op), 1, withBias ? new Tensor[] {x, w, b} : new Tensor[] {x, w})[0];
                Tensor res = random(seed++, 1f, plain.dims());
                float[] sum = plain.floatData().clone();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = Math.max(0f, sum[i] + res.floatData()[i]);
                }
                Tensor want = Tensor.wrap(DataType.FLOAT, plain.dims(), sum);
                for (CpuThreadPool pool : new CpuThreadPool[] {CpuThreadPool.serial(), TWO, THREE}) {
                    GroupedPointwiseConvKernel k = new GroupedPointwiseConvKernel(op, new ConvKernel(op), sgemm, pool,
                            w.dims(), w.floatData(), withBias ? b.floatData() : null, Epilogue.NONE.withClamp(0f,
                            Float.POSITIVE_INFINITY), false, 3);
                    Tensor got = run(k, 1, x, null, null, res)[0];
                    TensorAssert.assertClose(want, got, 1e-4, 1e-4);
                    assertArrayEquals(got.floatData(), run(k, 1, x, w, withBias ? b : null, res)[0].floatData(),
                            tier + " " + Arrays.toString(c) + " second run");
                }
            }
        }
    }

    @Test
    void unfitInputsGoToTheGeneralKernelOrFailClearly() {
        Conv op = new Conv(POINTWISE, 2);
        Tensor w = random(3, 1f, 4, 3, 1, 1);
        GroupedPointwiseConvKernel k = new GroupedPointwiseConvKernel(op, new ConvKernel(op), Sgemm.standard(),
                CpuThreadPool.serial(), w.dims(), w.floatData(), null, Epilogue.NONE);
        Tensor xd = Tensor.allocate(DataType.DOUBLE, 1, 6, 2, 2);
        assertEquals(DataType.DOUBLE, run(k, 1, xd, Tensor.allocate(DataType.DOUBLE, 4, 3, 1, 1))[0].type());
        assertThrows(RuntimeException.class, () -> run(k, 1, xd, null));
    }

    @Test
    void generalShuffleMovesWholePlanesOfAnyType() {
        Tensor r = Tensor.allocate(DataType.INT64, 2, 6, 1, 2);
        long[] v = r.longData();
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Tensor y = Tensor.allocate(DataType.INT64, 2, 6, 1, 2);
        ChannelShuffleKernel.shuffle(r, y, 3);
        // Channel j*3 + g of y is channel g*2 + j of r: order 0, 2, 4, 1, 3, 5.
        assertArrayEquals(new long[] {0, 1, 4, 5, 8, 9, 2, 3, 6, 7, 10, 11}, Arrays.copyOf(y.longData(), 12));
        assertArrayEquals(shuffled(r, 3).longData(), y.longData());
    }

    private static Tensor relu(Tensor t) {
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0f, d[i]);
        }
        return t;
    }

    /** Reshape [N, G, C/G, rest], swap axes 1 and 2, reshape back: done element by element. */
    private static Tensor shuffled(Tensor t, int groups) {
        Tensor out = Tensor.allocate(t.type(), t.dims());
        int n = t.dim(0);
        int c = t.dim(1);
        int plane = t.size() / (n * c);
        int per = c / groups;
        for (int i = 0; i < t.size(); i++) {
            int img = i / (c * plane);
            int ch = (i / plane) % c;
            int pos = i % plane;
            int g = ch / per;
            int j = ch % per;
            out.setDouble((img * c + j * groups + g) * plane + pos, t.getDouble(i));
        }
        return out;
    }
}
