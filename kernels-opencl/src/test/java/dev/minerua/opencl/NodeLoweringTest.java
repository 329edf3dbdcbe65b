package dev.minerua.opencl;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Dim;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lowering is strict: device types with static shapes and handled attributes, else the CPU keeps the node. */
class NodeLoweringTest {
    private static Node bound(String op, List<Attribute> attrs, int outputs, Value... inputs) {
        Graph g = new Graph("g", null);
        for (Value v : inputs) {
            g.addInput(v);
        }
        List<Value> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outs.add(new Value("y" + i, null));
        }
        Node n = new Node("n", "", op, 17, List.of(inputs), outs, new Attributes(attrs));
        g.addNode(n);
        outs.forEach(g::addOutput);
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        return n;
    }

    private static Value input(String name, DataType type, long... dims) {
        return new Value(name, ValueType.tensor(type, Shape.of(dims)));
    }

    @Test
    void floatReluWithAStaticShapeIsOneLaunch() {
        Lowered l = NodeLowering.lower(bound("Relu", List.of(), 1, input("x", DataType.FLOAT, 2, 3)));
        assertNotNull(l);
        assertEquals(1, l.launches().size());
        assertEquals("-DOP_RELU", l.launches().getFirst().options());
    }

    @Test
    void otherElementTypesAndDynamicShapesStayOnTheCpu() {
        assertNull(NodeLowering.lower(bound("Relu", List.of(), 1, input("x", DataType.DOUBLE, 4))));
        assertNull(NodeLowering.lower(bound("Relu", List.of(), 1, input("x", DataType.INT8, 4))));
        Value dynamic = new Value("x", ValueType.tensor(DataType.FLOAT, new Shape(List.of(Dim.symbol("n"), Dim.of(3)))));
        assertNull(NodeLowering.lower(bound("Relu", List.of(), 1, dynamic)));
    }

    @Test
    void maxPoolWithIndicesStaysOnTheCpu() {
        List<Attribute> attrs = List.of(new Attribute("kernel_shape", Attribute.Kind.INTS, new long[] {2, 2}));
        assertNotNull(NodeLowering.lower(bound("MaxPool", attrs, 1, input("x", DataType.FLOAT, 1, 1, 4, 4))));
        assertNull(NodeLowering.lower(bound("MaxPool", attrs, 2, input("x", DataType.FLOAT, 1, 1, 4, 4))));
    }

    @Test
    void reshapeIsAViewOfItsInput() {
        Value shape = input("s", DataType.INT64, 1);
        shape.setConstant(dev.minerua.tensor.Tensor.of(new long[] {6}, 1));
        Lowered l = NodeLowering.lower(bound("Reshape", List.of(), 1, input("x", DataType.FLOAT, 2, 3), shape));
        assertNotNull(l);
        assertEquals(0, l.launches().size());
        assertArrayEquals(new int[] {0}, l.viewOf());
    }

    @Test
    void transposeStridesFollowThePermutation() {
        List<Attribute> attrs = List.of(new Attribute("perm", Attribute.Kind.INTS, new long[] {1, 0}));
        Lowered l = NodeLowering.lower(bound("Transpose", attrs, 1, input("x", DataType.FLOAT, 2, 3)));
        assertNotNull(l);
        int[] meta = ((Launch.Ints) l.launches().getFirst().args().get(2)).values();
        // rank, srcBase, dstBase, dims {3, 2}, source strides {1, 3}, destination strides {2, 1}
        assertEquals("[2, 0, 0, 3, 2, 1, 3, 2, 1]", Arrays.toString(meta));
    }

    @Test
    void integerReluRunsOnInt32Storage() {
        Lowered l = NodeLowering.lower(bound("Relu", List.of(), 1, input("x", DataType.INT64, 4)));
        assertNotNull(l);
        assertEquals("-DT=int -DOP_RELU", l.launches().getFirst().options());
        assertEquals("unary_int", l.launches().getFirst().kernel());
    }

    @Test
    void castPicksAViewOrAConversion() {
        List<Attribute> toInt = List.of(new Attribute("to", Attribute.Kind.INT, (long) DataType.INT64.code()));
        Lowered conversion = NodeLowering.lower(bound("Cast", toInt, 1, input("x", DataType.FLOAT, 3)));
        assertNotNull(conversion);
        assertEquals("-DT=float -DTO=int -DFROM_FLOAT_TO_INT", conversion.launches().getFirst().options());
        Lowered view = NodeLowering.lower(bound("Cast", toInt, 1, input("x", DataType.INT32, 3)));
        assertNotNull(view);
        assertEquals(0, view.launches().size());
        List<Attribute> toDouble = List.of(new Attribute("to", Attribute.Kind.INT, (long) DataType.DOUBLE.code()));
        assertNull(NodeLowering.lower(bound("Cast", toDouble, 1, input("x", DataType.FLOAT, 3))));
    }

    @Test
    void float16RunsOnHalfStorage() {
        Lowered relu = NodeLowering.lower(bound("Relu", List.of(), 1, input("x", DataType.FLOAT16, 2, 3)));
        assertNotNull(relu);
        assertEquals("-DT=half -DT_HALF -DOP_RELU", relu.launches().getFirst().options());
        Lowered copy = NodeLowering.lower(bound("Transpose", List.of(), 1, input("x", DataType.FLOAT16, 2, 3)));
        assertNotNull(copy);
        assertEquals("-DT=half -DT_HALF", copy.launches().getFirst().options());
        assertEquals(2L * 6, DeviceTypes.deviceBytes(DataType.FLOAT16, 6));
        assertEquals(4L * 6, DeviceTypes.deviceBytes(DataType.FLOAT, 6));
    }

    @Test
    void castBetweenFloatAndFloat16ConvertsOnTheDevice() {
        List<Attribute> toHalf = List.of(new Attribute("to", Attribute.Kind.INT, (long) DataType.FLOAT16.code()));
        Lowered narrow = NodeLowering.lower(bound("Cast", toHalf, 1, input("x", DataType.FLOAT, 3)));
        assertNotNull(narrow);
        assertEquals("-DT=float -DTO=half -DTO_HALF", narrow.launches().getFirst().options());
        List<Attribute> toFloat = List.of(new Attribute("to", Attribute.Kind.INT, (long) DataType.FLOAT.code()));
        Lowered widen = NodeLowering.lower(bound("Cast", toFloat, 1, input("x", DataType.FLOAT16, 3)));
        assertNotNull(widen);
        assertEquals("-DT=half -DT_HALF -DTO=float", widen.launches().getFirst().options());
        Lowered view = NodeLowering.lower(bound("Cast", toHalf, 1, input("x", DataType.FLOAT16, 3)));
        assertNotNull(view);
        assertEquals(0, view.launches().size());
    }

    @Test
    void aLaunchMixingFloatAndFloat16StaysOnTheCpu() {
        // One launch has one element type, so operands of both float types (a malformed Add) decline.
        assertNull(NodeLowering.lower(bound("Add", List.of(), 1, input("a", DataType.FLOAT16, 4),
                input("b", DataType.FLOAT, 4))));
    }

    @Test
    void variadicMeanChainsBinaryLaunchesThenScales() {
        Lowered l = NodeLowering.lower(bound("Mean", List.of(), 1, input("a", DataType.FLOAT, 3, 1),
                input("b", DataType.FLOAT, 4), input("c", DataType.FLOAT, 1)));
        assertNotNull(l);
        assertEquals(List.of("binary", "binary", "unary"), l.launches().stream().map(Launch::kernel).toList());
        // The second addition reads the running sum (output 0) with the output's own shape.
        assertEquals(new Launch.Out(0), l.launches().get(1).args().getFirst());
    }
}
