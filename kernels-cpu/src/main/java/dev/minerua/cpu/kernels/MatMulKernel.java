package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/** MatMul with numpy batching and 1-D operands, for float, double and 32/64-bit integer tensors. */
final class MatMulKernel implements Kernel {
    /** The float32 path runs on {@link SgemmMatMulKernel} when SIMD is available; this class is its oracle. */
    static Kernel create(MatMul op, CompileContext ctx) {
        if (SimdSupport.tier() == SimdTier.SCALAR) {
            return new MatMulKernel();
        }
        return SgemmMatMulKernel.create(new MatMulKernel(), ctx);
    }

    /** The reference kernel alone (tests compare the fast path with it). */
    static Kernel reference() {
        return new MatMulKernel();
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ExecutionException("MatMul: operands must have rank >= 1");
        }
        if (a.type() != b.type()) {
            throw new ExecutionException("MatMul: element types differ: " + a.type() + " and " + b.type());
        }
        // Promote 1-D operands to matrices; the added axes are dropped from the result shape below.
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        if (bd[bd.length - 2] != k) {
            throw new ExecutionException("MatMul: shapes " + Arrays.toString(a.dims()) + " and "
                    + Arrays.toString(b.dims()) + " are not aligned");
        }
        int[] batchA = Arrays.copyOf(ad, ad.length - 2);
        int[] batchB = Arrays.copyOf(bd, bd.length - 2);
        int[] batch = Broadcast.shape(batchA, batchB);
        int batches = (int) Tensor.elementCount(batch);
        int[] mapA = Broadcast.indexMap(lift(batchA, batch.length), batch);
        int[] mapB = Broadcast.indexMap(lift(batchB, batch.length), batch);
        int[] outShape = outShape(batch, a.rank() == 1, b.rank() == 1, m, n);
        Tensor y = ctx.allocateOutput(0, a.type(), outShape);
        int sa = m * k;
        int sb = k * n;
        int sy = m * n;
        switch (a.type()) {
            case FLOAT -> {
                float[] ax = a.floatData();
                float[] bx = b.floatData();
                float[] yx = y.floatData();
                for (int t = 0; t < batches; t++) {
                    int ia = mapA == null ? t : mapA[t];
                    int ib = mapB == null ? t : mapB[t];
                    MatrixProducts.multiply(ax, ia * sa, k, 1, bx, ib * sb, n, 1, yx, t * sy, n, m, n, k);
                }
            }
            case DOUBLE -> {
                double[] ax = a.doubleData();
                double[] bx = b.doubleData();
                double[] yx = y.doubleData();
                for (int t = 0; t < batches; t++) {
                    int ia = mapA == null ? t : mapA[t];
                    int ib = mapB == null ? t : mapB[t];
                    MatrixProducts.multiply(ax, ia * sa, k, 1, bx, ib * sb, n, 1, yx, t * sy, n, m, n, k);
                }
            }
            case INT32, INT64, UINT32, UINT64 -> {
                long[] ax = a.asLongs();
                long[] bx = b.asLongs();
                long[] yx = new long[batches * sy];
                for (int t = 0; t < batches; t++) {
                    int ia = mapA == null ? t : mapA[t];
                    int ib = mapB == null ? t : mapB[t];
                    MatrixProducts.multiply(ax, ia * sa, k, 1, bx, ib * sb, n, 1, yx, t * sy, n, m, n, k);
                }
                for (int i = 0; i < yx.length; i++) {
                    y.setLong(i, yx[i]);
                }
            }
            default -> throw new ExecutionException("MatMul: element type " + a.type() + " is not supported");
        }
    }

    /** {@code shape} with leading 1s up to {@code rank} (numpy broadcasting of batch dims). */
    static int[] lift(int[] shape, int rank) {
        int[] r = new int[rank];
        Arrays.fill(r, 1);
        System.arraycopy(shape, 0, r, rank - shape.length, shape.length);
        return r;
    }

    /** The product's shape: the batch dims, then m and n unless that side was a promoted vector. */
    static int[] outShape(int[] batch, boolean aVector, boolean bVector, int m, int n) {
        int extra = (aVector ? 0 : 1) + (bVector ? 0 : 1);
        int[] s = Arrays.copyOf(batch, batch.length + extra);
        int i = batch.length;
        if (!aVector) {
            s[i++] = m;
        }
        if (!bVector) {
            s[i] = n;
        }
        return s;
    }
}
