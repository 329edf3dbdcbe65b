package dev.minerua.runtime;

import com.google.protobuf.ByteString;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.TensorShapeProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;

/** Builds small ONNX models with the generated protobuf classes, for API and error tests. */
final class TestModels {
    private TestModels() {
    }

    /** A tensor value_info; a dim given as a String is symbolic, as a Number fixed. */
    static ValueInfoProto tensorInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    static NodeProto node(String op, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name);
        for (String i : inputs) {
            b.addInput(i);
        }
        for (String o : outputs) {
            b.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    static ModelProto model(GraphProto graph, int opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("minerua-tests").setProducerVersion("1")
                .setDocString("a test model")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    /** y = Relu(x + b) with x float[batch, 3] and b a constant [3]. */
    static ModelProto addRelu() {
        TensorProto b = TensorProto.newBuilder().setName("b").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(3).addFloatData(1).addFloatData(-2).addFloatData(0.5f).build();
        GraphProto g = GraphProto.newBuilder().setName("add_relu")
                .addInput(tensorInfo("x", TensorProto.DataType.FLOAT, "batch", 3))
                .addOutput(tensorInfo("y", TensorProto.DataType.FLOAT, "batch", 3))
                .addInitializer(b)
                .addNode(node("Add", "add", new String[] {"x", "b"}, new String[] {"s"}))
                .addNode(node("Relu", "relu", new String[] {"s"}, new String[] {"y"}))
                .build();
        return model(g, 17).toBuilder()
                .addMetadataProps(dev.minerua.onnx.StringStringEntryProto.newBuilder().setKey("author").setValue("tests"))
                .build();
    }

    /**
     * x float[batch, 16] -> a = Exp(x); b = Sigmoid(a); c = Tanh(a); d = Mul(b, c); y = Neg(d) (output).
     * Every op may write in place: a has two readers, so only Tanh (its last) may take it; Mul takes b; Neg, d.
     */
    static ModelProto inPlaceChain() {
        GraphProto g = GraphProto.newBuilder().setName("in_place_chain")
                .addInput(tensorInfo("x", TensorProto.DataType.FLOAT, "batch", 16))
                .addOutput(tensorInfo("y", TensorProto.DataType.FLOAT, "batch", 16))
                .addNode(node("Exp", "exp", new String[] {"x"}, new String[] {"a"}))
                .addNode(node("Sigmoid", "sigmoid", new String[] {"a"}, new String[] {"b"}))
                .addNode(node("Tanh", "tanh", new String[] {"a"}, new String[] {"c"}))
                .addNode(node("Mul", "mul", new String[] {"b", "c"}, new String[] {"d"}))
                .addNode(node("Neg", "neg", new String[] {"d"}, new String[] {"y"}))
                .build();
        return model(g, 17);
    }

    /**
     * y = Conv(x, W) with x float[1, 3, 8, 8] and W a [4, 3, 3, 3] initializer; with {@code weightIsInput} W is
     * also a graph input (IR 3 style), which a feed may replace.
     */
    static ModelProto convWithConstantWeight(boolean weightIsInput) {
        return withConstantWeights("Conv", TensorProto.DataType.FLOAT, weightIsInput, new int[] {1, 3, 8, 8},
                new int[] {1, 4, 6, 6}, new int[] {4, 3, 3, 3});
    }

    /**
     * {@code y = op(x, W[, Bias])} with constant W (and Bias when its dims are given) of element type {@code type}
     * (float32 or float16), filled with cosines; W (only) is also a graph input when {@code weightIsInput}.
     */
    static ModelProto withConstantWeights(String op, TensorProto.DataType type, boolean weightIsInput, int[] xDims,
                                          int[] yDims, int[] wDims, int... biasDims) {
        GraphProto.Builder g = GraphProto.newBuilder().setName(op.toLowerCase(java.util.Locale.ROOT))
                .addInput(tensorInfo("x", type, boxed(xDims)))
                .addOutput(tensorInfo("y", type, boxed(yDims)))
                .addInitializer(cosines("W", type, wDims));
        String[] inputs = {"x", "W"};
        if (biasDims.length > 0) {
            g.addInitializer(cosines("Bias", type, biasDims));
            inputs = new String[] {"x", "W", "Bias"};
        }
        g.addNode(node(op, op.toLowerCase(java.util.Locale.ROOT), inputs, new String[] {"y"}));
        if (weightIsInput) {
            g.addInput(tensorInfo("W", type, boxed(wDims)));
        }
        return model(g.build(), 17);
    }

    static TensorProto cosines(String name, TensorProto.DataType type, int[] dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        int count = 1;
        for (int d : dims) {
            t.addDims(d);
            count *= d;
        }
        for (int i = 0; i < count; i++) {
            float v = (float) Math.cos(i * 0.7);
            if (type == TensorProto.DataType.FLOAT16) {
                t.addInt32Data(Float.floatToFloat16(v) & 0xFFFF); // float16 bits travel in int32_data
            } else {
                t.addFloatData(v);
            }
        }
        return t.build();
    }

    private static Object[] boxed(int[] dims) {
        return java.util.Arrays.stream(dims).boxed().toArray();
    }
}
