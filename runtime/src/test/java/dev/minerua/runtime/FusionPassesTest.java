package dev.minerua.runtime;

import dev.minerua.optimizer.OptimizationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static dev.minerua.runtime.FusionTestModel.floatAttr;
import static dev.minerua.runtime.FusionTestModel.intsAttr;
import static dev.minerua.runtime.FusionTestModel.stringAttr;
import static dev.minerua.runtime.TestModels.intAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The EXTENDED level's fusion and pattern passes on small hand-built graphs: each rewrite fires where it should
 * (checked on the op list of the prepared graph), gives the outputs of the same graph run unfused at level NONE
 * (the reference kernels are the oracle), and stays away where it must not fire.
 */
class FusionPassesTest {
    private static final OptimizationLevel EXT = OptimizationLevel.EXTENDED;

    /** x [1, 3, 7, 5] through a padded 3x3 Conv to 5 channels, then the activation. */
    private static FusionTestModel convThen(String activation, int opset) {
        FusionTestModel m = new FusionTestModel(opset);
        String y = m.node("Conv", List.of(intsAttr("pads", 1, 1, 1, 1)), m.input("x", 1, 3, 7, 5),
                m.init("w", 5, 3, 3, 3), m.init("b", 5));
        String out = switch (activation) {
            case "Clip" -> m.node("Clip", y, m.scalar(0), m.scalar(6));
            case "LeakyRelu" -> m.node("LeakyRelu", List.of(floatAttr("alpha", 0.1f)), y);
            case "HardSigmoid" -> m.node("HardSigmoid", List.of(floatAttr("alpha", 0.3f), floatAttr("beta", 0.4f)), y);
            case "GeluTanh" -> m.node("Gelu", List.of(stringAttr("approximate", "tanh")), y);
            default -> m.node(activation, y);
        };
        return m.output(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Relu", "Clip", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Gelu",
            "GeluTanh"})
    void convActivationBecomesFusedConv(String activation) {
        assertEquals(List.of("dev.minerua:FusedConv"), convThen(activation, 20).compare(EXT));
    }

    @Test
    void depthwiseAndDoubleConvsFuseOrRunTheirReferencePath() {
        FusionTestModel m = new FusionTestModel(13);
        String y = m.node("Conv", List.of(intAttr("group", 4), intsAttr("pads", 1, 1, 1, 1)), m.input("x", 2, 4, 6, 3),
                m.init("w", 4, 1, 3, 3));
        m.output(m.node("Relu", y));
        assertEquals(List.of("dev.minerua:FusedConv"), m.compare(EXT));

        // float64 products are not fused: the SGEMM epilogue is float32.
        FusionTestModel d = new FusionTestModel(13).doubles();
        String yd = d.node("MatMul", d.input("a", 3, 4), d.init("b", 4, 5));
        d.output(d.node("Relu", yd));
        assertEquals(List.of("MatMul", "Relu"), d.compare(EXT));
    }

    @Test
    void fusedOpsLoadedFromAFileRunOnEveryElementType() {
        // float64 has no fast path: the fused kernel runs the reference MatMul and finishes bias, residual, Tanh.
        FusionTestModel d = new FusionTestModel(13).doubles();
        String y = d.node("dev.minerua", "FusedMatMul", List.of(stringAttr("activation", "Tanh")),
                d.input("a", 2, 3, 4), d.init("b", 4, 5), d.init("bias", 5), d.input("r", 2, 3, 5));
        d.output(y);
        FusionTestModel u = new FusionTestModel(13).doubles();
        String p = u.node("Add", u.node("Add", u.node("MatMul", u.input("a", 2, 3, 4), u.init("b", 4, 5)),
                u.init("bias", 5)), u.input("r", 2, 3, 5));
        u.output(u.node("Tanh", p));
        try (Environment env = Environment.create();
             Session fused = env.createSession(d.bytes(), new SessionOptions().setOptimizationLevel(OptimizationLevel.NONE));
             Session plain = env.createSession(u.bytes(), new SessionOptions().setOptimizationLevel(OptimizationLevel.NONE))) {
            u.assertOutputsEqual(plain, fused);
        }
    }

