package dev.minerua.cpu.kernels;

import dev.minerua.cpu.testing.KernelTestHarness;
import dev.minerua.ir.Attribute;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Hand-computed cases for old opset forms and edge cases the ONNX node tests do not cover. */
class TensorKernelsUnitTest {
    private static Attribute ints(String name, long... v) {
        return new Attribute(name, Attribute.Kind.INTS, v);
    }

    private static Attribute str(String name, String v) {
        return new Attribute(name, Attribute.Kind.STRING, v);
    }

    private static Tensor one(String op, int opset, List<Attribute> attrs, Tensor... in) {
        return KernelTestHarness.runNode(op, opset, attrs, 1, in)[0];
    }

    private static final Tensor SIX = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void reshapeOpset1AttributeIsAView() {
        Tensor out = one("Reshape", 1, List.of(ints("shape", 3, -1)), SIX);
        assertArrayEquals(new int[] {3, 2}, out.dims());
        assertSame(SIX.data(), out.data());
    }

    @Test
    void reshapeZeroCopiesDimUnlessAllowZero() {
        Tensor out = one("Reshape", 14, List.of(), SIX, Tensor.of(new long[] {0, 3}, 2));
        assertArrayEquals(new int[] {2, 3}, out.dims());
        Tensor empty = Tensor.allocate(DataType.FLOAT, 0, 3);
        Tensor z = one("Reshape", 14, List.of(new Attribute("allowzero", Attribute.Kind.INT, 1L)),
                empty, Tensor.of(new long[] {3, 0}, 2));
        assertArrayEquals(new int[] {3, 0}, z.dims());
    }

    @Test
    void sliceOpset1AttributesClampEnds() {
        Tensor out = one("Slice", 1, List.of(ints("starts", 1), ints("ends", 1000), ints("axes", 1)), SIX);
        assertArrayEquals(new int[] {2, 2}, out.dims());
        assertArrayEquals(new float[] {2, 3, 5, 6}, out.floatData());
    }

    @Test
    void sliceNegativeStepFromTheEnd() {
        Tensor data = Tensor.of(new long[] {0, 1, 2, 3, 4}, 5);
        Tensor out = one("Slice", 13, List.of(), data, Tensor.of(new long[] {-1}, 1),
                Tensor.of(new long[] {Long.MIN_VALUE}, 1), Tensor.of(new long[] {0}, 1), Tensor.of(new long[] {-2}, 1));
        assertArrayEquals(new long[] {4, 2, 0}, out.longData());
    }

