package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class BatchNormFoldingTest {
    private static final float EPS = 1e-5f;

    /** Conv with 2 output channels (1x1 kernel over 1 input channel) followed by BN. */
    private static TestGraphs convBn(boolean constantWeights, boolean convOutputIsGraphOutput, long training) {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 1, 1, 2, 2);
        Value w = constantWeights ? t.init("w", Tensor.of(new float[] {2, 3}, 2, 1, 1, 1))
                : t.input("w", DataType.FLOAT, 2, 1, 1, 1);
        Value b = t.init("b", Tensor.of(new float[] {1, -1}, 2));
        Node conv = t.node("Conv", 1, List.of(), x, w, b);
        Node bn = t.node("BatchNormalization", 1,
                List.of(new Attribute("epsilon", Attribute.Kind.FLOAT, EPS), TestGraphs.integer("training_mode", training)),
                conv.output(0), t.init("scale", Tensor.of(new float[] {4, 0.5f}, 2)),
                t.init("bias", Tensor.of(new float[] {0.25f, 1}, 2)), t.init("mean", Tensor.of(new float[] {1, 2}, 2)),
                t.init("var", Tensor.of(new float[] {3, 0}, 2)));
        t.output(bn.output(0));
        if (convOutputIsGraphOutput) {
            t.output(conv.output(0));
        }
        return t;
    }

    @Test
    void foldsIntoConvWeightsAndBias() {
        TestGraphs t = convBn(true, false, 0);
        Graph g = t.bind();
        Value y = g.outputs().get(0);
        assertNotNull(new BatchNormFolding().apply(g));
        assertEquals(List.of("Conv"), TestGraphs.opTypes(g));
        Node conv = g.nodes().get(0);
        assertSame(y, conv.output(0));
        double s0 = 4 / Math.sqrt(3 + EPS);
        double s1 = 0.5 / Math.sqrt(0 + EPS);
        assertArrayEquals(new float[] {(float) (2 * s0), (float) (3 * s1)}, conv.input(1).constant().floatData(), 1e-3f);
        assertArrayEquals(new float[] {(float) (1 * s0 + 0.25 - 1 * s0), (float) (-1 * s1 + 1 - 2 * s1)},
                conv.input(2).constant().floatData(), 1e-2f);
    }

    @Test
    void mustNotFold() {
        for (TestGraphs t : List.of(convBn(false, false, 0), convBn(true, true, 0), convBn(true, false, 1))) {
            Graph g = t.bind();
            assertNull(new BatchNormFolding().apply(g));
            assertEquals(List.of("Conv", "BatchNormalization"), TestGraphs.opTypes(g));
        }
    }

    @Test
    void foldsIntoGemmColumns() {
        TestGraphs t = new TestGraphs();
        Value a = t.input("a", DataType.FLOAT, 1, 2);
        Value b = t.init("b", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)); // [K=2, N=2]
        Node gemm = t.node("Gemm", 1, List.of(), a, b, t.init("c", Tensor.of(new float[] {5, 6}, 2)));
        Node bn = t.node("BatchNormalization", 1, List.of(new Attribute("epsilon", Attribute.Kind.FLOAT, 0f)),
                gemm.output(0), t.init("scale", Tensor.of(new float[] {2, 3}, 2)),
                t.init("bias", Tensor.of(new float[] {1, 1}, 2)), t.init("mean", Tensor.of(new float[] {0, 1}, 2)),
                t.init("var", Tensor.of(new float[] {1, 1}, 2)));
        t.output(bn.output(0));
        Graph g = t.bind();
        assertNotNull(new BatchNormFolding().apply(g));
        Node fused = g.nodes().get(0);
        assertEquals("Gemm", fused.opType());
        // s = {2, 3}, t = {1, 1 - 3} = {1, -2}; columns of B scale by s, C -> C * s + t.
        assertArrayEquals(new float[] {2, 6, 6, 12}, fused.input(1).constant().floatData());
        assertArrayEquals(new float[] {11, 16}, fused.input(2).constant().floatData());
    }

    @Test
    void scalesAWeightNothingElseHoldsInPlace() {
        TestGraphs t = convBn(true, false, 0);
        Graph g = t.bind();
        float[] before = g.initializers().getFirst().constant().floatData();
        assertNotNull(new BatchNormFolding().apply(g));
        float[] after = g.nodes().get(0).input(1).constant().floatData();
        assertSame(before, after, "the only holder's array is reused");
        assertEquals((float) (2 * (4 / Math.sqrt(3 + EPS))), after[0], 1e-3f);
    }

    @Test
    void leavesAnArrayAnotherConstantSharesAlone() {
        // A second initializer over the same array (as a folded view op leaves it) keeps its values.
        TestGraphs t = convBn(true, false, 0);
        Graph g = t.bind();
        Tensor w = g.initializers().getFirst().constant();
        Value view = new Value("w_view", g.initializers().getFirst().type());
        view.setConstant(Tensor.of(w.floatData(), 2, 1, 1, 1));
        g.addInitializer(view);
        assertNotNull(new BatchNormFolding().apply(g));
        assertNotSame(w.floatData(), g.nodes().get(0).input(1).constant().floatData());
        assertArrayEquals(new float[] {2, 3}, view.constant().floatData());
    }

    @Test
    void leavesASharedWeightAlone() {
        // Two Convs read one weight: folding one of them must not change what the other reads.
        TestGraphs t = convBn(true, false, 0);
        Value w = t.bind().initializers().getFirst();
        Node other = t.node("Conv", 1, List.of(), t.input("x2", DataType.FLOAT, 1, 1, 2, 2), w);
        t.output(other.output(0));
        Graph g = t.bind();
        assertNotNull(new BatchNormFolding().apply(g));
        assertArrayEquals(new float[] {2, 3}, w.constant().floatData());
    }

    @Test
    void asksNoWeightInFileFormForItsArray() {
        // Another same-sized weight still in its file form is not decoded to rule out sharing.
        TestGraphs t = convBn(true, false, 0);
        Graph g = t.bind();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putFloat(5).putFloat(7).flip();
        Value other = new Value("other", g.initializers().getFirst().type());
        other.setConstant(Tensor.viewOf(DataType.FLOAT, new long[] {2, 1, 1, 1}, bytes));
        g.addInitializer(other);
        assertNotNull(new BatchNormFolding().apply(g));
        assertEquals(false, other.constant().isMaterialized());
    }

    @Test
    void twoFoldsInOnePassOverOneTensorEachCopy() {
        // Two Conv+BN pairs whose weights are two values holding one tensor: the pass asks its index of holders
        // twice, and neither fold may scale the shared array in place.
        TestGraphs t = new TestGraphs();
        Tensor shared = Tensor.of(new float[] {2, 3}, 2, 1, 1, 1);
        for (String k : List.of("a", "b")) {
            Node conv = t.node("Conv", 1, List.of(), t.input("x" + k, DataType.FLOAT, 1, 1, 2, 2),
                    t.init("w" + k, shared), t.init("b" + k, Tensor.of(new float[] {1, -1}, 2)));
            Node bn = t.node("BatchNormalization", 1, List.of(new Attribute("epsilon", Attribute.Kind.FLOAT, EPS)),
                    conv.output(0), t.init("scale" + k, Tensor.of(new float[] {4, 0.5f}, 2)),
                    t.init("bias" + k, Tensor.of(new float[] {0.25f, 1}, 2)),
                    t.init("mean" + k, Tensor.of(new float[] {1, 2}, 2)),
                    t.init("var" + k, Tensor.of(new float[] {3, 0}, 2)));
            t.output(bn.output(0));
        }
        Graph g = t.bind();
        float[] before = shared.floatData();
        assertNotNull(new BatchNormFolding().apply(g));
        assertEquals(List.of("Conv", "Conv"), TestGraphs.opTypes(g));
        assertArrayEquals(new float[] {2, 3}, before);
        assertNotSame(before, g.nodes().get(0).input(1).constant().floatData());
        assertNotSame(before, g.nodes().get(1).input(1).constant().floatData());
        assertArrayEquals(g.nodes().get(0).input(1).constant().floatData(),
                g.nodes().get(1).input(1).constant().floatData());
    }
}
