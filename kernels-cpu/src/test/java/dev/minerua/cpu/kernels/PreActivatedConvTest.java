package dev.minerua.cpu.kernels;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.CpuBackend;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * FusedConv with an input transform (inputs 4 and 5, {@code input_activation=Relu}) against the transform done by
 * hand followed by the plain FusedConv: constant filters (the SGEMM kernel packing the transformed panels, or
 * transforming a copy on its other paths) and run-time ones (the reference path), at awkward channel counts,
 * spatial sizes 1, 7 and 13, 1x1 and 3x3, pads, stride 2 and groups; and the panel packing itself on every tier.
 */
class PreActivatedConvTest {
    private static final String D = "dev.minerua";
    private static final CpuBackend BACKEND = new CpuBackend(2);
    private final Random rnd = new Random(5);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void fusedInputTransformMatchesTransformThenConv() {
        // {N, C, H, W, M, k, pad, stride, group}
        int[][] cases = {{1, 5, 7, 7, 9, 1, 0, 1, 1}, {1, 13, 13, 13, 11, 1, 0, 1, 1}, {1, 3, 1, 1, 7, 1, 0, 1, 1},
            {2, 7, 13, 13, 5, 3, 1, 1, 1}, {1, 6, 7, 7, 4, 3, 1, 2, 1}, {1, 6, 13, 13, 6, 1, 0, 1, 3},
            {1, 37, 7, 7, 33, 1, 0, 1, 1}, {1, 4, 13, 7, 40, 1, 0, 2, 1}, {1, 8, 1, 1, 3, 3, 1, 1, 1},
            {1, 70, 28, 28, 64, 1, 0, 1, 1}};
        for (int[] c : cases) {
            List<Attribute> conv = List.of(
                    new Attribute("pads", Attribute.Kind.INTS, new long[] {c[6], c[6], c[6], c[6]}),
                    new Attribute("strides", Attribute.Kind.INTS, new long[] {c[7], c[7]}),
                    new Attribute("group", Attribute.Kind.INT, (long) c[8]));
            Tensor x = random(c[0], c[1], c[2], c[3]);
            Tensor w = random(c[4], c[1] / c[8], c[5], c[5]);
            Tensor b = random(c[4]);
            Tensor scale = random(c[1]);
            Tensor shift = random(c[1]);
            for (boolean relu : new boolean[] {true, false}) {
                List<Attribute> plain = new ArrayList<>(conv);
                plain.add(new Attribute("activation", Attribute.Kind.STRING, "Relu"));
                Tensor expected = KernelTestHarness.runNode(D, "FusedConv", 1, plain, 1,
                        transformed(x, scale, shift, relu), w, b)[0];
                List<Attribute> fused = new ArrayList<>(plain);
                if (relu) {
                    fused.add(new Attribute("input_activation", Attribute.Kind.STRING, "Relu"));
                }
                // Constant filter and transform (SGEMM path), then all at run time (reference path).
                for (boolean constant : new boolean[] {true, false}) {
                    boolean[] constants = {false, constant, constant, false, constant, constant};
                    Tensor[] in = {x, w, b, null, scale, shift};
                    Kernel k = BACKEND.compile(new NodeCompileContext(
                            KernelTestHarness.bindNode(D, "FusedConv", 1, fused, constants, in)));
                    for (int run = 0; run < 2; run++) {
                        ArrayKernelContext ctx = new ArrayKernelContext(in, new boolean[] {true});
                        k.execute(ctx);
                        TensorAssert.assertClose(expected, (Tensor) ctx.output(0), 1e-4, 1e-4);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void packedPanelsHoldTheTransformedInputOnEveryTier(SimdTier tier) {
        int rows = 7;
        int n = 45;
        int nr = 16;
        float[] x = random(3 + rows * n).floatData();
        float[] scale = random(rows + 2).floatData();
        float[] shift = random(rows + 2).floatData();
        for (boolean relu : new boolean[] {true, false}) {
            InputTransform t = new InputTransform(scale, shift, relu, FloatPrimitives.forTier(tier));
            int panels = (n + nr - 1) / nr;
            float[] dst = new float[5 + panels * rows * nr];
            java.util.Arrays.fill(dst, Float.NaN);
            t.packPanels(x, 3, 2, rows, n, nr, dst, 5, 1, panels);
            for (int jp = 1; jp < panels; jp++) {
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < nr; j++) {
                        int col = jp * nr + j;
                        float v = col >= n ? 0f : x[3 + r * n + col] * scale[2 + r] + shift[2 + r];
                        float want = col >= n ? 0f : relu ? Math.max(0f, v) : v;
                        assertEquals(want, dst[5 + (jp * rows + r) * nr + j], 1e-6f, "panel " + jp + " row " + r);
                    }
                }
            }
            for (int i = 5; i < 5 + rows * nr; i++) {
                assertEquals(Float.NaN, dst[i], "panel 0 was not asked for");
            }
        }
    }

    /** relu?(x * scale[c] + shift[c]) done by hand. */
    private static Tensor transformed(Tensor x, Tensor scale, Tensor shift, boolean relu) {
        Tensor t = Tensor.allocate(DataType.FLOAT, x.dims());
        int c = x.dim(1);
        int plane = x.size() / (x.dim(0) * c);
        float[] s = x.floatData();
        float[] d = t.floatData();
        for (int i = 0; i < s.length; i++) {
            int ch = (i / plane) % c;
            float v = s[i] * scale.floatData()[ch] + shift.floatData()[ch];
            d[i] = relu ? Math.max(0f, v) : v;
        }
        return t;
    }

    private Tensor random(int... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] d = t.floatData();
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() * 2f - 1f;
        }
        return t;
    }
}
