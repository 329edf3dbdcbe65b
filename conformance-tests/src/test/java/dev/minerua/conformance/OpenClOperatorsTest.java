package dev.minerua.conformance;

import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.TensorShapeProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.ProtoValues;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-node models of the operators the OpenCL backend lowers beyond float32 arithmetic (int32/int64 and
 * bool storage, comparisons, Where, Cast, variadic ops, Pad modes, Resize, reductions with axes inputs,
 * views with axes inputs) at awkward sizes: odd and prime extents, broadcasting, negative axes. Each must
 * run entirely on the device and match the CPU backend, the reference.
 */
class OpenClOperatorsTest {
    private static Environment env;

    @BeforeAll
    static void open() {
        env = Environment.create();
    }

    @AfterAll
    static void close() {
        env.close();
    }

    /** A graph input (fed) or initializer (constant) of a one-node model. */
    private record Operand(String name, Tensor value, boolean constant) {
    }

    private static Operand fed(String name, Tensor t) {
        return new Operand(name, t, false);
    }

    private static Operand constant(String name, Tensor t) {
        return new Operand(name, t, true);
    }

    private static final Random RANDOM = new Random(7);

    private static Tensor floats(long... dims) {
        float[] v = new float[(int) Tensor.elementCount(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (RANDOM.nextGaussian() * 3);
        }
        return Tensor.of(v, dims);
    }

    /** Integers in [-20, 20], none zero (so they can divide). */
    private static Tensor longs(long... dims) {
        long[] v = new long[(int) Tensor.elementCount(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = RANDOM.nextInt(41) - 20;
            v[i] = v[i] == 0 ? 3 : v[i];
        }
        return Tensor.of(v, dims);
    }

    private static Tensor ints(long... dims) {
        long[] l = longs(dims).longData();
        int[] v = new int[l.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) l[i];
        }
        return Tensor.of(v, dims);
    }

    private static Tensor bools(long... dims) {
        boolean[] v = new boolean[(int) Tensor.elementCount(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = RANDOM.nextBoolean();
        }
        return Tensor.of(v, dims);
    }

    private static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static AttributeProto attrs(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    private static ValueInfoProto info(String name, Tensor t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : t.dims()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(t.type().code()).setShape(shape))).build();
    }

    /**
     * Runs {@code op} (opset {@code opset}) on the CPU and on the device, asserts the device ran every node
     * and matches the CPU's output.
     */
    private static void check(String op, int opset, List<AttributeProto> attributes, Operand... operands) {
        check(op, opset, attributes, ValueInfoProto.newBuilder().setName("y").build(), operands);
    }

    /** {@link #check(String, int, List, Operand...)} with output y declared as {@code output}. */
    private static void check(String op, int opset, List<AttributeProto> attributes, ValueInfoProto output,
                              Operand... operands) {
        Map<String, OnnxValue> feeds = new LinkedHashMap<>();
        byte[] model = model(op, opset, attributes, output, feeds, operands);
        OnnxValue expected;
        try (Session cpu = env.createSession(model, new SessionOptions()); Result r = cpu.run(feeds)) {
            expected = ((Tensor) r.value("y")).copy();
        }
        Tensor actual = deviceOutput(op, model, feeds);
        Comparison c = Comparison.of(expected, actual, Tolerance.forModelOutput(actual.type()));
        assertTrue(c.passed(), op + ": " + c);
    }

    /** The one-node model of {@code op} over {@code operands}; the fed ones are put in {@code feeds}. */
    private static byte[] model(String op, int opset, List<AttributeProto> attributes, ValueInfoProto output,
                                Map<String, OnnxValue> feeds, Operand... operands) {
        NodeProto.Builder node = NodeProto.newBuilder().setName("n").setOpType(op).addOutput("y").addAllAttribute(attributes);
        GraphProto.Builder graph = GraphProto.newBuilder().setName(op);
        for (Operand o : operands) {
            node.addInput(o.name());
            if (o.name().isEmpty()) {
                continue;
            }
            if (o.constant()) {
                try {
                    graph.addInitializer(TensorProto.parseFrom(ProtoValues.encode(o.value(), o.name())));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                graph.addInput(info(o.name(), o.value()));
                feeds.put(o.name(), o.value());
            }
        }
        graph.addNode(node).addOutput(output);
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build().toByteArray();
    }

    /** Output y of {@code model} run on the device, after asserting the device ran its node. */
    private static Tensor deviceOutput(String op, byte[] model, Map<String, OnnxValue> feeds) {
        try (Session device = env.createSession(model, new SessionOptions().setBackend(BackendKind.OPENCL));
             Result r = device.run(feeds)) {
            assertEquals(Map.of("opencl", 1), device.nodesPerBackend(), op + " did not run on the device");
            return ((Tensor) r.value("y")).copy();
        }
    }

    @BeforeAll
    static void device() {
        OpenClAvailability.requireDevice();
    }

    /**
     * Div and Sqrt are IEEE operations, bit for bit (Java's float division and the float rounding of the
     * double square root are correctly rounded). OpenCL C allows 2.5 and 3 ulp unless a program is built
     * with -cl-fp32-correctly-rounded-divide-sqrt; NVIDIA's compiler uses the licence, and a quotient one ulp
     * off changes what a later Round or Cast to an integer gives.
     */
    @Test
    void floatDivisionAndSqrtAreCorrectlyRounded() {
        float[] a = floats(4099).floatData();
        float[] b = floats(4099).floatData();
        float[] magnitudes = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            magnitudes[i] = Math.abs(a[i]) * (1 + i % 97);
        }
        Map<String, OnnxValue> feeds = new LinkedHashMap<>();
        byte[] div = model("Div", 14, List.of(), ValueInfoProto.newBuilder().setName("y").build(), feeds,
                fed("a", Tensor.of(a, a.length)), fed("b", Tensor.of(b, b.length)));
        float[] quotients = deviceOutput("Div", div, feeds).floatData();
        feeds.clear();
        byte[] sqrt = model("Sqrt", 13, List.of(), ValueInfoProto.newBuilder().setName("y").build(), feeds,
                fed("a", Tensor.of(magnitudes, magnitudes.length)));
        float[] roots = deviceOutput("Sqrt", sqrt, feeds).floatData();
        for (int i = 0; i < a.length; i++) {
            int at = i;
            assertEquals(Float.floatToIntBits(a[i] / b[i]), Float.floatToIntBits(quotients[i]),
                    () -> a[at] + " / " + b[at] + " gave " + quotients[at]);
            assertEquals(Float.floatToIntBits((float) Math.sqrt(magnitudes[i])), Float.floatToIntBits(roots[i]),
                    () -> "sqrt(" + magnitudes[at] + ") gave " + roots[at]);
        }
    }

    @Test
    void comparisonsBroadcastIntoBool() {
        check("Greater", 13, List.of(), fed("a", floats(3, 1, 5)), fed("b", floats(4, 1)));
        check("Less", 13, List.of(), fed("a", longs(7)), fed("b", longs(1)));
        check("Equal", 13, List.of(), fed("a", ints(2, 3)), fed("b", ints(3)));
        check("LessOrEqual", 16, List.of(), fed("a", floats(5, 3)), fed("b", floats(5, 1)));
        check("GreaterOrEqual", 16, List.of(), fed("a", longs(1, 11)), fed("b", longs(3, 1)));
    }

    @Test
    void logicalOpsAndNotOnBools() {
        check("Or", 7, List.of(), fed("a", bools(2, 3, 5)), fed("b", bools(5)));
        check("And", 7, List.of(), fed("a", bools(13)), fed("b", bools(13)));
        check("Xor", 7, List.of(), fed("a", bools(3, 1)), fed("b", bools(1, 7)));
        check("Not", 1, List.of(), fed("a", bools(3, 7)));
    }

    @Test
    void whereBroadcastsItsThreeOperands() {
        check("Where", 16, List.of(), fed("c", bools(1, 5)), fed("x", floats(3, 5)), fed("z", floats(3, 1)));
        check("Where", 16, List.of(), fed("c", bools(7)), fed("x", longs(2, 7)), fed("z", longs(1)));
    }

    @Test
    void castBetweenDeviceTypes() {
        check("Cast", 19, List.of(attr("to", DataType.INT64.code())), fed("x", floats(3, 7)));
        check("Cast", 19, List.of(attr("to", DataType.INT32.code())), fed("x", floats(11)));
        check("Cast", 19, List.of(attr("to", DataType.FLOAT.code())), fed("x", longs(2, 5)));
        check("Cast", 19, List.of(attr("to", DataType.BOOL.code())), fed("x", floats(13)));
        check("Cast", 19, List.of(attr("to", DataType.FLOAT.code())), fed("x", bools(3, 3)));
        check("Cast", 19, List.of(attr("to", DataType.BOOL.code())), fed("x", ints(5)));
        check("Cast", 19, List.of(attr("to", DataType.INT32.code())), fed("x", longs(9)));
        check("Cast", 19, List.of(attr("to", DataType.FLOAT16.code())), fed("x", ints(2, 3)));
    }

    @Test
    void integerElementwise() {
        check("Add", 14, List.of(), fed("a", longs(3, 1, 5)), fed("b", longs(4, 1)));
        check("Div", 14, List.of(), fed("a", ints(7)), fed("b", ints(7)));
        check("Mod", 13, List.of(), fed("a", longs(2, 7)), fed("b", longs(7)));
        check("Mod", 13, List.of(attr("fmod", 1)), fed("a", ints(11)), fed("b", ints(1)));
        check("Neg", 13, List.of(), fed("a", ints(5, 3)));
        check("Abs", 13, List.of(), fed("a", longs(17)));
        check("Relu", 14, List.of(), fed("a", ints(9)));
    }

    @Test
    void variadicMinMaxSumMean() {
        Operand a = fed("a", floats(3, 1, 7));
        Operand b = fed("b", floats(5, 1));
        Operand c = fed("c", floats(7));
        check("Max", 13, List.of(), a, b, c);
        check("Min", 13, List.of(), a, b, c);
        check("Sum", 13, List.of(), a, b, c);
        check("Mean", 13, List.of(), a, b, c);
        check("Max", 13, List.of(), fed("a", floats(3, 5)));
        check("Min", 13, List.of(), fed("a", longs(2, 5)), fed("b", longs(5)));
    }

    @Test
    void padModes() {
        Tensor pads = Tensor.of(new long[] {1, 2, 2, 1}, 4);
        for (String mode : List.of("constant", "reflect", "edge", "wrap")) {
            check("Pad", 19, List.of(attr("mode", mode)), fed("x", floats(3, 5)), constant("p", pads));
        }
        check("Pad", 19, List.of(), fed("x", longs(3, 5)), constant("p", pads), constant("v", Tensor.of(new long[] {9})));
        // Opset 18 axes: pad only the last axis (as -1), cropping one from its start.
        check("Pad", 18, List.of(attr("mode", "edge")), fed("x", floats(2, 3, 7)),
                constant("p", Tensor.of(new long[] {-1, 3}, 2)), new Operand("", null, false),
                constant("axes", Tensor.of(new long[] {-1}, 1)));
    }

    @Test
    void resizeNearestAndLinear() {
        Operand none = new Operand("", null, false);
        Operand up = constant("scales", Tensor.of(new float[] {1, 1, 2.5f, 1.5f}, 4));
        Operand down = constant("scales", Tensor.of(new float[] {1, 1, 0.6f, 0.5f}, 4));
        for (String coord : List.of("half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel",
                "half_pixel_symmetric")) {
            for (String nearest : List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")) {
                check("Resize", 19, List.of(attr("mode", "nearest"), attr("coordinate_transformation_mode", coord),
                        attr("nearest_mode", nearest)), fed("x", floats(1, 2, 3, 5)), none, up);
            }
            check("Resize", 19, List.of(attr("mode", "linear"), attr("coordinate_transformation_mode", coord)),
                    fed("x", floats(2, 1, 5, 7)), none, down);
            check("Resize", 19, List.of(attr("mode", "linear"), attr("coordinate_transformation_mode", coord)),
                    fed("x", floats(1, 3, 3, 5)), none, up);
        }
        // Sizes on two axes given as negative axes; tf_crop_and_resize with a roi and an extrapolation value.
        check("Resize", 19, List.of(attr("mode", "linear"), attrs("axes", -1, -3)), fed("x", floats(3, 4, 5)),
                none, none, constant("sizes", Tensor.of(new long[] {11, 2}, 2)));
        check("Resize", 19, List.of(attr("mode", "linear"), attr("coordinate_transformation_mode", "tf_crop_and_resize")),
                fed("x", floats(1, 1, 4, 6)), constant("roi", Tensor.of(new float[] {0, 0, 0.2f, -0.3f, 1, 1, 1.1f, 0.8f}, 8)),
                none, constant("sizes", Tensor.of(new long[] {1, 1, 5, 7}, 4)));
        check("Upsample", 9, List.of(attr("mode", "nearest")), fed("x", floats(1, 2, 3, 3)),
                constant("scales", Tensor.of(new float[] {1, 1, 2, 3}, 4)));
    }

    @Test
    void reductionsWithAxesInputs() {
        Operand axes = constant("axes", Tensor.of(new long[] {-1, 1}, 2));
        for (String op : List.of("ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare",
                "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd")) {
            Tensor x = floats(3, 5, 7);
            if (op.equals("ReduceLogSum")) {
                float[] v = x.floatData();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.abs(v[i]) + 0.1f;
                }
            }
            check(op, 18, List.of(attr("keepdims", 0)), fed("x", x), axes);
        }
        check("ReduceSum", 13, List.of(attr("noop_with_empty_axes", 1)), fed("x", floats(3, 5)),
                constant("axes", Tensor.of(new long[0], 0)));
    }

