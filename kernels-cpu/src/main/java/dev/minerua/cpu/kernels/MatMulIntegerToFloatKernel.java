package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.Dequantization;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * dev.minerua:MatMulIntegerToFloat: {@code (float) MatMulInteger(A, B, a_zp, b_zp) * scale + bias} (inputs 0-3
 * as MatMulInteger's, 4 the scale, optional 5 the bias). With a constant 2-D B on the float fast path the
 * scale and bias are applied to the product's accumulators; otherwise the integer product comes from the
 * reference and is dequantized after. Either way the result is bit-identical to the Cast, Mul and Add nodes.
 */
final class MatMulIntegerToFloatKernel implements Kernel {
    private final IntegerMatMul.AdjustedB constantB;
    private final ExactFloatIntegerGemm fastB;
    private final CpuThreadPool pool;
    /** True when every run takes the fast path, so B's decoded bytes are never read again. */
    private final boolean fastOnly;
    /** The fast path's output shape for the last shape of A (a run with A's shape unchanged allocates none). */
    private final ShapeMemo<int[]> outDims = new ShapeMemo<>();

    MatMulIntegerToFloatKernel(CompileContext ctx) {
        IntegerMatMul.AdjustedB b = MatMulIntegerKernel.constantB(ctx, 1, 3);
        this.fastB = IntegerMatMul.fastB(b);
        this.constantB = fastB != null ? null : b;
        this.pool = CpuCompileContext.threadPool(ctx);
        this.fastOnly = MatMulIntegerKernel.fastPathCertain(ctx, fastB, 0, 2);
    }

    /** B lives on in the fast path's packed form when that path always applies. */
    @Override
    public boolean readsConstantInput(int input) {
        return !fastOnly || input != 1;
    }

    @Override
    public void execute(KernelContext ctx) {
        if (fastB != null) {
            Tensor a = ctx.input(0);
            Tensor aZp = ctx.input(2);
            if (IntegerMatMul.fitsFast(a, aZp, fastB)) {
                int n = fastB.n();
                float[] scale = scale(ctx, n);
                float[] bias = bias(ctx, n);
                int[] dims = outDims.get(a.dims(), null);
                if (dims == null) {
                    dims = outDims.put(a.dims(), null, IntegerMatMul.fastOutDims(a.dims(), n));
                }
                Tensor y = ctx.allocateOutput(0, DataType.FLOAT, dims);
                fastB.multiply(a.byteData(), 0, a.type() == DataType.UINT8, IntegerMatMul.fastZeroPoint(a, aZp),
                        (int) (a.size() / fastB.k()), scale, bias, y.floatData(), 0, pool);
                return;
            }
        }
        IntegerMatMul.Result r = MatMulIntegerKernel.product(ctx, constantB, fastB, pool, 0, 2, 1, 3);
        // The scale and bias run along the product's last axis (M when B is a vector), as Mul and Add broadcast.
        int n = r.dims().length == 0 ? 1 : r.dims()[r.dims().length - 1];
        float[] scale = scale(ctx, n);
        float[] bias = bias(ctx, n);
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, r.dims());
        Dequantization.apply(scale, bias, r.values(), 0, y.floatData(), 0, n == 0 ? 0 : r.values().length / n, n);
    }

    /** This run's scale (a float32 scalar or [N]), checked against the product's N. */
    private static float[] scale(KernelContext ctx, int n) {
        Tensor scale = ctx.input(4);
        if (scale == null || scale.type() != DataType.FLOAT || scale.rank() > 1
                || (scale.size() != 1 && scale.size() != n)) {
            throw new ExecutionException("MatMulIntegerToFloat: scale must be a float32 scalar or have " + n
                    + " values, not " + (scale == null ? "absent" : scale.type() + " " + Arrays.toString(scale.dims())));
        }
        return scale.floatData();
    }

    /** This run's bias (float32 [N]) or null when the node has none. */
    private static float[] bias(KernelContext ctx, int n) {
        Tensor bias = ctx.input(5);
        if (bias != null && (bias.type() != DataType.FLOAT || bias.size() != n)) {
            throw new ExecutionException("MatMulIntegerToFloat: bias must be float32 with " + n + " values, not "
                    + bias.type() + " " + Arrays.toString(bias.dims()));
        }
        return bias == null ? null : bias.floatData();
    }
}
