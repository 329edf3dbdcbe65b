package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.cpu.testing.NodeCases;
import dev.minerua.cpu.testing.SharedData;
import dev.minerua.ir.Attribute;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ONNX backend node cases and hand-computed checks for the quantization ops. */
class QuantizationKernelsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "test_convinteger_with_padding",
            "test_convinteger_without_padding",
            "test_qlinearconv",
            "test_dequantizelinear",
            "test_dequantizelinear_axis",
            "test_dequantizelinear_blocked",
            "test_dequantizelinear_e4m3fn",
            "test_dequantizelinear_e4m3fn_float16",
            "test_dequantizelinear_e4m3fn_zero_point",
            "test_dequantizelinear_e5m2",
            "test_dequantizelinear_float4e2m1",
            "test_dequantizelinear_int16",
            "test_dequantizelinear_int2",
            "test_dequantizelinear_int4",
            "test_dequantizelinear_uint16",
            "test_dequantizelinear_uint2",
            "test_dequantizelinear_uint4",
            "test_dynamicquantizelinear",
            "test_dynamicquantizelinear_max_adjusted",
            "test_dynamicquantizelinear_min_adjusted",
            "test_matmulinteger",
            "test_qlinearmatmul_2D_int8_float16",
            "test_qlinearmatmul_2D_int8_float32",
            "test_qlinearmatmul_2D_uint8_float16",
            "test_qlinearmatmul_2D_uint8_float32",
            "test_qlinearmatmul_3D_int8_float16",
            "test_qlinearmatmul_3D_int8_float32",
            "test_qlinearmatmul_3D_uint8_float16",
            "test_qlinearmatmul_3D_uint8_float32",
            "test_quantizelinear",
            "test_quantizelinear_axis",
            "test_quantizelinear_blocked_asymmetric",
            "test_quantizelinear_blocked_symmetric",
            "test_quantizelinear_e4m3fn",
            "test_quantizelinear_e5m2",
            "test_quantizelinear_float4e2m1",
            "test_quantizelinear_int16",
            "test_quantizelinear_int2",
            "test_quantizelinear_int4",
            "test_quantizelinear_uint16",
            "test_quantizelinear_uint2",
            "test_quantizelinear_uint4",
    })
    void nodeCase(String name) {
        NodeCases.assertMatches(SharedData.nodeCase(name));
    }

    @Test
    void dynamicQuantizeRoundsHalfToEven() {
        // Range [0, 2.55] -> scale 0.01, zero point 0; x / scale lands on .5 (in float32, as the spec computes it):
        // 0.005/0.01 = 0.5 -> 0, 0.015/0.01 = 1.5 -> 2, 0.025/0.01 = 2.5 -> 2, 2.55 -> 255.
        Tensor x = Tensor.of(new float[] {0f, 2.55f, 0.5f * 0.01f, 1.5f * 0.01f, 2.5f * 0.01f}, 5);
        Tensor[] r = KernelTestHarness.runNode("DynamicQuantizeLinear", 11, List.of(), 3, x);
        float scale = 2.55f / 255f;
        assertEquals(scale, r[1].floatData()[0]);
        assertEquals(0, r[2].byteData()[0]);
        long[] expected = new long[5];
        float[] xs = x.floatData();
        for (int i = 0; i < 5; i++) {
            expected[i] = (long) Math.rint(xs[i] / scale); // the float32 quotient, rounded half to even
        }
        assertArrayEquals(new long[] {0, 255, 0, 2, 2}, expected, "test premise: quotients are exact halves");
        assertArrayEquals(expected, r[0].asLongs());
    }

    /**
     * The fast quantizer (scalar loops, and the vector loops of each tier that has them) against the spec's
     * element-by-element formula, including ties and non-finite values.
     */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void dynamicQuantizeFastLoopsMatchTheFormula(SimdTier tier) {
        DynamicQuantizeVectors vectors = tier == SimdTier.SCALAR ? null : DynamicQuantizeVectors.forTier(tier);
        java.util.Random rnd = new java.util.Random(11);
        for (int c = 0; c < 300; c++) {
            int len = 1 + rnd.nextInt(c < 150 ? 40 : 5000);
            float[] v = new float[len];
            float spread = (float) Math.pow(10, rnd.nextInt(9) - 4);
            for (int i = 0; i < len; i++) {
                v[i] = switch (c % 6) {
                    case 0 -> (rnd.nextFloat() - 0.3f) * spread;
                    case 1 -> rnd.nextFloat() * spread;                 // no negatives: zero point 0
                    case 2 -> -rnd.nextFloat() * spread;                // no positives: zero point 255
                    case 3 -> (rnd.nextInt(511) - 255) * 0.01f;         // many exact halves after / scale
                    case 4 -> i % 7 == 0 ? -0f : 0f;                    // all zeros
                    default -> rnd.nextFloat() - 0.5f;
                };
            }
            if (c % 10 == 9) {
                float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
                v[rnd.nextInt(len)] = specials[c / 10 % specials.length];
            }
            byte[] expected = new byte[len];
            byte[] actual = new byte[len];
            float[] e = DynamicQuantizeLinearKernel.reference(v, expected);
            float[] scale = new float[1];
            byte[] zeroPoint = new byte[1];
            DynamicQuantizeLinearKernel.quantize(v, actual, scale, zeroPoint, vectors);
            assertEquals(Float.floatToIntBits(e[0]), Float.floatToIntBits(scale[0]), "scale, case " + c);
            assertEquals((int) e[1], zeroPoint[0] & 0xFF, "zero point, case " + c);
            assertArrayEquals(expected, actual, "case " + c);
        }
    }

    @Test
    void dynamicQuantizeZeroPointFromNegativeMinimum() {
        // Range [-1, 1.55]: scale = 2.55 / 255 = 0.01, zero point = round(1 / 0.01) = 100; -1 -> 0, 1.55 -> 255.
        Tensor x = Tensor.of(new float[] {-1f, 1.55f, 0f}, 3);
        Tensor[] r = KernelTestHarness.runNode("DynamicQuantizeLinear", 11, List.of(), 3, x);
        assertEquals(DataType.UINT8, r[2].type());
        assertEquals(100, r[2].getLong(0));
        assertArrayEquals(new long[] {0, 255, 100}, r[0].asLongs());
        // All-zero input: scale 1/255, zero point 0.
        Tensor[] z = KernelTestHarness.runNode("DynamicQuantizeLinear", 11, List.of(), 3,
                Tensor.of(new float[] {0f, 0f}, 2));
        assertEquals(1f / 255f, z[1].floatData()[0]);
        assertEquals(0, z[2].getLong(0));
    }

    @Test
    void matMulIntegerPerRowAndPerColumnZeroPoints() {
        // A (uint8) = [[10, 20], [30, 40]], per-row zp [10, 20] -> [[0, 10], [10, 20]]
        // B (int8)  = [[1, -2], [3, 4]],    per-col zp [1, -2]  -> [[0, 0], [2, 6]]
        // C = [[0*0 + 10*2, 0*0 + 10*6], [10*0 + 20*2, 10*0 + 20*6]] = [[20, 60], [40, 120]]
        Tensor a = Tensor.ofUnsigned(new byte[] {10, 20, 30, 40}, 2, 2);
        Tensor b = Tensor.of(new byte[] {1, -2, 3, 4}, 2, 2);
        Tensor azp = Tensor.ofUnsigned(new byte[] {10, 20}, 2);
        Tensor bzp = Tensor.of(new byte[] {1, -2}, 2);
        Tensor c = KernelTestHarness.runNode("MatMulInteger", 10, List.of(), 1, a, b, azp, bzp)[0];
        assertEquals(DataType.INT32, c.type());
        assertArrayEquals(new int[] {2, 2}, c.dims());
        assertArrayEquals(new int[] {20, 60, 40, 120}, c.intData());
    }

    @Test
    void matMulIntegerScalarZeroPointsBatchedBroadcast() {
        // A [2, 1, 2] uint8 with zp 128 (values 129, 127 | 130, 126 -> 1, -1 | 2, -2); B [2, 1] uint8 200, 100, zp 100
        // -> B' = [100, 0]; C[0] = 1*100 = 100, C[1] = 2*100 = 200; shape [2, 1, 1].
        Tensor a = Tensor.ofUnsigned(new byte[] {(byte) 129, 127, (byte) 130, 126}, 2, 1, 2);
        Tensor b = Tensor.ofUnsigned(new byte[] {(byte) 200, 100}, 2, 1);
        Tensor c = KernelTestHarness.runNode("MatMulInteger", 10, List.of(), 1, a, b,
                Tensor.ofUnsigned(new byte[] {(byte) 128}), Tensor.ofUnsigned(new byte[] {100}))[0];
        assertArrayEquals(new int[] {2, 1, 1}, c.dims());
        assertArrayEquals(new int[] {100, 200}, c.intData());
    }

    @Test
    void quantizeLinearPerAxisInt8RoundsHalfToEvenAndSaturates() {
        // axis 1 scales [1, 2]: [2.5 / 1, -3 / 2, 1000 / 1, -1000 / 2] -> [2, -2 (-1.5 -> -2), 127, -128]
        Tensor x = Tensor.of(new float[] {2.5f, -3f, 1000f, -1000f}, 2, 2);
        Tensor s = Tensor.of(new float[] {1f, 2f}, 2);
        Tensor zp = Tensor.of(new byte[] {0, 0}, 2);
        Tensor y = KernelTestHarness.runNode("QuantizeLinear", 13, List.of(new Attribute("axis", Attribute.Kind.INT, 1L)),
                1, x, s, zp)[0];
        assertEquals(DataType.INT8, y.type());
        assertArrayEquals(new byte[] {2, -2, 127, -128}, y.byteData());
    }
}
