package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.quant.ExactFloatIntegerGemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.Tensor;

/**
 * QLinearMatMul: inputs a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
 * The int32 product of {@link IntegerMatMul} is scaled by {@code a_scale * b_scale / y_scale} (computed in the
 * scales' type, rounding to float16/bfloat16 at each step when the scales have that type), shifted by y_zero_point,
 * rounded half to even and clamped to y's type. a_scale may be per row ([M]) and b_scale per column ([N]).
 */
final class QLinearMatMulKernel implements Kernel {
    private final IntegerMatMul.AdjustedB constantB;

    private final ExactFloatIntegerGemm fastB;
    private final CpuThreadPool pool;
    /** True when every run takes the fast path, so B's decoded bytes are never read again. */
    private final boolean fastOnly;

    QLinearMatMulKernel(CompileContext ctx) {
        IntegerMatMul.AdjustedB b = MatMulIntegerKernel.constantB(ctx, 3, 5);
        this.fastB = IntegerMatMul.fastB(b);
        // With the fast path the int32 copy is only needed by the rare fallback, which rebuilds it per run.
        this.constantB = fastB != null ? null : b;
        this.pool = CpuCompileContext.threadPool(ctx);
        this.fastOnly = MatMulIntegerKernel.fastPathCertain(ctx, fastB, 0, 2);
    }

    /** B lives on in the fast path's packed form when that path always applies. */
    @Override
    public boolean readsConstantInput(int input) {
        return !fastOnly || input != 3;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        IntegerMatMul.Result r = MatMulIntegerKernel.product(ctx, constantB, fastB, pool, 0, 2, 3, 5);
        Tensor aScale = ctx.input(1);
        Tensor bScale = ctx.input(4);
        Tensor yScale = ctx.input(6);
        Tensor yZp = ctx.input(7);
        DataType outType = yZp != null ? yZp.type() : a.type();
        DataType scaleType = aScale.type();
        float[] as = DequantizeLinearKernel.toFloats(aScale);
        float[] bs = DequantizeLinearKernel.toFloats(bScale);
        float[] ys = DequantizeLinearKernel.toFloats(yScale);
        if (ys.length != 1 || (yZp != null && yZp.size() != 1)) {
            throw new ExecutionException("QLinearMatMul: y_scale and y_zero_point must be scalars");
        }
        int m = r.m();
        int n = r.n();
        checkScale(as, m, "a_scale");
        checkScale(bs, n, "b_scale");
        double zp = yZp == null ? 0 : yZp.getDouble(0);
        long lo = ReduceKernel.minValue(outType);
        long hi = ReduceKernel.maxValue(outType);
        // The multiplier per (row, column); for per-tensor scales a single value.
        float[] mult = new float[as.length * bs.length];
        for (int i = 0; i < as.length; i++) {
            for (int j = 0; j < bs.length; j++) {
                mult[i * bs.length + j] = round(round(as[i] * bs[j], scaleType) / ys[0], scaleType);
            }
        }
        int[] c = r.values();
        Tensor y = ctx.allocateOutput(0, outType, r.dims());
        for (int idx = 0; idx < c.length; idx++) {
            int i = as.length == 1 ? 0 : (idx / n) % m;
            int j = bs.length == 1 ? 0 : idx % n;
            double v = Math.rint(c[idx] * (double) mult[i * bs.length + j] + zp);
            y.setLong(idx, (long) Math.max(lo, Math.min(hi, v)));
        }
    }

    private static void checkScale(float[] s, int expected, String name) {
        if (s.length != 1 && s.length != expected) {
            throw new ExecutionException("QLinearMatMul: " + name + " has " + s.length + " values, expected 1 or "
                    + expected);
        }
    }

    private static float round(float v, DataType type) {
        return switch (type) {
            case FLOAT16 -> HalfFloats.halfToFloat(HalfFloats.floatToHalf(v));
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(v));
            default -> v;
        };
    }
}
