package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.DequantizeLinear;
import dev.minerua.ir.ops.DynamicQuantizeLinear;
import dev.minerua.ir.ops.IntegerConv;
import dev.minerua.ir.ops.MatMulInteger;
import dev.minerua.ir.ops.MatMulIntegerToFloat;
import dev.minerua.ir.ops.QLinearMatMul;
import dev.minerua.ir.ops.QuantizeLinear;

/**
 * Registers the QuantizationKernels family of CPU kernels. All handle float16/bfloat16 themselves: their
 * output types follow attributes and zero points rather than the inputs' float type, which the generic
 * float16 adapter would get wrong.
 */
public final class QuantizationKernels implements KernelFamily {
    @Override
    public void register(CpuKernelRegistry registry) {
        registry.registerTypeAgnostic(QuantizeLinear.class, (op, ctx) -> new QuantizeLinearKernel(op));
        registry.registerTypeAgnostic(DequantizeLinear.class, (op, ctx) -> new DequantizeLinearKernel(op));
        registry.registerTypeAgnostic(DynamicQuantizeLinear.class, (op, ctx) -> new DynamicQuantizeLinearKernel());
        registry.registerTypeAgnostic(MatMulInteger.class, (op, ctx) -> new MatMulIntegerKernel(ctx));
        registry.registerTypeAgnostic(MatMulIntegerToFloat.class, (op, ctx) -> new MatMulIntegerToFloatKernel(ctx));
        registry.registerTypeAgnostic(QLinearMatMul.class, (op, ctx) -> new QLinearMatMulKernel(ctx));
        registry.registerTypeAgnostic(IntegerConv.class, IntegerConvKernel::new);
    }
}
