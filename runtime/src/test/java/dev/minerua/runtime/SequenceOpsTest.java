package dev.minerua.runtime;

import dev.minerua.error.MineruaException;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.OptionalValue;
import dev.minerua.tensor.Tensor;
import dev.minerua.tensor.TensorSequence;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.minerua.runtime.TestModels.intAttr;
import static dev.minerua.runtime.TestModels.node;
import static dev.minerua.runtime.TestModels.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed checks of the sequence and optional ops: negative positions, uneven splits, stacking, errors. */
class SequenceOpsTest {
    private static final TensorProto.DataType F = TensorProto.DataType.FLOAT;
    private static final TensorProto.DataType I64 = TensorProto.DataType.INT64;

    @Test
    void scalarSplitLeavesAShorterLastChunkAndConcatRestoresTheInput() {
        GraphProto g = GraphProto.newBuilder().setName("split")
                .addInput(tensorInfo("x", F, 5, 2))
                .addInitializer(longScalar("two", 2))
                .addNode(node("SplitToSequence", "s", new String[] {"x", "two"}, new String[] {"seq"}))
                .addNode(node("SequenceLength", "n", new String[] {"seq"}, new String[] {"len"}))
                .addNode(node("ConcatFromSequence", "c", new String[] {"seq"}, new String[] {"y"}, intAttr("axis", 0)))
                .addOutput(seqInfo("seq", F)).addOutput(tensorInfo("len", I64)).addOutput(tensorInfo("y", F, 5, 2))
                .build();
        float[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Map<String, OnnxValue> out = run(g, Map.of("x", Tensor.of(x, 5, 2)));
        TensorSequence seq = (TensorSequence) out.get("seq");
        assertEquals(3, seq.size());
        assertArrayEquals(new int[] {2, 2}, seq.tensor(0).dims());
        assertArrayEquals(new int[] {1, 2}, seq.tensor(2).dims());
        assertArrayEquals(new float[] {8, 9}, seq.tensor(2).floatData());
        assertEquals(3L, ((Tensor) out.get("len")).getLong(0));
        assertArrayEquals(x, ((Tensor) out.get("y")).floatData());
    }

    @Test
    void splitWithoutSizesAndNoKeepdimsDropsTheAxisForInt64() {
        GraphProto g = GraphProto.newBuilder().setName("split")
                .addInput(tensorInfo("x", I64, 2, 3))
                .addNode(node("SplitToSequence", "s", new String[] {"x"}, new String[] {"seq"},
                        intAttr("axis", -1), intAttr("keepdims", 0)))
                .addOutput(seqInfo("seq", I64))
                .build();
        TensorSequence seq = (TensorSequence) run(g, Map.of("x", Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3)))
                .get("seq");
        assertEquals(3, seq.size());
        assertEquals(DataType.INT64, seq.elementType());
        assertArrayEquals(new int[] {2}, seq.tensor(1).dims());
        assertArrayEquals(new long[] {2, 5}, seq.tensor(1).longData());
    }

    @Test
    void negativePositionsInsertEraseAndRead() {
        // [a, b, c] -> insert d at -1 -> [a, b, d, c] -> erase -4 -> [b, d, c]; At -1 is c, At 1 is d.
        GraphProto g = GraphProto.newBuilder().setName("positions")
                .addInput(tensorInfo("a", F, 1)).addInput(tensorInfo("b", F, 1))
                .addInput(tensorInfo("c", F, 1)).addInput(tensorInfo("d", F, 1))
                .addInitializer(longScalar("m1", -1)).addInitializer(longScalar("m4", -4))
                .addInitializer(longScalar("one", 1))
                .addNode(node("SequenceConstruct", "sc", new String[] {"a", "b", "c"}, new String[] {"s0"}))
                .addNode(node("SequenceInsert", "si", new String[] {"s0", "d", "m1"}, new String[] {"s1"}))
                .addNode(node("SequenceErase", "se", new String[] {"s1", "m4"}, new String[] {"s2"}))
                .addNode(node("SequenceAt", "last", new String[] {"s2", "m1"}, new String[] {"y"}))
                .addNode(node("SequenceAt", "second", new String[] {"s2", "one"}, new String[] {"z"}))
                .addNode(node("SequenceErase", "pop", new String[] {"s2"}, new String[] {"s3"}))
                .addOutput(tensorInfo("y", F, 1)).addOutput(tensorInfo("z", F, 1)).addOutput(seqInfo("s3", F))
                .build();
        Map<String, OnnxValue> out = run(g, Map.of("a", Tensor.of(new float[] {1}, 1), "b", Tensor.of(new float[] {2}, 1),
                "c", Tensor.of(new float[] {3}, 1), "d", Tensor.of(new float[] {4}, 1)));
        assertEquals(3f, ((Tensor) out.get("y")).floatData()[0]);
        assertEquals(4f, ((Tensor) out.get("z")).floatData()[0]);
        TensorSequence rest = (TensorSequence) out.get("s3");
        assertEquals(2, rest.size());
        assertEquals(2f, rest.tensor(0).floatData()[0]);
        assertEquals(4f, rest.tensor(1).floatData()[0]);
    }

