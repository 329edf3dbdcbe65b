package dev.minerua.conformance;

import dev.minerua.backend.PartitionMemory;
import dev.minerua.cpu.testing.SharedData;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorShapeProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float16 values live on the device as 2-byte halves: a float16 graph's arena is half the float32 one, and
 * float16 node cases (Cast both ways, elementwise) run entirely on the device and match their test data.
 */
class OpenClHalfStorageTest {
    private static final long[] DIMS = {1, 4, 16, 16};

    /** x -Relu-> a -Neg-> y over DIMS, all of {@code type}. */
    private static byte[] chain(DataType type) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : DIMS) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(type.code()).setShape(shape)).build();
        GraphProto graph = GraphProto.newBuilder().setName("chain")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(t))
                .addNode(NodeProto.newBuilder().setName("relu").setOpType("Relu").addInput("x").addOutput("a"))
                .addNode(NodeProto.newBuilder().setName("neg").setOpType("Neg").addInput("a").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(t)).build();
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph).build().toByteArray();
    }

    private static PartitionMemory memory(Session s) {
        List<PartitionMemory> parts = s.partitionMemory();
        assertEquals(1, parts.size(), "one device partition");
        return parts.getFirst();
    }

    @Test
    void float16ValuesTakeHalfTheDeviceBytesOfFloat32() {
        OpenClAvailability.requireDevice();
        float[] values = new float[(int) Tensor.elementCount(DIMS)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7 - 3) * 0.375f;
        }
        Tensor x = Tensor.ofFloat16(values, DIMS);
        SessionOptions opencl = new SessionOptions().setBackend(BackendKind.OPENCL);
        try (Environment env = Environment.create();
             Session single = env.createSession(chain(DataType.FLOAT), opencl);
             Session half = env.createSession(chain(DataType.FLOAT16), opencl);
             Session cpu = env.createSession(chain(DataType.FLOAT16), new SessionOptions());
             Result expected = cpu.run(Map.of("x", x));
             Result actual = half.run(Map.of("x", x))) {
            assertEquals(Map.of("opencl", 2), half.nodesPerBackend());
            PartitionMemory f32 = memory(single);
            PartitionMemory f16 = memory(half);
            // Sizes here are multiples of the sub-buffer alignment, so the arena halves exactly too.
            assertEquals(f32.separateBytes(), 2 * f16.separateBytes(), f16 + " vs " + f32);
            assertEquals(f32.arenaBytes(), 2 * f16.arenaBytes(), f16 + " vs " + f32);
            assertEquals(values.length * 2L * 3, f16.separateBytes(), "x, a and y as halves");
            assertArrayEquals(((Tensor) expected.value("y")).shortData(), ((Tensor) actual.value("y")).shortData());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_cast_FLOAT_to_FLOAT16", "test_cast_FLOAT16_to_FLOAT", "test_max_float16",
            "test_min_float16"})
    void float16NodeCasesRunOnTheDevice(String name) {
        OpenClAvailability.requireDevice();
        List<ConformanceCase> cases = CaseDiscovery.discover(
                SharedData.root().resolve("onnx-backend-tests/node").resolve(name));
        RunOptions options = RunOptions.of(OptimizationLevel.ALL).withBackend(BackendKind.OPENCL).withThreads(1);
        try (Environment env = Environment.create()) {
            CaseResult r = new ConformanceRunner(env, options).run(cases.getFirst());
            assertTrue(r.passedOnDevice(), name + ": " + r);
        }
    }
}
