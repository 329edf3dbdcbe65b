package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.optimizer.ConstantEvaluator;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstantFoldingTest {
    /** Stands in for the CPU kernels: adds float tensors of equal shape, records what it was asked. */
    private static final class AddOnly implements ConstantEvaluator {
        final List<String> asked = new ArrayList<>();

        @Override
        public Tensor[] evaluate(Node node, Tensor[] inputs) {
            asked.add(node.opType());
            if (!node.opType().equals("Add")) {
                throw new IllegalStateException("not supported here");
            }
            float[] a = inputs[0].floatData();
            float[] b = inputs[1].floatData();
            float[] r = new float[a.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = a[i] + b[i];
            }
            return new Tensor[] {Tensor.of(r, a.length)};
        }
    }

    @Test
    void constantNodesAndConstantSubexpressionsBecomeInitializers() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        Node c = t.node("Constant", 1, List.of(TestGraphs.tensor("value", Tensor.of(new float[] {1, 2}, 2))));
        Value k = t.init("k", Tensor.of(new float[] {10, 20}, 2));
        Node add = t.node("Add", 1, List.of(), c.output(0), k);
        Node mul = t.node("Mul", 1, List.of(), x, add.output(0));
        t.output(mul.output(0));
        Graph g = t.bind();
        AddOnly eval = new AddOnly();
        assertNotNull(new ConstantFolding(eval).apply(g));
        assertEquals(List.of("Mul"), TestGraphs.opTypes(g));
        assertArrayEquals(new float[] {11, 22}, add.output(0).constant().floatData());
        assertTrue(g.initializers().contains(add.output(0)));
        assertEquals(List.of("Add"), eval.asked); // Mul has a real input: never evaluated
    }

    @Test
    void shapeChainFoldsWhenTheShapeIsStatic() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2, 3, 4);
        Node shape = t.node("Shape", 1, List.of(), x);
        Node reshape = t.node("Reshape", 1, List.of(), x, shape.output(0));
        t.output(reshape.output(0));
        Graph g = t.bind();
        assertNotNull(new ConstantFolding(null).apply(g));
        assertEquals(List.of("Reshape"), TestGraphs.opTypes(g));
        assertArrayEquals(new long[] {2, 3, 4}, shape.output(0).constant().longData());
    }

    @Test
    void weightsFoldBeyondTheGeneralBudgetOtherResultsDoNot() {
        int n = (int) ConstantFolding.MAX_ELEMENTS + 3;
        for (String reader : List.of("MatMul", "Mul")) {
            TestGraphs t = new TestGraphs();
            Value x = t.input("x", DataType.FLOAT, n);
            Value k1 = t.init("k1", Tensor.of(new float[n], n));
            Value k2 = t.init("k2", Tensor.of(new float[n], n));
            Node add = t.node("Add", 1, List.of(), k1, k2);
            Node use = t.node(reader, 1, List.of(), x, add.output(0));
            t.output(use.output(0));
            Graph g = t.bind();
            new ConstantFolding(new AddOnly()).apply(g);
            // Read as MatMul's B the sum is a weight, folded whatever its size; read by Mul it is an
            // ordinary result, and storing 2^20 + 3 elements would grow the model: left to run time.
            assertEquals(reader.equals("MatMul") ? List.of("MatMul") : List.of("Add", "Mul"), TestGraphs.opTypes(g));
        }
    }

    @Test
    void mustNotFold() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        t.graph.addInput(new Value("dyn", ValueType.tensor(DataType.FLOAT, dev.minerua.ir.Shape.unknownDims(2))));
        Value dyn = t.graph.inputs().get(1);
        Value k = t.init("k", Tensor.of(new float[] {1, 2}, 2));
        Value overridable = t.init("o", Tensor.of(new float[] {1, 2}, 2));
        t.graph.addInput(overridable);
        Node shapeOfDynamic = t.node("Shape", 1, List.of(), dyn);
        Node addOverridable = t.node("Add", 1, List.of(), k, overridable);
        Node random = t.node("RandomUniformLike", 1, List.of(), k);
        Node outputAdd = t.node("Add", 1, List.of(), k, k);
        Node sum = t.node("Sum", 1, List.of(), x, addOverridable.output(0), random.output(0), outputAdd.output(0));
        Node dims = t.node("Sum", 1, List.of(), shapeOfDynamic.output(0));
        t.output(sum.output(0));
        t.output(outputAdd.output(0));
        t.output(dims.output(0));
        Graph g = t.bind();
        AddOnly eval = new AddOnly();
        assertNull(new ConstantFolding(eval).apply(g));
        assertEquals(6, g.nodes().size());
        assertTrue(eval.asked.isEmpty());
    }

    @Test
    void aGraphWithNothingToFoldBuildsNoReadersIndex() {
        // The readers' index is built for the first node that could fold; here every node reads the graph input.
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        Value k = t.init("k", Tensor.of(new float[] {1, 2}, 2));
        Node add = t.node("Add", 1, List.of(), x, k);
        Node neg = t.node("Neg", 1, List.of(), add.output(0));
        t.output(neg.output(0));
        Graph g = t.bind();
        AddOnly eval = new AddOnly();
        assertNull(new ConstantFolding(eval).apply(g));
        assertTrue(eval.asked.isEmpty());
        assertNull(g.analysis(Uses.class, graph -> null), "an index was built and kept");
    }

    @Test
    void evaluatorFailuresAndOversizedResultsLeaveTheNode() {
        TestGraphs t = new TestGraphs();
        Value k = t.init("k", Tensor.of(new float[] {1, 2}, 2));
        Node neg = t.node("Neg", 1, List.of(), k);
        Node big = t.node("ConstantOfShape", 1, List.of(), t.init("shape", Tensor.of(new long[] {2048, 1024}, 2)));
        Value x = t.input("x", DataType.FLOAT, 2);
        Node sum = t.node("Sum", 1, List.of(), x, neg.output(0));
        t.output(sum.output(0));
        t.output(big.output(0));
        Graph g = t.bind();
        AddOnly eval = new AddOnly();
        assertNull(new ConstantFolding(eval).apply(g));
        assertEquals(List.of("Neg"), eval.asked); // ConstantOfShape's 2M-element result is known too big up front
        assertEquals(3, g.nodes().size());
    }
}
