package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.ArgReduce;
import dev.minerua.ir.ops.Reduce;

/** Registers the ReductionKernels family of CPU kernels: ReduceXxx, ArgMax, ArgMin. */
public final class ReductionKernels implements KernelFamily {
    @Override
    public void register(CpuKernelRegistry registry) {
        registry.register(Reduce.class, ReduceKernel::create);
        registry.register(ArgReduce.class, (op, ctx) -> new ArgReduceKernel(op));
    }
}
