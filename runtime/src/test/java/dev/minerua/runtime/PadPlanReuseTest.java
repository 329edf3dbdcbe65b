package dev.minerua.runtime;

import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Pad keeps the plan of its last call (output shape and gather map) while the input dims and pads stay the same;
 * fed pads that change from run to run must each get their own result (expected values worked by hand).
 */
class PadPlanReuseTest {

    @Test
    void changingFedPadsGiveTheirOwnResults() {
        GraphProto g = GraphProto.newBuilder().setName("pad")
                .addInput(TestModels.tensorInfo("x", TensorProto.DataType.FLOAT, 3))
                .addInput(TestModels.tensorInfo("pads", TensorProto.DataType.INT64, 2))
                .addOutput(TestModels.tensorInfo("y", TensorProto.DataType.FLOAT, "n"))
                .addNode(TestModels.node("Pad", "pad", new String[] {"x", "pads"}, new String[] {"y"}))
                .build();
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.model(g, 18).toByteArray(), new SessionOptions())) {
            for (int run = 0; run < 3; run++) {
                assertArrayEquals(new float[] {1, 2, 3, 0}, pad(s, x, 0, 1));
                assertArrayEquals(new float[] {1, 2, 3, 0}, pad(s, x, 0, 1));
                assertArrayEquals(new float[] {0, 0, 1, 2, 3}, pad(s, x, 2, 0));
                assertArrayEquals(new float[] {0, 1, 2, 3, 0}, pad(s, x, 1, 1));
            }
        }
    }

    private static float[] pad(Session s, Tensor x, long begin, long end) {
        Tensor pads = Tensor.of(new long[] {begin, end}, 2);
        return ((Tensor) s.run(Map.of("x", x, "pads", pads)).value("y")).floatData().clone();
    }
}
