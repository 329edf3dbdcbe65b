package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Conv;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * Convs with few output positions and many channels, which {@link SgemmConvKernel} runs transposed (positions as
 * the GEMM's rows), with and without a residual, bias, clamp and activation, on every tier's tile sizes and at
 * 1, 2 and 3 threads, against the reference conv finished in {@link Epilogue}'s order.
 */
class TransposedConvEpilogueTest {
    private long seed = 11;

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void residualBiasClampAndActivationOnEveryTier(SimdTier tier) {
        Sgemm sgemm = Sgemm.forTier(tier);
        int nr = sgemm.nr();
        int kMin = SgemmConvKernel.RESIDUAL_TRANSPOSED_MIN_K;
        // {N, C, H, W, M, k, stride, pad, group}: positions below NR (M above them), or between NR and 2*NR and
        // no multiple of NR with M >= 4*NR (a prime count of positions, one past NR, and a 7x7 map where it fits);
        // below the K threshold a residual conv takes the plain product, which must agree as well.
        int[][] cases = {
            {1, 5, 1, 1, 7, 1, 1, 0, 1}, {2, 9, 2, 3, 4 * nr + 3, 3, 1, 1, 1}, {1, 6, 1, nr - 1, 2 * nr, 1, 1, 0, 1},
            {2, 7, 1, nr + 1, 4 * nr + 1, 1, 1, 0, 1}, {1, 4, 1, nr - 1, 4 * nr, 3, 1, 1, 2},
            {1, 10, 1, 2 * nr + 5, 4 * nr + 5, 3, 2, 1, 1}, {1, 13, 7, 7, 4 * nr + 2, 3, 1, 1, 1},
            // 7x7 outputs (49 positions: 7-row slivers on the 512-bit tier, with or without a residual at any K):
            // pointwise over 2 images, strided pointwise from 13x13, and grouped 3x3.
            {2, 5, 7, 7, 4 * nr + 3, 1, 1, 0, 1}, {1, 6, 13, 13, 4 * nr + 1, 1, 2, 0, 1},
            {1, 8, 7, 7, 8 * nr + 2, 3, 1, 1, 2},
            // Outputs large enough that the transposition back (and the residual after it) is split over the pool:
            // a 7x7 map (with a residual on the 512-bit tier) and 15 positions, below 2*NR on every tier.
            {1, 6, 7, 7, 48 * nr + 5, 1, 1, 0, 1}, {1, 5, 3, 5, 4421, 1, 1, 0, 1},
            // K from the threshold on, where a residual conv runs transposed as well (pointwise and 3x3).
            {1, kMin + 5, 1, 2, 9, 1, 1, 0, 1}, {2, kMin / 9 + 1, 2, 3, 4 * nr + 3, 3, 1, 1, 1},
            {1, kMin / 9 + 2, 1, nr + 1, 4 * nr + 1, 3, 1, 1, 1}, {1, kMin / 9 + 3, 1, 2 * nr + 5, 4 * nr + 5, 3, 2, 1, 1},
            // Slivers copied from the padded grid (output rows a multiple of MR). 14x14 maps (196 positions, 28
            // 7-row slivers on the 512-bit tier) with more than 4*NR output channels, a multiple of NR: 1, 17 and
            // 64 channels, two images, stride 2 from 28x28, grouped; 5x7 and 7x7 maps (7x7 from 13x13 at stride 2);
            // 3x6 (6-row slivers on the 256-bit tier); 49x1 (rows of one: gathered) and 14x14 with M off a multiple
            // of NR (the padded grid, not transposed).
            {1, 1, 14, 14, 5 * nr, 3, 1, 1, 1}, {1, 17, 14, 14, 6 * nr, 3, 1, 1, 1}, {2, 9, 14, 14, 8 * nr, 3, 1, 1, 1},
            {1, 64, 14, 14, 5 * nr, 3, 1, 1, 1}, {1, 6, 28, 28, 6 * nr, 3, 2, 1, 1}, {1, 8, 14, 14, 10 * nr, 3, 1, 1, 2},
            {1, 7, 5, 7, 4 * nr + 1, 3, 1, 1, 1}, {1, 6, 13, 13, 4 * nr + 1, 3, 2, 1, 1}, {1, 5, 3, 6, 4 * nr, 3, 1, 1, 1},
            {1, 3, 49, 1, 4 * nr, 3, 1, 1, 1}, {1, 5, 14, 14, 5 * nr + 3, 3, 1, 1, 1},
        };
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuThreadPool pool = new CpuThreadPool(threads)) {
                for (int[] c : cases) {
                    for (int variant = 0; variant < 8; variant++) {
                        check(sgemm, pool, c, (variant & 1) != 0, (variant & 2) != 0, (variant & 4) != 0);
                    }
                }
            }
        }
    }

    private void check(Sgemm sgemm, CpuThreadPool pool, int[] c, boolean residual, boolean bias, boolean finish) {
        int group = c[8];
        List<Attribute> attrs = List.of(
                new Attribute("strides", Attribute.Kind.INTS, new long[] {c[6], c[6]}),
                new Attribute("pads", Attribute.Kind.INTS, new long[] {c[7], c[7], c[7], c[7]}),
                new Attribute("group", Attribute.Kind.INT, (long) group));
        Tensor x = random(c[0], c[1], c[2], c[3]);
        Tensor w = random(c[4], c[1] / group, c[5], c[5]);
        Tensor b = bias ? random(c[4]) : null;
        Node node = bias ? KernelTestHarness.bindNode("Conv", 11, attrs, new boolean[] {false, true, true}, x, w, b)
                : KernelTestHarness.bindNode("Conv", 11, attrs, new boolean[] {false, true}, x, w);
        Conv op = (Conv) node.op();
        Tensor conv = run(new ConvKernel(op), x, w, b, null);
        Tensor r = residual ? random(conv.dims()) : null;
        float lo = finish ? -0.3f : Float.NEGATIVE_INFINITY;
        float hi = finish ? 0.8f : Float.POSITIVE_INFINITY;
        Epilogue fused = finish ? Epilogue.NONE.withClamp(lo, hi).withActivation(TransposedConvEpilogueTest::halve)
                : Epilogue.NONE;
        float[] want = conv.floatData().clone();
        for (int i = 0; i < want.length; i++) {
            float v = want[i] + (r == null ? 0f : r.floatData()[i]);
            want[i] = Math.min(Math.max(v, lo), hi);
        }
        if (finish) {
            halve(want, 0, want.length);
        }
        Kernel reference = new Kernel() {
            @Override
            public void execute(KernelContext ctx) {
                throw new AssertionError("the fast path should run " + java.util.Arrays.toString(c));
            }
        };
        Kernel fast = SgemmConvKernel.create(op, reference, new NodeCompileContext(node), fused, residual ? 3 : -1,
                null, sgemm, pool);
        for (int rep = 0; rep < 2; rep++) {
            TensorAssert.assertClose(Tensor.wrap(DataType.FLOAT, conv.dims(), want), run(fast, x, w, b, r), 1e-4, 1e-4);
        }
    }

    private static void halve(float[] c, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            c[i] *= 0.5f;
        }
    }

    private static Tensor run(Kernel k, Tensor x, Tensor w, Tensor b, Tensor r) {
        return SimdKernelPathsTest.run(k, 1, x, w, b, r)[0];
    }

    private Tensor random(int... shape) {
        return SimdKernelPathsTest.random(seed++, 1f, shape);
    }
}
