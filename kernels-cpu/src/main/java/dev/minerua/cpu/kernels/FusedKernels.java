package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.FusedActivation;
import dev.minerua.ir.ops.FusedConv;
import dev.minerua.ir.ops.FusedGemm;
import dev.minerua.ir.ops.FusedMatMul;
import dev.minerua.ir.ops.SkipLayerNormalization;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kernels for the optimizer's fused ops (domain dev.minerua). Float32 products run on the SGEMM kernels with the
 * bias, residual and activation in the epilogue; every other case (other element types, the scalar tier,
 * depthwise convolutions, non-constant filters) runs the unfused reference kernel and then finishes its output
 * in place ({@link Finish}), so a fused node always computes what the nodes it replaced computed.
 */
public final class FusedKernels implements KernelFamily.OneAtATime {
    private static final List<String> OPERATORS = List.of("FusedConv", "FusedGemm", "FusedMatMul",
            "SkipLayerNormalization");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One kernel at a time: each case links only its own factory (see KernelFamily). */
    @Override
    public boolean registerOne(CpuKernelRegistry r, String name) {
        switch (name) {
            case "FusedConv" -> r.register(FusedConv.class, FusedKernels::conv);
            case "FusedGemm" -> r.register(FusedGemm.class, FusedKernels::gemm);
            case "FusedMatMul" -> r.register(FusedMatMul.class, FusedKernels::matMul);
            case "SkipLayerNormalization" -> r.register(SkipLayerNormalization.class, SkipLayerNormalizationKernel::create);
            default -> {
                return false;
            }
        }
        return true;
    }

    static Kernel conv(FusedConv op, CompileContext ctx) {
        if (op.outputShuffle() == 0) {
            return unshuffled(op, ctx);
        }
        // A channel shuffle of the output: free in the grouped pointwise kernel (rows written G planes apart),
        // else the kernel without it into a buffer and a copy of the planes to their places.
        if (optionalInput(ctx, 3) < 0 && optionalInput(ctx, 4) < 0) {
            FloatPrimitives p = FloatPrimitives.preferred();
            Kernel fast = GroupedPointwiseConvKernel.create(op.conv(), op.outputShuffle(), ctx,
                    FusedActivations.epilogue(op.activation(), p), new ChannelShuffleKernel(
                            new Finish(new ConvKernel(op.conv()), 3, -1, -1, op.activation(), p), op.outputShuffle()));
            if (fast != null) {
                return fast;
            }
        }
        return new ChannelShuffleKernel(unshuffled(op, ctx), op.outputShuffle());
    }

    /** FusedConv without its output shuffle. */
    private static Kernel unshuffled(FusedConv op, CompileContext ctx) {
        if (optionalInput(ctx, 4) < 0 || optionalInput(ctx, 5) < 0) {
            return outputSide(op, ctx);
        }
        // Pre-activated: the SGEMM kernel transforms X as it packs it; any other kernel gets a transformed copy.
        FloatPrimitives p = FloatPrimitives.preferred();
        Kernel unfused = new PreTransformed(outputSide(op, ctx), op.inputRelu(), p);
        InputTransform pre = InputTransform.ofConstants(ctx, 4, 5, op.inputRelu(), p);
        if (pre == null || SimdSupport.tier() == SimdTier.SCALAR || DirectConvKernel.applies(op.conv(), ctx)) {
            return unfused;
        }
        return SgemmConvKernel.create(op.conv(), unfused, ctx, FusedActivations.epilogue(op.activation(), p),
                optionalInput(ctx, 3), pre);
    }

