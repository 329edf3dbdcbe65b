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
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * Convs on the padded grid ({@link PhaseGrid}) big enough to go parallel, on every tier's tile sizes and at 1, 2
 * and 3 threads (uneven splits): the grid built by channel ranges over the threads, then each task filling and
 * multiplying a few panels at a time in a buffer slot of its own (many panels), or B filled first and the
 * product split after (few panels). Odd sizes give ragged last panels and steps; every case runs twice on the
 * same kernel, so slots and buffers are reused. Against the reference conv, with bias, clamp and activation.
 */
class GridConvSplitTest {
    private long seed = 23;

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void gridProductsMatchTheReference(SimdTier tier) {
        Sgemm sgemm = Sgemm.forTier(tier);
        // {N, C, H, W, M, k, stride, pad, dilation, group}
        int[][] cases = {
            {1, 8, 30, 30, 16, 3, 1, 1, 1, 1}, {1, 64, 40, 40, 16, 3, 1, 1, 1, 1}, {2, 13, 37, 29, 24, 3, 1, 1, 1, 1},
            {1, 5, 33, 35, 7, 5, 1, 2, 1, 1}, {1, 3, 64, 61, 17, 3, 1, 1, 1, 1}, {1, 16, 57, 57, 24, 3, 2, 1, 1, 1},
            {1, 16, 31, 33, 32, 3, 1, 1, 1, 2}, {1, 12, 29, 31, 20, 3, 1, 2, 2, 1},
            // Few panels (a 6x6 map): filled first, then the product split by rows.
            {1, 64, 6, 6, 64, 3, 1, 1, 1, 1},
        };
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuThreadPool pool = new CpuThreadPool(threads)) {
                for (int[] c : cases) {
                    check(sgemm, pool, c, (c[1] & 1) == 0);
                }
            }
        }
    }

    private void check(Sgemm sgemm, CpuThreadPool pool, int[] c, boolean finish) {
        int group = c[9];
        List<Attribute> attrs = List.of(
                new Attribute("strides", Attribute.Kind.INTS, new long[] {c[6], c[6]}),
                new Attribute("pads", Attribute.Kind.INTS, new long[] {c[7], c[7], c[7], c[7]}),
                new Attribute("dilations", Attribute.Kind.INTS, new long[] {c[8], c[8]}),
                new Attribute("group", Attribute.Kind.INT, (long) group));
        Tensor x = random(c[0], c[1], c[2], c[3]);
        Tensor w = random(c[4], c[1] / group, c[5], c[5]);
        Tensor b = random(c[4]);
        Node node = KernelTestHarness.bindNode("Conv", 11, attrs, new boolean[] {false, true, true}, x, w, b);
        Conv op = (Conv) node.op();
        float[] want = SimdKernelPathsTest.run(new ConvKernel(op), 1, x, w, b)[0].floatData().clone();
        float lo = finish ? -0.4f : Float.NEGATIVE_INFINITY;
        float hi = finish ? 0.9f : Float.POSITIVE_INFINITY;
        for (int i = 0; i < want.length; i++) {
            want[i] = Math.min(Math.max(want[i], lo), hi);
        }
        Epilogue fused = finish ? Epilogue.NONE.withClamp(lo, hi) : Epilogue.NONE;
        Kernel reference = new Kernel() {
            @Override
            public void execute(KernelContext ctx) {
                throw new AssertionError("the fast path should run " + java.util.Arrays.toString(c));
            }
        };
        Kernel fast = SgemmConvKernel.create(op, reference, new NodeCompileContext(node), fused, -1, null, sgemm,
                pool);
        for (int rep = 0; rep < 2; rep++) {
            Tensor got = SimdKernelPathsTest.run(fast, 1, x, w, b)[0];
            TensorAssert.assertClose(Tensor.wrap(got.type(), got.dims(), want), got, 1e-4, 1e-4);
        }
    }

    private Tensor random(int... shape) {
        return SimdKernelPathsTest.random(seed++, 1f, shape);
    }
}
