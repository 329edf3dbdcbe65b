package dev.minerua.runtime;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Later runs of a session reuse the buffers of earlier ones: every run must still match the reference,
 * outputs handed to the caller must not change when the session runs again, and concurrent runs must
 * not share buffers.
 */
class BufferReuseTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist-8", "mnist-burn", "squeezenet1.0-fp16", "ultraface-rfb-320", "ppocr-mobile-v2-cls",
            "ppocr-v4-det", "ppocr-v4-rec", "silero-vad-legacy", "silero-vad-v5", "silero-vad-v6",
            "all-minilm-l6-v2-q"})
    void repeatedAndConcurrentRunsMatchAndLeaveEarlierOutputsAlone(String name) throws Exception {
        Path dir = SharedData.root().resolve("models").resolve(name);
        try (Environment env = Environment.create();
             Session session = env.createSession(dir.resolve("model.onnx"), new SessionOptions().setIntraOpThreads(2))) {
            TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), session.inputs(), session.outputs());
            Result first = session.run(data.inputs());
            Map<String, Tensor> firstCopy = new LinkedHashMap<>();
            for (String out : data.expectedOutputs().keySet()) {
                firstCopy.put(out, first.get(out).copy());
            }
            for (int i = 0; i < 2; i++) {
                check(name + " run " + (i + 2), data, session.run(data.inputs()));
            }
            for (Map.Entry<String, Tensor> e : firstCopy.entrySet()) {
                Comparison c = Comparison.of(e.getValue(), first.get(e.getKey()), new Tolerance(0, 0));
                assertTrue(c.passed(), name + ": output '" + e.getKey() + "' of the first run changed: " + c);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    jobs.add(pool.submit(() -> {
                        for (int i = 0; i < 2; i++) {
                            check(name + " concurrent run", data, session.run(data.inputs()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void check(String what, TestDataSet data, Result result) {
        assertEquals(data.expectedOutputs().size(), result.size(), "output count");
        for (Map.Entry<String, OnnxValue> e : data.expectedOutputs().entrySet()) {
            Tolerance tol = Tolerance.forModelOutput(((Tensor) e.getValue()).type());
            Comparison c = Comparison.of(e.getValue(), result.value(e.getKey()), tol);
            assertTrue(c.passed(), what + " output '" + e.getKey() + "': " + c);
        }
    }
}
