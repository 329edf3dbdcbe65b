package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * The integer core of MatMulInteger and QLinearMatMul: {@code C = (A - a_zp) @ (B - b_zp)} with int32
 * accumulation, numpy.matmul batching and broadcasting, and 1-D operands promoted as matmul does.
 *
 * <p>A's zero point is a scalar, one value per row ([M]) or broadcastable to A's shape with K replaced by 1
 * ([..., M, 1]); B's is a scalar, one value per column ([N]) or broadcastable to ([..., 1, N]).
 * B minus its zero point is materialized once as int32 ({@link AdjustedB}) — at compile time when B and its zero
 * point are constants, as they are for quantized weights. The loop order is i-k-j, so the inner loop streams a row
 * of B and a row of C.
 */
final class IntegerMatMul {
    private IntegerMatMul() {
    }

    /**
     * B with its zero point subtracted, as int32, in B's layout with a 1-D B promoted to [K, 1].
     *
     * @param vector true when B was 1-D (its N dimension is dropped from the result)
     */
    record AdjustedB(int[] values, int[] dims, boolean vector) {
    }

    /** The result: int32 elements and the output shape. */
    record Result(int[] values, int[] dims, int m, int n) {
    }

    static AdjustedB adjustB(Tensor b, Tensor bzp) {
        checkByteType(b, "B");
        int[] dims = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        if (dims.length == 0) {
            throw new ExecutionException("MatMulInteger: B must not be a scalar");
        }
        if (bzp != null && bzp.type() != b.type()) {
            throw new ExecutionException("B's zero point type " + bzp.type() + " differs from B's type " + b.type());
        }
        if (bzp == null || bzp.size() == 1) {
            // The usual quantized weight: widen and subtract in one simple (vectorizable) pass.
            return new AdjustedB(toInts(b, bzp == null ? 0 : toInts(bzp)[0]), dims, b.rank() == 1);
        }
        int[] v = toInts(b);
        int[] z = toInts(bzp);
        int n = dims[dims.length - 1];
        if (bzp.rank() == 1) {
            if (z.length != n) {
                throw new ExecutionException("B's per-column zero point has " + z.length + " values for " + n
                        + " columns");
            }
            for (int row = 0; row < v.length; row += n) {
                for (int j = 0; j < n; j++) {
                    v[row + j] -= z[j];
                }
            }
        } else {
            int[] colShape = dims.clone();
            colShape[colShape.length - 2] = 1;
            int[] map = zeroPointMap(bzp.dims(), colShape, "B");
            // Element (batch, k, j) uses zero point index map[batch * n + j].
            int kn = dims[dims.length - 2] * n;
            for (int i = 0; i < v.length; i++) {
                int batch = i / kn;
                v[i] -= z[map[batch * n + i % n]];
            }
        }
        return new AdjustedB(v, dims, b.rank() == 1);
    }

    /**
     * Prepares the float32 fast path for a constant B (see {@link ExactFloatIntegerGemm}): only for a 2-D B,
     * which every row of A, whatever A's batch dimensions, multiplies. Null when the path does not apply.
     */
    static ExactFloatIntegerGemm fastB(AdjustedB b) {
        if (b == null || b.vector() || b.dims().length != 2) {
            return null;
        }
        return ExactFloatIntegerGemm.of(SimdSupport.tier(), b.values(), b.dims()[0], b.dims()[1]);
    }

    /**
     * A as the fast path takes it: its bytes, signedness, scalar zero point, row count (every dimension but the
     * last) and the product's shape.
     */
    record FastA(byte[] data, boolean unsigned, int zeroPoint, int rows, int[] outDims) {
    }

    /**
     * A's operands for the fast path, or null when A does not fit it (see {@link #fitsFast}): the caller then runs
     * {@link #multiply}, which also reports errors.
     */
    static FastA fastA(Tensor a, Tensor aZeroPoint, ExactFloatIntegerGemm g) {
        if (!fitsFast(a, aZeroPoint, g)) {
            return null;
        }
        return new FastA(a.byteData(), a.type() == DataType.UINT8, fastZeroPoint(a, aZeroPoint),
                (int) (a.size() / g.k()), fastOutDims(a.dims(), g.n()));
    }

    /**
     * True when A fits the fast path: 8-bit, rank 2 or more, K equal to B's, and a zero point that is absent or a
     * scalar of A's type (a 1-D A or a per-row zero point takes the reference). Allocates nothing.
     */
    static boolean fitsFast(Tensor a, Tensor aZeroPoint, ExactFloatIntegerGemm g) {
        return a.rank() >= 2 && a.dim(a.rank() - 1) == g.k()
                && (a.type() == DataType.UINT8 || a.type() == DataType.INT8)
                && (aZeroPoint == null || (aZeroPoint.type() == a.type() && aZeroPoint.size() == 1));
    }

    /** A's scalar zero point as an int of A's signedness (0 when absent), for an A that {@link #fitsFast}. */
    static int fastZeroPoint(Tensor a, Tensor aZeroPoint) {
        if (aZeroPoint == null) {
            return 0;
        }
        byte z = aZeroPoint.byteData()[0];
        return a.type() == DataType.UINT8 ? z & 0xFF : z;
    }

    /** The fast path's product shape: A's with the last dimension replaced by N. */
    static int[] fastOutDims(int[] aDims, int n) {
        int[] dims = aDims.clone();
        dims[dims.length - 1] = n;
        return dims;
    }

