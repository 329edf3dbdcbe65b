package dev.minerua.cpu;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a float32 kernel on float16/bfloat16 tensors: inputs are widened to float32, and float32
 * outputs are narrowed back to the reduced type the inputs had. Tensors of other types pass through.
 * When no input is reduced-precision the wrapped kernel runs directly. Constant reduced-precision inputs
 * (weights) are widened once, at compile time, and the run reuses that float32 copy whenever the slot still
 * holds the very constant tensor it was made from, or holds nothing: the adapter declares that it no longer reads
 * such inputs ({@link #readsConstantInput}), so the runtime may drop the float16 bits and each weight lives once,
 * as float32.
 */
final class ReducedPrecisionAdapter implements Kernel {
    private final Kernel inner;
    /**
     * Per input: the constant it was compiled against (held weakly, so the runtime can drop it) or null, and its
     * float32 copy.
     */
    private final WeakReference<Tensor>[] constants;
    private final Tensor[] widenedConstants;
    /** Per widened constant, the reduced type it had. */
    private final DataType[] widenedType;
    /** Per output, whether the node declares it float16/bfloat16 (this adapter narrows it, into a region if asked). */
    private final boolean[] reducedOutputs;
    /** A view not in use, kept so that a run in steady state creates none. */
    private final AtomicReference<Widened> idle = new AtomicReference<>();

    /** An adapter that widens the node's constant float16/bfloat16 inputs now rather than on every run. */
    ReducedPrecisionAdapter(Kernel inner, CompileContext compile) {
        this.inner = inner;
        int n = compile.node().inputs().size();
        @SuppressWarnings("unchecked")
        WeakReference<Tensor>[] refs = new WeakReference[n];
        this.constants = refs;
        this.widenedConstants = new Tensor[n];
        this.widenedType = new DataType[n];
        this.reducedOutputs = new boolean[compile.node().outputs().size()];
        for (int o = 0; o < reducedOutputs.length; o++) {
            dev.minerua.ir.Value v = compile.node().output(o);
            reducedOutputs[o] = v != null && v.type() instanceof dev.minerua.ir.ValueType.TensorType t
                    && isReduced(t.elementType());
        }
        for (int i = 0; i < n; i++) {
            Tensor t = compile.constantInput(i);
            // An input the inner kernel has folded into its own form (packed weights) is never read again.
            if (t != null && isReduced(t.type()) && inner.readsConstantInput(i)) {
                constants[i] = new WeakReference<>(t);
                widenedConstants[i] = convert(null, t, DataType.FLOAT);
                widenedType[i] = t.type();
            }
        }
    }

    private static boolean isReduced(DataType type) {
        return type == DataType.FLOAT16 || type == DataType.BFLOAT16;
    }

    @Override
    public void execute(KernelContext ctx) {
        DataType reduced = null;
        for (int i = 0; i < ctx.inputCount() && reduced == null; i++) {
            if (ctx.inputValue(i) instanceof Tensor t && isReduced(t.type())) {
                reduced = t.type();
            } else if (ctx.inputValue(i) == null && i < widenedConstants.length && widenedConstants[i] != null) {
                reduced = widenedType[i];
            }
        }
        if (reduced == null) {
            inner.execute(ctx);
            return;
        }
        // One view is kept for the next call (a node's input and output counts never change); a concurrent
        // call that finds it taken makes its own.
        Widened widened = idle.getAndSet(null);
        if (widened == null) {
            widened = new Widened(this, ctx.inputCount(), ctx.outputCount());
        }
        widened.begin(ctx, reduced);
        try {
            inner.execute(widened);
            widened.publishOutputs();
        } finally {
            widened.end();
        }
        idle.set(widened);
    }

    /**
     * The inner kernel's declaration holds: with float16/bfloat16 inputs it reads widened copies and its outputs
     * are narrowed into fresh tensors, so the reduced-precision path never aliases anything.
     */
    @Override
    public int[] inPlaceInputs(int output) {
        return inner.inPlaceInputs(output);
    }

    /**
     * The inner kernel's declaration, or for a float16/bfloat16 output this adapter's own: it narrows the float32
     * result straight into the region.
     */
    @Override
    public boolean writesOutputRegion(int output) {
        return inner.writesOutputRegion(output) || (output < reducedOutputs.length && reducedOutputs[output]);
    }

    /** A constant widened at compile time is read from that copy only, so its float16/bfloat16 bits may go. */
    @Override
    public boolean readsConstantInput(int input) {
        return inner.readsConstantInput(input) && (input >= widenedConstants.length || widenedConstants[input] == null);
    }

    /**
     * The float32 copy of input {@code i} made at compile time, when {@code t} is that very constant or null (the
     * runtime dropped the constant, see {@link #readsConstantInput}).
     */
    private Tensor widenedConstant(int i, Tensor t) {
        if (i >= constants.length || constants[i] == null) {
            return null;
        }
        return t == null || constants[i].get() == t ? widenedConstants[i] : null;
    }

    /**
     * Converts {@code t} to {@code to}. Run-time copies go through {@code ctx}'s allocator, so the run's buffer
     * pool can reuse them; compile-time copies (ctx null) are plain arrays that live with the kernel.
     */
    static Tensor convert(KernelContext ctx, Tensor t, DataType to) {
        Tensor out = ctx == null ? Tensor.allocate(to, t.dims()) : ctx.allocate(to, t.dims());
        boolean half = t.type() == DataType.FLOAT16 || to == DataType.FLOAT16;
        boolean bfloat = t.type() == DataType.BFLOAT16 || to == DataType.BFLOAT16;
        if (to == DataType.FLOAT && (half || bfloat)) {
            HalfFloats.widen(t.shortData(), out.floatData(), bfloat);
        } else if (t.type() == DataType.FLOAT && (half || bfloat)) {
            HalfFloats.narrow(t.floatData(), out.shortData(), bfloat);
        } else {
            for (int i = 0, n = t.size(); i < n; i++) {
                out.setDouble(i, t.getDouble(i));
            }
        }
        return out;
    }

    /**
     * A view of the context with reduced-precision inputs widened. Outputs are held until the inner kernel
     * returns, because kernels may set an output before filling it; then float32 ones are narrowed.
     */
    private static final class Widened implements KernelContext {
        private final ReducedPrecisionAdapter adapter;
        private KernelContext ctx;
        private DataType reduced;
        private OnnxValue[] outputs;
        /** Inputs widened in this call, so a kernel that reads an input twice converts it once. */
        private Tensor[] widened;

        Widened(ReducedPrecisionAdapter adapter, int inputs, int outputs) {
            this.adapter = adapter;
            this.outputs = new OnnxValue[outputs];
            this.widened = new Tensor[inputs];
        }

        /** Starts a call on {@code ctx}. */
        void begin(KernelContext ctx, DataType reduced) {
            this.ctx = ctx;
            this.reduced = reduced;
            if (outputs.length != ctx.outputCount()) {
                outputs = new OnnxValue[ctx.outputCount()];
            }
            if (widened.length != ctx.inputCount()) {
                widened = new Tensor[ctx.inputCount()];
            }
        }

        /** Ends the call: forgets its context and tensors, so the kept view holds nothing alive. */
        void end() {
            ctx = null;
            Arrays.fill(outputs, null);
            Arrays.fill(widened, null);
        }

        void publishOutputs() {
            for (int i = 0; i < outputs.length; i++) {
                if (outputs[i] instanceof Tensor t && t.type() == DataType.FLOAT) {
                    OutputRegion r = ctx.outputRegion(i, reduced, t.dims());
                    if (r != null) {
                        narrowInto(t, r);
                    } else {
                        ctx.setOutput(i, convert(ctx, t, reduced));
                    }
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
            if (t == null) {
                return adapter.widenedConstant(i, null);
            }
            if (t.type() != reduced) {
                return t;
            }
            Tensor w = widened[i];
            if (w == null) {
                w = adapter.widenedConstant(i, t);
                widened[i] = w = w != null ? w : convert(ctx, t, DataType.FLOAT);
            }
            return w;
        }

        @Override
        public OnnxValue inputValue(int i) {
            OnnxValue v = ctx.inputValue(i);
            return v instanceof Tensor || v == null ? input(i) : v;
        }

        @Override
        public int outputCount() {
            return ctx.outputCount();
        }

        /** Narrows float32 {@code t} into the blocks of region {@code r}. */
        private void narrowInto(Tensor t, OutputRegion r) {
            float[] src = t.floatData();
            short[] dst = r.target().shortData();
            boolean bfloat = reduced == DataType.BFLOAT16;
            for (int k = 0; k < r.blocks(); k++) {
                HalfFloats.narrow(src, k * r.blockLength(), dst, r.offset() + k * r.blockStride(), r.blockLength(),
                        bfloat);
            }
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