    @Test
    void newAxisStacksAtTheLastPosition() {
        GraphProto g = GraphProto.newBuilder().setName("stack")
                .addInput(tensorInfo("a", F, 2)).addInput(tensorInfo("b", F, 2))
                .addNode(node("SequenceConstruct", "sc", new String[] {"a", "b"}, new String[] {"s"}))
                .addNode(node("ConcatFromSequence", "c", new String[] {"s"}, new String[] {"y"},
                        intAttr("axis", -1), intAttr("new_axis", 1)))
                .addOutput(tensorInfo("y", F, 2, 2))
                .build();
        Tensor y = (Tensor) run(g, Map.of("a", Tensor.of(new float[] {1, 2}, 2), "b", Tensor.of(new float[] {3, 4}, 2)))
                .get("y");
        assertArrayEquals(new int[] {2, 2}, y.dims());
        assertArrayEquals(new float[] {1, 3, 2, 4}, y.floatData());
    }

    @Test
    void emptyOptionalFromTypeAttribute() {
        AttributeProto type = AttributeProto.newBuilder().setName("type").setType(AttributeProto.AttributeType.TYPE_PROTO)
                .setTp(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(F.getNumber())))
                .build();
        GraphProto g = GraphProto.newBuilder().setName("opt")
                .addInput(tensorInfo("x", F, 1))
                .addNode(node("Optional", "none", new String[] {}, new String[] {"o"}, type))
                .addNode(node("Optional", "some", new String[] {"x"}, new String[] {"p"}))
                .addNode(node("OptionalHasElement", "h0", new String[] {"o"}, new String[] {"has0"}))
                .addNode(node("OptionalHasElement", "h1", new String[] {"p"}, new String[] {"has1"}))
                .addNode(node("OptionalGetElement", "get", new String[] {"p"}, new String[] {"y"}))
                .addOutput(tensorInfo("has0", TensorProto.DataType.BOOL)).addOutput(tensorInfo("has1", TensorProto.DataType.BOOL))
                .addOutput(tensorInfo("y", F, 1)).addOutput(optInfo("o", F))
                .build();
        Map<String, OnnxValue> out = run(g, Map.of("x", Tensor.of(new float[] {7}, 1)));
        assertFalse(((Tensor) out.get("has0")).booleanData()[0]);
        assertTrue(((Tensor) out.get("has1")).booleanData()[0]);
        assertEquals(7f, ((Tensor) out.get("y")).floatData()[0]);
        assertFalse(assertInstanceOf(OptionalValue.class, out.get("o")).isPresent());
    }

    @Test
    void badRuntimeDataFailsClearly() {
        GraphProto at = GraphProto.newBuilder().setName("at")
                .addInput(tensorInfo("a", F, 1)).addInitializer(longScalar("p", 1))
                .addNode(node("SequenceConstruct", "sc", new String[] {"a"}, new String[] {"s"}))
                .addNode(node("SequenceAt", "at", new String[] {"s", "p"}, new String[] {"y"}))
                .addOutput(tensorInfo("y", F, 1))
                .build();
        MineruaException e = assertThrows(MineruaException.class,
                () -> run(at, Map.of("a", Tensor.of(new float[] {1}, 1))));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());

        GraphProto mixed = GraphProto.newBuilder().setName("mixed")
                .addInput(tensorInfo("a", F, 1)).addInput(tensorInfo("b", I64, 1))
                .addNode(node("SequenceConstruct", "sc", new String[] {"a"}, new String[] {"s"}))
                .addNode(node("SequenceInsert", "si", new String[] {"s", "b"}, new String[] {"t"}))
                .addOutput(seqInfo("t", F))
                .build();
        MineruaException m = assertThrows(MineruaException.class,
                () -> run(mixed, Map.of("a", Tensor.of(new float[] {1}, 1), "b", Tensor.of(new long[] {1}, 1))));
        assertTrue(m.getMessage().contains("cannot join"), m.getMessage());
    }

    private static Map<String, OnnxValue> run(GraphProto g, Map<String, OnnxValue> feeds) {
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.model(g, 18).toByteArray(), new SessionOptions());
             Result r = s.run(feeds)) {
            Map<String, OnnxValue> out = new java.util.HashMap<>();
            for (String name : r.names()) {
                out.put(name, r.value(name));
            }
            return out;
        }
    }

    private static TensorProto longScalar(String name, long v) {
        return TensorProto.newBuilder().setName(name).setDataType(I64.getNumber()).addInt64Data(v).build();
    }

    private static TypeProto tensorType(TensorProto.DataType t) {
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(t.getNumber())).build();
    }

    private static ValueInfoProto seqInfo(String name, TensorProto.DataType t) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(tensorType(t)))).build();
    }

    private static ValueInfoProto optInfo(String name, TensorProto.DataType t) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setOptionalType(TypeProto.Optional.newBuilder().setElemType(tensorType(t)))).build();
    }
}
