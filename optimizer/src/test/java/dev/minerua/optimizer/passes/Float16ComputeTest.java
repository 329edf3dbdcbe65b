package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.Cast;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Float16ComputeTest {

    private static Tensor halves(float... v) {
        return Tensor.ofFloat16(v, v.length);
    }

    @Test
    void aFloat16ChainRunsInFloat32WithCastsOnlyAtItsBorders() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT16, 2);
        // 0.1 is not a float16: the widened weight must be the float16 value's exact float32 form.
        Value w = t.init("w", halves(0.5f, 0.1f));
        Node mul = t.node("Mul", 1, List.of(), x, w);
        Node relu = t.node("Relu", 1, List.of(), mul.output(0));
        Node floor = t.node("Floor", 1, List.of(), relu.output(0)); // not in the list: stays float16
        t.output(relu.output(0));
        t.output(floor.output(0));
        Graph g = t.bind();

        String change = new Float16Compute().apply(g);
        assertNotNull(change);
        assertEquals(List.of("Cast", "Mul", "Relu", "Cast", "Floor"), TestGraphs.opTypes(g));
        Node widen = g.nodes().get(0);
        Node newMul = g.nodes().get(1);
        Node newRelu = g.nodes().get(2);
        Node narrow = g.nodes().get(3);
        // The input is widened by a Cast, the weight once, here.
        assertSame(x, widen.input(0));
        assertEquals(DataType.FLOAT, assertInstanceOf(Cast.class, widen.op()).to());
        assertSame(widen.output(0), newMul.input(0));
        Tensor w32 = newMul.input(1).constant();
        assertEquals(DataType.FLOAT, w32.type());
        assertArrayEquals(new float[] {0.5f, HalfFloats.halfToFloat(HalfFloats.floatToHalf(0.1f))}, w32.floatData());
        assertTrue(g.initializers().contains(newMul.input(1)));
        // Between the nodes: float32, no Cast.
        assertSame(mul.output(0), newMul.output(0));
        assertEquals(DataType.FLOAT, Patterns.elementType(newMul.output(0)));
        assertSame(newMul.output(0), newRelu.input(0));
        // The graph output keeps its value (name and float16 type), now computed by the narrowing Cast, which the
        // float16 reader left outside reads too.
        assertSame(relu.output(0), g.outputs().get(0));
        assertSame(narrow, relu.output(0).producer());
        assertEquals(DataType.FLOAT16, Patterns.elementType(g.outputs().get(0)));
        assertEquals(DataType.FLOAT16, assertInstanceOf(Cast.class, narrow.op()).to());
        assertSame(newRelu.output(0), narrow.input(0));
        assertEquals(DataType.FLOAT, Patterns.elementType(newRelu.output(0)));
        assertSame(relu.output(0), g.nodes().get(4).input(0));
        // Nothing float16 is left to convert.
        assertNull(new Float16Compute().apply(g));
    }

    @Test
    void aValueEnteringTheRegionTwiceIsWidenedOnceAndFeedableDefaultsAreCast() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT16, 3);
        Value b = t.init("b", halves(1, 2, 3));
        t.graph.addInput(b); // an overridable default: not a fixed constant, so it is cast at run time
        Node add = t.node("Add", 1, List.of(), x, b);
        Node sub = t.node("Sub", 1, List.of(), add.output(0), x);
        t.output(sub.output(0));
        Graph g = t.bind();

        assertNotNull(new Float16Compute().apply(g));
        assertEquals(List.of("Cast", "Cast", "Add", "Sub", "Cast"), TestGraphs.opTypes(g));
        Node newAdd = g.nodes().get(2);
        Node newSub = g.nodes().get(3);
        assertSame(newAdd.input(0), newSub.input(1), "x is widened once for both readers");
        assertSame(b, g.nodes().get(1).input(0));
        assertEquals(1, g.initializers().size(), "no widened copy of an overridable default");
    }

    @Test
    void aMoveJoinsOnlyBehindTheRegion() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT16, 2, 2);
        Node before = t.node("Transpose", 1, List.of(), x); // opens nothing: stays float16
        Node relu = t.node("Relu", 1, List.of(), before.output(0));
        Node after = t.node("Transpose", 1, List.of(), relu.output(0)); // behind the Relu: joins
        t.output(after.output(0));
        Graph g = t.bind();
        assertNotNull(new Float16Compute().apply(g));
        assertEquals(List.of("Transpose", "Cast", "Relu", "Transpose", "Cast"), TestGraphs.opTypes(g));
        assertEquals(DataType.FLOAT16, Patterns.elementType(g.nodes().get(0).output(0)));
        assertEquals(DataType.FLOAT, Patterns.elementType(g.nodes().get(3).input(0)));
    }

    @Test
    void nodesWithoutFloat16OrOutsideTheListAreLeftAlone() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        Value h = t.input("h", DataType.FLOAT16, 2);
        Node relu = t.node("Relu", 1, List.of(), x);
        Node toFloat = t.node("Cast", 1, List.of(new Attribute("to", Attribute.Kind.INT, 1L)), h);
        t.output(relu.output(0));
        t.output(toFloat.output(0));
        Graph g = t.bind();
        assertNull(new Float16Compute().apply(g));
        assertEquals(List.of("Relu", "Cast"), TestGraphs.opTypes(g));
    }
}
