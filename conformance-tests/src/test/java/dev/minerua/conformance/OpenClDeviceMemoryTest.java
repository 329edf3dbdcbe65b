package dev.minerua.conformance;

import dev.minerua.backend.PartitionMemory;
import dev.minerua.cpu.testing.SharedData;
import dev.minerua.opencl.OpenClBufferCounts;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device memory follows the static plan on whole models: each partition holds one arena no larger than its
 * values as separate buffers, runs after the first create and release no OpenCL buffer, and every run's
 * outputs still match the CPU session's.
 */
class OpenClDeviceMemoryTest {
    private static final int RUNS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"mnist-8", "squeezenet1.0-fp16"})
    void steadyStateRunsAllocateNoDeviceBuffers(String name) {
        OpenClAvailability.requireDevice();
        Path dir = SharedData.root().resolve("models").resolve(name);
        try (Environment env = Environment.create();
             Session cpu = env.createSession(dir.resolve("model.onnx"), new SessionOptions());
             Session device = env.createSession(dir.resolve("model.onnx"),
                     new SessionOptions().setBackend(BackendKind.OPENCL))) {
            List<PartitionMemory> parts = device.partitionMemory();
            assertFalse(parts.isEmpty(), name + " has no device partition");
            for (PartitionMemory m : parts) {
                assertTrue(m.arenaBytes() > 0 && m.arenaBytes() <= m.separateBytes(), m.toString());
            }
            TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), cpu.inputs(), cpu.outputs());
            Map<String, OnnxValue> expected;
            try (Result r = cpu.run(data.inputs())) {
                expected = Map.copyOf(data.expectedOutputs().keySet().stream()
                        .collect(java.util.stream.Collectors.toMap(k -> k, k -> copy((Tensor) r.value(k)))));
            }
            device.run(data.inputs()).close(); // warm-up
            long created = OpenClBufferCounts.created();
            long released = OpenClBufferCounts.released();
            for (int i = 0; i < RUNS; i++) {
                try (Result r = device.run(data.inputs())) {
                    for (Map.Entry<String, OnnxValue> e : expected.entrySet()) {
                        Tolerance tol = Tolerance.forModelOutput(((Tensor) e.getValue()).type());
                        Comparison c = Comparison.of(e.getValue(), r.value(e.getKey()), tol);
                        assertTrue(c.passed(), name + " run " + i + " output '" + e.getKey() + "': " + c);
                    }
                }
            }
            assertEquals(created, OpenClBufferCounts.created(), name + ": buffers created by steady-state runs");
            assertEquals(released, OpenClBufferCounts.released(), name + ": buffers released by steady-state runs");
        }
    }

    private static Tensor copy(Tensor t) {
        Tensor c = Tensor.allocate(t.type(), t.dims());
        System.arraycopy(t.data(), 0, c.data(), 0, t.size());
        return c;
    }
}
