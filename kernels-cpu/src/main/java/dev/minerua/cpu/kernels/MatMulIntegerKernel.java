package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.Dim;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/** MatMulInteger: inputs A, B, optional a_zero_point, b_zero_point; int32 output. See {@link IntegerMatMul}. */
final class MatMulIntegerKernel implements Kernel {
    /** B minus its zero point when both are constants, else null (computed per run). */
    private final IntegerMatMul.AdjustedB constantB;

    /** The float32 fast path for a constant 2-D B, or null. */
    private final ExactFloatIntegerGemm fastB;
    private final CpuThreadPool pool;
    /** True when every run takes the fast path, so B's decoded bytes are never read again. */
    private final boolean fastOnly;

    MatMulIntegerKernel(CompileContext ctx) {
        IntegerMatMul.AdjustedB b = constantB(ctx, 1, 3);
        this.fastB = IntegerMatMul.fastB(b);
        // With the fast path the int32 copy is only needed by the rare fallback, which rebuilds it per run.
        this.constantB = fastB != null ? null : b;
        this.pool = CpuCompileContext.threadPool(ctx);
        this.fastOnly = fastPathCertain(ctx, fastB, 0, 2);
    }

    /**
     * True when the types inferred for A (8-bit, rank 2 or more, last dimension B's K when known) and A's zero
     * point (absent, or one element of A's type) guarantee that {@link IntegerMatMul#fastA} accepts every run's A,
     * so the kernel never falls back to the reference, the only reader of B (and B's zero point) after compile time.
     */
    static boolean fastPathCertain(CompileContext ctx, ExactFloatIntegerGemm fastB, int aInput, int aZpInput) {
        if (fastB == null || !(ctx.inputType(aInput) instanceof ValueType.TensorType a) || a.shape() == null
                || a.shape().rank() < 2 || (a.elementType() != DataType.UINT8 && a.elementType() != DataType.INT8)) {
            return false;
        }
        Dim k = a.shape().dim(a.shape().rank() - 1);
        if (k.isKnown() && k.value() != fastB.k()) {
            return false;
        }
        if (aZpInput >= ctx.node().inputs().size() || ctx.node().input(aZpInput) == null) {
            return true;
        }
        return ctx.inputType(aZpInput) instanceof ValueType.TensorType zp && zp.elementType() == a.elementType()
                && zp.shape() != null && zp.shape().isStatic() && Tensor.elementCount(zp.shape().sizes()) == 1;
    }

    /** B (input 1) and its zero point (input 3) live on in the fast path's packed form when it always applies. */
    @Override
    public boolean readsConstantInput(int input) {
        return !fastOnly || (input != 1 && input != 3);
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
        if (constantB == null && ctx.input(bInput) == null) {
            throw new ExecutionException("A " + ctx.input(aInput).type() + Arrays.toString(ctx.input(aInput).dims())
                    + " does not fit the packed constant B of " + fastB.k() + "x" + fastB.n());
        }
        IntegerMatMul.AdjustedB b = constantB != null ? constantB
                : IntegerMatMul.adjustB(ctx.input(bInput), ctx.input(bZpInput));
        return IntegerMatMul.multiply(ctx.input(aInput), ctx.input(aZpInput), b);
    }
}