    @Test
    void padOpset2AttributeModes() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2},
                one("Pad", 2, List.of(ints("pads", 2, 1), str("mode", "reflect")), x).floatData());
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 3},
                one("Pad", 2, List.of(ints("pads", 2, 1), str("mode", "edge")), x).floatData());
        assertArrayEquals(new float[] {9, 9, 1, 2, 3, 9},
                one("Pad", 2, List.of(ints("pads", 2, 1), new Attribute("value", Attribute.Kind.FLOAT, 9f)), x).floatData());
    }

    @Test
    void padWrapAndNegativePadsFromInputs() {
        Tensor x = Tensor.of(new long[] {1, 2, 3}, 3);
        assertArrayEquals(new long[] {2, 3, 1, 2, 3, 1},
                one("Pad", 19, List.of(str("mode", "wrap")), x, Tensor.of(new long[] {2, 1}, 2)).longData());
        // A negative begin pad crops; the end is filled with the constant_value input.
        assertArrayEquals(new long[] {2, 3, 7, 7},
                one("Pad", 19, List.of(), x, Tensor.of(new long[] {-1, 2}, 2), Tensor.of(new long[] {7})).longData());
    }

    @Test
    void squeezeAndUnsqueezeAttributeForms() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        assertArrayEquals(new int[] {3}, one("Squeeze", 11, List.of(ints("axes", 0)), x).dims());
        assertArrayEquals(new int[] {3}, one("Squeeze", 1, List.of(), x).dims());
        Tensor v = Tensor.of(new float[] {1, 2, 3}, 3);
        assertArrayEquals(new int[] {1, 3, 1}, one("Unsqueeze", 11, List.of(ints("axes", 0, -1)), v).dims());
    }

    @Test
    void castStringsAndLegacyTypeName() {
        Tensor s = Tensor.of(new String[] {"3.5", "-INF", "nan", "1e3"}, 4);
        Tensor f = one("Cast", 13, List.of(new Attribute("to", Attribute.Kind.INT, 1L)), s);
        assertEquals(3.5f, f.floatData()[0]);
        assertEquals(Float.NEGATIVE_INFINITY, f.floatData()[1]);
        assertEquals(Float.NaN, f.floatData()[2]);
        assertEquals(1000f, f.floatData()[3]);
        Tensor big = one("Cast", 13, List.of(new Attribute("to", Attribute.Kind.INT, 7L)),
                Tensor.of(new String[] {"123456789012345678"}, 1));
        assertEquals(123456789012345678L, big.longData()[0]);
        Tensor back = one("Cast", 13, List.of(new Attribute("to", Attribute.Kind.INT, 8L)),
                Tensor.of(new float[] {2.5f, -1f}, 2));
        assertArrayEquals(new String[] {"2.5", "-1.0"}, back.stringData());
        Tensor legacy = one("Cast", 1, List.of(str("to", "FLOAT")), Tensor.of(new long[] {3}, 1));
        assertEquals(DataType.FLOAT, legacy.type());
        assertEquals(3f, legacy.floatData()[0]);
    }

    @Test
    void castInt64ToUint8Wraps() {
        Tensor out = one("Cast", 13, List.of(new Attribute("to", Attribute.Kind.INT, 2L)), Tensor.of(new long[] {257, -1}, 2));
        assertEquals(1, out.getLong(0));
        assertEquals(255, out.getLong(1));
    }

    @Test
    void upsampleOpset7AttributeAndResize10Linear() {
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor up = one("Upsample", 7, List.of(new Attribute("scales", Attribute.Kind.FLOATS, new float[] {1, 2})), x);
        assertArrayEquals(new float[] {1, 1, 2, 2}, up.floatData());
        Tensor lin = one("Resize", 10, List.of(str("mode", "linear")), Tensor.of(new float[] {1, 3}, 1, 2),
                Tensor.of(new float[] {1, 2}, 2));
        // asymmetric coordinates 0, 0.5, 1, 1.5 (clamped to the last sample)
        assertArrayEquals(new float[] {1, 2, 3, 3}, lin.floatData());
    }

    /** float32 nearest resizes (gathered rows, no arithmetic) equal the double path's, whatever the modes. */
    @Test
    void nearestResizeGatherMatchesDoublePath() {
        float[][] scales = {{1, 1, 2.5f, 0.6f}, {1, 1, 1.7f, 1}, {2, 1, 1, 3}, {1, 0.5f, 0.34f, 2}, {1, 1, 1, 1}};
        String[][] modes = {{"asymmetric", "floor"}, {"half_pixel", "round_prefer_ceil"},
            {"align_corners", "round_prefer_floor"}, {"pytorch_half_pixel", "ceil"}};
        java.util.Random rnd = new java.util.Random(3);
        Tensor x = Tensor.allocate(DataType.FLOAT, 2, 3, 5, 7);
        Tensor xd = Tensor.allocate(DataType.DOUBLE, 2, 3, 5, 7);
        for (int i = 0; i < x.size(); i++) {
            x.floatData()[i] = rnd.nextFloat();
            xd.doubleData()[i] = x.floatData()[i];
        }
        for (float[] sc : scales) {
            for (String[] m : modes) {
                List<Attribute> attrs = List.of(str("mode", "nearest"), str("coordinate_transformation_mode", m[0]),
                        str("nearest_mode", m[1]));
                Tensor roi = Tensor.allocate(DataType.FLOAT, 0);
                Tensor s = Tensor.of(sc, 4);
                Tensor f = one("Resize", 13, attrs, x, roi, s);
                Tensor d = one("Resize", 13, attrs, xd, roi, s);
                assertArrayEquals(d.dims(), f.dims());
                for (int i = 0; i < f.size(); i++) {
                    assertEquals(d.doubleData()[i], f.floatData()[i], 0.0, java.util.Arrays.toString(sc) + " " + m[0]);
                }
            }
        }
    }

    @Test
    void transposeKeepsFloat16Bits() {
        Tensor h = Tensor.ofFloat16(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor out = one("Transpose", 13, List.of(), h);
        assertEquals(DataType.FLOAT16, out.type());
        assertArrayEquals(Tensor.ofFloat16(new float[] {1, 4, 2, 5, 3, 6}, 3, 2).shortData(), out.shortData());
    }

    @Test
    void gatherNegativeInt32IndicesOnAxis1() {
        Tensor out = one("Gather", 13, List.of(new Attribute("axis", Attribute.Kind.INT, 1L)), SIX,
                Tensor.of(new int[] {-1, 0}, 2));
        assertArrayEquals(new float[] {3, 1, 6, 4}, out.floatData());
    }

    @Test
    void concatStrings() {
        Tensor a = Tensor.of(new String[] {"a", "b"}, 2, 1);
        Tensor b = Tensor.of(new String[] {"c", "d"}, 2, 1);
        Tensor out = one("Concat", 13, List.of(new Attribute("axis", Attribute.Kind.INT, -1L)), a, b);
        assertArrayEquals(new String[] {"a", "c", "b", "d"}, out.stringData());
    }

    @Test
    void constantValueInts() {
        Tensor out = one("Constant", 13, List.of(ints("value_ints", 4, 5)));
        assertArrayEquals(new long[] {4, 5}, out.longData());
    }

    @Test
    void splitOpset11AttributeAndEqualParts() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5}, 5);
        Tensor[] parts = KernelTestHarness.runNode("Split", 11, List.of(ints("split", 2, 3)), 2, x);
        assertArrayEquals(new float[] {1, 2}, parts[0].floatData());
        assertArrayEquals(new float[] {3, 4, 5}, parts[1].floatData());
        Tensor[] eq = KernelTestHarness.runNode("Split", 18,
                List.of(new Attribute("num_outputs", Attribute.Kind.INT, 2L)), 2, x);
        assertArrayEquals(new float[] {1, 2, 3}, eq[0].floatData());
        assertArrayEquals(new float[] {4, 5}, eq[1].floatData());
    }
}
