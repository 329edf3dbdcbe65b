package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.tensor.Tensor;

/**
 * Reference kernel for {@link VariadicMath}: folds the inputs pairwise left to right with broadcasting
 * ({@link BinaryMathKernel#compute}); Mean divides the sum by the input count at the end.
 */
final class VariadicMathKernel implements Kernel {
    private final VariadicMath.Kind kind;
    private final CpuThreadPool pool;

    VariadicMathKernel(VariadicMath op) {
        this(op, CpuThreadPool.serial());
    }

    /** A kernel whose float32 pairwise steps are spread over {@code pool}. */
    VariadicMathKernel(VariadicMath op, CpuThreadPool pool) {
        this.kind = op.kind();
        this.pool = pool;
    }

    @Override
    public void execute(KernelContext ctx) {
        BinaryMathKernel.Fn fn = switch (kind) {
            case MIN -> BinaryMathKernel.Fn.MIN;
            case MAX -> BinaryMathKernel.Fn.MAX;
            case SUM, MEAN -> BinaryMathKernel.Fn.ADD;
        };
        int count = 0;
        Tensor acc = null;
        for (int i = 0; i < ctx.inputCount(); i++) {
            Tensor t = ctx.input(i);
            if (t == null) {
                continue;
            }
            count++;
            if (acc == null) {
                acc = t;
                continue;
            }
            BroadcastPlan plan = BroadcastPlan.of(acc.dims(), t.dims());
            Tensor next = ctx.allocate(acc.type(), plan.outShape);
            BinaryMathKernel.compute(fn, acc, t, next, plan, BinaryMathKernel.SIMD, pool);
            acc = next;
        }
        if (acc == null) {
            throw new ExecutionException(kind + ": no inputs");
        }
        Tensor out = acc;
        if (count == 1) { // the single input itself: inputs are read-only, so copy
            out = ctx.allocate(acc.type(), acc.dims());
            System.arraycopy(acc.data(), 0, out.data(), 0, acc.size() * acc.type().slotsPerElement());
        }
        if (kind == VariadicMath.Kind.MEAN && count > 1) {
            switch (out.type()) {
                case FLOAT -> {
                    float[] o = out.floatData();
                    for (int i = 0; i < o.length; i++) {
                        o[i] /= count;
                    }
                }
                case DOUBLE -> {
                    double[] o = out.doubleData();
                    for (int i = 0; i < o.length; i++) {
                        o[i] /= count;
                    }
                }
                default -> throw new ExecutionException("Mean: element type " + out.type() + " is not supported");
            }
        }
        ctx.setOutput(0, out);
    }
}