    @Test
    void gemmActivationBecomesFusedGemm() {
        FusionTestModel m = new FusionTestModel(13);
        String y = m.node("Gemm", List.of(intAttr("transB", 1), floatAttr("beta", 0.5f)), m.input("a", 3, 7),
                m.init("b", 11, 7), m.init("c", 11));
        m.output(m.node("Clip", y, m.scalar(-1), m.scalar(1)));
        assertEquals(List.of("dev.minerua:FusedGemm"), m.compare(EXT));
    }

    @Test
    void matMulBiasResidualAndActivationBecomeOneFusedMatMul() {
        FusionTestModel m = new FusionTestModel(13);
        String r = m.input("r", 2, 5, 11);
        String p = m.node("MatMul", m.input("a", 2, 5, 7), m.init("b", 7, 11));
        String biased = m.node("Add", m.init("bias", 1, 11), p);
        String res = m.node("Add", biased, r);
        m.output(m.node("Relu", res));
        assertEquals(List.of("dev.minerua:FusedMatMul"), m.compare(EXT));
    }

    /**
     * x → DynamicQuantizeLinear → MatMulInteger with int8 weights (per-column zero point) → Cast → Mul by the
     * scale product (x's scale times the weights' per-column or scalar scale), as dynamic quantization writes it.
     * Returns the Mul's output; {@code swap} puts the scale first.
     */
    private static String quantizedMatMul(FusionTestModel m, String x, int k, int n, boolean perColumn, boolean swap,
                                          String tag) {
        String[] q = m.nodeOutputs("DynamicQuantizeLinear", 3, x);
        byte[] w = new byte[k * n];
        byte[] wzp = new byte[n];
        java.util.Random rnd = new java.util.Random(k * 31L + n);
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (rnd.nextInt(255) - 127);
        }
        for (int j = 0; j < n; j++) {
            wzp[j] = (byte) (j % 3 - 1);
        }
        String wScale = perColumn ? m.init("ws" + tag, n) : m.scalar(0.0123f);
        String scale = m.node("Mul", q[1], wScale);
        String p = m.node("MatMulInteger", q[0], m.byteInit("w" + tag, false, w, k, n), q[2],
                m.byteInit("wzp" + tag, false, wzp, n));
        String c = m.node("Cast", List.of(intAttr("to", 1)), p);
        return swap ? m.node("Mul", scale, c) : m.node("Mul", c, scale);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void quantizedMatMulTailBecomesMatMulIntegerToFloat(int variant) {
        FusionTestModel m = new FusionTestModel(13).exactly();
        String y = quantizedMatMul(m, m.input("x", 2, 7, 45), 45, 70, variant % 2 == 0, variant >= 2, "");
        if (variant == 1) {
            m.output(y);
            assertEquals(List.of("DynamicQuantizeLinear", "Mul", "dev.minerua:MatMulIntegerToFloat"), m.compare(EXT));
        } else {
            m.output(m.node("Add", variant == 3 ? m.init("bias", 1, 1, 70) : m.init("bias", 70), y));
            assertEquals(List.of("DynamicQuantizeLinear", "Mul", "dev.minerua:MatMulIntegerToFloat"), m.compare(EXT));
        }
    }

    @Test
    void quantizedMatMulFusionMustNotFireOnExposedOrUnsuitableParts() {
        FusionTestModel m = new FusionTestModel(13).exactly();
        String x = m.input("x", 3, 64);
        // the cast product is also a graph output, and a per-row scale ([3, 1]) is no column scale: nothing fuses
        String[] q = m.nodeOutputs("DynamicQuantizeLinear", 3, x);
        String p1 = m.node("MatMulInteger", q[0], m.byteInit("w1", false, new byte[64 * 33], 64, 33), q[2]);
        String cast1 = m.node("Cast", List.of(intAttr("to", 1)), p1);
        m.output(cast1).output(m.node("Mul", cast1, q[1]));
        String p2 = m.node("MatMulInteger", q[0], m.byteInit("w2", false, new byte[64 * 5], 64, 5), q[2]);
        m.output(m.node("Mul", m.node("Cast", List.of(intAttr("to", 1)), p2), m.input("rows", 3, 1)));
        // a bias that is not constant stays a separate Add
        String y3 = quantizedMatMul(m, x, 64, 16, false, false, "3");
        m.output(m.node("Add", y3, m.input("v", 16)));
        List<String> ops = m.compare(EXT);
        java.util.Map<String, Long> counts = ops.stream().collect(
                java.util.stream.Collectors.groupingBy(o -> o, java.util.stream.Collectors.counting()));
        assertEquals(2L, counts.get("MatMulInteger"), ops.toString());
        assertEquals(2L, counts.get("Cast"), ops.toString());
        assertEquals(1L, counts.get("dev.minerua:MatMulIntegerToFloat"), ops.toString());
        assertEquals(1L, counts.get("Add"), ops.toString());
    }