    /** As the ONNX test models do: parameters fed at run time, the output's static shape declared. */
    @Test
    void fedSizesAndAxesWithADeclaredOutputShape() {
        Operand none = new Operand("", null, false);
        check("Resize", 19, List.of(attr("mode", "linear")), info("y", floats(1, 2, 7, 4)), fed("x", floats(1, 2, 3, 5)),
                none, none, fed("sizes", Tensor.of(new long[] {1, 2, 7, 4}, 4)));
        check("ReduceSum", 13, List.of(attr("keepdims", 0)), info("y", floats(3, 7)), fed("x", floats(3, 5, 7)),
                fed("axes", Tensor.of(new long[] {-2}, 1)));
        check("ReduceSumSquare", 18, List.of(), info("y", floats(3, 1, 1)), fed("x", floats(3, 5, 7)),
                fed("axes", Tensor.of(new long[] {2, 1}, 2)));
    }

    @Test
    void erfAndViewsWithAxesInputs() {
        check("Erf", 13, List.of(), fed("x", floats(3, 7, 11)));
        check("Unsqueeze", 13, List.of(), fed("x", longs(3, 5)), constant("axes", Tensor.of(new long[] {-1, 0}, 2)));
        check("Squeeze", 13, List.of(), fed("x", bools(3, 1, 5, 1)), constant("axes", Tensor.of(new long[] {-1}, 1)));
    }

    @Test
    void movementOnIntegersAndBools() {
        check("Gather", 13, List.of(attr("axis", -1)), fed("x", longs(3, 7)),
                constant("i", Tensor.of(new long[] {-1, 0, 4, 4}, 2, 2)));
        check("Slice", 13, List.of(), fed("x", bools(5, 9)), constant("s", Tensor.of(new long[] {-2}, 1)),
                constant("e", Tensor.of(new long[] {-100}, 1)), constant("a", Tensor.of(new long[] {1}, 1)),
                constant("st", Tensor.of(new long[] {-3}, 1)));
        check("Transpose", 13, List.of(attrs("perm", 2, 0, 1)), fed("x", ints(3, 5, 7)));
        check("Concat", 13, List.of(attr("axis", -2)), fed("a", longs(2, 3)), fed("b", longs(5, 3)));
        check("Expand", 13, List.of(), fed("x", bools(3, 1)), constant("s", Tensor.of(new long[] {2, 3, 5}, 3)));
    }
}
