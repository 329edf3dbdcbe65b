package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.ir.ops.Dropout;
import dev.minerua.ir.ops.Einsum;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.GroupNormalization;
import dev.minerua.ir.ops.InstanceNormalization;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.LpNormalization;
import dev.minerua.ir.ops.Lrn;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.ir.ops.MeanVarianceNormalization;
import dev.minerua.ir.ops.Pool;
import dev.minerua.ir.ops.Softmax;

import java.util.List;

/** Registers the neural-network family of CPU kernels. */
public final class NnKernels implements KernelFamily.OneAtATime {
    /** The op records (simple names, in {@link KernelFamily#OP_RECORDS}) this family has kernels for. */
    static final List<String> OPERATORS = List.of(
            "Conv", "ConvTranspose", "Pool", "GlobalPool", "BatchNormalization", "InstanceNormalization",
            "LayerNormalization", "GroupNormalization", "LpNormalization", "MeanVarianceNormalization",
            "Lrn", "Gemm", "MatMul", "Softmax", "Einsum", "Dropout");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One kernel at a time: each case links only its own factory (see KernelFamily). */
    @Override
    public boolean registerOne(CpuKernelRegistry r, String name) {
        switch (name) {
            case "Conv" -> r.register(Conv.class, ConvKernel::create);
            case "ConvTranspose" -> r.register(ConvTranspose.class, ConvTransposeKernel::create);
            case "Pool" -> r.register(Pool.class, PoolKernel::create);
            case "GlobalPool" -> r.register(GlobalPool.class, GlobalPoolKernel::create);
            case "BatchNormalization" -> r.register(BatchNormalization.class, BatchNormalizationKernel::create);
            case "InstanceNormalization" ->
                    r.register(InstanceNormalization.class, InstanceNormalizationKernel::create);
            case "LayerNormalization" -> r.register(LayerNormalization.class, LayerNormalizationKernel::create);
            case "GroupNormalization" -> r.register(GroupNormalization.class, GroupNormalizationKernel::create);
            case "LpNormalization" -> r.register(LpNormalization.class, LpNormalizationKernel::create);
            case "MeanVarianceNormalization" ->
                    r.register(MeanVarianceNormalization.class, MeanVarianceNormalizationKernel::create);
            case "Lrn" -> r.register(Lrn.class, LrnKernel::create);
            case "Gemm" -> r.register(Gemm.class, GemmKernel::create);
            case "MatMul" -> r.register(MatMul.class, MatMulKernel::create);
            case "Softmax" -> r.register(Softmax.class, SoftmaxKernel::create);
            case "Einsum" -> r.register(Einsum.class, EinsumKernel::create);
            // Dropout only copies, so it keeps float16/bfloat16 as they are.
            case "Dropout" -> r.registerTypeAgnostic(Dropout.class, DropoutKernel::create);
            default -> {
                return false;
            }
        }
        return true;
    }
}
