package dev.minerua.cpu.gemm;

import java.util.Random;

/** Operands and a tolerance shared by the GEMM tests. */
final class GemmTestData {
    private GemmTestData() {
    }

    /** {@code size} floats uniform in [-1, 1). */
    static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2 - 1;
        }
        return x;
    }

    /**
     * Element-wise closeness of two products over {@code k} terms: a relative 1e-4 that grows with sqrt(k), the
     * rounding of a float32 sum of k products of operands in [-1, 1) in any order.
     */
    static void assertClose(float[] expected, float[] actual, int k, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            if (!(Math.abs(e - actual[i]) <= 1e-4f * (1 + Math.abs(e)) * Math.sqrt(k))) {
                throw new AssertionError(what + " at " + i + ": expected " + e + " got " + actual[i]);
            }
        }
    }
}
