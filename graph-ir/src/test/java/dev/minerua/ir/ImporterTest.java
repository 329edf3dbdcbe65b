package dev.minerua.ir;

import com.google.protobuf.ByteString;
import dev.minerua.error.InvalidModelException;
import dev.minerua.error.UnsupportedOperatorException;
import dev.minerua.ir.onnx.OnnxModelLoader;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.FunctionProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorShapeProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The importer: scoping, ordering, functions and the version rule of the registry. */
class ImporterTest {

    private static ValueInfoProto floatInfo(String name, Object... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            s.addDim(d instanceof String p ? TensorShapeProto.Dimension.newBuilder().setDimParam(p)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static NodeProto node(String op, String in, String out) {
        return NodeProto.newBuilder().setOpType(op).addInput(in).addOutput(out).build();
    }

    private static ModelProto model(GraphProto g, FunctionProto... functions) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(9)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("local").setVersion(1)).setGraph(g);
        for (FunctionProto f : functions) {
            m.addFunctions(f);
        }
        return m.build();
    }

    @Test
    void nodesOutOfOrderAreSortedAndSymbolicShapesKept() {
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x", "batch", 4))
                .addOutput(floatInfo("z"))
                .addNode(node("Neg", "y", "z"))
                .addNode(node("Relu", "x", "y"))
                .build();
        Graph graph = new OnnxModelLoader().load(model(g).toByteArray()).graph();
        assertEquals(List.of("Relu", "Neg"), graph.nodes().stream().map(Node::opType).toList());
        ValueType.TensorType t = (ValueType.TensorType) graph.inputs().get(0).type();
        assertEquals(Dim.symbol("batch"), t.shape().dim(0));
        assertEquals(Dim.of(4), t.shape().dim(1));
    }

    @Test
    void rawDataIsDecodedOutOfTheModelBytesNotKeptAsAView() {
        byte[] raw = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(1.5f)
                .putFloat(-2f).array();
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x", 2))
                .addInitializer(dev.minerua.onnx.TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
                        .setRawData(ByteString.copyFrom(raw)))
                .addOutput(floatInfo("y"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("w").addOutput("y"))
                .build();
        byte[] bytes = model(g).toByteArray();
        Graph graph = new OnnxModelLoader().load(bytes).graph();
        // The parser aliases raw_data into the model bytes; the decoded tensor must not see later writes to them.
        java.util.Arrays.fill(bytes, (byte) 0x7f);
        assertArrayEquals(new float[] {1.5f, -2f}, graph.initializers().getFirst().constant().floatData());
    }

    @Test
    void initializersListedAsInputsAreFeedableOnlyFromIrVersion4() {
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x", 2)).addInput(floatInfo("w", 2))
                .addInitializer(dev.minerua.onnx.TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
                        .addFloatData(1f).addFloatData(2f))
                .addOutput(floatInfo("y"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("w").addOutput("y"))
                .build();
        for (long ir : new long[] {3, 4}) {
            ModelProto m = model(g).toBuilder().setIrVersion(ir).build();
            Graph graph = new OnnxModelLoader().load(m.toByteArray()).graph();
            // IR 3 had to list every initializer as an input, so there the listing is no promise of a feed.
            assertEquals(ir < 4 ? List.of("x") : List.of("x", "w"), graph.inputs().stream().map(Value::name).toList());
            assertTrue(graph.initializers().stream().anyMatch(v -> v.name().equals("w")));
        }
    }

    @Test
    void cyclesAndUndefinedValuesAreRejected() {
        GraphProto cycle = GraphProto.newBuilder().setName("g").addInput(floatInfo("x")).addOutput(floatInfo("b"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("b").addOutput("a"))
                .addNode(node("Relu", "a", "b")).build();
        assertTrue(assertThrows(InvalidModelException.class, () -> new OnnxModelLoader().load(model(cycle).toByteArray()))
                .getMessage().contains("cycle"));
        GraphProto dangling = GraphProto.newBuilder().setName("g").addInput(floatInfo("x")).addOutput(floatInfo("y"))
                .addNode(node("Relu", "nope", "y")).build();
        assertTrue(assertThrows(InvalidModelException.class,
                () -> new OnnxModelLoader().load(model(dangling).toByteArray())).getMessage().contains("'nope'"));
    }

    @Test
    void subgraphReadsOfOuterValuesBecomeImplicitInputs() {
        GraphProto branch = GraphProto.newBuilder().setName("then").addOutput(floatInfo("r"))
                .addNode(node("Relu", "outer", "r")).build();
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x")).addOutput(floatInfo("y"))
                .addInput(ValueInfoProto.newBuilder().setName("c").setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(9))))
                .addNode(node("Neg", "x", "outer"))
                .addNode(NodeProto.newBuilder().setOpType("If").addInput("c").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("then_branch")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(branch))
                        .addAttribute(AttributeProto.newBuilder().setName("else_branch")
                                .setType(AttributeProto.AttributeType.GRAPH).setG(branch)))
                .build();
        Graph graph = new OnnxModelLoader().load(model(g).toByteArray()).graph();
        Node ifNode = graph.nodes().get(1);
        Value outer = graph.nodes().get(0).output(0);
        assertEquals(java.util.Set.of(outer), ifNode.implicitInputs());
        assertSame(outer, ifNode.subgraphs().get(0).nodes().get(0).input(0));
    }

