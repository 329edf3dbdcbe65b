package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Comparison;
import dev.minerua.ir.ops.FloatTest;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.ir.ops.Where;

/** Registers the ElementwiseKernels family of CPU kernels. */
public final class ElementwiseKernels implements KernelFamily {
    @Override
    public void register(CpuKernelRegistry registry) {
        // Pow's exponent may differ in type from its base, so BinaryMath widens float16/bfloat16 itself.
        registry.registerTypeAgnostic(BinaryMath.class, (op, ctx) -> new BinaryMathKernel(op, CpuCompileContext.threadPool(ctx)));
        registry.register(Comparison.class, (op, ctx) -> new ComparisonKernel(op));
        registry.register(UnaryMath.class, (op, ctx) -> new UnaryMathKernel(op, CpuCompileContext.threadPool(ctx)));
        registry.register(Activation.class, (op, ctx) -> new ActivationKernel(op, CpuCompileContext.threadPool(ctx)));
        registry.register(FloatTest.class, (op, ctx) -> new FloatTestKernel(op));
        registry.register(Clip.class, (op, ctx) -> new ClipKernel(op, CpuCompileContext.threadPool(ctx)));
        registry.register(VariadicMath.class, (op, ctx) -> new VariadicMathKernel(op, CpuCompileContext.threadPool(ctx)));
        // Where only selects elements, so it works on the raw storage of every type (float16 included).
        registry.registerTypeAgnostic(Where.class, (op, ctx) -> new WhereKernel(op));
    }
}
