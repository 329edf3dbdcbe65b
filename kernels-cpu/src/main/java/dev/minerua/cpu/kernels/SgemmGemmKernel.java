package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * Float32 Gemm on {@link Sgemm}: {@code Y = alpha * A'B' + beta * C}. A constant B is packed once at compile
 * time; C becomes the epilogue: a per-column or per-row bias (scaled by beta, once when C is constant), or a
 * residual when it is a full M x N matrix. Other element types run the reference {@link GemmKernel}.
 */
final class SgemmGemmKernel implements Kernel {
    private final Gemm op;
    private final Kernel reference;
    private final Sgemm sgemm;
    private final CpuThreadPool pool;
    private final PackedB constantB;
    private final int[] constantBDims;
    /** Clamp and activation after C, from a fused activation; {@link Epilogue#NONE} for none. */
    private final Epilogue fused;

    private SgemmGemmKernel(Gemm op, Kernel reference, Sgemm sgemm, CpuThreadPool pool, Tensor constB,
                            Epilogue fused) {
        this.op = op;
        this.fused = fused;
        this.reference = reference;
        this.sgemm = sgemm;
        this.pool = pool;
        float[] bf = FloatConstants.forPacking(constB);
        if (bf != null && constB.rank() == 2) {
            int k = op.transB() ? constB.dim(1) : constB.dim(0);
            int n = op.transB() ? constB.dim(0) : constB.dim(1);
            this.constantB = sgemm.packB(view(bf, constB.dim(1), op.transB()), k, n);
            this.constantBDims = constB.dims().clone();
        } else {
            this.constantB = null;
            this.constantBDims = null;
        }
    }

    static Kernel create(Gemm op, Kernel reference, CompileContext ctx) {
        return create(op, reference, ctx, Epilogue.NONE);
    }

    /**
     * As {@link #create(Gemm, Kernel, CompileContext)}, then {@code fused}'s clamp and activation in the epilogue;
     * {@code reference} must apply them itself (it runs for other element types and ranks).
     */
    static Kernel create(Gemm op, Kernel reference, CompileContext ctx, Epilogue fused) {
        return new SgemmGemmKernel(op, reference, Sgemm.standard(), CpuCompileContext.threadPool(ctx),
                ctx.constantInput(1), fused);
    }

    /** A row-major {@code rows x cols} matrix, read transposed when {@code trans}. */
    private static Matrix view(float[] data, int cols, boolean trans) {
        Matrix m = Matrix.rowMajor(data, 0, cols);
        return trans ? m.transposed() : m;
    }

    /** The packed B stands for a constant B: the decoded tensor need not stay alive. */
    @Override
    public boolean readsConstantInput(int input) {
        return input != 1 || constantB == null;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1); // null when the runtime dropped the constant B we packed
        Tensor c = ctx.input(2);
        int[] bd = b != null ? b.dims() : constantBDims;
        if (a.type() != DataType.FLOAT || (b != null && b.type() != DataType.FLOAT)
                || (c != null && c.type() != DataType.FLOAT) || a.rank() != 2 || bd.length != 2
                || (c != null && c.rank() > 2)) {
            if (b == null) {
                throw new ExecutionException("Gemm: A " + a.type() + Arrays.toString(a.dims()) + " and C "
                        + (c == null ? "absent" : c.type() + Arrays.toString(c.dims())) + " do not fit B "
                        + Arrays.toString(bd));
            }
            reference.execute(ctx);
            return;
        }
        int m = op.transA() ? a.dim(1) : a.dim(0);
        int k = op.transA() ? a.dim(0) : a.dim(1);
        int kb = op.transB() ? bd[1] : bd[0];
        int n = op.transB() ? bd[0] : bd[1];
        if (k != kb) {
            throw new ExecutionException("Gemm: inner dimensions differ: A' is " + m + "x" + k + ", B' is " + kb + "x" + n);
        }
        int[] cd = c == null ? null : padded(c.dims());
        if (c != null) {
            if (op.exactC() && !(c.rank() == 2 && cd[0] == m && cd[1] == n)) {
                throw new ExecutionException("Gemm: with broadcast=0, C must have shape [" + m + ", " + n + "], got "
                        + Arrays.toString(c.dims()));
            }
            if ((cd[0] != 1 && cd[0] != m) || (cd[1] != 1 && cd[1] != n)) {
                throw new ExecutionException("Gemm: C of shape " + Arrays.toString(c.dims())
                        + " does not broadcast to [" + m + ", " + n + "]");
            }
        }
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        float[] yx = y.floatData();
        float beta = op.beta();
        boolean accumulate = false;
        Epilogue ep = Epilogue.NONE;
        if (c != null && beta != 0f) {
            float[] cx = c.floatData();
            if (cd[0] == m && cd[1] == n && m * n > 1) {
                if (beta == 1f) {
                    ep = ep.withResidual(cx, 0, n);
                } else {
                    for (int i = 0; i < yx.length; i++) {
                        yx[i] = beta * cx[i];
                    }
                    accumulate = true;
                }
            } else if (cd[0] == m && m > 1) {
                ep = ep.withRowBias(scaled(ctx, cx, m, beta, 1), 0);
            } else {
                // [N], [1, N] or a single value: one bias per column.
                ep = ep.withColumnBias(scaled(ctx, cx, n, beta, cd[1] == n ? 1 : 0), 0);
            }
        }
        ep = ep.withClamp(fused.lo(), fused.hi()).withActivation(fused.activation());
        Matrix am = view(a.floatData(), a.dim(1), op.transA());
        PackedB pb;
        if (constantB != null && Arrays.equals(constantBDims, bd)) {
            pb = constantB;
        } else if (k == 0) {
            pb = null;
        } else {
            float[] buffer = PackScratch.floats(ctx, sgemm.packedBSize(k, n));
            pb = sgemm.packB(view(b.floatData(), b.dim(1), op.transB()), k, n, buffer, 0, pool);
        }
        if (pb == null) {
            // k == 0: the product is zero; only C contributes.
            float[] zeros = new float[0];
            sgemm.multiply(am, Matrix.rowMajor(zeros, 0, n), yx, 0, n, m, n, 0, op.alpha(), accumulate, ep, pool);
            return;
        }
        sgemm.multiply(am, pb, yx, 0, n, m, op.alpha(), accumulate, ep, pool);
    }

    /** {@code count} values of {@code beta * x[i * step]} (step 0 repeats x[0]). */
    private static float[] scaled(KernelContext ctx, float[] x, int count, float beta, int step) {
        if (beta == 1f && step == 1) {
            return x;
        }
        float[] r = ctx.allocate(DataType.FLOAT, count).floatData();
        for (int i = 0; i < count; i++) {
            r[i] = beta * x[i * step];
        }
        return r;
    }

    private static int[] padded(int[] dims) {
        int[] p = {1, 1};
        System.arraycopy(dims, 0, p, 2 - dims.length, dims.length);
        return p;
    }
}