    /** The product on the fast path into a new int32 array, or null when A does not fit it (see {@link #fastA}). */
    static Result multiplyFast(Tensor a, Tensor aZeroPoint, ExactFloatIntegerGemm g, CpuThreadPool pool) {
        FastA f = fastA(a, aZeroPoint, g);
        if (f == null) {
            return null;
        }
        int[] c = new int[Math.multiplyExact(f.rows(), g.n())];
        g.multiply(f.data(), 0, f.unsigned(), f.zeroPoint(), f.rows(), c, 0, pool);
        return new Result(c, f.outDims(), a.dim(a.rank() - 2), g.n());
    }

    static Result multiply(Tensor a, Tensor aZeroPoint, AdjustedB b) {
        checkByteType(a, "A");
        if (a.rank() == 0) {
            throw new ExecutionException("MatMulInteger: A must not be a scalar");
        }
        boolean aVector = a.rank() == 1;
        int[] ad = aVector ? new int[] {1, a.dim(0)} : a.dims();
        int[] bd = b.dims();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        if (bd[bd.length - 2] != k) {
            throw new ExecutionException("MatMulInteger: inner dimensions differ: A " + Arrays.toString(a.dims())
                    + ", B " + Arrays.toString(bd));
        }
        int[] aBatch = Arrays.copyOf(ad, ad.length - 2);
        int[] bBatch = Arrays.copyOf(bd, bd.length - 2);
        int[] batch = Broadcast.shape(aBatch, bBatch);
        int[] aMap = Broadcast.indexMap(padLeft(aBatch, batch.length), batch);
        int[] bMap = Broadcast.indexMap(padLeft(bBatch, batch.length), batch);
        int batches = (int) Tensor.elementCount(batch);
        int aBatches = (int) Tensor.elementCount(aBatch);

        int[] aZp = rowZeroPoints(a, aZeroPoint, ad, aBatches, m);
        int[] av = toInts(a);
        int[] bv = b.values();
        int[] c = new int[Math.multiplyExact(batches, m * n)];
        int[] row = new int[k];
        for (int t = 0; t < batches; t++) {
            int ab = aMap == null ? t : aMap[t];
            int bb = bMap == null ? t : bMap[t];
            int bBase = bb * k * n;
            for (int i = 0; i < m; i++) {
                int zp = aZp == null ? 0 : aZp[aZp.length == 1 ? 0 : ab * m + i];
                int aOff = (ab * m + i) * k;
                for (int kk = 0; kk < k; kk++) {
                    row[kk] = av[aOff + kk] - zp;
                }
                int cOff = (t * m + i) * n;
                for (int kk = 0; kk < k; kk++) {
                    int x = row[kk];
                    if (x == 0) {
                        continue; // common after zero-point subtraction (ReLU outputs, padding)
                    }
                    int bOff = bBase + kk * n;
                    for (int j = 0; j < n; j++) {
                        c[cOff + j] += x * bv[bOff + j];
                    }
                }
            }
        }
        int[] outDims = Arrays.copyOf(batch, batch.length + (aVector ? 0 : 1) + (b.vector() ? 0 : 1));
        int p = batch.length;
        if (!aVector) {
            outDims[p++] = m;
        }
        if (!b.vector()) {
            outDims[p] = n;
        }
        return new Result(c, outDims, m, n);
    }

    private static int[] rowZeroPoints(Tensor a, Tensor zp, int[] ad, int aBatches, int m) {
        if (zp == null) {
            return null;
        }
        if (zp.type() != a.type()) {
            throw new ExecutionException("A's zero point type " + zp.type() + " differs from A's type " + a.type());
        }
        int[] z = toInts(zp);
        if (z.length == 1) {
            return z;
        }
        if (zp.rank() == 1) {
            if (z.length != m) {
                throw new ExecutionException("A's per-row zero point has " + z.length + " values for " + m + " rows");
            }
            int[] out = new int[aBatches * m];
            for (int i = 0; i < out.length; i++) {
                out[i] = z[i % m];
            }
            return out;
        }
        int[] rowShape = ad.clone();
        rowShape[rowShape.length - 1] = 1;
        int[] map = zeroPointMap(zp.dims(), rowShape, "A");
        int[] out = new int[aBatches * m];
        for (int i = 0; i < out.length; i++) {
            out[i] = z[map == null ? i : map[i]];
        }
        return out;
    }

    private static int[] zeroPointMap(int[] zpDims, int[] target, String which) {
        int[] joint = Broadcast.shape(zpDims, target);
        if (!Arrays.equals(joint, target)) {
            throw new ExecutionException(which + "'s zero point shape " + Arrays.toString(zpDims)
                    + " does not broadcast to " + Arrays.toString(target));
        }
        return Broadcast.indexMap(zpDims, target);
    }

    private static int[] padLeft(int[] dims, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(dims, 0, out, rank - dims.length, dims.length);
        return out;
    }

    private static void checkByteType(Tensor t, String which) {
        if (t.type() != DataType.INT8 && t.type() != DataType.UINT8) {
            throw new ExecutionException(which + " must be int8 or uint8, not " + t.type());
        }
    }

    /** int8 / uint8 elements widened to int with their signedness. */
    static int[] toInts(Tensor t) {
        return toInts(t, 0);
    }

    /** int8 / uint8 elements widened to int with their signedness, minus {@code offset}. */
    private static int[] toInts(Tensor t, int offset) {
        // The widened copy is what the kernel keeps: a constant still viewing the model's bytes is not decoded for it.
        byte[] b = t.type().storage() == DataType.Storage.BYTE ? (byte[]) t.transientData() : t.byteData();
        int[] out = new int[b.length];
        if (t.type() == DataType.UINT8) {
            for (int i = 0; i < b.length; i++) {
                out[i] = (b[i] & 0xFF) - offset;
            }
        } else if (t.type() == DataType.INT8) {
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i] - offset;
            }
        } else {
            throw new ExecutionException("expected int8 or uint8 data, not " + t.type());
        }
        return out;
    }
}
