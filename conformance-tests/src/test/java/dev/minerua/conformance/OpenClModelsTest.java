package dev.minerua.conformance;

import dev.minerua.cpu.testing.SharedData;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared models on the OpenCL backend match ONNX Runtime's outputs, and when OpenCL is missing a session
 * asked for it runs on the CPU instead of failing.
 */
class OpenClModelsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mnist-8", "mnist-burn", "squeezenet1.0-fp16", "ultraface-rfb-320", "ppocr-mobile-v2-cls",
            "ppocr-v4-det", "ppocr-v4-rec", "silero-vad-legacy", "silero-vad-v5", "silero-vad-v6",
            "all-minilm-l6-v2-q"})
    void sharedModelMatchesReferenceOnOpenCl(String name) {
        OpenClAvailability.requireDevice();
        Path dir = SharedData.root().resolve("models").resolve(name);
        try (Environment env = Environment.create();
             Session session = env.createSession(dir.resolve("model.onnx"), specialisedOptions(env, dir))) {
            Map<String, Integer> placement = session.nodesPerBackend();
            System.out.println("opencl " + name + ": nodes on device " + placement.getOrDefault("opencl", 0) + "/"
                    + placement.values().stream().mapToInt(Integer::intValue).sum());
            assertMatches(name, session, dir);
        }
    }

    /**
     * OpenCL options with every symbolic input dimension fixed to its size in the test data, as
     * {@code minerua run --backend opencl --dim S=N} does: the device runs static shapes only.
     */
    private static SessionOptions specialisedOptions(Environment env, Path dir) {
        SessionOptions options = new SessionOptions().setBackend(BackendKind.OPENCL).setIntraOpThreads(2);
        try (Session probe = env.createSession(dir.resolve("model.onnx"), new SessionOptions())) {
            TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), probe.inputs(), probe.outputs());
            for (var in : probe.inputs()) {
                if (in.type() instanceof dev.minerua.ir.ValueType.TensorType t && t.shape() != null
                        && data.inputs().get(in.name()) instanceof Tensor fed) {
                    for (int i = 0; i < t.shape().rank() && i < fed.rank(); i++) {
                        if (t.shape().dim(i).isSymbolic()) {
                            options.setDimension(t.shape().dim(i).symbol(), fed.dim(i));
                        }
                    }
                }
            }
        }
        return options;
    }

    @Test
    void modelsWithStaticFloatShapesRunEntirelyOnTheDevice() {
        OpenClAvailability.requireDevice();
        for (String name : List.of("mnist-8", "ultraface-rfb-320")) {
            Path model = SharedData.root().resolve("models").resolve(name).resolve("model.onnx");
            try (Environment env = Environment.create();
                 Session session = env.createSession(model, new SessionOptions().setBackend(BackendKind.OPENCL))) {
                assertEquals(java.util.Set.of("opencl"), session.nodesPerBackend().keySet(), name);
            }
        }
    }

    @Test
    void aDeviceFilterMatchingNothingRunsOnTheCpu() {
        Path dir = SharedData.root().resolve("models").resolve("mnist-8");
        try (Environment env = Environment.create();
             Session session = env.createSession(dir.resolve("model.onnx"), new SessionOptions()
                     .setBackend(BackendKind.OPENCL).setDeviceFilter("no-such-device-xyz"))) {
            assertEquals(List.of("cpu"), List.copyOf(session.nodesPerBackend().keySet()));
            assertMatches("mnist-8", session, dir);
        }
    }

    /**
     * A JVM whose OpenCL loader finds no platform (OCL_ICD_VENDORS points at an empty folder) creates an
     * OpenCL session, runs it on the CPU, and says so in one log line.
     */
    @Test
    void withoutAnOpenClPlatformTheSessionRunsOnTheCpu() throws IOException, InterruptedException {
        Path empty = Files.createTempDirectory("no-icd");
        Path model = SharedData.root().resolve("models/mnist-8/model.onnx");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NoOpenClProbe.class.getName(), model.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", empty.toString());
        pb.environment().remove("OCL_ICD_FILENAMES");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("placement {cpu="), out);
        assertTrue(out.contains("running on the CPU"), out);
    }

    /** Child-JVM entry point of {@link #withoutAnOpenClPlatformTheSessionRunsOnTheCpu}. */
    public static final class NoOpenClProbe {
        public static void main(String[] args) {
            try (Environment env = Environment.create();
                 Session s = env.createSession(Path.of(args[0]), new SessionOptions().setBackend(BackendKind.OPENCL))) {
                System.out.println("placement " + s.nodesPerBackend());
            }
        }
    }

    private static void assertMatches(String name, Session session, Path dir) {
        TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), session.inputs(), session.outputs());
        try (Result result = session.run(data.inputs())) {
            for (Map.Entry<String, OnnxValue> e : data.expectedOutputs().entrySet()) {
                Tolerance tol = Tolerance.forModelOutput(((Tensor) e.getValue()).type());
                Comparison c = Comparison.of(e.getValue(), result.value(e.getKey()), tol);
                assertTrue(c.passed(), name + " output '" + e.getKey() + "': " + c);
            }
        }
    }
}