    /** The kernel of FusedConv's inputs 0 to 3: the convolution with its bias, residual and activation. */
    private static Kernel outputSide(FusedConv op, CompileContext ctx) {
        FloatPrimitives p = FloatPrimitives.preferred();
        Conv conv = op.conv();
        int residual = optionalInput(ctx, 3);
        Kernel reference = new ConvKernel(conv);
        Kernel finished = new Finish(reference, 3, -1, residual, op.activation(), p);
        if (SimdSupport.tier() == SimdTier.SCALAR) {
            return finished;
        }
        if (DirectConvKernel.applies(conv, ctx)) {
            // A small convolution: the direct kernel (before the unfused GEMM kernel), then the finish.
            return new Finish(DirectConvKernel.orGeneral(conv, SgemmConvKernel.create(conv, reference, ctx), ctx), 3,
                    -1, residual, op.activation(), p);
        }
        if (residual >= 0 && conv.group() > 1) {
            // A grouped 1x1 conv with a residual (ShuffleNet's second of each unit): its groups' few last rows
            // as a few-rows product rather than a padded sliver.
            Kernel grouped = GroupedPointwiseConvKernel.create(conv, 0, residual, ctx,
                    FusedActivations.epilogue(op.activation(), p), finished);
            if (grouped != null) {
                return grouped;
            }
        }
        Kernel fast = SgemmConvKernel.create(conv, finished, ctx, FusedActivations.epilogue(op.activation(), p),
                residual);
        if (fast == finished && conv.group() > 1) {
            // Not an SGEMM convolution: the depthwise kernel, with the activation on each plane it writes (the
            // finished reference for other shapes); with a residual, the depthwise kernel and then the finish.
            CpuThreadPool pool = CpuCompileContext.threadPool(ctx);
            return residual < 0
                    ? DepthwiseConvKernel.withConstants(DepthwiseConvKernel.fused(conv, finished,
                            FusedActivations.epilogue(op.activation(), p), p, pool), ctx)
                    : new Finish(DepthwiseConvKernel.orGeneral(conv, reference, ctx), 3, -1, residual,
                            op.activation(), p);
        }
        return fast;
    }

    static Kernel gemm(FusedGemm op, CompileContext ctx) {
        FloatPrimitives p = FloatPrimitives.preferred();
        Kernel finished = new Finish(GemmKernel.reference(op.gemm()), 3, -1, -1, op.activation(), p);
        if (SimdSupport.tier() == SimdTier.SCALAR) {
            return finished;
        }
        return SgemmGemmKernel.create(op.gemm(), finished, ctx, FusedActivations.epilogue(op.activation(), p));
    }

    static Kernel matMul(FusedMatMul op, CompileContext ctx) {
        FloatPrimitives p = FloatPrimitives.preferred();
        int bias = optionalInput(ctx, 2);
        int residual = optionalInput(ctx, 3);
        Kernel finished = new Finish(MatMulKernel.reference(), 2, bias, residual, op.activation(), p);
        float[] constantBias = bias < 0 ? null : FloatConstants.forPacking(ctx.constantInput(bias));
        if (SimdSupport.tier() == SimdTier.SCALAR || (bias >= 0 && constantBias == null)) {
            return finished;
        }
        Epilogue ep = FusedActivations.epilogue(op.activation(), p);
        if (constantBias != null) {
            ep = ep.withColumnBias(constantBias, 0);
        }
        return SgemmMatMulKernel.create(finished, ctx, ep, residual);
    }

    /** {@code i} when the node has input {@code i}, else -1. */
    private static int optionalInput(CompileContext ctx, int i) {
        return ctx.node().inputs().size() > i && ctx.node().input(i) != null ? i : -1;
    }

    /**
     * FusedConv with an input transform (inputs 4 and 5, see {@link FusedConv}) on a kernel that cannot apply it
     * itself: X transformed into a buffer of the run, then the inner kernel on inputs 0 to 3 with that buffer as X.
     */
    static final class PreTransformed implements Kernel {
        private final Kernel inner;
        private final boolean relu;
        private final FloatPrimitives p;
        /** The part's context not in use, kept so that a run in steady state creates none. */
        private final AtomicReference<SubContext> idle = new AtomicReference<>();

        PreTransformed(Kernel inner, boolean relu, FloatPrimitives p) {
            this.inner = inner;
            this.relu = relu;
            this.p = p;
        }

        @Override
        public boolean readsConstantInput(int input) {
            return input >= 4 || inner.readsConstantInput(input);
        }

        @Override
        public void execute(KernelContext ctx) {
            Tensor x = ctx.input(0);
            Tensor scale = ctx.input(4);
            Tensor shift = ctx.input(5);
            if (x.type() != DataType.FLOAT || scale.type() != DataType.FLOAT || shift.type() != DataType.FLOAT
                    || x.rank() < 2 || scale.size() != x.dim(1) || shift.size() != x.dim(1)) {
                throw new ExecutionException("FusedConv: input transform scale " + scale.type()
                        + Arrays.toString(scale.dims()) + " and shift " + shift.type() + Arrays.toString(shift.dims())
                        + " do not fit X " + x.type() + Arrays.toString(x.dims()));
            }
            Tensor t = ctx.allocate(DataType.FLOAT, x.dims());
            InputTransform.applyChannels(x, t.floatData(), scale.floatData(), shift.floatData(), relu, p);
            SubContext kept = idle.getAndSet(null);
            SubContext sub = kept == null ? SubContext.firstInputs(ctx, 4) : kept.refillFirstInputs(ctx);
            try {
                inner.execute(sub.replaceInput(0, t));
            } finally {
                sub.forget();
                idle.set(sub);
            }
        }
    }

