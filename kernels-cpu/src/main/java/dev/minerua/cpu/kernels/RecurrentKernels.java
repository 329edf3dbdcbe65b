package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.Gru;
import dev.minerua.ir.ops.Lstm;
import dev.minerua.ir.ops.Rnn;

/**
 * Registers the CPU kernels of the recurrent layers: float32 LSTM with the default activations on SGEMM
 * ({@link FloatLstmKernel}), everything else on the reference kernels, which compute in float or double as
 * the tensors are; float16/bfloat16 tensors are widened to float around them by the registry.
 */
public final class RecurrentKernels implements KernelFamily {
    @Override
    public void register(CpuKernelRegistry registry) {
        registry.register(Lstm.class, (op, ctx) -> FloatLstmKernel.create(op, ctx,
                () -> new LstmKernel(op, RecurrentRun.Constants.of(ctx))));
        registry.register(Gru.class, (op, ctx) -> new GruKernel(op, RecurrentRun.Constants.of(ctx)));
        registry.register(Rnn.class, (op, ctx) -> new RnnKernel(op, RecurrentRun.Constants.of(ctx)));
    }
}
