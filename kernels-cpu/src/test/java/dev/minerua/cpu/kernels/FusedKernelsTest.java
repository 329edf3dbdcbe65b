package dev.minerua.cpu.kernels;

import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.Attribute;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fused kernels (FusedConv, FusedGemm, FusedMatMul, SkipLayerNormalization) against the unfused standard
 * kernels run one after the other, at odd sizes, for every activation, with and without bias and residual.
 */
class FusedKernelsTest {
    private static final String D = "dev.minerua";
    /** {activation attribute, standard op, its attributes} per activation. */
    private static final Object[][] ACTIVATIONS = {
        {"Relu", "Relu", List.of()}, {"Sigmoid", "Sigmoid", List.of()}, {"Tanh", "Tanh", List.of()},
        {"HardSwish", "HardSwish", List.of()}, {"Gelu", "Gelu", List.of()},
        {"GeluTanh", "Gelu", List.of(new Attribute("approximate", Attribute.Kind.STRING, "tanh"))},
        {"LeakyRelu", "LeakyRelu", List.of(new Attribute("alpha", Attribute.Kind.FLOAT, 0.2f))},
        {"HardSigmoid", "HardSigmoid", List.of(new Attribute("alpha", Attribute.Kind.FLOAT, 0.3f),
                new Attribute("beta", Attribute.Kind.FLOAT, 0.4f))},
        {"Clip", "Clip", List.of(new Attribute("min", Attribute.Kind.FLOAT, -0.5f),
                new Attribute("max", Attribute.Kind.FLOAT, 1.5f))},
    };
    private final Random rnd = new Random(11);

    @Test
    void fusedConvMatchesConvAddActivation() {
        // {N, C, H, W, M, k, pad, group}
        int[][] cases = {{1, 3, 7, 5, 5, 3, 1, 1}, {2, 4, 6, 3, 4, 3, 1, 4}, {1, 6, 5, 5, 9, 1, 0, 3}, {1, 1, 1, 1, 1, 1, 0, 1},
            {1, 8, 2, 2, 40, 3, 1, 1}};
        for (int[] c : cases) {
            List<Attribute> conv = List.of(new Attribute("pads", Attribute.Kind.INTS, new long[] {c[6], c[6], c[6], c[6]}),
                    new Attribute("group", Attribute.Kind.INT, (long) c[7]));
            Tensor x = random(c[0], c[1], c[2], c[3]);
            Tensor w = random(c[4], c[1] / c[7], c[5], c[5]);
            Tensor b = random(c[4]);
            Tensor y = KernelTestHarness.runNode("Conv", 13, conv, 1, x, w, b)[0];
            Tensor r = random(y.dims());
            for (Object[] a : ACTIVATIONS) {
                for (boolean residual : new boolean[] {false, true}) {
                    Tensor expected = activation(a, residual ? add(y, r) : y);
                    Tensor actual = KernelTestHarness.runNode(D, "FusedConv", 1, with(conv, a), 1, x, w, b,
                            residual ? r : null)[0];
                    TensorAssert.assertClose(expected, actual, 1e-4, 1e-5);
                }
            }
        }
    }

    @Test
    void fusedMatMulMatchesMatMulBiasResidualActivation() {
        int[][][] cases = {{{2, 5, 7}, {7, 11}}, {{1, 1}, {1, 1}}, {{3, 17, 33}, {3, 33, 6}}, {{9}, {9, 4}}};
        for (int[][] c : cases) {
            Tensor a = random(c[0]);
            Tensor b = random(c[1]);
            Tensor y = KernelTestHarness.runNode("MatMul", 13, List.of(), 1, a, b)[0];
            Tensor bias = random(y.dim(y.rank() - 1));
            Tensor r = random(y.dims());
            for (Object[] act : ACTIVATIONS) {
                for (int mode = 0; mode < 4; mode++) {
                    boolean withBias = (mode & 1) != 0;
                    boolean withResidual = (mode & 2) != 0;
                    Tensor sum = withBias ? add(y, bias) : y;
                    sum = withResidual ? add(sum, r) : sum;
                    Tensor actual = KernelTestHarness.runNode(D, "FusedMatMul", 1, with(List.of(), act), 1, a, b,
                            withBias ? bias : null, withResidual ? r : null)[0];
                    TensorAssert.assertClose(activation(act, sum), actual, 1e-4, 1e-5);
                }
            }
        }
    }

    @Test
    void fusedGemmMatchesGemmActivation() {
        List<Attribute> gemm = List.of(new Attribute("transB", Attribute.Kind.INT, 1L),
                new Attribute("beta", Attribute.Kind.FLOAT, 0.5f));
        Tensor a = random(13, 9);
        Tensor b = random(6, 9);
        Tensor c = random(6);
        Tensor y = KernelTestHarness.runNode("Gemm", 13, gemm, 1, a, b, c)[0];
        for (Object[] act : ACTIVATIONS) {
            Tensor actual = KernelTestHarness.runNode(D, "FusedGemm", 1, with(gemm, act), 1, a, b, c)[0];
            TensorAssert.assertClose(activation(act, y), actual, 1e-4, 1e-5);
        }
    }

    @Test
    void skipLayerNormalizationMatchesAddThenLayerNormalization() {
        List<Attribute> ln = List.of(new Attribute("epsilon", Attribute.Kind.FLOAT, 1e-3f));
        Tensor x = random(2, 3, 17);
        Tensor skip = random(2, 3, 17);
        Tensor gamma = random(17);
        Tensor beta = random(17);
        Tensor sum = add(x, skip);
        Tensor expected = KernelTestHarness.runNode("LayerNormalization", 17, ln, 1, sum, gamma, beta)[0];
        Tensor[] actual = KernelTestHarness.runNode(D, "SkipLayerNormalization", 1, ln, 2, x, skip, gamma, beta);
        TensorAssert.assertClose(expected, actual[0], 1e-4, 1e-5);
        TensorAssert.assertClose(sum, actual[1], 0, 0);
    }

    private static List<Attribute> with(List<Attribute> base, Object[] activation) {
        List<Attribute> a = new ArrayList<>(base);
        a.add(new Attribute("activation", Attribute.Kind.STRING, activation[0]));
        if (activation[0].equals("Clip")) {
            a.add(new Attribute("activation_params", Attribute.Kind.FLOATS, new float[] {-0.5f, 1.5f}));
        } else if (activation[0].equals("LeakyRelu")) {
            a.add(new Attribute("activation_params", Attribute.Kind.FLOATS, new float[] {0.2f}));
        } else if (activation[0].equals("HardSigmoid")) {
            a.add(new Attribute("activation_params", Attribute.Kind.FLOATS, new float[] {0.3f, 0.4f}));
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    private static Tensor activation(Object[] a, Tensor x) {
        int opset = a[1].equals("Gelu") ? 20 : a[1].equals("Clip") ? 6 : 14;
        return KernelTestHarness.runNode((String) a[1], opset, (List<Attribute>) a[2], 1, x)[0];
    }

    private static Tensor add(Tensor a, Tensor b) {
        return KernelTestHarness.runNode("Add", 14, List.of(), 1, a, b)[0];
    }

    private Tensor random(int... dims) {
        long[] d = new long[dims.length];
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
            n *= dims[i];
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 4 - 2;
        }
        return Tensor.of(v, d);
    }
}
