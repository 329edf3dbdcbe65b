package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.tensor.Tensor;

/** MatMulInteger: inputs A, B, optional a_zero_point, b_zero_point; int32 output. See {@link IntegerMatMul}. */
final class MatMulIntegerKernel implements Kernel {
    /** B minus its zero point when both are constants, else null (computed per run). */
    private final IntegerMatMul.AdjustedB constantB;

    /** The float32 fast path for a constant 2-D B, or null. */
    private final ExactFloatIntegerGemm fastB;
    private final CpuThreadPool pool;

    MatMulIntegerKernel(CompileContext ctx) {
        IntegerMatMul.AdjustedB b = constantB(ctx, 1, 3);
        this.fastB = IntegerMatMul.fastB(b);
        // With the fast path the int32 copy is only needed by the rare fallback, which rebuilds it per run.
        this.constantB = fastB != null ? null : b;
        this.pool = CpuCompileContext.threadPool(ctx);
    }

    /** Precomputes B minus its zero point when B and its zero point (or its absence) are known at compile time. */
    static IntegerMatMul.AdjustedB constantB(CompileContext ctx, int bInput, int zpInput) {
        Tensor b = ctx.constantInput(bInput);
        boolean zpAbsent = ctx.node().input(zpInput) == null;
        Tensor zp = zpAbsent ? null : ctx.constantInput(zpInput);
        if (b == null || (!zpAbsent && zp == null)) {
            return null;
        }
        try {
            return IntegerMatMul.adjustB(b, zp);
        } catch (RuntimeException e) {
            return null; // let the run report the problem with its usual message
        }
    }

    @Override
    public void execute(KernelContext ctx) {
        IntegerMatMul.Result r = product(ctx, constantB, fastB, pool, 0, 2, 1, 3);
        ctx.setOutput(0, Tensor.wrap(dev.minerua.tensor.DataType.INT32, r.dims(), r.values()));
    }

    /** A's product with B: on the fast path when it applies, else on the integer reference. */
    static IntegerMatMul.Result product(KernelContext ctx, IntegerMatMul.AdjustedB constantB,
                                        ExactFloatIntegerGemm fastB, CpuThreadPool pool,
                                        int aInput, int aZpInput, int bInput, int bZpInput) {
        if (fastB != null) {
            IntegerMatMul.Result r = IntegerMatMul.multiplyFast(ctx.input(aInput), ctx.input(aZpInput), fastB, pool);
            if (r != null) {
                return r;
            }
        }
        IntegerMatMul.AdjustedB b = constantB != null ? constantB
                : IntegerMatMul.adjustB(ctx.input(bInput), ctx.input(bZpInput));
        return IntegerMatMul.multiply(ctx.input(aInput), ctx.input(aZpInput), b);
    }
}
