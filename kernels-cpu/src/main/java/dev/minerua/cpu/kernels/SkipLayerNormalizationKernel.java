package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.SkipLayerNormalization;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * SkipLayerNormalization: the sum {@code X + Skip} (output 1 when the graph reads it, else a scratch tensor),
 * then the LayerNormalization kernel on it.
 */
final class SkipLayerNormalizationKernel implements Kernel {
    private final Kernel norm;
    private final FloatPrimitives p;

    private SkipLayerNormalizationKernel(Kernel norm, FloatPrimitives p) {
        this.norm = norm;
        this.p = p;
    }

    static Kernel create(SkipLayerNormalization op, CompileContext ctx) {
        FloatPrimitives p = FloatPrimitives.preferred();
        // The inner kernel sees Scale and B as its inputs 1 and 2; they are this node's inputs 2 and 3.
        return new SkipLayerNormalizationKernel(new LayerNormalizationKernel(op.norm(), p,
                CpuThreadPool.serial(), LayerNormalizationKernel.constantParameters(ctx, 2)), p);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor skip = ctx.input(1);
        if (!Arrays.equals(x.dims(), skip.dims()) || x.type() != skip.type()) {
            throw new ExecutionException("SkipLayerNormalization: X " + x.type() + Arrays.toString(x.dims())
                    + " and Skip " + skip.type() + Arrays.toString(skip.dims()) + " differ");
        }
        RealValues.requireReal(x, "SkipLayerNormalization");
        boolean sumWanted = ctx.outputCount() > 1 && ctx.isOutputUsed(1);
        Tensor sum = sumWanted ? ctx.allocateOutput(1, x.type(), x.dims()) : ctx.allocate(x.type(), x.dims());
        if (x.type() == DataType.FLOAT) {
            p.binary(FloatPrimitives.Binary.ADD, x.floatData(), 0, skip.floatData(), 0, sum.floatData(), 0, x.size());
        } else {
            for (int i = 0; i < x.size(); i++) {
                sum.setDouble(i, x.getDouble(i) + skip.getDouble(i));
            }
        }
        norm.execute(new SubContext(ctx, new Tensor[] {sum, ctx.input(2), ctx.input(3)}, new int[] {0}));
    }
}
