package dev.minerua.conformance;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.ValueInfo;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.ProtoValues;
import dev.minerua.tensor.OnnxValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node cases of the operators whose shape-like parameters (axes, starts/ends, pads, target shape) the
 * suite feeds as int64 graph inputs. In models those are constants, and only then does the device take the
 * node, so here each such input becomes an initializer holding the case's test value. Every case must then
 * pass, and nearly all with every node on the device (empty tensors and fed pad values stay on the CPU).
 */
class OpenClConstantParametersTest {
    private static final List<String> PREFIXES = List.of("test_reduce_", "test_slice", "test_constant_pad",
            "test_edge_pad", "test_reflect_pad", "test_expand_dim");

    @Test
    void parameterInputsMadeConstantRunOnTheDevice() throws IOException {
        OpenClAvailability.requireDevice();
        Path node = SharedData.root().resolve("onnx-backend-tests/node");
        List<ConformanceCase> cases = CaseDiscovery.discover(List.of(node)).stream()
                .filter(c -> PREFIXES.stream().anyMatch(c.name()::startsWith) && !c.name().contains("expanded"))
                .toList();
        List<String> problems = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        int onDevice = 0;
        int ran = 0;
        try (Environment env = Environment.create()) {
            for (ConformanceCase c : cases) {
                String problem = run(env, c);
                if (problem == null) {
                    onDevice++;
                    ran++;
                } else if (problem.startsWith("ran on")) {
                    declined.add(c.name());
                    ran++;
                } else if (!problem.isEmpty()) {
                    problems.add(c.name() + ": " + problem);
                    ran++;
                }
            }
        }
        System.out.println("opencl, parameter inputs as constants: " + onDevice + "/" + ran
                + " cases passed with every node on the device; on the CPU: " + declined);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(onDevice * 10 >= ran * 8, "only " + onDevice + " of " + ran + " cases ran on the device");
    }

    /** null when it passed on the device, "" when the case is not float data (not a device case), else why. */
    private static String run(Environment env, ConformanceCase c) throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(c.model()));
        Path data = c.dataSets().getFirst();
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Map<String, Path> fedFiles = new LinkedHashMap<>();
        List<ValueInfoProto> inputs = model.getGraph().getInputList();
        for (int i = 0; i < inputs.size(); i++) {
            Path file = data.resolve("input_" + i + ".pb");
            int elem = inputs.get(i).getType().getTensorType().getElemType();
            if (elem == TensorProto.DataType.INT64_VALUE) {
                TensorProto t = TensorProto.parseFrom(Files.readAllBytes(file)).toBuilder()
                        .setName(inputs.get(i).getName()).build();
                graph.addInitializer(t);
            } else if (elem == TensorProto.DataType.FLOAT_VALUE) {
                fedFiles.put(inputs.get(i).getName(), file);
            } else {
                return "";
            }
        }
        byte[] bytes = model.toBuilder().setGraph(graph).build().toByteArray();
        try (Session s = env.createSession(bytes, new SessionOptions().setBackend(BackendKind.OPENCL))) {
            Map<String, OnnxValue> feeds = new LinkedHashMap<>();
            for (ValueInfo in : s.inputs()) {
                feeds.put(in.name(), ProtoValues.read(fedFiles.get(in.name()), in.type()));
            }
            Map<String, Integer> placement = s.nodesPerBackend();
            try (Result r = s.run(feeds)) {
                for (int o = 0; o < s.outputs().size(); o++) {
                    ValueInfo out = s.outputs().get(o);
                    OnnxValue expected = ProtoValues.read(data.resolve("output_" + o + ".pb"), out.type());
                    Comparison cmp = Comparison.of(expected, r.value(out.name()), CaseTolerances.of(c));
                    if (!cmp.passed()) {
                        return "output " + out.name() + ": " + cmp;
                    }
                }
            }
            if (!placement.keySet().equals(java.util.Set.of("opencl"))) {
                return "ran on " + placement;
            }
            return null;
        }
    }
}