    /** BatchNormalization over {@code x} ({@code c} channels, positive variance), as DenseNet's pre-activation. */
    private static String batchNorm(FusionTestModel m, String name, String x, int c) {
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5f + i * 0.25f;
        }
        return m.node("BatchNormalization", x, m.init(name + "_g", c), m.init(name + "_b", c), m.init(name + "_m", c),
                m.init(name + "_v", var, c));
    }

    @Test
    void preActivationBecomesTheInputTransformOfFusedConv() {
        // DenseNet's bottleneck: BN, per-channel Mul and Add, Relu, 1x1 conv (its Relu fused on the output side).
        FusionTestModel m = new FusionTestModel(13);
        String x = m.input("x", 1, 5, 7, 7);
        String a = m.node("Add", m.node("Mul", batchNorm(m, "bn", x, 5), m.init("k", 5, 1, 1)), m.init("t", 1, 5, 1, 1));
        m.output(m.node("Relu", m.node("Conv", m.node("Relu", a), m.init("w", 4, 5, 1, 1), m.init("b", 4))));
        assertEquals(List.of("dev.minerua:FusedConv"), m.compare(EXT));

    }

    @Test
    void preActivationStaysBeforeAConvThatIsNotPointwiseAndALoneReluStays() {
        // BN + Relu before a padded, strided 3x3 conv: only a pointwise product applies the transform in its
        // packing, so the nodes stay (same results either way).
        FusionTestModel s = new FusionTestModel(13);
        String y = s.node("Relu", batchNorm(s, "bn", s.input("x", 2, 3, 13, 13), 3));
        s.output(s.node("Conv", List.of(intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 2, 2)), y,
                s.init("w", 6, 3, 3, 3)));
        assertEquals(List.of("BatchNormalization", "Relu", "Conv"), s.compare(EXT));

        // A Relu with no affine link before a 1x1 conv stays a node of its own.
        FusionTestModel r = new FusionTestModel(13);
        r.output(r.node("Conv", r.node("Relu", r.input("x", 1, 5, 7, 7)), r.init("w", 4, 5, 1, 1)));
        assertEquals(List.of("Relu", "Conv"), r.compare(EXT));
    }

    @Test
    void preActivationStaysWhenItsValuesAreReadElsewhere() {
        FusionTestModel m = new FusionTestModel(13);
        String x = m.input("x", 1, 4, 5, 5);
        // the Relu output is a graph output too; the BN output has a second reader
        String r = m.node("Relu", batchNorm(m, "bn1", x, 4));
        m.output(r).output(m.node("Conv", r, m.init("w1", 3, 4, 1, 1)));
        String bn = batchNorm(m, "bn2", x, 4);
        m.output(m.node("Conv", m.node("Relu", bn), m.init("w2", 3, 4, 1, 1))).output(m.node("Sigmoid", bn));
        List<String> ops = m.compare(EXT);
        // Both BNs and both Relus stay (the second Relu, cut off from its BN, would be a lone Relu).
        assertEquals(2L, ops.stream().filter(o -> o.equals("BatchNormalization")).count(), ops.toString());
        assertEquals(2L, ops.stream().filter(o -> o.equals("Relu")).count(), ops.toString());
    }

    @Test
    void convResidualThenReluBecomesOneFusedConv() {
        FusionTestModel m = new FusionTestModel(13);
        String x = m.input("x", 1, 4, 5, 5);
        String y = m.node("Conv", List.of(intsAttr("pads", 1, 1, 1, 1)), x, m.init("w", 4, 4, 3, 3), m.init("b", 4));
        m.output(m.node("Relu", m.node("Add", x, y)));
        assertEquals(List.of("dev.minerua:FusedConv"), m.compare(EXT));
    }

    @Test
    void groupedConvSumThenReluBecomesOneFusedConv() {
        // ShuffleNet's unit: grouped 1x1 conv, residual as a Sum of two, then Relu.
        FusionTestModel m = new FusionTestModel(9);
        String x = m.input("x", 1, 6, 5, 7);
        String y = m.node("Conv", List.of(intAttr("group", 3)), x, m.init("w", 6, 2, 1, 1), m.init("b", 6));
        m.output(m.node("Relu", m.node("Sum", x, y)));
        assertEquals(List.of("dev.minerua:FusedConv"), m.compare(EXT));
    }

    @Test
    void sumOfThreeOrBroadcastingSumStaysUnfused() {
        FusionTestModel m = new FusionTestModel(9);
        String x = m.input("x", 1, 4, 5, 5);
        String y = m.node("Conv", List.of(), x, m.init("w", 4, 4, 1, 1), m.init("b", 4));
        m.output(m.node("Sum", x, y, x));
        String z = m.node("Conv", List.of(), x, m.init("w2", 4, 4, 1, 1), m.init("b2", 4));
        m.output(m.node("Sum", z, m.input("v", 1, 4, 1, 5)));
        // Nodes keep their file order (TopologicalOrder), both Sums unfused.
        assertEquals(List.of("Conv", "Sum", "Conv", "Sum"), m.compare(EXT));
    }

    @Test
    void fusionsMustNotFireOnSharedOrExposedIntermediates() {
        FusionTestModel m = new FusionTestModel(13);
        String x = m.input("x", 1, 3, 4, 4);
        // the conv result is a graph output
        String c1 = m.node("Conv", x, m.init("w1", 2, 3, 1, 1));
        m.output(c1).output(m.node("Relu", c1));
        // the conv result has a second consumer
        String c2 = m.node("Conv", x, m.init("w2", 2, 3, 1, 1));
        m.output(m.node("Relu", c2)).output(m.node("Sigmoid", c2));
        // a MatMul + Add whose addend is not constant and broadcasts (neither bias nor residual)
        String p = m.node("MatMul", m.input("a", 3, 4), m.init("b", 4, 5));
        m.output(m.node("Add", p, m.input("v", 5)));
        // Clip with a bound that is not constant
        String c3 = m.node("Conv", x, m.init("w3", 2, 3, 1, 1));
        m.output(m.node("Clip", c3, m.input("lo", 1)));
        List<String> ops = new java.util.ArrayList<>(m.compare(EXT));
        java.util.Collections.sort(ops);
        assertEquals(List.of("Add", "Clip", "Conv", "Conv", "Conv", "MatMul", "Relu", "Relu", "Sigmoid"), ops);
    }

    /** The three associations of the erf GELU, the 1/sqrt(2) multiply, and the tanh form with Pow and x*x*x. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void geluPatternsBecomeOneGelu(int variant) {
        for (int opset : new int[] {13, 20}) {
            FusionTestModel m = new FusionTestModel(opset);
            String x = m.node("Relu", m.input("x", 2, 9));
            String e = switch (variant) {
                case 3 -> m.node("Erf", m.node("Mul", x, m.scalar(0.70710677f)));
                case 4 -> m.node("Tanh", m.node("Mul", m.scalar(0.7978846f),
                        m.node("Add", x, m.node("Mul", m.node("Pow", x, m.scalar(3)), m.scalar(0.044715f)))));
                case 5 -> m.node("Tanh", m.node("Mul", m.node("Add", x,
                        m.node("Mul", m.scalar(0.044715f), m.node("Mul", x, m.node("Mul", x, x)))), m.scalar(0.7978846f)));
                default -> m.node("Erf", m.node("Div", x, m.scalar(1.4142135f)));
            };
            String s = m.node("Add", e, m.scalar(1));
            String y = switch (variant) {
                case 1 -> m.node("Mul", x, m.node("Mul", s, m.scalar(0.5f)));
                case 2 -> m.node("Mul", m.node("Mul", x, m.scalar(0.5f)), s);
                default -> m.node("Mul", m.node("Mul", x, s), m.scalar(0.5f));
            };
            m.output(y);
            String gelu = opset >= 20 ? "Gelu" : "dev.minerua:Gelu";
            assertEquals(List.of("Relu", gelu), m.compare(EXT), "variant " + variant + " at opset " + opset);
        }
    }

    @Test
    void geluMustNotFireOnOtherConstantsOrSharedParts() {
        FusionTestModel m = new FusionTestModel(13);
        String x = m.input("x", 2, 9);
        // x / 2 instead of x / sqrt(2)
        String s = m.node("Add", m.node("Erf", m.node("Div", x, m.scalar(2))), m.scalar(1));
        m.output(m.node("Mul", m.node("Mul", x, s), m.scalar(0.5f)));
        // the erf is read elsewhere too
        String e = m.node("Erf", m.node("Div", x, m.scalar(1.4142135f)));
        String s2 = m.node("Add", e, m.scalar(1));
        m.output(m.node("Mul", m.node("Mul", x, s2), m.scalar(0.5f))).output(e);
        assertFalse(m.compare(EXT).stream().anyMatch(o -> o.endsWith("Gelu")));
    }

    /** x * Clip(x + 3, 0, 6) / 6 with the division after or before the product, and x * HardSigmoid(x). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void hardSwishPatternsBecomeHardSwishAndFuseIntoTheConv(int variant) {
        for (int opset : new int[] {13, 14}) {
            FusionTestModel m = new FusionTestModel(opset);
            String x = m.node("Conv", m.input("x", 1, 3, 4, 5), m.init("w", 6, 3, 1, 1));
            String y = switch (variant) {
                case 1 -> m.node("Mul", x, m.node("Div", m.node("Clip", m.node("Add", m.scalar(3), x), m.scalar(0),
                        m.scalar(6)), m.scalar(6)));
                case 2 -> m.node("Mul", m.scalar(1 / 6f), m.node("Mul", m.node("Clip", m.node("Add", x, m.scalar(3)),
                        m.scalar(0), m.scalar(6)), x));
                case 3 -> m.node("Mul", x, m.node("HardSigmoid", List.of(floatAttr("alpha", 1 / 6f)), x));
                default -> m.node("Div", m.node("Mul", x, m.node("Clip", m.node("Add", x, m.scalar(3)), m.scalar(0),
                        m.scalar(6))), m.scalar(6));
            };
            m.output(y);
            assertEquals(List.of("dev.minerua:FusedConv"), m.compare(EXT), "variant " + variant + " opset " + opset);
            assertEquals(List.of(opset >= 14 ? "HardSwish" : "dev.minerua:HardSwish"),
                    m.disabling("ActivationFusion").compare(EXT).subList(1, 2));
        }
    }

    /** x [2, 3, 8] normalized over the last axis, written out; opset 13 (axes attribute) and 18 (axes input). */
    private static FusionTestModel layerNorm(int opset, boolean mulSquare, long axis, boolean constantEps) {
        FusionTestModel m = new FusionTestModel(opset);
        String x = m.node("Relu", m.input("x", 2, 3, 8));
        String mean = reduceMean(m, opset, x, axis);
        String d = m.node("Sub", x, mean);
        String sq = mulSquare ? m.node("Mul", d, d) : m.node("Pow", d, m.scalar(2));
        String var = reduceMean(m, opset, sq, axis);
        String eps = constantEps ? m.scalar(1e-5f) : m.input("eps", 1);
        String n = m.node("Div", d, m.node("Sqrt", m.node("Add", var, eps)));
        m.output(m.node("Add", m.node("Mul", n, m.init("gamma", 8)), m.init("beta", 8)));
        return m;
    }

    private static String reduceMean(FusionTestModel m, int opset, String x, long axis) {
        return opset >= 18 ? m.node("ReduceMean", x, m.ints("axes" + x, axis))
                : m.node("ReduceMean", List.of(intsAttr("axes", axis)), x);
    }

    @Test
    void layerNormPatternBecomesLayerNormalization() {
        assertEquals(List.of("Relu", "dev.minerua:LayerNormalization"), layerNorm(13, false, -1, true).compare(EXT));
        assertEquals(List.of("Relu", "LayerNormalization"), layerNorm(18, true, 2, true).compare(EXT));
    }

    @Test
    void layerNormMustNotFireOnOtherAxesOrAVariableEpsilon() {
        assertEquals(10, layerNorm(13, false, 1, true).compare(EXT).size());
        assertEquals(10, layerNorm(13, false, -1, false).compare(EXT).size());
    }

    @Test
    void addThenLayerNormalizationBecomesSkipLayerNormalization() {
        FusionTestModel m = new FusionTestModel(17);
        String sum = m.node("Add", m.input("x", 2, 3, 8), m.input("skip", 2, 3, 8));
        String y = m.node("LayerNormalization", List.of(floatAttr("epsilon", 1e-3f)), sum, m.init("gamma", 8),
                m.init("beta", 8));
        // the sum is also the next residual: the fused node produces it as its second output
        m.output(m.node("Add", y, sum));
        assertEquals(List.of("dev.minerua:SkipLayerNormalization", "Add"), m.compare(EXT));
    }

    @Test
    void skipLayerNormMustNotFireOnBroadcastingAdds() {
        FusionTestModel m = new FusionTestModel(17);
        String sum = m.node("Add", m.input("x", 2, 3, 8), m.init("bias", 8));
        m.output(m.node("LayerNormalization", List.of(), sum, m.init("gamma", 8)));
        assertEquals(List.of("Add", "LayerNormalization"), m.compare(EXT));
    }

    /**
     * x [n, group*cg, h, w] through a grouped Conv (1x1, or 3x3 padded) to group*mg channels, a residual Sum when
     * asked (then cg == mg), Relu, and ShuffleNet's channel shuffle of {@code shuffle} groups.
     */
    private static FusionTestModel shuffled(int n, int group, int cg, int mg, int h, int w, int shuffle, int k,
                                            boolean residual) {
        FusionTestModel m = new FusionTestModel(13);
        int c = group * mg;
        String x = m.input("x", n, group * cg, h, w);
        String y = m.node("Conv", List.of(intAttr("group", group), intsAttr("pads", k / 2, k / 2, k / 2, k / 2)), x,
                m.init("w", c, cg, k, k), m.init("b", c));
        String a = m.node("Relu", residual ? m.node("Sum", x, y) : y);
        String split = m.node("Reshape", a, m.ints("s1", n, shuffle, c / shuffle, h, w));
        String t = m.node("Transpose", List.of(intsAttr("perm", 0, 2, 1, 3, 4)), split);
        return m.output(m.node("Reshape", t, m.ints("s2", n, c, h, w)));
    }

    @Test
    void channelShuffleFoldsIntoTheGroupedConvBeforeIt() {
        // {n, group, cg, mg, h, w}: groups 2, 3, 4, 8; channels 1 and primes; positions 1, primes and tile tails.
        int[][] cases = {{2, 3, 5, 7, 5, 7}, {1, 4, 34, 34, 28, 28}, {1, 8, 1, 9, 13, 11}, {1, 2, 3, 1, 1, 1},
            {1, 4, 136, 136, 7, 7}};
        for (int[] c : cases) {
            assertEquals(List.of("dev.minerua:FusedConv"), shuffled(c[0], c[1], c[2], c[3], c[4], c[5], c[1], 1, false)
                    .compare(EXT), Arrays.toString(c));
        }
        // Paths without the free shuffle: a 3x3 grouped conv, and one with a residual, shuffle their result.
        assertEquals(List.of("dev.minerua:FusedConv"), shuffled(1, 2, 3, 5, 6, 5, 2, 3, false).compare(EXT));
        assertEquals(List.of("dev.minerua:FusedConv"), shuffled(1, 3, 4, 4, 5, 3, 3, 1, true).compare(EXT));
    }

    @Test
    void channelShuffleStaysWhenItIsNotTheConvsOwn() {
        // Shuffle groups other than the conv's groups.
        assertEquals(List.of("dev.minerua:FusedConv", "Reshape", "Transpose", "Reshape"),
                shuffled(1, 2, 3, 3, 4, 4, 3, 1, false).compare(EXT));
        // The transposed value is read elsewhere too.
        FusionTestModel m = new FusionTestModel(13);
        String y = m.node("Conv", List.of(intAttr("group", 2)), m.input("x", 1, 4, 3, 3), m.init("w", 4, 2, 1, 1));
        String t = m.node("Transpose", List.of(intsAttr("perm", 0, 2, 1, 3, 4)), m.node("Reshape", y,
                m.ints("s1", 1, 2, 2, 3, 3)));
        m.output(m.node("Reshape", t, m.ints("s2", 1, 4, 3, 3)));
        m.output(t);
        assertEquals(List.of("Conv", "Reshape", "Transpose", "Reshape"), m.compare(EXT));
    }

    @Test
    void passesSwitchOffByName() {
        byte[] model = convThen("Relu", 13).bytes();
        try (Environment env = Environment.create();
             Session s = env.createSession(model, new SessionOptions().setOptimizationLevel(OptimizationLevel.ALL)
                     .disablePass("ActivationFusion"))) {
            assertEquals(List.of("Conv", "Relu"), FusionTestModel.opTypes(s));
        }
    }
}
