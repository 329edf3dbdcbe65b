package dev.minerua.runtime;

import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A float16 model run node by node (level NONE) and as one float32 region (EXTENDED, {@code Float16Compute}). */
class Float16ComputeSessionTest {

    /**
     * {@code y = (x + 1) - x} in float16 with x = [2048, 3]. Node by node, 2048 + 1 = 2049 lies halfway between the
     * float16 neighbours 2048 and 2050 and rounds to even, 2048, so y[0] = 0; computed in float32 between the nodes,
     * 2049 is kept and y[0] = 1. y[1] = 1 either way. The output stays float16 under its own name.
     */
    @Test
    void intermediateValuesAreNoLongerRoundedToFloat16() {
        GraphProto g = GraphProto.newBuilder().setName("f16")
                .addInput(TestModels.tensorInfo("x", TensorProto.DataType.FLOAT16, 2))
                .addInitializer(TensorProto.newBuilder().setName("one").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                        .addInt32Data(HalfFloats.floatToHalf(1f) & 0xFFFF))
                .addNode(TestModels.node("Add", "add", new String[] {"x", "one"}, new String[] {"s"}))
                .addNode(TestModels.node("Sub", "sub", new String[] {"s", "x"}, new String[] {"y"}))
                .addOutput(TestModels.tensorInfo("y", TensorProto.DataType.FLOAT16, 2))
                .build();
        byte[] model = TestModels.model(g, 13).toByteArray();
        Map<String, Tensor> feeds = Map.of("x", Tensor.ofFloat16(new float[] {2048, 3}, 2));
        try (Environment env = Environment.create();
             Session plain = env.createSession(model, new SessionOptions().setOptimizationLevel(OptimizationLevel.NONE));
             Session region = env.createSession(model,
                     new SessionOptions().setOptimizationLevel(OptimizationLevel.EXTENDED));
             Result a = plain.run(feeds);
             Result b = region.run(feeds)) {
            assertTrue(FusionTestModel.opTypes(region).contains("Cast"), FusionTestModel.opTypes(region).toString());
            assertEquals(DataType.FLOAT16, a.get("y").type());
            assertEquals(DataType.FLOAT16, b.get("y").type());
            assertArrayEquals(new float[] {0, 1}, widen(a.get("y")));
            assertArrayEquals(new float[] {1, 1}, widen(b.get("y")));
        }
    }

    private static float[] widen(Tensor t) {
        float[] out = new float[t.size()];
        HalfFloats.widen(t.shortData(), out, false);
        return out;
    }
}
