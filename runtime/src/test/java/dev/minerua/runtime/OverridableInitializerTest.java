package dev.minerua.runtime;

import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * From IR 4 on, an initializer that is also listed as a graph input is only a default: a feed replaces it. Kernels
 * that pack a constant weight at session creation must use the fed weight when there is one.
 */
class OverridableInitializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"Conv", "MatMul", "Gemm"})
    void aFedWeightReplacesTheInitializer(String op) {
        boolean conv = op.equals("Conv");
        int[] x = conv ? new int[] {1, 3, 8, 8} : new int[] {5, 9};
        int[] y = conv ? new int[] {1, 4, 6, 6} : new int[] {5, 7};
        int[] w = conv ? new int[] {4, 3, 3, 3} : new int[] {9, 7};
        Tensor input = Tensor.of(ramp(Tensor.elementCount(x)), longs(x));
        byte[] model = TestModels.withConstantWeights(op, TensorProto.DataType.FLOAT, true, x, y, w).toByteArray();
        try (Environment env = Environment.create(); Session s = env.createSession(model, new SessionOptions())) {
            for (int run = 0; run < 3; run++) {
                float[] withDefault = ((Tensor) s.run(Map.of("x", input)).value("y")).floatData();
                assertNotEquals(0f, withDefault[0], op + ": the default weight gives a non-zero output");
                // Zero weights, no bias: every output is exactly zero (hand-derived).
                Tensor zeros = Tensor.of(new float[(int) Tensor.elementCount(w)], longs(w));
                float[] withZeros = ((Tensor) s.run(Map.of("x", input, "W", zeros)).value("y")).floatData();
                for (int i = 0; i < withZeros.length; i++) {
                    assertEquals(0f, withZeros[i], op + ": output " + i + " with a fed zero W (run " + run + ")");
                }
            }
        }
    }

    private static float[] ramp(long n) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f + (i % 7) * 0.25f;
        }
        return v;
    }

    private static long[] longs(int[] dims) {
        return java.util.Arrays.stream(dims).asLongStream().toArray();
    }
}
