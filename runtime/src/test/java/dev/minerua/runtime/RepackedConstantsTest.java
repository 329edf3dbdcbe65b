package dev.minerua.runtime;

import dev.minerua.ir.Value;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A constant that every reading kernel has repacked (Conv's filter) is let go after session creation, so the
 * decoded array can be collected. So is a default a feed may replace (an initializer that is also a graph input)
 * when it is its readers' only one; two defaults of one node are kept, since feeding one runs the fed kernel,
 * which reads the other unpacked.
 */
class RepackedConstantsTest {

    @Test
    void aPackedConvFilterIsDroppedAndTheResultsStayTheSame() {
        assertDroppedAndSameResults(TestModels.convWithConstantWeight(false), TestModels.convWithConstantWeight(true),
                Tensor.of(sines(3 * 8 * 8), 1, 3, 8, 8));
    }

    /** MatMul's packed panels stand for a constant B. */
    @Test
    void aPackedMatMulRightOperandIsDropped() {
        int[] x = {5, 9};
        int[] y = {5, 7};
        int[] w = {9, 7};
        assertDroppedAndSameResults(
                TestModels.withConstantWeights("MatMul", TensorProto.DataType.FLOAT, false, x, y, w),
                TestModels.withConstantWeights("MatMul", TensorProto.DataType.FLOAT, true, x, y, w),
                Tensor.of(sines(5 * 9), 5, 9));
    }

    /**
     * float16 Conv at BASIC (node by node through the reduced-precision adapter): the filter is packed (as
     * float32), and the bias is widened once by the adapter, so neither keeps its float16 bits.
     */
    @Test
    void float16ConvWeightsAndBiasAreDropped() {
        float16ConvConstantsAreDropped(OptimizationLevel.BASIC, "W", "Bias");
    }

    /**
     * The same from EXTENDED on, where {@code Float16Compute} widens the float16 initializers in the graph: the
     * float16 ones are gone, and the float32 filter and bias are held by the kernel alone, as at BASIC.
     */
    @Test
    void float16ConvConstantsWidenedByTheOptimizerAreDropped() {
        float16ConvConstantsAreDropped(OptimizationLevel.ALL, "W_float32", "Bias_float32");
    }

    private static void float16ConvConstantsAreDropped(OptimizationLevel level, String weight, String bias) {
        int[] x = {1, 3, 8, 8};
        int[] y = {1, 4, 6, 6};
        int[] w = {4, 3, 3, 3};
        Tensor input = Tensor.allocate(DataType.FLOAT16, x);
        float[] values = sines(input.size());
        for (int i = 0; i < values.length; i++) {
            input.shortData()[i] = Float.floatToFloat16(values[i]);
        }
        byte[] model = TestModels.withConstantWeights("Conv", TensorProto.DataType.FLOAT16, false, x, y, w, 4)
                .toByteArray();
        try (Environment env = Environment.create();
             Session dropped = env.createSession(model, new SessionOptions().setOptimizationLevel(level));
             Session kept = env.createSession(TestModels.withConstantWeights("Conv", TensorProto.DataType.FLOAT16, true,
                     x, y, w, 4).toByteArray(), new SessionOptions().setOptimizationLevel(level))) {
            assertNull(initializer(dropped, weight).constant(), "the packed float32 filter stands for W");
            assertNull(initializer(dropped, bias).constant(), "the kernel's float32 copy stands for Bias");
            assertTrue(dropped.graph().initializers().stream()
                            .noneMatch(v -> v.isConstant() && v.constant().type() == DataType.FLOAT16),
                    "no float16 constant is held: " + dropped.graph().initializers());
            assertTrue(Arrays.stream(dropped.executionPlan().initialValues()).allMatch(v -> v == null),
                    "no plan slot starts with a float16 constant");
            for (int run = 0; run < 2; run++) {
                Tensor a = (Tensor) dropped.run(Map.of("x", input)).value("y");
                Tensor b = (Tensor) kept.run(Map.of("x", input)).value("y");
                assertArrayEquals(b.shortData(), a.shortData());
            }
        }
    }

    /** Gemm with W and Bias both defaults: feeding either runs with the other's default. */
    @Test
    void twoDefaultsOfOneNodeAreKeptAndEitherMayBeFed() {
        int[] x = {5, 9};
        int[] y = {5, 7};
        int[] w = {9, 7};
        ModelProto weightOnly = TestModels.withConstantWeights("Gemm", TensorProto.DataType.FLOAT, true, x, y, w, 7);
        ModelProto both = weightOnly.toBuilder().setGraph(weightOnly.getGraph().toBuilder()
                .addInput(TestModels.tensorInfo("Bias", TensorProto.DataType.FLOAT, 7))).build();
        Tensor input = Tensor.of(sines(5 * 9), 5, 9);
        try (Environment env = Environment.create();
             Session s = env.createSession(both.toByteArray(), new SessionOptions());
             Session reference = env.createSession(weightOnly.toByteArray(), new SessionOptions())) {
            assertNotNull(initializer(s, "W").constant(), "a run feeding Bias reads the default W");
            assertNotNull(initializer(s, "Bias").constant(), "a run feeding W reads the default Bias");
            float[] bias = ((Tensor) initializer(s, "Bias").constant()).floatData().clone();
            for (int run = 0; run < 2; run++) {
                float[] withDefaults = ((Tensor) s.run(Map.of("x", input)).value("y")).floatData();
                assertArrayEquals(((Tensor) reference.run(Map.of("x", input)).value("y")).floatData(), withDefaults);
                // Zero W: every output is the default bias of its column (0 + b, exact).
                float[] zeroW = ((Tensor) s.run(Map.of("x", input, "W", Tensor.of(new float[9 * 7], 9, 7)))
                        .value("y")).floatData();
                for (int i = 0; i < zeroW.length; i++) {
                    assertEquals(bias[i % 7], zeroW[i], "fed zero W, output " + i);
                }
                // Zero bias: the default product, which is the default run less the bias.
                float[] zeroBias = ((Tensor) s.run(Map.of("x", input, "Bias", Tensor.of(new float[7], 7)))
                        .value("y")).floatData();
                for (int i = 0; i < zeroBias.length; i++) {
                    assertEquals(withDefaults[i] - bias[i % 7], zeroBias[i], 1e-5f, "fed zero Bias, output " + i);
                }
            }
        }
    }

    private static void assertDroppedAndSameResults(ModelProto droppable, ModelProto weightIsInput, Tensor x) {
        Map<String, Tensor> feeds = Map.of("x", x);
        try (Environment env = Environment.create();
             Session dropped = env.createSession(droppable.toByteArray(), new SessionOptions());
             Session kept = env.createSession(weightIsInput.toByteArray(), new SessionOptions())) {
            for (Session s : new Session[] {dropped, kept}) {
                assertNull(initializer(s, "W").constant(), "the kernel's packed form stands for W");
                assertTrue(Arrays.stream(s.executionPlan().initialValues()).allMatch(v -> v == null),
                        "no plan slot starts with the decoded W");
            }
            for (int run = 0; run < 2; run++) {
                float[] a = ((Tensor) dropped.run(feeds).value("y")).floatData();
                float[] b = ((Tensor) kept.run(feeds).value("y")).floatData();
                assertArrayEquals(b, a);
            }
        }
    }

    private static float[] sines(int n) {
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.3);
        }
        return x;
    }

    private static Value initializer(Session s, String name) {
        return s.graph().initializers().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
