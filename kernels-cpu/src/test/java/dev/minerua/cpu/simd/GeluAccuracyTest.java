package dev.minerua.cpu.simd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector gelu and erf against a float64 reference that keeps gelu's left tail relatively accurate
 * ({@code FloatPrimitivesTest} compares with 1 + erf in float64, which loses the tail below about 1e-14), on a
 * dense grid: every 2048th float of [-10, 10] (all exponents, so the region around 0 too), a uniform grid down
 * the left tail to -15, beyond where gelu's result leaves the normal range, and a uniform grid on [-4, 4].
 */
class GeluAccuracyTest {

    static Stream<VectorFloatPrimitives> vectors() {
        return FloatPrimitivesTest.vectors();
    }

    /**
     * Below this gelu's result is near the subnormal range (x below about -12.9), and so is erfc's intermediate
     * value (smaller by up to |x| / 2): only an absolute error bound makes sense there.
     */
    private static final double NORMAL_TAIL = 1e-37;

    @ParameterizedTest
    @MethodSource("vectors")
    void geluIsRelativelyAccurateIncludingTheLeftTail(VectorFloatPrimitives v) {
        float[] x = grid();
        float[] got = new float[x.length];
        v.gelu(x, 0, got, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double want = gelu(x[i]);
            double err = Math.abs(got[i] - want);
            String where = "gelu(" + x[i] + ") on " + v.name() + ": want " + want + " got " + got[i];
            // Subnormal x and results near the subnormal range can only be held to an absolute bound.
            assertTrue(err <= 1e-5 * Math.abs(want) + (Math.abs(want) < NORMAL_TAIL ? 1e-43 : 1e-44),
                    where + " err " + err);
            if (Math.abs(want) >= NORMAL_TAIL) {
                worst = Math.max(worst, err / Math.abs(want));
            }
        }
        System.out.printf("%s gelu max relative error on %d grid points: %.2e%n", v.name(), x.length, worst);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void erfIsAccurateOnTheDenseGrid(VectorFloatPrimitives v) {
        float[] x = grid();
        float[] got = new float[x.length];
        v.erf(x, 0, got, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double want = erf(x[i]);
            double err = Math.abs(got[i] - want);
            assertTrue(err <= 3e-7 * Math.abs(want) + 2e-7,
                    "erf(" + x[i] + ") on " + v.name() + ": want " + want + " got " + got[i]);
        }
    }

    private static float[] grid() {
        int lo = Float.floatToIntBits(10f);
        int count = lo / 2048 + 1;
        float[] fine = new float[2 * count + 2 * 80_000 + 30_000];
        int n = 0;
        for (int bits = 0; bits <= lo; bits += 2048) {
            fine[n++] = Float.intBitsToFloat(bits);
            fine[n++] = -Float.intBitsToFloat(bits);
        }
        for (int k = 0; k < 2 * 80_000; k++) {
            fine[n++] = -15f + k * (15f / 160_000); // the left tail and the centre, step ~1e-4
        }
        for (int k = 0; k < 30_000; k++) {
            fine[n++] = -4f + k * (8f / 30_000);
        }
        return java.util.Arrays.copyOf(fine, n);
    }

    /** gelu(x) = x Phi(x), Phi from erfc on the left so the tail keeps its relative accuracy. */
    static double gelu(double x) {
        double a = Math.abs(x) * 0.7071067811865476;
        double phi = x < 0 ? 0.5 * erfc(a, x * x * 0.5) : 1 - 0.5 * erfc(a, x * x * 0.5);
        return x * phi;
    }

    static double erf(double x) {
        double a = Math.abs(x);
        return Math.copySign(a < 1.5 ? ScalarFloatPrimitives.erf(a) : 1 - erfc(a, a * a), x);
    }

    /**
     * erfc(a) for a &gt;= 0 given a^2 (exact for a float x: a^2 = x^2 / 2): 1 - erf below 1.5, where erfc is
     * above 0.03 and the series' absolute accuracy suffices; above, the continued fraction
     * erfc(a) = e^(-a^2) / sqrt(pi) / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...)))), evaluated from 120 levels
     * deep (relative error below 1e-13 from a = 1.5 on).
     */
    static double erfc(double a, double aSquared) {
        if (a < 1.5) {
            return 1 - ScalarFloatPrimitives.erf(a);
        }
        double k = 0;
        for (int j = 120; j > 0; j--) {
            k = (j * 0.5) / (a + k);
        }
        return Math.exp(-aSquared) / Math.sqrt(Math.PI) / (a + k);
    }
}
