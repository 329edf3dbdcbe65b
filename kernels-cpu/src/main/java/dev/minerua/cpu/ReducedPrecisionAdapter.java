package dev.minerua.cpu;

import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

/**
 * Runs a float32 kernel on float16/bfloat16 tensors: inputs are widened to float32, and float32
 * outputs are narrowed back to the reduced type the inputs had. Tensors of other types pass through.
 * When no input is reduced-precision the wrapped kernel runs directly.
 */
final class ReducedPrecisionAdapter implements Kernel {
    private final Kernel inner;

    ReducedPrecisionAdapter(Kernel inner) {
        this.inner = inner;
    }

    @Override
    public void execute(KernelContext ctx) {
        DataType reduced = null;
        for (int i = 0; i < ctx.inputCount(); i++) {
            if (ctx.inputValue(i) instanceof Tensor t
                    && (t.type() == DataType.FLOAT16 || t.type() == DataType.BFLOAT16)) {
                reduced = t.type();
                break;
            }
        }
        if (reduced == null) {
            inner.execute(ctx);
            return;
        }
        Widened widened = new Widened(ctx, reduced);
        inner.execute(widened);
        widened.publishOutputs();
    }

    /** Converts through {@code ctx}'s allocator, so the run's buffer pool can reuse the copies. */
    static Tensor convert(KernelContext ctx, Tensor t, DataType to) {
        Tensor out = ctx.allocate(to, t.dims());
        for (int i = 0, n = t.size(); i < n; i++) {
            out.setDouble(i, t.getDouble(i));
        }
        return out;
    }

    /**
     * A view of the context with reduced-precision inputs widened. Outputs are held until the inner kernel
     * returns, because kernels may set an output before filling it; then float32 ones are narrowed.
     */
    private static final class Widened implements KernelContext {
        private final KernelContext ctx;
        private final DataType reduced;
        private final OnnxValue[] outputs;

        Widened(KernelContext ctx, DataType reduced) {
            this.ctx = ctx;
            this.reduced = reduced;
            this.outputs = new OnnxValue[ctx.outputCount()];
        }

        void publishOutputs() {
            for (int i = 0; i < outputs.length; i++) {
                if (outputs[i] instanceof Tensor t && t.type() == DataType.FLOAT) {
                    ctx.setOutput(i, convert(ctx, t, reduced));
                } else if (outputs[i] != null) {
                    ctx.setOutput(i, outputs[i]);
                }
            }
        }

        @Override
        public int inputCount() {
            return ctx.inputCount();
        }

        @Override
        public Tensor input(int i) {
            Tensor t = ctx.input(i);
            return t != null && t.type() == reduced ? convert(ctx, t, DataType.FLOAT) : t;
        }

        @Override
        public OnnxValue inputValue(int i) {
            OnnxValue v = ctx.inputValue(i);
            return v instanceof Tensor ? input(i) : v;
        }

        @Override
        public int outputCount() {
            return ctx.outputCount();
        }

        @Override
        public boolean isOutputUsed(int i) {
            return ctx.isOutputUsed(i);
        }

        @Override
        public void setOutput(int i, OnnxValue value) {
            outputs[i] = value;
        }

        @Override
        public Tensor allocate(DataType type, int... shape) {
            return ctx.allocate(type, shape);
        }

        @Override
        public OnnxValue[] runSubgraph(CompiledSubgraph subgraph, OnnxValue... inputs) {
            return ctx.runSubgraph(subgraph, inputs);
        }

        @Override
        public int intraOpThreads() {
            return ctx.intraOpThreads();
        }
    }
}
