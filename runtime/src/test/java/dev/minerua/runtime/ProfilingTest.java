package dev.minerua.runtime;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.profile.OpProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfilingTest {
    @Test
    void countsEveryKernelExecutionPerOpType() throws Exception {
        Path dir = SharedData.root().resolve("models/mnist-8");
        try (Environment env = Environment.create();
             Session s = env.createSession(dir.resolve("model.onnx"),
                     new SessionOptions().setOptimizationLevel(dev.minerua.optimizer.OptimizationLevel.NONE)
                             .setProfiling(true))) {
            TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), s.inputs(), s.outputs());
            s.run(data.inputs()).close();
            s.profile().reset();
            for (int i = 0; i < 3; i++) {
                s.run(data.inputs()).close();
            }
            List<OpProfile.Entry> entries = s.profile().entries();
            // mnist-8 has two Conv nodes, one MatMul; unoptimized, each runs once per run.
            OpProfile.Entry conv = entries.stream().filter(e -> e.opType().equals("Conv")).findFirst().orElseThrow();
            assertEquals(6, conv.calls());
            assertTrue(conv.nanos() > 0);
            assertEquals(3, entries.stream().filter(e -> e.opType().equals("MatMul")).findFirst().orElseThrow().calls());
            assertTrue(s.profile().format(3).contains("Conv"));
        }
    }

    @Test
    void profileIsRefusedWhenProfilingIsOff() throws Exception {
        Path model = SharedData.root().resolve("models/mnist-8/model.onnx");
        try (Environment env = Environment.create(); Session s = env.createSession(model, new SessionOptions())) {
            assertThrows(IllegalStateException.class, s::profile);
        }
    }
}
