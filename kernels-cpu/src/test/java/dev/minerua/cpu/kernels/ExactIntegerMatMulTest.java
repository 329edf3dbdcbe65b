package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The float32 path of MatMulInteger ({@link ExactFloatIntegerGemm}) against the int32 reference
 * ({@link IntegerMatMul#multiply}), bit for bit, on every SIMD tier, at awkward sizes and with extreme values
 * (which push the sums to the exactness bound, so K is split into chunks).
 */
class ExactIntegerMatMulTest {
    private static final CpuThreadPool POOL = new CpuThreadPool(3);

    @AfterAll
    static void close() {
        POOL.close();
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void randomSizesAndTypes(SimdTier tier) {
        Random rnd = new Random(tier.ordinal() * 31L + 5);
        int[] ms = {1, 2, 7, 13, 25};
        int[] ks = {1, 3, 17, 64, 255, 515, 1100};
        int[] ns = {1, 5, 16, 33, 70};
        int cases = 0;
        for (int m : ms) {
            for (int k : ks) {
                for (int n : ns) {
                    int variant = cases++;
                    DataType aType = variant % 2 == 0 ? DataType.UINT8 : DataType.INT8;
                    DataType bType = variant % 3 == 0 ? DataType.UINT8 : DataType.INT8;
                    boolean extreme = variant % 5 == 0;
                    Tensor a = bytes(rnd, aType, extreme, 1, m, k);
                    Tensor b = bytes(rnd, bType, extreme, k, n);
                    Tensor aZp = variant % 4 == 3 ? null : bytes(rnd, aType, extreme);
                    Tensor bZp = switch (variant % 3) {
                        case 0 -> null;
                        case 1 -> bytes(rnd, bType, extreme);
                        default -> bytes(rnd, bType, extreme, n);
                    };
                    check(tier, a, aZp, b, bZp, variant % 2 == 0 ? POOL : CpuThreadPool.serial());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void worstCaseMagnitudesNeedChunks(SimdTier tier) {
        int k = 2000;
        int n = 9;
        byte[] av = new byte[3 * k];
        java.util.Arrays.fill(av, (byte) 255);
        byte[] bv = new byte[k * n];
        java.util.Arrays.fill(bv, (byte) -128);
        Tensor a = Tensor.wrap(DataType.UINT8, new int[] {3, k}, av);
        Tensor aZp = Tensor.ofUnsigned(new byte[] {0});
        Tensor b = Tensor.wrap(DataType.INT8, new int[] {k, n}, bv);
        Tensor bZp = Tensor.wrap(DataType.INT8, new int[0], new byte[] {127}); // b - zp = -255
        IntegerMatMul.AdjustedB adj = IntegerMatMul.adjustB(b, bZp);
        ExactFloatIntegerGemm g = ExactFloatIntegerGemm.of(tier, adj.values(), k, n);
        assertNotNull(g);
        assertEquals(8, g.chunkCount()); // 2^24 / (255 * 255) = 258 rows per chunk
        check(tier, a, aZp, b, bZp, POOL);
        assertEquals(-255 * 255 * k, IntegerMatMul.multiplyFast(a, aZp, g, POOL).values()[0]);
    }

    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void int8WeightsAtTheBound(SimdTier tier) {
        // uint8 A at 255 with zero point 0 times int8 B at -128: the byte path's worst case, 514 rows per chunk.
        for (int k : new int[] {513, 514, 515, 1536}) {
            for (int m : new int[] {1, 6, 12, 13}) {
                byte[] av = new byte[m * k];
                java.util.Arrays.fill(av, (byte) 255);
                byte[] bv = new byte[k * 45];
                java.util.Arrays.fill(bv, (byte) -128);
                bv[7] = 127;
                check(tier, Tensor.wrap(DataType.UINT8, new int[] {m, k}, av), null,
                        Tensor.wrap(DataType.INT8, new int[] {k, 45}, bv), null, POOL);
            }
        }
    }

    /** The dequantized product (scale per tensor or per column, bias or none) against the reference, bit for bit. */
    @ParameterizedTest
    @EnumSource(SimdTier.class)
    void dequantizedProductMatchesCastMulAdd(SimdTier tier) {
        Random rnd = new Random(tier.ordinal() * 7L + 1);
        int variant = 0;
        for (int m : new int[] {1, 5, 6, 12, 13}) {
            for (int k : new int[] {1, 31, 384, 1100}) {
                for (int n : new int[] {1, 32, 45, 96}) {
                    variant++;
                    Tensor a = bytes(rnd, DataType.UINT8, variant % 7 == 0, m, k);
                    Tensor aZp = bytes(rnd, DataType.UINT8, false);
                    Tensor b = bytes(rnd, DataType.INT8, variant % 5 == 0, k, n);
                    IntegerMatMul.AdjustedB adj = IntegerMatMul.adjustB(b, null);
                    int[] expected = IntegerMatMul.multiply(a, aZp, adj).values();
                    ExactFloatIntegerGemm g = ExactFloatIntegerGemm.of(tier, adj.values(), k, n);
                    IntegerMatMul.FastA fa = IntegerMatMul.fastA(a, aZp, g);
                    float[] scale = floats(rnd, variant % 2 == 0 ? n : 1);
                    float[] bias = variant % 3 == 0 ? null : floats(rnd, n);
                    float[] actual = new float[m * n + 3];
                    g.multiply(fa.data(), 0, fa.unsigned(), fa.zeroPoint(), m, scale, bias, actual, 3,
                            variant % 2 == 0 ? POOL : CpuThreadPool.serial());
                    for (int i = 0; i < m * n; i++) {
                        float e = (float) expected[i] * scale[scale.length == 1 ? 0 : i % n];
                        if (bias != null) {
                            e = e + bias[i % n];
                        }
                        assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(actual[3 + i]),
                                tier + " m=" + m + " k=" + k + " n=" + n + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    void chunksFollowTheColumnSumsOfB() {
        int k = 1536;
        int n = 40;
        int[] small = new int[k * n];
        for (int i = 0; i < small.length; i++) {
            small[i] = (i * 37 % 81) - 40; // |b| <= 40: 255 * 40 * 1536 stays below 2^24
        }
        assertEquals(1, ExactFloatIntegerGemm.of(SimdTier.SCALAR, small, k, n).chunkCount());
        int[] oneLoudColumn = small.clone();
        for (int p = 0; p < k; p++) {
            oneLoudColumn[p * n + 17] = p % 2 == 0 ? 127 : -128;
        }
        // 2^24 / 255 = 65793 per chunk and column; at |b| ~ 127.5 that is 516 rows.
        assertEquals(3, ExactFloatIntegerGemm.of(SimdTier.SCALAR, oneLoudColumn, k, n).chunkCount());
    }

    private static float[] floats(Random rnd, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (rnd.nextFloat() - 0.5f) * (i % 3 == 0 ? 1e-3f : 3f);
        }
        return f;
    }

    @Test
    void unsuitableOperandsFallBack() {
        Random rnd = new Random(3);
        Tensor b = bytes(rnd, DataType.INT8, false, 4, 5);
        ExactFloatIntegerGemm g = IntegerMatMul.fastB(IntegerMatMul.adjustB(b, null));
        assertNotNull(g);
        // 1-D A, a per-row zero point, a zero point of another type, a wrong K: all left to the reference.
        assertNull(IntegerMatMul.multiplyFast(bytes(rnd, DataType.UINT8, false, 4), null, g, POOL));
        assertNull(IntegerMatMul.multiplyFast(bytes(rnd, DataType.UINT8, false, 2, 4),
                bytes(rnd, DataType.UINT8, false, 2), g, POOL));
        assertNull(IntegerMatMul.multiplyFast(bytes(rnd, DataType.UINT8, false, 2, 4),
                bytes(rnd, DataType.INT8, false), g, POOL));
        assertNull(IntegerMatMul.multiplyFast(bytes(rnd, DataType.UINT8, false, 2, 3), null, g, POOL));
        assertNull(IntegerMatMul.fastB(IntegerMatMul.adjustB(bytes(rnd, DataType.INT8, false, 4), null)));
    }

    private static void check(SimdTier tier, Tensor a, Tensor aZp, Tensor b, Tensor bZp, CpuThreadPool pool) {
        IntegerMatMul.AdjustedB adj = IntegerMatMul.adjustB(b, bZp);
        IntegerMatMul.Result expected = IntegerMatMul.multiply(a, aZp, adj);
        ExactFloatIntegerGemm g = ExactFloatIntegerGemm.of(tier, adj.values(), adj.dims()[0], adj.dims()[1]);
        assertNotNull(g);
        IntegerMatMul.Result actual = IntegerMatMul.multiplyFast(a, aZp, g, pool);
        assertNotNull(actual);
        String where = tier + " A " + java.util.Arrays.toString(a.dims()) + " " + a.type() + ", B "
                + java.util.Arrays.toString(b.dims()) + " " + b.type();
        assertArrayEquals(expected.dims(), actual.dims(), where);
        assertArrayEquals(expected.values(), actual.values(), where);
    }

    /** Random bytes of the type; "extreme" picks only the ends of the range. */
    private static Tensor bytes(Random rnd, DataType type, boolean extreme, int... dims) {
        byte[] v = new byte[(int) Tensor.elementCount(dims)];
        for (int i = 0; i < v.length; i++) {
            int x = extreme ? (rnd.nextBoolean() ? 0 : 255) : rnd.nextInt(256);
            v[i] = (byte) (type == DataType.INT8 && extreme ? x - 128 : x);
        }
        return Tensor.wrap(type, dims, v);
    }
}
