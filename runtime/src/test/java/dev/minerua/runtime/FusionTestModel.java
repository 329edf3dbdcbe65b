package dev.minerua.runtime;

import com.google.protobuf.ByteString;
import dev.minerua.ir.Node;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small float32 model built node by node for the fusion tests, with helpers that run it at level NONE (the
 * unfused reference kernels: the oracle) and at a higher level, and compare.
 */
final class FusionTestModel {
    private static final Tolerance TOLERANCE = new Tolerance(1e-4, 1e-5);
    private Tolerance tolerance = TOLERANCE;
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("fusion");
    private final Map<String, Tensor> feeds = new HashMap<>();
    private final Random random = new Random(42);
    private final int opset;
    private TensorProto.DataType type = TensorProto.DataType.FLOAT;
    private int counter;
    private final java.util.Set<String> disabled = new java.util.HashSet<>();

    FusionTestModel(int opset) {
        this.opset = opset;
    }

    /** Makes later inputs and initializers float64 instead of float32. */
    FusionTestModel doubles() {
        type = TensorProto.DataType.DOUBLE;
        return this;
    }

    /** Makes {@link #compare} demand equal outputs (for fusions that must compute exactly what they replace). */
    FusionTestModel exactly() {
        tolerance = new Tolerance(0, 0);
        return this;
    }

    /** An int8 (or uint8 when {@code unsigned}) initializer of the given bytes. */
    String byteInit(String name, boolean unsigned, byte[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType((unsigned ? TensorProto.DataType.UINT8 : TensorProto.DataType.INT8).getNumber())
                .setRawData(ByteString.copyFrom(values));
        for (long d : dims) {
            t.addDims(d);
        }
        g.addInitializer(t);
        return name;
    }

    /** Adds a node with {@code count} outputs and returns their names. */
    String[] nodeOutputs(String op, int count, String... inputs) {
        String[] outs = new String[count];
        for (int i = 0; i < count; i++) {
            outs[i] = op.toLowerCase() + "_" + (counter++);
        }
        g.addNode(TestModels.node(op, outs[0], inputs, outs));
        return outs;
    }

    /** A graph input fed with random values in [-2, 2). */
    String input(String name, long... dims) {
        Object[] d = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
        }
        g.addInput(TestModels.tensorInfo(name, type, d));
        float[] v = randoms(dims);
        feeds.put(name, type == TensorProto.DataType.FLOAT ? Tensor.of(v, dims) : Tensor.of(widen(v), dims));
        return name;
    }

    /** An initializer of random values in [-2, 2). */
    String init(String name, long... dims) {
        return init(name, randoms(dims), dims);
    }

    String init(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            if (type == TensorProto.DataType.FLOAT) {
                t.addFloatData(v);
            } else {
                t.addDoubleData(v);
            }
        }
        g.addInitializer(t);
        return name;
    }

    /** A scalar float32 initializer. */
    String scalar(float v) {
        return init("c" + (counter++), new float[] {v});
    }

    /** An int64 initializer (axes, shapes). */
    String ints(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        g.addInitializer(t);
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    String node(String op, List<AttributeProto> attrs, String... inputs) {
        return node("", op, attrs, inputs);
    }

    String node(String op, String... inputs) {
        return node("", op, List.of(), inputs);
    }

    String node(String domain, String op, List<AttributeProto> attrs, String... inputs) {
        String out = op.toLowerCase() + "_" + (counter++);
        g.addNode(TestModels.node(op, out, inputs, new String[] {out}).toBuilder().setDomain(domain)
                .addAllAttribute(attrs));
        return out;
    }

    /** Declares {@code name} a graph output (float32 or float64, shape left to inference). */
    FusionTestModel output(String name) {
        g.addOutput(TestModels.tensorInfo(name, type));
        return this;
    }

    static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static AttributeProto floatsAttr(String name, float... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (float x : v) {
            b.addFloats(x);
        }
        return b.build();
    }

    static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    byte[] bytes() {
        ModelProto m = TestModels.model(g.build(), opset).toBuilder()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("dev.minerua").setVersion(1)).build();
        return m.toByteArray();
    }

    /** Makes {@link #compare} switch {@code pass} off. */
    FusionTestModel disabling(String pass) {
        disabled.add(pass);
        return this;
    }

    /**
     * Runs the model at NONE and at {@code level}, asserts equal outputs, and returns the op types (with
     * domain prefix for non-standard ones) of the graph the {@code level} session runs.
     */
    List<String> compare(OptimizationLevel level) {
        byte[] model = bytes();
        try (Environment env = Environment.create();
             Session plain = env.createSession(model, new SessionOptions().setOptimizationLevel(OptimizationLevel.NONE));
             Session opt = env.createSession(model, options(level))) {
            assertOutputsEqual(plain, opt);
            return opTypes(opt);
        }
    }

    private SessionOptions options(OptimizationLevel level) {
        SessionOptions o = new SessionOptions().setOptimizationLevel(level);
        disabled.forEach(o::disablePass);
        return o;
    }

    void assertOutputsEqual(Session expected, Session actual) {
        try (Result a = expected.run(feeds); Result b = actual.run(feeds)) {
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                Comparison c = Comparison.of(a.get(i), b.get(i), tolerance);
                assertTrue(c.passed(), "output " + i + " '" + a.names().get(i) + "': " + c);
            }
        }
    }

    Map<String, Tensor> feeds() {
        return feeds;
    }

    static List<String> opTypes(Session s) {
        List<String> ops = new ArrayList<>();
        for (Node n : s.graph().nodes()) {
            ops.add(n.domain().isEmpty() ? n.opType() : n.domain() + ":" + n.opType());
        }
        return ops;
    }

    private float[] randoms(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() * 4 - 2;
        }
        return v;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