    /**
     * Runs an unfused kernel on the node's first inputs, then, in place on its output: adds a bias along the
     * last axis, adds a residual of the output's shape, applies the activation.
     */
    static final class Finish implements Kernel {
        private final Kernel inner;
        private final int innerInputs;
        private final int biasInput;
        private final int residualInput;
        private final FusedActivation activation;
        private final Epilogue epilogue;
        private final FloatPrimitives p;
        /** The part's context not in use, kept so that a run in steady state creates none. */
        private final AtomicReference<SubContext> idle = new AtomicReference<>();

        Finish(Kernel inner, int innerInputs, int biasInput, int residualInput, FusedActivation activation,
               FloatPrimitives p) {
            this.inner = inner;
            this.innerInputs = innerInputs;
            this.biasInput = biasInput;
            this.residualInput = residualInput;
            this.activation = activation;
            this.epilogue = FusedActivations.epilogue(activation, p);
            this.p = p;
        }

        /**
         * The inner kernel's inputs are read only as it declares (a direct or depthwise convolution keeps its own
         * copy of constant weights); the bias and residual are read here.
         */
        @Override
        public boolean readsConstantInput(int input) {
            return input >= innerInputs || input == biasInput || input == residualInput
                    || inner.readsConstantInput(input);
        }

        @Override
        public void execute(KernelContext ctx) {
            // One context is kept for the next call; a concurrent call that finds it taken makes its own.
            SubContext kept = idle.getAndSet(null);
            SubContext sub = kept == null ? SubContext.firstInputs(ctx, innerInputs) : kept.refillFirstInputs(ctx);
            try {
                finish(ctx, sub);
            } finally {
                sub.forget();
                idle.set(sub);
            }
        }

        /**
         * Output 0 may go into a Concat's region when the inner kernel writes there and only clamp and activation
         * (elementwise) remain: they then run on the region's blocks.
         */
        @Override
        public boolean writesOutputRegion(int output) {
            return output == 0 && biasInput < 0 && residualInput < 0 && inner.writesOutputRegion(0);
        }

        private void finish(KernelContext ctx, SubContext sub) {
            inner.execute(sub);
            OutputRegion region = sub.writtenRegion(0);
            if (region != null) {
                float[] y = region.target().floatData();
                for (int k = 0; k < region.blocks(); k++) {
                    FusedActivations.applyInPlace(epilogue, y, region.offset() + k * region.blockStride(),
                            region.blockLength(), p);
                }
                return;
            }
            Tensor y = sub.output(0);
            Tensor bias = biasInput < 0 ? null : ctx.input(biasInput);
            Tensor residual = residualInput < 0 ? null : ctx.input(residualInput);
            int n = y.rank() == 0 ? 1 : y.dim(y.rank() - 1);
            if (bias != null && (bias.size() != n || bias.type() != y.type())) {
                throw new ExecutionException("FusedMatMul: bias of shape " + Arrays.toString(bias.dims())
                        + " and type " + bias.type() + " does not fit the product " + Arrays.toString(y.dims()));
            }
            if (residual != null && (!Arrays.equals(residual.dims(), y.dims()) || residual.type() != y.type())) {
                throw new ExecutionException("fused residual of shape " + Arrays.toString(residual.dims())
                        + " does not match the product " + Arrays.toString(y.dims()) + " " + y.type());
            }
            if (y.type() == DataType.FLOAT) {
                finishFloat(y.floatData(), bias == null ? null : bias.floatData(),
                        residual == null ? null : residual.floatData(), n);
            } else {
                finishReal(y, bias, residual, n);
            }
        }

        private void finishFloat(float[] y, float[] bias, float[] residual, int n) {
            if (bias != null) {
                for (int o = 0; o + n <= y.length && n > 0; o += n) {
                    p.binary(FloatPrimitives.Binary.ADD, y, o, bias, 0, y, o, n);
                }
            }
            if (residual != null) {
                p.binary(FloatPrimitives.Binary.ADD, y, 0, residual, 0, y, 0, y.length);
            }
            FusedActivations.applyInPlace(epilogue, y, p);
        }

        private void finishReal(Tensor y, Tensor bias, Tensor residual, int n) {
            for (int i = 0; i < y.size(); i++) {
                double v = y.getDouble(i);
                if (bias != null) {
                    v += bias.getDouble(i % n);
                }
                if (residual != null) {
                    v += residual.getDouble(i);
                }
                y.setDouble(i, FusedActivations.apply(activation, v));
            }
        }
    }
}