    @Test
    void localFunctionsAreInlinedWithAttributeReferences() {
        // local.Scaled(x) = LeakyRelu(x, alpha = caller's "slope"), then Neg
        FunctionProto f = FunctionProto.newBuilder().setName("Scaled").setDomain("local")
                .addInput("a").addOutput("b").addAttribute("slope")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(16))
                .addNode(NodeProto.newBuilder().setOpType("LeakyRelu").setName("lr").addInput("a").addOutput("t")
                        .addAttribute(AttributeProto.newBuilder().setName("alpha").setRefAttrName("slope")
                                .setType(AttributeProto.AttributeType.FLOAT)))
                .addNode(node("Neg", "t", "b")).build();
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x")).addOutput(floatInfo("y"))
                .addNode(NodeProto.newBuilder().setOpType("Scaled").setDomain("local").setName("call").addInput("x")
                        .addOutput("y").addAttribute(AttributeProto.newBuilder().setName("slope")
                                .setType(AttributeProto.AttributeType.FLOAT).setF(0.25f)))
                .build();
        Graph graph = new OnnxModelLoader().load(model(g, f).toByteArray()).graph();
        assertEquals(List.of("LeakyRelu", "Neg"), graph.nodes().stream().map(Node::opType).toList());
        Node lr = graph.nodes().get(0);
        assertEquals(16, lr.opsetVersion(), "body nodes use the function's opset imports");
        assertEquals(0.25f, lr.attributes().getFloat("alpha", 0), "alpha comes from the caller's slope");
        assertSame(graph.inputs().get(0), lr.input(0));
        assertSame(graph.outputs().get(0), graph.nodes().get(1).output(0));
    }

    @Test
    void registryPicksHighestSinceVersionNotAboveTheOpset() {
        OpRegistry r = new OpRegistry();
        record Tagged(int v) implements Op {
            @Override
            public List<ValueType> inferTypes(InferenceContext ctx) {
                return List.of();
            }
        }
        r.register("", "Thing", 1, ctx -> new Tagged(1));
        r.register("", "Thing", 11, ctx -> new Tagged(11));
        r.register("", "Thing", 13, ctx -> new Tagged(13));
        assertEquals(new Tagged(11), r.bind(nodeAt(12)));
        assertEquals(new Tagged(13), r.bind(nodeAt(13)));
        assertEquals(new Tagged(1), r.bind(nodeAt(10)));
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> new OpRegistry().register("", "Thing", 5, ctx -> new Tagged(5)).bind(nodeAt(4)));
        assertTrue(e.getMessage().contains("opset 4"), e.getMessage());
    }

    private static Node nodeAt(int opset) {
        return new Node("n", "", "Thing", opset, List.of(), List.of(), Attributes.empty());
    }

    @Test
    void stringAttributesDecodeAsUtf8() {
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(floatInfo("x")).addOutput(floatInfo("y"))
                .addNode(NodeProto.newBuilder().setOpType("Custom").addInput("x").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("s").setType(AttributeProto.AttributeType.STRING)
                                .setS(ByteString.copyFromUtf8("café")))).build();
        Graph graph = new OnnxModelLoader().load(model(g).toByteArray()).graph();
        assertEquals("café", graph.nodes().get(0).attributes().getString("s", null));
        assertNotNull(graph.nodes().get(0).describe());
    }
}
