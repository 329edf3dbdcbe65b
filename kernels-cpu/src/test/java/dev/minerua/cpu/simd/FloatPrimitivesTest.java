package dev.minerua.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every vector width against {@link ScalarFloatPrimitives} at awkward lengths and offsets (exact operations
 * bit for bit, reductions within rounding), and the approximated functions against float64 {@link Math}
 * over the whole float range, including NaN, infinities and subnormals.
 */
class FloatPrimitivesTest {
    private static final FloatPrimitives SCALAR = ScalarFloatPrimitives.INSTANCE;
    private static final int AO = 3;
    private static final int BO = 1;
    private static final int OO = 5;

    static Stream<VectorFloatPrimitives> vectors() {
        return Stream.of(FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512)
                .map(VectorFloatPrimitives::of);
    }

    private static int[] lengths(FloatPrimitives p) {
        int l = p.lanes();
        return new int[] {0, 1, l - 1, l, l + 1, 2 * l + 3, 7, 13, 31, 97, 1000};
    }

    /** Random values with NaN, infinities, signed zeros and subnormals sprinkled in. */
    private static float[] data(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -3e-39f, Float.MIN_NORMAL};
        for (int i = 0; i < n / 9; i++) {
            a[r.nextInt(n)] = specials[r.nextInt(specials.length)];
        }
        return a;
    }

    private static float[] pad(float[] x, int off, int n) {
        float[] a = new float[off + n + 2];
        System.arraycopy(x, 0, a, off, n);
        return a;
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void exactOperationsMatchScalarBitForBit(VectorFloatPrimitives v) {
        Random r = new Random(7);
        for (int n : lengths(v)) {
            float[] a = pad(data(r, n, 3), AO, n);
            float[] b = pad(data(r, n, 3), BO, n);
            float[] c = pad(data(r, n, 3), 0, n);
            for (FloatPrimitives.Binary op : FloatPrimitives.Binary.values()) {
                check(n, op + " n=" + n, (p, o) -> p.binary(op, a, AO, b, BO, o, OO, n), v);
                check(n, op + " right n=" + n, (p, o) -> p.binaryScalarRight(op, a, AO, -1.5f, o, OO, n), v);
                check(n, op + " left n=" + n, (p, o) -> p.binaryScalarLeft(op, 2.5f, b, BO, o, OO, n), v);
                check(n, op + " right NaN n=" + n, (p, o) -> p.binaryScalarRight(op, a, AO, Float.NaN, o, OO, n), v);
            }
            check(n, "fma n=" + n, (p, o) -> p.fma(a, AO, b, BO, c, 0, o, OO, n), v);
            check(n, "axpy n=" + n, (p, o) -> {
                System.arraycopy(c, 0, o, OO, n);
                p.axpy(0.7f, a, AO, o, OO, n);
            }, v);
            float[] pairs = data(r, 2 * n + 3, 2);
            for (int so : new int[] {0, 1, 3}) {
                // From so = 3 the vector loop must stop short of the end of the array and finish in the tail.
                check(n, "copyEven so=" + so + " n=" + n, (p, o) -> p.copyEven(pairs, so, o, OO, n), v);
            }
            float[] src = data(r, n + 40, 2);
            // One row, then three rows of n/3 with gaps on both sides (rows shorter and longer than a vector).
            check(n, "copyRows n=" + n, (p, o) -> p.copyRows(src, 3, 0, o, OO, 0, n, 1), v);
            int m = n / 3;
            check(n, "copyRows 3x" + m, (p, o) -> p.copyRows(src, 1, m + 5, o, OO, m + 1, m, 3), v);
            float[] taps = data(r, 9, 1);
            int[][] offsets = {{0, 1, 2, 7, 8, 9, 14, 15, 16}, {3, 0, 11, 5, 2}, {40}};
            for (int[] off : offsets) {
                check(n, "tapSum taps=" + off.length + " n=" + n,
                        (p, o) -> p.tapSum(taps, 9 - off.length, off, off.length, src, -0.25f, o, OO, n), v);
            }
            check(n, "scaleShift n=" + n, (p, o) -> p.scaleShift(a, AO, 0.3f, -2f, o, OO, n), v);
            check(n, "relu n=" + n, (p, o) -> p.relu(a, AO, o, OO, n), v);
            check(n, "clip n=" + n, (p, o) -> p.clip(a, AO, -1f, 2f, o, OO, n), v);
            check(n, "clip inverted n=" + n, (p, o) -> p.clip(a, AO, 2f, -1f, o, OO, n), v);
            check(n, "leakyRelu n=" + n, (p, o) -> p.leakyRelu(a, AO, 0.01f, o, OO, n), v);
            check(n, "hardSigmoid n=" + n, (p, o) -> p.hardSigmoid(a, AO, 0.2f, 0.5f, o, OO, n), v);
            check(n, "hardSwish n=" + n, (p, o) -> p.hardSwish(a, AO, o, OO, n), v);
            check(n, "max-reduce n=" + n, (p, o) -> o[OO] = p.max(a, AO, n), v);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void rowBroadcastMatchesScalar(VectorFloatPrimitives v) {
        Random r = new Random(11);
        for (int cols : lengths(v)) {
            int rows = 3;
            float[] a = pad(data(r, rows * cols, 2), AO, rows * cols);
            float[] row = pad(data(r, cols, 2), BO, cols);
            for (FloatPrimitives.Binary op : FloatPrimitives.Binary.values()) {
                check(rows * cols, op + " rows cols=" + cols,
                        (p, o) -> p.binaryRows(op, a, AO, row, BO, o, OO, rows, cols), v);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void reductionsMatchScalarWithinRounding(VectorFloatPrimitives v) {
        Random r = new Random(3);
        for (int n : lengths(v)) {
            float[] a = new float[AO + n];
            float[] b = new float[BO + n];
            double mag = 0;
            double magDot = 0;
            for (int i = 0; i < n; i++) {
                a[AO + i] = (float) r.nextGaussian();
                b[BO + i] = (float) r.nextGaussian();
                mag += Math.abs(a[AO + i]);
                magDot += Math.abs(a[AO + i] * b[BO + i]);
            }
            double tol = 1e-6 * (mag + 1);
            assertEquals(SCALAR.sum(a, AO, n), v.sum(a, AO, n), tol, "sum n=" + n);
            assertEquals(SCALAR.dot(a, AO, b, BO, n), v.dot(a, AO, b, BO, n), 1e-6 * (magDot + 1), "dot n=" + n);
            float mean = n == 0 ? 0 : SCALAR.sum(a, AO, n) / n;
            float ssd = SCALAR.sumSquaredDiff(a, AO, mean, n);
            assertEquals(ssd, v.sumSquaredDiff(a, AO, mean, n), 1e-5 * (ssd + 1), "ssd n=" + n);
            assertEquals(SCALAR.max(a, AO, n), v.max(a, AO, n), "max n=" + n);
            for (boolean log : new boolean[] {false, true}) {
                float[] want = new float[OO + n];
                float[] got = new float[OO + n];
                SCALAR.softmaxRow(a, AO, want, OO, n, log);
                v.softmaxRow(a, AO, got, OO, n, log);
                for (int i = 0; i < n; i++) {
                    assertEquals(want[OO + i], got[OO + i], 2e-6 * Math.abs(want[OO + i]) + 1e-7,
                            (log ? "logsoftmax" : "softmax") + " n=" + n + " i=" + i);
                }
            }
        }
    }

    /** Softmax, exp and sigmoid tails compute exp with expS, lane by lane: it must give expV's values bit for bit. */
    @Test
    void scalarExpMatchesTheVectorExpExactly() {
        float[] xs = sweep();
        var species = FloatVector.SPECIES_128;
        float[] lanes = new float[species.length()];
        float[] sig = new float[species.length()];
        for (int i = 0; i + species.length() <= xs.length; i += species.length()) {
            VectorFloatPrimitives.expV(FloatVector.fromArray(species, xs, i)).intoArray(lanes, 0);
            VectorFloatPrimitives.sigmoidV(FloatVector.fromArray(species, xs, i)).intoArray(sig, 0);
            for (int j = 0; j < lanes.length; j++) {
                float x = xs[i + j];
                assertEquals(Float.floatToIntBits(lanes[j]), Float.floatToIntBits(VectorFloatPrimitives.expS(x)),
                        "exp(" + x + "): vector " + lanes[j] + ", scalar " + VectorFloatPrimitives.expS(x));
                float sigS = 1f / (VectorFloatPrimitives.expS(-x) + 1f);
                assertEquals(Float.floatToIntBits(sig[j]), Float.floatToIntBits(sigS), "sigmoid(" + x + ")");
            }
        }
    }

    /** Tanh, erf and gelu tails run the scalar twins: they must give the vector helpers' values bit for bit. */
    @Test
    void scalarTwinsMatchTheVectorFunctionsExactly() {
        float[] xs = sweep();
        var species = FloatVector.SPECIES_128;
        float[] tanh = new float[species.length()];
        float[] erf = new float[species.length()];
        float[] gelu = new float[species.length()];
        for (int i = 0; i + species.length() <= xs.length; i += species.length()) {
            VectorFloatPrimitives.tanhV(FloatVector.fromArray(species, xs, i)).intoArray(tanh, 0);
            VectorFloatPrimitives.erfV(FloatVector.fromArray(species, xs, i)).intoArray(erf, 0);
            VectorFloatPrimitives.geluV(FloatVector.fromArray(species, xs, i)).intoArray(gelu, 0);
            for (int j = 0; j < tanh.length; j++) {
                float x = xs[i + j];
                assertEquals(Float.floatToIntBits(tanh[j]), Float.floatToIntBits(VectorFloatPrimitives.tanhS(x)),
                        "tanh(" + x + ")");
                assertEquals(Float.floatToIntBits(erf[j]), Float.floatToIntBits(VectorFloatPrimitives.erfS(x)),
                        "erf(" + x + ")");
                assertEquals(Float.floatToIntBits(gelu[j]), Float.floatToIntBits(VectorFloatPrimitives.geluS(x)),
                        "gelu(" + x + ")");
            }
        }
    }

    /** The two-pass erf, gelu and tanh bodies give the fused helpers' values, across chunk boundaries too. */
    @ParameterizedTest
    @MethodSource("vectors")
    void twoPassBodiesMatchTheFusedHelpers(VectorFloatPrimitives v) {
        var species = FloatVector.SPECIES_128;
        Random rnd = new Random(7);
        int n = 2500;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * 3);
        }
        float[] erf = new float[n];
        float[] gelu = new float[n];
        float[] tanh = new float[n];
        v.erf(a, 0, erf, 0, n);
        v.gelu(a, 0, gelu, 0, n);
        v.tanh(a, 0, tanh, 0, n);
        float[] lanes = new float[species.length()];
        for (int i = 0; i < n; i += species.length()) {
            VectorFloatPrimitives.erfV(FloatVector.fromArray(species, a, i)).intoArray(lanes, 0);
            assertLanes(lanes, erf, i, "erf");
            VectorFloatPrimitives.geluV(FloatVector.fromArray(species, a, i)).intoArray(lanes, 0);
            assertLanes(lanes, gelu, i, "gelu");
            VectorFloatPrimitives.tanhV(FloatVector.fromArray(species, a, i)).intoArray(lanes, 0);
            assertLanes(lanes, tanh, i, "tanh");
        }
    }

    private static void assertLanes(float[] lanes, float[] bulk, int from, String what) {
        for (int j = 0; j < lanes.length; j++) {
            assertEquals(Float.floatToIntBits(lanes[j]), Float.floatToIntBits(bulk[from + j]), what + " i=" + (from + j));
        }
    }

    @Test
    void maxPropagatesNaN() {
        float[] a = {1, 2, Float.NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        vectors().forEach(v -> assertTrue(Float.isNaN(v.max(a, 0, a.length)), v.name()));
    }

    @Test
    void forTierPicksTheWidth() {
        assertSame(ScalarFloatPrimitives.INSTANCE, FloatPrimitives.forTier(SimdTier.SCALAR));
        assertEquals(4, FloatPrimitives.forTier(SimdTier.V128).lanes());
        assertEquals(8, FloatPrimitives.forTier(SimdTier.V256).lanes());
        assertEquals(16, FloatPrimitives.forTier(SimdTier.V512).lanes());
        assertEquals(SimdSupport.tier().floatLanes(), FloatPrimitives.preferred().lanes());
    }

    // ---- approximated functions against float64 ---------------------------------------------------------

    /** Inputs covering the whole float range: a dense sweep, random magnitudes, and the special values. */
    private static float[] sweep() {
        List<Float> xs = new ArrayList<>();
        for (float x = -110f; x <= 110f; x += 0.0137f) {
            xs.add(x);
        }
        for (float x = -4f; x <= 4f; x += 0.000731f) {
            xs.add(x);
        }
        Random r = new Random(5);
        for (int i = 0; i < 20000; i++) {
            xs.add(Float.intBitsToFloat(r.nextInt())); // every exponent, both signs, NaN payloads
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1e-40f, -1e-40f, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            1e-30f, -1e-30f, 1e-7f, -1e-7f, 0.625f, -0.625f, 1f, -1f, 88.72f, 88.7228f, 88.73f, -87.33f, -87.34f,
            -103.9f, -104f, -150f, 3.92f, -3.92f, 9f, -9f, 20f, -20f};
        for (float s : special) {
            xs.add(s);
        }
        float[] a = new float[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = xs.get(i);
        }
        return a;
    }

    private interface Apply {
        void run(FloatPrimitives p, float[] a, int ao, float[] out, int oo, int n);
    }

    /**
     * Checks {@code fn} against float64: NaN exactly where expected, infinities and signs exact, and
     * |got - want| &lt;= rel * |want| + abs otherwise. Returns the largest relative error seen on normal results.
     */
    private static double accuracy(VectorFloatPrimitives v, Apply fn, DoubleUnaryOperator exact, double rel,
                                   double abs, String name) {
        float[] x = sweep();
        float[] got = new float[x.length];
        fn.run(v, x, 0, got, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double want = exact.applyAsDouble(x[i]);
            String where = name + "(" + x[i] + ") on " + v.name() + ": want " + want + " got " + got[i];
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got[i]), where);
                continue;
            }
            if (Double.isInfinite(want) || Math.abs(want) > Float.MAX_VALUE) {
                assertEquals((float) want, got[i], where);
                continue;
            }
            double err = Math.abs(got[i] - want);
            assertTrue(err <= rel * Math.abs(want) + abs, where + " err " + err);
            if (Math.abs(want) >= Float.MIN_NORMAL) {
                worst = Math.max(worst, err / Math.abs(want));
            }
        }
        return worst;
    }

    private static double sigmoid(double x) {
        return ScalarFloatPrimitives.sigmoid(x);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void transcendentalsAreAccurate(VectorFloatPrimitives v) {
        double exp = accuracy(v, FloatPrimitives::exp, Math::exp, 3e-7, 1e-44, "exp");
        double sig = accuracy(v, FloatPrimitives::sigmoid, FloatPrimitivesTest::sigmoid, 5e-7, Float.MIN_NORMAL, "sigmoid");
        double tanh = accuracy(v, FloatPrimitives::tanh, Math::tanh, 5e-7, 0, "tanh");
        double erf = accuracy(v, FloatPrimitives::erf, ScalarFloatPrimitives::erf, 3e-7, 2e-7, "erf");
        double gelu = accuracy(v, FloatPrimitives::gelu, GeluAccuracyTest::gelu, 1e-5, 1e-40, "gelu");
        System.out.printf("%s max relative error: exp %.2e sigmoid %.2e tanh %.2e erf %.2e gelu %.2e%n",
                v.name(), exp, sig, tanh, erf, gelu);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void transcendentalsAtAwkwardLengthsMatchTheBulkPath(VectorFloatPrimitives v) {
        // The masked tail must compute the same approximation as the vector body.
        Random r = new Random(9);
        for (int n : lengths(v)) {
            float[] a = pad(data(r, n, 4), AO, n);
            Apply[] fns = {FloatPrimitives::exp, FloatPrimitives::sigmoid, FloatPrimitives::tanh,
                FloatPrimitives::erf, FloatPrimitives::gelu};
            for (Apply fn : fns) {
                float[] whole = new float[OO + n + 1];
                fn.run(v, a, AO, whole, OO, n);
                for (int i = 0; i < n; i++) {
                    float[] one = new float[1];
                    fn.run(v, new float[] {a[AO + i]}, 0, one, 0, 1);
                    assertEquals(Float.floatToIntBits(one[0]), Float.floatToIntBits(whole[OO + i]), "n=" + n + " i=" + i);
                }
                assertEquals(0f, whole[OO + n], "wrote past the end");
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        void run(FloatPrimitives p, float[] out);
    }

    private static void check(int n, String what, Call call, VectorFloatPrimitives v) {
        float[] want = new float[OO + n + 3];
        float[] got = new float[OO + n + 3];
        call.run(SCALAR, want);
        call.run(v, got);
        assertArrayEquals(want, got, what + " on " + v.name());
    }

    /**
     * The lanes of a vector sum are added one by one in lane order, whatever tier of the JIT runs the code. The
     * values are chosen so that the order shows: large values and small ones, where a tree order (lane i with
     * lane i + n/2, then i + n/4, ...) rounds the small ones away differently.
     */
    @ParameterizedTest
    @MethodSource("vectors")
    void laneSumsAddInLaneOrder(VectorFloatPrimitives p) {
        int n = p.lanes();
        Random r = new Random(n);
        boolean orderShowed = false;
        for (int trial = 0; trial < 200; trial++) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) (r.nextGaussian() * (r.nextBoolean() ? 1e8 : 1));
            }
            float leftToRight = 0f;
            for (float v : a) {
                leftToRight += v;
            }
            assertEquals(leftToRight, p.sum(a, 0, n), "trial " + trial);
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            assertEquals(leftToRight, p.dot(a, 0, ones, 0, n), "dot, trial " + trial);
            float[] tree = a.clone();
            for (int half = n / 2; half >= 1; half /= 2) {
                float[] next = new float[n];
                for (int i = 0; i < n; i++) {
                    next[i] = tree[i] + tree[(i + half) % n];
                }
                tree = next;
            }
            orderShowed |= leftToRight != tree[0];
        }
        assertTrue(orderShowed, "the data must tell lane order from a tree order");
    }

    static VectorSpecies<Float> unused() {
        return FloatVector.SPECIES_PREFERRED;
    }
}
