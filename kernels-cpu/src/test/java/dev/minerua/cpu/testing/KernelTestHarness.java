package dev.minerua.cpu.testing;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.NodeCompileContext;
import dev.minerua.cpu.CpuBackend;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Model;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.onnx.LoadOptions;
import dev.minerua.ir.onnx.OnnxModelLoader;
import dev.minerua.ir.onnx.TensorProtos;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs single CPU kernels, or small subgraph-free ONNX graphs, without the runtime module:
 * binds ops with the standard registry, infers types, compiles with {@link CpuBackend} and executes.
 */
public final class KernelTestHarness {
    private KernelTestHarness() {
    }

    /** Runs one node of {@code opType} at {@code opset} on the given inputs (null = absent optional). */
    public static Tensor[] runNode(String opType, int opset, List<Attribute> attributes, int outputCount,
                                   Tensor... inputs) {
        return runNode("", opType, opset, attributes, outputCount, inputs);
    }

    /** Runs one node of {@code domain.opType} at {@code opset} on the given inputs (null = absent optional). */
    public static Tensor[] runNode(String domain, String opType, int opset, List<Attribute> attributes,
                                   int outputCount, Tensor... inputs) {
        Node node = bindNode(domain, opType, opset, attributes, outputCount, null, inputs);
        Map<Value, OnnxValue> env = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            if (node.input(i) != null) {
                env.put(node.input(i), inputs[i]);
            }
        }
        execute(node, env);
        Tensor[] result = new Tensor[outputCount];
        for (int i = 0; i < outputCount; i++) {
            result[i] = (Tensor) env.get(node.output(i));
        }
        return result;
    }

    /**
     * One standard-domain node of {@code opType} at {@code opset} with one output, bound and type-inferred, whose
     * inputs have the given tensors' types and shapes (null = absent optional); input {@code i} holds its tensor as
     * a constant where {@code constant[i]}, so kernels may prepare it at compile time.
     */
    public static Node bindNode(String opType, int opset, List<Attribute> attributes, boolean[] constant,
                                Tensor... inputs) {
        return bindNode("", opType, opset, attributes, 1, constant, inputs);
    }

    /** As {@link #bindNode(String, int, List, boolean[], Tensor...)} for an op of {@code domain}. */
    public static Node bindNode(String domain, String opType, int opset, List<Attribute> attributes,
                                boolean[] constant, Tensor... inputs) {
        return bindNode(domain, opType, opset, attributes, 1, constant, inputs);
    }

    private static Node bindNode(String domain, String opType, int opset, List<Attribute> attributes,
                                 int outputCount, boolean[] constant, Tensor... inputs) {
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            Value v = t == null ? null : new Value("in" + i, ValueType.tensor(t.type(), Shape.of(t.dims())));
            if (v != null && constant != null && constant[i]) {
                v.setConstant(t);
            }
            ins.add(v);
        }
        List<Value> outs = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            outs.add(new Value("out" + i, null));
        }
        Node node = new Node("test_" + opType, domain, opType, opset, ins, outs, new Attributes(attributes));
        Graph g = new Graph("test", null);
        g.addNode(node);
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        return node;
    }

    /**
     * Runs a backend-test case directory ({@code model.onnx} + {@code test_data_set_0}) and returns
     * pairs of (expected, actual) outputs in graph-output order.
     */
    public static List<Tensor[]> runTestCase(Path caseDir) {
        Model model = new OnnxModelLoader(LoadOptions.DEFAULTS).load(caseDir.resolve("model.onnx"));
        Graph g = model.graph();
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        Path data = caseDir.resolve("test_data_set_0");
        Map<Value, OnnxValue> env = new HashMap<>();
        for (Value init : g.initializers()) {
            env.put(init, init.constant());
        }
        List<Value> feeds = g.feedInputs();
        for (int i = 0; i < feeds.size(); i++) {
            env.put(feeds.get(i), readTensor(data.resolve("input_" + i + ".pb")));
        }
        for (Node n : g.nodes()) {
            execute(n, env);
        }
        List<Tensor[]> out = new ArrayList<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            out.add(new Tensor[] {readTensor(data.resolve("output_" + i + ".pb")), (Tensor) env.get(g.outputs().get(i))});
        }
        return out;
    }

    public static Tensor readTensor(Path pb) {
        try {
            return TensorProtos.decode(TensorProto.parseFrom(Files.readAllBytes(pb)), pb.toString(), LoadOptions.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(Node node, Map<Value, OnnxValue> env) {
        Kernel k = new CpuBackend().compile(new NodeCompileContext(node));
        if (k == null) {
            throw new IllegalStateException("no CPU kernel for " + node.describe());
        }
        OnnxValue[] inputs = new OnnxValue[node.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            Value v = node.input(i);
            inputs[i] = v == null ? null : env.get(v);
        }
        boolean[] used = new boolean[node.outputs().size()];
        for (int i = 0; i < used.length; i++) {
            used[i] = node.output(i) != null;
        }
        ArrayKernelContext ctx = new ArrayKernelContext(inputs, used);
        k.execute(ctx);
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                env.put(node.output(i), ctx.output(i));
            }
        }
    }
}
