package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedA;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.RowActivation;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Float32 Conv on {@link Sgemm}, for a constant filter: per image and group, {@code Y_g = W_g · col(X_g)} with
 * the filter {@code W_g} ({@code M/group x C/group*taps}) packed once here as the left operand and the bias as a
 * per-row epilogue. A 1x1, stride-1, unpadded convolution packs the input planes directly (the channel
 * dimension is K); any other geometry gathers the im2col matrix straight into the packed panels of B.
 * Other element types, non-constant filters and depthwise convolutions (one channel per group, where a GEMM
 * has K = taps and little to gain) run the reference {@link ConvKernel}, which stays the oracle.
 */
final class SgemmConvKernel implements Kernel {
    /**
     * The least K (input channels times taps) for which a conv with a residual runs {@link #narrow} when it could:
     * there the residual is added after the transposition back, a pass over the product and the residual after
     * the GEMM instead of inside its tiles. At K = 512 (ResNet-50's 7x7 1x1 convs, 2048 x 49 x 512) that cost
     * about 5% more than the plain product's tail tiles (thread CPU time, one thread); from K of a few thousand
     * (a 3x3 conv over 512 channels, K = 4608) the transposed product's full tiles gain 7-10% (GEMM probe).
     * Positions that the 7-row tile divides exactly run transposed at any K ({@link #exactSlivers}).
     */
    static final int RESIDUAL_TRANSPOSED_MIN_K = 2048;
    /** Groups whose per-call views are kept; a depthwise-like conv with more runs them afresh. */
    private static final int MEMO_GROUPS = 64;

    private final Conv op;
    private final Kernel reference;
    private final Sgemm sgemm;
    private final CpuThreadPool pool;
    private final int[] wDims;
    /** The filter of each group as a packed left operand, or null when the filter is computed at run time. */
    private final PackedA[] filters;
    /** Clamp and activation after bias (and residual), from a fused activation; {@link Epilogue#NONE} for none. */
    private final Epilogue fused;
    /** The input index of a residual added before {@link #fused}, or -1. */
    private final int residualInput;
    /**
     * Per group, {@link #fused} with the constant bias as row bias (built once, like {@link #filters}), or null
     * when the bias is absent or computed at run time.
     */
    private final Epilogue[] biasEpilogues;
    /**
     * Per group, {@link #fused} with the constant bias as column bias for {@link #narrow} (built once), or null
     * when the bias is absent or computed at run time.
     */
    private final Epilogue[] columnBiasEpilogues;
    /**
     * Per group, the constant bias alone as column bias, for {@link #narrow} with a residual (whose clamp and
     * activation wait until the residual is added after the transposition back); null like {@link #columnBiasEpilogues}.
     */
    private final Epilogue[] columnBiasOnly;
    /**
     * The constant bias, decoded once at creation into this kernel's own array (the initializer stays a view the
     * runtime may drop, see {@link #readsConstantInput}); null when absent, computed at run time or misfitting.
     */
    private final float[] constantBias;
    /** The views handed to the GEMM on every call, kept per group (see {@link OperandMemo}). */
    private final OperandMemo operands;
    /** Geometry, output shape and loop plan for the last input shape. */
    private final ShapeMemo<ConvKernel.Shapes> memo = new ShapeMemo<>();
    /** A {@link #product} task kept between runs (null while a run uses it). */
    private final java.util.concurrent.atomic.AtomicReference<FillAndMultiply> idleProduct =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** A {@link #gridProduct} task kept between runs (null while a run uses it). */
    private final java.util.concurrent.atomic.AtomicReference<GridPanels> idleGrid =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** A {@link #transposeBack} task kept between runs (null while a run uses it). */
    private final java.util.concurrent.atomic.AtomicReference<TransposeBack> idleTranspose =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** A {@link #groupedProduct} task kept between runs (null while a run uses it). */
    private final java.util.concurrent.atomic.AtomicReference<GroupPanels> idleGroups =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Per group, the last {@link #narrow} view of the gathered positions (see {@link #positions}). */
    private final PackedA[] positionViews;
    /** The padded grid of the last plan that ran on it (see {@link #phaseGrid}). */
    private volatile PhaseGrid lastGrid;
    /** {@link #filters} transposed as right operands, made on the first narrow run (see {@link #narrow}). */
    private volatile PackedB[] filtersT;
    /**
     * The input transform of a pre-activated convolution, or null: applied while packing the panels of a pointwise
     * product, else to a copy of X before the product.
     */
    private final InputTransform pre;

    private SgemmConvKernel(Conv op, Kernel reference, Sgemm sgemm, CpuThreadPool pool, int[] wDims, float[] wf,
                            float[] constantBias, Epilogue fused, int residualInput, InputTransform pre) {
        this.op = op;
        this.pre = pre;
        this.fused = fused;
        this.residualInput = residualInput;
        this.reference = reference;
        this.sgemm = sgemm;
        this.pool = pool;
        this.wDims = wDims.clone();
        this.filters = wf == null ? null : packFilters(wf);
        int mg = wDims[0] / op.group();
        this.constantBias = constantBias != null && constantBias.length == wDims[0] ? constantBias : null;
        if (this.constantBias != null) {
            biasEpilogues = new Epilogue[op.group()];
            columnBiasEpilogues = new Epilogue[op.group()];
            columnBiasOnly = new Epilogue[op.group()];
            for (int g = 0; g < biasEpilogues.length; g++) {
                biasEpilogues[g] = fused.withRowBias(constantBias, g * mg);
                columnBiasEpilogues[g] = fused.withColumnBias(constantBias, g * mg);
                columnBiasOnly[g] = Epilogue.NONE.withColumnBias(constantBias, g * mg);
            }
        } else {
            biasEpilogues = null;
            columnBiasEpilogues = null;
            columnBiasOnly = null;
        }
        operands = new OperandMemo(Math.min(op.group(), MEMO_GROUPS));
        positionViews = new PackedA[Math.min(op.group(), MEMO_GROUPS)];
    }

    /** Packs each group's {@code M/group x C/group*taps} block of the filter as a left operand. */
    private PackedA[] packFilters(float[] wf) {
        int group = op.group();
        int mg = wDims[0] / group;
        int rows = (int) (Tensor.elementCount(wDims) / Math.max(1, wDims[0]));
        PackedA[] packed = new PackedA[group];
        for (int g = 0; g < group; g++) {
            packed[g] = sgemm.packA(Matrix.rowMajor(wf, g * mg * rows, rows), mg, rows);
        }
        return packed;
    }

    /**
     * The fast kernel when the filter is a usable constant (packed here, once) or a float32 value of known
     * static shape computed at run time (packed on every run, e.g. weights made by ConstantOfShape); else
     * {@code reference}.
     */
    static Kernel create(Conv op, Kernel reference, CompileContext ctx) {
        return create(op, reference, ctx, Epilogue.NONE, -1);
    }

    /**
     * As {@link #create(Conv, Kernel, CompileContext)}, adding input {@code residualInput} (of the output's shape,
     * -1 for none) and then {@code fused}'s clamp and activation in the epilogue. {@code reference} must apply
     * them itself: it runs whenever the fast path does not.
     */
    static Kernel create(Conv op, Kernel reference, CompileContext ctx, Epilogue fused, int residualInput) {
        return create(op, reference, ctx, fused, residualInput, null);
    }

    /**
     * As {@link #create(Conv, Kernel, CompileContext, Epilogue, int)}, convolving {@code pre(X)} instead of X
     * ({@code pre} null for none); {@code reference} must apply the transform itself.
     */
    static Kernel create(Conv op, Kernel reference, CompileContext ctx, Epilogue fused, int residualInput,
                         InputTransform pre) {
        Kernel k = create(op, reference, ctx, fused, residualInput, pre, Sgemm.standard(),
                CpuCompileContext.threadPool(ctx));
        return k instanceof SgemmConvKernel s && residualInput < 0 && pre == null ? s.orSmallK(ctx) : k;
    }

    /**
     * {@link SmallKPointwiseConv} in front of this kernel for a pointwise conv with a constant filter, constant or
     * absent bias and few input or output channels ({@link SmallKPointwiseConv#applies}); else this kernel.
     */
    private Kernel orSmallK(CompileContext ctx) {
        SimdTier tier = SimdSupport.tier();
        boolean hasBias = ctx.node().inputs().size() > 2 && ctx.node().input(2) != null;
        if (filters == null || (hasBias && constantBias == null)
                || !SmallKPointwiseConv.applies(op, wDims, fused, tier)) {
            return this;
        }
        return new SmallKPointwiseConv(this, tier, pool, wDims[0], wDims[1],
                FloatConstants.forPacking(ctx.constantInput(1)), constantBias, fused);
    }

    /**
     * As {@link #create(Conv, Kernel, CompileContext, Epilogue, int, InputTransform)} on an explicit GEMM and pool
     * (tests run every tier's tile sizes through it, whatever this JVM's tier).
     */
    static Kernel create(Conv op, Kernel reference, CompileContext ctx, Epilogue fused, int residualInput,
                         InputTransform pre, Sgemm sgemm, CpuThreadPool pool) {
        Tensor w = ctx.constantInput(1);
        boolean constant = FloatConstants.isFloat(w);
        int[] dims = constant ? w.dims() : staticFloatShape(ctx.inputType(1));
        if (dims == null || dims.length < 3 || dims[0] == 0 || dims[0] % op.group() != 0
                || (dims[1] == 1 && dims[0] == op.group())) {
            return reference;
        }
        return new SgemmConvKernel(op, reference, sgemm, pool, dims,
                constant ? FloatConstants.forPacking(w) : null,
                FloatConstants.forPacking(ctx.constantInput(2)), fused, residualInput, pre);
    }

    /** The dims of a float32 tensor type whose shape is fully known, else null. */
    private static int[] staticFloatShape(ValueType type) {
        if (!(type instanceof ValueType.TensorType t) || t.elementType() != DataType.FLOAT || t.shape() == null
                || !t.shape().isStatic()) {
            return null;
        }
        return Tensor.toIntShape(t.shape().sizes());
    }

    /**
     * The packed filters stand for a constant W, and with them the kernel's copy of a constant B: neither tensor
     * need stay alive (a packed filter means the reference kernel, which would read them, never runs on its own).
     */
    @Override
    public boolean readsConstantInput(int input) {
        return switch (input) {
            case 1 -> filters == null;
            case 2 -> filters == null || constantBias == null;
            default -> true;
        };
    }

    /** Output 0 may go straight into a Concat's output (one block per image), when there is no residual. */
    @Override
    public boolean writesOutputRegion(int output) {
        return output == 0 && residualInput < 0;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.input(2);
        // The runtime dropped the constant filter or bias we took (see readsConstantInput): only the fast path can run.
        boolean dropped = w == null || (b == null && constantBias != null);
        if (dropped) {
            if ((w == null && filters == null) || x.type() != DataType.FLOAT || (b != null && b.type() != DataType.FLOAT)
                    || x.rank() != wDims.length
                    || (w != null && (w.type() != DataType.FLOAT || !Arrays.equals(w.dims(), wDims)))) {
                throw new ExecutionException("Conv: X " + x.type() + Arrays.toString(x.dims()) + " does not fit W "
                        + Arrays.toString(wDims) + (b == null ? "" : " and B " + b.type()));
            }
        } else if (x.type() != DataType.FLOAT || w.type() != DataType.FLOAT || (b != null && b.type() != DataType.FLOAT)
                || !Arrays.equals(w.dims(), wDims) || x.rank() != w.rank()) {
            reference.execute(ctx);
            return;
        }
        int n = x.dim(0);
        int m = wDims[0];
        int group = op.group();
        ConvKernel.Shapes shapes = ConvKernel.Shapes.of(memo, "Conv", op, x, wDims);
        ConvShapes.requireBiasSize("Conv", b, m);
        int[] yShape = shapes.yShape();
        Tensor r = residualInput < 0 ? null : ctx.input(residualInput);
        ConvKernel.Plan p = shapes.plan();
        if ((r != null && (r.type() != DataType.FLOAT || !Arrays.equals(r.dims(), yShape)))
                || (p.rows == 0 && (r != null || !fused.isIdentity()))) {
            if (w == null) {
                throw new ExecutionException("Conv: the residual input " + (r == null ? "is missing"
                        : r.type() + Arrays.toString(r.dims())) + " does not fit the output " + Arrays.toString(yShape));
            }
            reference.execute(ctx);
            return;
        }
        int outSize = p.outSize;
        // Written straight into a Concat's output when the runtime offers a region of one block per image.
        OutputRegion region = r == null ? ctx.outputRegion(0, DataType.FLOAT, yShape) : null;
        boolean perImage = region != null && region.blocks() == n && region.blockLength() == m * outSize;
        if (region != null && !perImage && (region.blocks() != 1 || region.blockLength() != n * m * outSize)) {
            region = null;
        }
        // The products write every element (a region is not zeroed either).
        Tensor y = region != null ? region.target() : ctx.allocateOutputUnzeroed(0, DataType.FLOAT, yShape);
        int yBase = region == null ? 0 : region.offset();
        int yImage = perImage ? region.blockStride() : m * outSize;
        if (n == 0 || outSize == 0 || p.mg == 0) {
            return;
        }
        float[] xd = x.floatData();
        float[] yd = y.floatData();
        float[] bias = constantBias != null ? constantBias : b == null ? null : b.floatData();
        int rows = p.rows;
        if (rows == 0) {
            // No input channels or taps: the output is the bias.
            for (int img = 0; img < n; img++) {
                for (int o = 0; o < m; o++) {
                    int off = yBase + img * yImage + o * outSize;
                    Arrays.fill(yd, off, off + outSize, bias == null ? 0f : bias[o]);
                }
            }
            return;
        }
        boolean narrowPath = filters != null && runsNarrow(p)
                && (r == null || p.rows >= RESIDUAL_TRANSPOSED_MIN_K || exactSlivers(p));
        boolean groupsAtOnce = !narrowPath && p.pointwise && group > 1 && group <= MEMO_GROUPS
                && Sgemm.threadsFor(2L * m * rows * outSize, pool) > 1;
        // The transform goes into the packing of a pointwise product's panels; other paths read a transformed copy.
        InputTransform packTransform = pre != null && p.pointwise && !narrowPath && !groupsAtOnce ? pre : null;
        if (pre != null && (x.rank() < 2 || x.dim(1) != pre.channels())) {
            throw new ExecutionException("FusedConv: the input transform has " + pre.channels()
                    + " channels, X is " + Arrays.toString(x.dims()));
        }
        if (pre != null && packTransform == null) {
            xd = transformedCopy(ctx, x);
        }
        if (narrowPath) {
            narrow(ctx, xd, yd, yBase, yImage, bias, r == null ? null : r.floatData(), p, n);
            return;
        }
        PackedA[] packedFilters = filters != null ? filters : packFilters(w.floatData());
        boolean grid = r == null && !p.pointwise && PhaseGrid.applies(p);
        int bSize = sgemm.packedBSize(rows, outSize);
        float[] packBuf = grid ? null : PackScratch.floats(ctx, groupsAtOnce ? group * bSize : bSize);
        for (int img = 0; img < n; img++) {
            if (groupsAtOnce) {
                groupedProduct(xd, yd, yBase + img * yImage, img, bias, r, p, packedFilters, packBuf, bSize);
                continue;
            }
            for (int gr = 0; gr < group; gr++) {
                int xOff = (img * group + gr) * p.cg * p.inSize;
                int yOff = yBase + img * yImage + gr * p.mg * outSize;
                if (grid) {
                    gridProduct(ctx, xd, xOff, yd, yOff, p, packedFilters[gr], groupEpilogue(gr, bias, null, 0, p), gr);
                    continue;
                }
                product(xd, xOff, yd, yOff, p, packedFilters[gr], groupEpilogue(gr, bias, r, yOff, p), packBuf, gr,
                        packTransform);
            }
        }
    }

    /** {@link #pre} applied to all of X, in a buffer of the run's pool. */
    private float[] transformedCopy(KernelContext ctx, Tensor x) {
        float[] t = ctx.allocate(DataType.FLOAT, x.dims()).floatData();
        pre.apply(x, t);
        return t;
    }

    /** The epilogue of group {@code gr}: {@link #fused} after its bias and the residual (null for none) at yOff. */
    private Epilogue groupEpilogue(int gr, float[] bias, Tensor r, int yOff, ConvKernel.Plan p) {
        Epilogue ep = bias == null ? fused
                : biasEpilogues != null ? biasEpilogues[gr] : fused.withRowBias(bias, gr * p.mg);
        return r == null ? ep : operands.withResidual(gr, ep, r.floatData(), yOff, p.outSize);
    }

    /**
     * All groups of one image of a pointwise grouped convolution (ShuffleNet's 1x1 convs) in one parallel
     * region: each task packs a range of one group's panels (every group into its own part of {@code packBuf})
     * and multiplies it at once. One small product per group would each be below the parallel threshold (a
     * ShuffleNet group is under 2 Mflop) and run on one thread, or fork and join once per group.
     */
    private void groupedProduct(float[] xd, float[] yd, int yImageOff, int img, float[] bias, Tensor r, ConvKernel.Plan p,
                                PackedA[] packedFilters, float[] packBuf, int bSize) {
        int group = p.group;
        int panels = (p.outSize + sgemm.nr() - 1) / sgemm.nr();
        long groupFlops = 2L * p.mg * p.rows * p.outSize;
        int threads = Sgemm.threadsFor(groupFlops * group, pool);
        int chunks = Sgemm.panelChunks(group, panels, threads, groupFlops);
        GroupPanels task = idleGroups.getAndSet(null);
        if (task == null || task.eps.length != group) {
            task = new GroupPanels(group);
        }
        for (int gr = 0; gr < group; gr++) {
            int xOff = (img * group + gr) * p.cg * p.inSize;
            int yOff = (img * group + gr) * p.mg * p.outSize;
            task.eps[gr] = groupEpilogue(gr, bias, r, yOff, p);
            task.planes[gr] = operands.rowMajor(gr, xd, xOff, p.inSize);
            task.pbs[gr] = operands.packedB(gr, sgemm, packBuf, gr * bSize, p.rows, p.outSize);
        }
        task.set(p, packBuf, bSize, packedFilters, yd, yImageOff, panels, chunks);
        try {
            pool.parallelSplit(group * chunks, group * chunks, task);
        } finally {
            task.clear();
            idleGroups.set(task);
        }
    }

    /**
     * The tasks of {@link #groupedProduct}: task {@code t} is panel range {@code t % chunks} of group
     * {@code t / chunks}. Reusable, as {@link FillAndMultiply}; the per-group arrays are sized once.
     */
    private final class GroupPanels implements CpuThreadPool.RangeBody {
        final Epilogue[] eps;
        final Matrix[] planes;
        final PackedB[] pbs;
        private ConvKernel.Plan p;
        private float[] packBuf;
        private int bSize;
        private PackedA[] filters;
        private float[] yd;
        private int yBase;
        private int panels;
        private int chunks;

        GroupPanels(int group) {
            eps = new Epilogue[group];
            planes = new Matrix[group];
            pbs = new PackedB[group];
        }

        void set(ConvKernel.Plan p, float[] packBuf, int bSize, PackedA[] filters, float[] yd, int yBase, int panels,
                 int chunks) {
            this.p = p;
            this.packBuf = packBuf;
            this.bSize = bSize;
            this.filters = filters;
            this.yd = yd;
            this.yBase = yBase;
            this.panels = panels;
            this.chunks = chunks;
        }

        void clear() {
            set(null, null, 0, null, null, 0, 0, 0);
            Arrays.fill(eps, null);
            Arrays.fill(planes, null);
            Arrays.fill(pbs, null);
        }

        @Override
        public void run(int t0, int t1) {
            for (int t = t0; t < t1; t++) {
                int gr = t / chunks;
                int c = t - gr * chunks;
                int j0 = (int) ((long) panels * c / chunks);
                int j1 = (int) ((long) panels * (c + 1) / chunks);
                sgemm.packBPanels(planes[gr], p.rows, p.outSize, packBuf, gr * bSize, j0, j1);
                sgemm.multiplyPanels(filters[gr], pbs[gr], j0, j1, yd, yBase + gr * p.mg * p.outSize, p.outSize, 1f,
                        false, eps[gr]);
            }
        }
    }

    /**
     * A 2-D convolution of one image and group on the padded grid ({@link PhaseGrid}): the input is copied once,
     * zero-padded and split into its stride phases, and the output is computed for {@code OH x Wq} positions, of
     * which the last {@code Wq - OW} of each row are discarded. On that grid the column matrix's row for
     * (channel, tap) is one contiguous run of the phase planes, so each NR-wide panel row is a plain block copy
     * instead of a gather cut at every output row and padding edge. The product (with the epilogue, which has no
     * residual here) goes to scratch, then the valid columns to Y.
     */
    private void gridProduct(KernelContext ctx, float[] xd, int xOff, float[] yd, int yOff, ConvKernel.Plan p,
                             PackedA filter, Epilogue ep, int gr) {
        PhaseGrid grid = phaseGrid(p);
        int nr = sgemm.nr();
        int gridN = grid.gridN;
        int panels = (gridN + nr - 1) / nr;
        int rows = p.rows;
        long flops = 2L * p.mg * rows * gridN;
        int threads = Sgemm.threadsFor(flops, pool);
        boolean packFirst = threads > 1 && (panels < 2 * threads || Sgemm.panelSplitUneven(panels, threads, flops));
        int chunks = threads > 1 && !packFirst ? Sgemm.panelChunks(1, panels, threads, flops) : 1;
        // In one region, each running task fills a few panels at a time into a slot of its own and multiplies
        // them there, so B and the product's grid columns stay in its L2 (B of a whole 224x224 grid is over
        // 100 MB, which went out to memory and back, and was zeroed by a fresh allocation on every run).
        // The slot holds the product's columns as well as B's: mg more floats per column.
        int step = Math.min(fillChunk(p, rows + p.mg), Math.ceilDiv(panels, chunks));
        // As many slots as tasks may run at once: the split may use all of the pool's threads.
        int slots = packFirst ? 0 : Math.min(pool.threads(), chunks);
        int slotSize = step * nr * (rows + p.mg);
        int padSize = grid.size(nr);
        int packSize = sgemm.packedBSize(rows, gridN);
        int work = packFirst ? packSize + p.mg * gridN : slots * slotSize;
        float[] buf = PackScratch.floats(ctx, padSize + work);
        GridPanels task = idleGrid.getAndSet(null);
        if (task == null) {
            task = new GridPanels();
        }
        task.set(p, xd, xOff, buf, grid, filter, padSize, step, slots, ep, yd, yOff, !packFirst);
        try {
            task.building = true;
            if (threads > 1) {
                // The padded copy (zeroing, then short row copies) splits at the grain of a cheap elementwise
                // pass: at 64K floats a range, the 115K of a 28x28 map over 128 channels (ResNet-50's and
                // DenseNet's 3x3 convs there) and the 65K of a 14x14 one over 256 ran on one thread.
                pool.parallelRanges(p.cg, ParallelGrain.items(grid.channelStride, ParallelGrain.CHEAP), task);
            } else {
                task.run(0, p.cg);
            }
            task.building = false;
            if (packFirst) {
                pool.parallelRanges(panels, Math.max(1, 32768 / Math.max(1, rows * nr)), task);
                int cOff = padSize + packSize;
                sgemm.multiply(filter, operands.packedB(gr, sgemm, buf, padSize, rows, gridN), buf, cOff, gridN, 1f,
                        false, ep, pool);
                keepValidColumns(buf, cOff, gridN, grid.wq, p.g.out(), yd, yOff, p, 0, gridN);
            } else {
                pool.parallelSplit(panels, chunks, task);
            }
        } finally {
            task.clear();
            idleGrid.set(task);
        }
    }

    /** The grid layout of {@code p}, kept while the shapes repeat. */
    private PhaseGrid phaseGrid(ConvKernel.Plan p) {
        PhaseGrid g = lastGrid;
        if (g == null || g.plan != p) {
            // Two first runs at once may both build it; either result is the same.
            g = PhaseGrid.of(p);
            lastGrid = g;
        }
        return g;
    }

    /**
     * One range of {@link #gridProduct}: while {@link #building}, channels of the padded grid; else panels, packed
     * from the grid and, unless the product is run as a whole after, multiplied in a slot of the buffer that no
     * other running task uses, their valid columns then copied to Y. A reusable object rather than capturing
     * lambdas, as {@link FillAndMultiply}.
     */
    private final class GridPanels implements CpuThreadPool.RangeBody {
        private ConvKernel.Plan p;
        private float[] xd;
        private int xOff;
        private float[] buf;
        private PhaseGrid grid;
        private PackedA filter;
        /** Where the work area starts (the grid is at 0): the whole packed B, or the slots. */
        private int workAt;
        private int step;
        private Epilogue ep;
        private float[] yd;
        private int yOff;
        private boolean multiply;
        boolean building;
        /** Per slot, 1 while a task uses it. At most as many tasks run at once as the pool has threads. */
        private AtomicIntegerArray busy = new AtomicIntegerArray(0);

        void set(ConvKernel.Plan p, float[] xd, int xOff, float[] buf, PhaseGrid grid, PackedA filter, int workAt,
                 int step, int slots, Epilogue ep, float[] yd, int yOff, boolean multiply) {
            this.p = p;
            this.xd = xd;
            this.xOff = xOff;
            this.buf = buf;
            this.grid = grid;
            this.filter = filter;
            this.workAt = workAt;
            this.step = step;
            this.ep = ep;
            this.yd = yd;
            this.yOff = yOff;
            this.multiply = multiply;
            if (busy.length() < slots) {
                busy = new AtomicIntegerArray(slots);
            }
        }

        void clear() {
            set(null, null, 0, null, null, null, 0, 0, 0, null, null, 0, false);
            building = false;
        }

        @Override
        public void run(int from, int to) {
            if (building) {
                grid.build(xd, xOff, buf, 0, sgemm.nr(), from, to);
            } else if (!multiply) {
                fill(from, to, workAt + from * p.rows * sgemm.nr());
            } else {
                int slot = claim();
                try {
                    multiplySteps(from, to, workAt + slot * step * sgemm.nr() * (p.rows + p.mg));
                } finally {
                    busy.set(slot, 0);
                }
            }
        }

        /** Panels {@code [jp0, jp1)}, {@link #step} at a time, through the slot at {@code at}: B, then C. */
        private void multiplySteps(int jp0, int jp1, int at) {
            int nr = sgemm.nr();
            int gridN = grid.gridN;
            int cAt = at + step * nr * p.rows;
            int ldc = step * nr;
            for (int c0 = jp0; c0 < jp1; c0 += step) {
                int c1 = Math.min(jp1, c0 + step);
                fill(c0, c1, at);
                // C's columns [c0*NR, c1*NR) at cAt: a virtual base that puts column c0*NR there.
                int cOff = cAt - c0 * nr;
                sgemm.multiplyPanels(filter, gridN, c0, c1, buf, at, buf, cOff, ldc, 1f, false, ep);
                keepValidColumns(buf, cOff, ldc, grid.wq, p.g.out(), yd, yOff, p, c0 * nr, Math.min(gridN, c1 * nr));
            }
        }

        private int claim() {
            while (true) {
                for (int s = 0; s < busy.length(); s++) {
                    if (busy.get(s) == 0 && busy.compareAndSet(s, 0, 1)) {
                        return s;
                    }
                }
                // Unreachable while tasks run on at most as many threads as there are slots.
                Thread.onSpinWait();
            }
        }

        /** Packs panels {@code [jp0, jp1)} from the grid, panel {@code jp0} at {@code at}. */
        private void fill(int jp0, int jp1, int at) {
            int nr = sgemm.nr();
            int rows = p.rows;
            int taps = p.taps;
            int[] tapOffset = grid.tapOffset;
            int channelStride = grid.channelStride;
            for (int jp = jp0; jp < jp1; jp++) {
                int base = at + (jp - jp0) * rows * nr;
                int q0 = jp * nr;
                for (int ch = 0; ch < p.cg; ch++) {
                    int src = ch * channelStride + q0;
                    int d = base + ch * taps * nr;
                    for (int tap = 0; tap < taps; tap++) {
                        sgemm.copyPanelRow(buf, src + tapOffset[tap], buf, d + tap * nr);
                    }
                }
            }
        }
    }

    /**
     * Panels to fill and then multiply at a time inside one task's range: few enough that the filled panels are
     * still in L2 when the product reads them (a whole 56x56 grid of a 3x3 conv over 64 channels is 7.5 MB of
     * B, which the fill would push out to L3 before the product came back for it), but each step streams the
     * whole packed filter through the product again, so at least as many panels as the filter is wide in
     * panel terms ({@code mg/NR}), twice that to keep the filter's share of the traffic at half B's.
     */
    private int fillChunk(ConvKernel.Plan p) {
        return fillChunk(p, p.rows);
    }

    /** As {@link #fillChunk(ConvKernel.Plan)} for a buffer of {@code floatsPerColumn} floats a column (B's, or more). */
    private int fillChunk(ConvKernel.Plan p, int floatsPerColumn) {
        int nr = sgemm.nr();
        int l2 = Math.max(1, Sgemm.B_BLOCK_BYTES / Math.max(1, floatsPerColumn * nr * Float.BYTES));
        return Math.max(l2, 2 * p.mg / nr);
    }

    /**
     * Copies grid positions {@code [q0, q1)} of the product (row stride {@code gridN}, grid rows {@code wp}
     * wide) that are real output positions (the first {@code OW} of each grid row) to Y.
     */
    private static void keepValidColumns(float[] buf, int cOff, int gridN, int wp, int[] out, float[] yd, int yOff,
                                         ConvKernel.Plan p, int q0, int q1) {
        int ow = out[2];
        for (int oh = q0 / wp; oh < out[1] && oh * wp < q1; oh++) {
            int lo = Math.max(q0, oh * wp);
            int hi = Math.min(q1, oh * wp + ow);
            if (hi <= lo) {
                continue;
            }
            for (int m = 0; m < p.mg; m++) {
                System.arraycopy(buf, cOff + m * gridN + lo, yd, yOff + m * p.outSize + oh * ow + lo - oh * wp, hi - lo);
            }
        }
    }

    /**
     * Whether to run the product transposed ({@link #narrow}): fewer output positions than NR, or between one and
     * two panels of them (N = 49, a 7x7 map: 32 + 17 columns, where the narrow and column tail tiles of the
     * second panel ran the whole product at about 70% of the full tiles' speed), with more output channels than
     * positions, so that the channels fill the NR-wide tiles instead.
     */
    private boolean runsNarrow(ConvKernel.Plan p) {
        int nr = sgemm.nr();
        return p.outSize < nr ? p.mg > p.outSize : p.outSize < 2 * nr && p.outSize % nr != 0 && p.mg >= 4 * nr
                || p.outSize <= MAX_GRID_SLIVER_POSITIONS && p.mg % nr == 0 && p.mg > 4 * nr && exactSlivers(p)
                && sliverGrid(p, sgemm.forRows(p.outSize).mr());
    }

    /**
     * The most output positions for which a non-pointwise conv whose positions the 7-row tile divides exactly runs
     * {@link #narrow} with its slivers copied from the padded grid ({@link #sliverGrid}), with more than 4*NR output
     * channels, a multiple of NR: a 14x14 map (196 positions, 28 slivers; BN-Inception's 3x3 convs at 14x14) instead
     * of the padded grid (224 positions computed for 196) or the gather (6 panels and a narrow tail). Light
     * BN-Inception, one thread, thread CPU time: 3% faster at 160 output channels, 5-7% at 192, 9% at 256; at 128
     * and fewer it was 2-7% slower (the transposition back and the sliver copy weigh more). Larger maps are
     * divided by 8 as well (28x28: 784), where the 7-row tile saves nothing.
     */
    static final int MAX_GRID_SLIVER_POSITIONS = 196;

    /**
     * Whether {@link #narrow}'s {@code mr}-row slivers can be copied from the padded grid ({@link PhaseGrid}): a
     * 2-D, non-pointwise conv whose output rows {@code mr} divides, so that a sliver's positions lie in one grid row
     * and each (channel, tap) row of it is one contiguous run of {@code mr} floats.
     */
    private static boolean sliverGrid(ConvKernel.Plan p, int mr) {
        ConvGeometry.Resolved g = p.g;
        return !p.pointwise && g.out()[0] == 1 && g.kernel()[0] == 1 && g.stride()[0] == 1 && mr > 0
                && g.out()[2] % mr == 0;
    }

    /**
     * Whether {@link #narrow} gathers the positions into slivers of a sibling GEMM whose MR divides them better
     * ({@link Sgemm#forRows}: 49 positions as 7 slivers of 7 on the 512-bit tier). There the transposed product
     * gains enough (about 15% on ResNet-50's 2048 x 49 x 512 GEMM, thread CPU time) to pay for a residual added in
     * the transposition back even below {@link #RESIDUAL_TRANSPOSED_MIN_K}.
     */
    private boolean exactSlivers(ConvKernel.Plan p) {
        return p.outSize >= sgemm.nr() && sgemm.forRows(p.outSize) != sgemm;
    }

    /**
     * Few output positions (see {@link #runsNarrow}): the NR-wide tiles of {@code W·col(X)} would be mostly
     * padding, so the product runs transposed, {@code Yᵀ = col(X)ᵀ·Wᵀ}, with the positions as the (few) rows and
     * the output channels as the columns, and is transposed back into Y. From NR positions on, they are gathered
     * straight into MR-row slivers of a {@link PackedA} (the layout of MR-wide B panels), so the product streams the
     * filter once; a last partial sliver is computed whole (49 positions: 6 slivers and one of 1 row, 14% more
     * FMAs, where reading that one row in place would stream the whole filter, megabytes, a second time). The
     * bias becomes a column bias; clamp and activation are elementwise, so they apply alike. A residual ({@code rd},
     * null for none) is in Y's layout, so with one the whole epilogue runs in the transposition back.
     */
    private void narrow(KernelContext ctx, float[] xd, float[] yd, int yBase, int yImage, float[] bias, float[] rd,
                        ConvKernel.Plan p, int n) {
        PackedB[] wT = transposedFilters();
        int outSize = p.outSize;
        int mg = p.mg;
        int rows = p.rows;
        // Fewer positions than NR: A row-major (the input itself when pointwise), read in place up to 4 rows.
        boolean rowMajor = outSize < sgemm.nr();
        // Gathered slivers: the MR that pads the fewest positions (49: 7 slivers of 7, not 6 of 8 and one of 1).
        Sgemm product = rowMajor ? sgemm : sgemm.forRows(outSize);
        int mr = product.mr();
        int slivers = (outSize + mr - 1) / mr;
        int cOff = !rowMajor ? slivers * mr * rows : p.pointwise ? 0 : outSize * rows;
        // Slivers copied from the padded grid, which lies after the product.
        PhaseGrid grid = !rowMajor && sliverGrid(p, mr) ? phaseGrid(p) : null;
        int gridAt = cOff + outSize * mg;
        float[] buf = PackScratch.floats(ctx, gridAt + (grid == null ? 0 : grid.size(mr)));
        for (int img = 0; img < n; img++) {
            for (int gr = 0; gr < p.group; gr++) {
                int xOff = (img * p.group + gr) * p.cg * p.inSize;
                int yOff = yBase + img * yImage + gr * mg * outSize;
                // With a residual (which is in Y's layout) the product adds the bias alone; the rest of the
                // epilogue waits for the transposition back.
                Epilogue ep = bias == null ? (rd != null ? null : fused)
                        : rd != null ? (columnBiasOnly != null ? columnBiasOnly[gr] : Epilogue.NONE.withColumnBias(bias, gr * mg))
                        : columnBiasEpilogues != null ? columnBiasEpilogues[gr] : fused.withColumnBias(bias, gr * mg);
                if (!rowMajor) {
                    if (grid != null) {
                        grid.build(xd, xOff, buf, gridAt, mr);
                        gridSlivers(grid, buf, gridAt, mr, 0, slivers);
                    } else {
                        gatherSlivers(xd, xOff, p, buf, mr, slivers);
                    }
                    product.multiply(positions(product, gr, buf, outSize, rows), wT[gr], buf, cOff, mg, 1f, false,
                            ep, pool);
                } else {
                    Matrix a;
                    if (p.pointwise) {
                        a = operands.matrix(gr, xd, xOff, 1, p.inSize);
                    } else {
                        gatherRows(xd, xOff, p, buf);
                        a = operands.rowMajor(gr, buf, 0, rows);
                    }
                    sgemm.multiply(a, wT[gr], buf, cOff, mg, outSize, 1f, false, ep, pool);
                }
                transposeBack(buf, cOff, mg, outSize, yd, yOff, rd);
            }
        }
    }

    /**
     * Channels per block of {@link #transposeBack}: the product's rows are {@code mg} floats apart (a power of two
     * times 4 bytes, often), so a walk down one channel's positions hits one L1 set per read and a walk along
     * one position's channels writes a line of every channel of Y; a block reads a line or two per position and
     * keeps 32 lines of Y open.
     */
    private static final int TRANSPOSE_BLOCK = 32;

    /**
     * Y's {@code mg x outSize} block at {@code yOff} from the transposed product ({@code outSize x mg} at
     * {@code cOff}), then the residual {@code rd} and the rest of {@link #fused} when {@code rd} is not null
     * ({@link #finishResidual}); in channel blocks split over the pool when the block is large.
     */
    private void transposeBack(float[] buf, int cOff, int mg, int outSize, float[] yd, int yOff, float[] rd) {
        int blocks = (mg + TRANSPOSE_BLOCK - 1) / TRANSPOSE_BLOCK;
        // A block per range is worth its hand-off from the grain of a cheap pass on: ResNet-50's 7x7 stage (2048 x
        // 49, 100K floats, with a residual) took some 0.1 ms on one thread after a parallel product, a fifth of
        // that node's 2-thread time.
        int minBlocks = ParallelGrain.items((long) TRANSPOSE_BLOCK * outSize, ParallelGrain.CHEAP);
        if (pool.threads() < 2 || blocks < 2 * minBlocks) {
            transposeBlocks(buf, cOff, mg, outSize, yd, yOff, rd, 0, blocks);
            return;
        }
        TransposeBack task = idleTranspose.getAndSet(null);
        if (task == null) {
            task = new TransposeBack();
        }
        task.set(buf, cOff, mg, outSize, yd, yOff, rd);
        try {
            pool.parallelRanges(blocks, minBlocks, task);
        } finally {
            task.set(null, 0, 0, 0, null, 0, null);
            idleTranspose.set(task);
        }
    }

    /** Channel blocks {@code [b0, b1)} of {@link #transposeBack}. */
    private void transposeBlocks(float[] buf, int cOff, int mg, int outSize, float[] yd, int yOff, float[] rd, int b0,
                                 int b1) {
        for (int m0 = b0 * TRANSPOSE_BLOCK; m0 < Math.min(mg, b1 * TRANSPOSE_BLOCK); m0 += TRANSPOSE_BLOCK) {
            int m1 = Math.min(mg, m0 + TRANSPOSE_BLOCK);
            for (int q = 0; q < outSize; q++) {
                int src = cOff + q * mg;
                for (int m = m0; m < m1; m++) {
                    yd[yOff + m * outSize + q] = buf[src + m];
                }
            }
            if (rd != null) {
                finishResidual(yd, yOff + m0 * outSize, (m1 - m0) * outSize, outSize, rd);
            }
        }
    }

    /** The channel blocks of one {@link #transposeBack}, reusable like {@link FillAndMultiply}. */
    private final class TransposeBack implements CpuThreadPool.RangeBody {
        private float[] buf;
        private int cOff;
        private int mg;
        private int outSize;
        private float[] yd;
        private int yOff;
        private float[] rd;

        void set(float[] buf, int cOff, int mg, int outSize, float[] yd, int yOff, float[] rd) {
            this.buf = buf;
            this.cOff = cOff;
            this.mg = mg;
            this.outSize = outSize;
            this.yd = yd;
            this.yOff = yOff;
            this.rd = rd;
        }

        @Override
        public void run(int from, int to) {
            transposeBlocks(buf, cOff, mg, outSize, yd, yOff, rd, from, to);
        }
    }

    /**
     * The rest of {@link #fused} over Y's block of {@code length} floats at {@code yOff} (rows of {@code outSize}),
     * once the product with its bias is transposed back: the residual {@code rd} (in Y's layout, at Y's offsets),
     * clamp, then the activation per row, in {@link Epilogue}'s order, as vector passes over the contiguous block
     * (element by element in the transposition, the residual cost as much as the 7-row product saved).
     */
    private void finishResidual(float[] yd, int yOff, int length, int outSize, float[] rd) {
        FloatPrimitives fp = PRIMITIVES;
        fp.binary(FloatPrimitives.Binary.ADD, yd, yOff, rd, yOff, yd, yOff, length);
        float lo = fused.lo();
        float hi = fused.hi();
        if (lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY) {
            fp.clip(yd, yOff, lo, hi, yd, yOff, length);
        }
        RowActivation act = fused.activation();
        for (int o = yOff; act != null && o < yOff + length; o += outSize) {
            act.apply(yd, o, outSize);
        }
    }

    /** The vector primitives of {@link #finishResidual}. */
    private static final FloatPrimitives PRIMITIVES = FloatPrimitives.preferred();

    /**
     * Copies {@link #narrow}'s slivers {@code [s0, s1)} of {@code mr} positions from the padded grid built at
     * {@code gridAt} in {@code buf} ({@link #sliverGrid}) to the start of {@code buf}: sliver row {@code ch*taps + tap}
     * is the run of the channel's grid at the tap's offset from the sliver's first position.
     */
    private static void gridSlivers(PhaseGrid grid, float[] buf, int gridAt, int mr, int s0, int s1) {
        ConvKernel.Plan p = grid.plan;
        int ow = p.g.out()[2];
        int[] tapOffset = grid.tapOffset;
        int taps = tapOffset.length;
        for (int sl = s0; sl < s1; sl++) {
            int q = sl * mr;
            int oh = q / ow;
            int at = gridAt + oh * grid.wq + q - oh * ow;
            int d = sl * mr * p.rows;
            for (int ch = 0; ch < p.cg; ch++, at += grid.channelStride) {
                for (int t = 0; t < taps; t++, d += mr) {
                    System.arraycopy(buf, at + tapOffset[t], buf, d, mr);
                }
            }
        }
    }

    /**
     * Gathers {@link #narrow}'s positions into {@code slivers} MR-row slivers from the start of {@code buf}, split
     * over the pool from some 64K floats on (as {@link #product}'s gather), so the serial part of a parallel
     * narrow product stays the transposition back.
     */
    private void gatherSlivers(float[] xd, int xOff, ConvKernel.Plan p, float[] buf, int mr, int slivers) {
        if ((long) p.rows * slivers * mr < 2 * 32768 || pool.threads() < 2) {
            gatherPanels(xd, xOff, p, buf, mr, 0, slivers);
            return;
        }
        FillAndMultiply task = idleProduct.getAndSet(null);
        if (task == null) {
            task = new FillAndMultiply();
        }
        task.set(xd, xOff, p, null, buf, null, null, null, 0, null, false, mr);
        try {
            pool.parallelRanges(slivers, 1, task);
        } finally {
            task.clear();
            idleProduct.set(task);
        }
    }

    /**
     * The packed view of {@link #narrow}'s gathered positions for {@code product}'s MR (one per output size, see
     * {@link Sgemm#forRows}), kept per group (see {@link OperandMemo}).
     */
    private PackedA positions(Sgemm product, int gr, float[] buf, int outSize, int rows) {
        PackedA[] kept = positionViews;
        PackedA a = gr < kept.length ? kept[gr] : null;
        if (a != null && a.isOn(buf) && a.rows() == outSize && a.cols() == rows) {
            return a;
        }
        a = product.packedA(buf, outSize, rows);
        if (gr < kept.length) {
            kept[gr] = a;
        }
        return a;
    }

    private PackedB[] transposedFilters() {
        PackedB[] t = filtersT;
        if (t == null) {
            // Two first runs at once may both build it; either result is the same.
            t = new PackedB[filters.length];
            for (int g = 0; g < t.length; g++) {
                t[g] = sgemm.transposedAsB(filters[g]);
            }
            filtersT = t;
        }
        return t;
    }

    /**
     * Writes the transposed column matrix of one image and group, {@code outSize x rows} row-major: row
     * {@code q} holds what output position {@code q} reads, channel by channel and tap by tap (zero in the
     * padding).
     */
    private static void gatherRows(float[] x, int xOff, ConvKernel.Plan p, float[] dst) {
        ConvGeometry.Resolved g = p.g;
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] st = g.stride();
        int[] dil = g.dilation();
        int[] pad = g.padBegin();
        int ohw = out[1] * out[2];
        int ihw = in[1] * in[2];
        for (int q = 0; q < p.outSize; q++) {
            int od = q / ohw;
            int rem = q - od * ohw;
            int oh = rem / out[2];
            int ow = rem - oh * out[2];
            int d = q * p.rows;
            for (int ch = 0; ch < p.cg; ch++) {
                for (int kd = 0; kd < k[0]; kd++) {
                    int id = od * st[0] - pad[0] + kd * dil[0];
                    for (int kh = 0; kh < k[1]; kh++) {
                        int ih = oh * st[1] - pad[1] + kh * dil[1];
                        boolean rowInside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1];
                        int rowOff = xOff + ch * p.inSize + id * ihw + ih * in[2];
                        for (int kw = 0; kw < k[2]; kw++) {
                            int iw = ow * st[2] - pad[2] + kw * dil[2];
                            dst[d++] = rowInside && iw >= 0 && iw < in[2] ? x[rowOff + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code Y = W·col(X)} for one image and group, B (the input planes of a pointwise convolution, else the
     * im2col matrix) produced straight into the packed panels of {@code packBuf}. With threads to spare and
     * enough panels, it is one parallel region over ranges of panels, each task producing its panels of B and
     * multiplying them at once (while they are in its cache, and with no second fork and join). With few
     * panels (late, small feature maps with many channels) B is produced first and the product split by rows
     * as well, for balance.
     */
    private void product(float[] xd, int xOff, float[] yd, int yOff, ConvKernel.Plan p, PackedA filter,
                         Epilogue ep, float[] packBuf, int gr, InputTransform packTransform) {
        int nr = sgemm.nr();
        int rows = p.rows;
        int outSize = p.outSize;
        int panels = (outSize + nr - 1) / nr;
        PackedB pb = operands.packedB(gr, sgemm, packBuf, 0, rows, outSize);
        Matrix planes = p.pointwise ? operands.rowMajor(gr, xd, xOff, p.inSize) : null;
        long flops = 2L * p.mg * rows * outSize;
        int threads = Sgemm.threadsFor(flops, pool);
        boolean fillFirst = threads > 1 && (panels < 2 * threads || Sgemm.panelSplitUneven(panels, threads, flops));
        FillAndMultiply task = idleProduct.getAndSet(null);
        if (task == null) {
            task = new FillAndMultiply();
        }
        task.set(xd, xOff, p, planes, packBuf, filter, pb, yd, yOff, ep, !fillFirst, nr);
        task.transform(packTransform, gr * p.cg);
        try {
            if (fillFirst) {
                // The gather is worth splitting from some 64K floats on (a few tens of microseconds).
                if ((long) rows * outSize < 2 * 32768) {
                    task.run(0, panels);
                } else {
                    pool.parallelRanges(panels, 1, task);
                }
                sgemm.multiply(filter, pb, yd, yOff, outSize, 1f, false, ep, pool);
            } else {
                pool.parallelSplit(panels, threads > 1 ? Sgemm.panelChunks(1, panels, threads, flops) : 1, task);
            }
        } finally {
            task.clear();
            idleProduct.set(task);
        }
    }

    /**
     * One panel range of {@link #product}: fill, then multiply (unless the product is run as a whole after); also
     * {@link #narrow}'s gather alone (MR-wide panels). A reusable object rather than a capturing
     * lambda, so a steady-state run allocates nothing here; the kernel keeps one idle (concurrent runs of the
     * kernel that find none make their own).
     */
    private final class FillAndMultiply implements CpuThreadPool.RangeBody {
        private float[] xd;
        private int xOff;
        private ConvKernel.Plan p;
        private Matrix planes;
        private float[] packBuf;
        private PackedA filter;
        private PackedB pb;
        private float[] yd;
        private int yOff;
        private Epilogue ep;
        private boolean multiply;
        /** The panel width: NR, or MR for {@link #narrow}'s slivers of positions (gathered only). */
        private int width;
        /** Applied while packing the input planes (null for none); its channels start at {@link #channel0}. */
        private InputTransform pre;
        private int channel0;

        void transform(InputTransform pre, int channel0) {
            this.pre = pre;
            this.channel0 = channel0;
        }

        void set(float[] xd, int xOff, ConvKernel.Plan p, Matrix planes, float[] packBuf, PackedA filter, PackedB pb,
                 float[] yd, int yOff, Epilogue ep, boolean multiply, int width) {
            this.multiply = multiply;
            this.width = width;
            this.xd = xd;
            this.xOff = xOff;
            this.p = p;
            this.planes = planes;
            this.packBuf = packBuf;
            this.filter = filter;
            this.pb = pb;
            this.yd = yd;
            this.yOff = yOff;
            this.ep = ep;
        }

        void clear() {
            set(null, 0, null, null, null, null, null, null, 0, null, false, 0);
            transform(null, 0);
        }

        @Override
        public void run(int p0, int p1) {
            int step = multiply ? fillChunk(p) : p1 - p0;
            for (int c0 = p0; c0 < p1; c0 += step) {
                int c1 = Math.min(p1, c0 + step);
                if (planes != null && pre != null) {
                    pre.packPanels(xd, xOff, channel0, p.rows, p.outSize, sgemm.nr(), packBuf, 0, c0, c1);
                } else if (planes != null) {
                    sgemm.packBPanels(planes, p.rows, p.outSize, packBuf, 0, c0, c1);
                } else {
                    gatherPanels(xd, xOff, p, packBuf, width, c0, c1);
                }
                if (multiply) {
                    sgemm.multiplyPanels(filter, pb, c0, c1, yd, yOff, p.outSize, 1f, false, ep);
                }
            }
        }
    }

    /**
     * Fills panels {@code [jp0, jp1)}: panel row {@code ch*taps + tap} holds channel {@code ch} under that kernel
     * tap for the panel's output positions, zero where the tap is in the padding or past the last position.
     * A panel's positions are cut into runs along the output's last axis; in a run the input row is fixed and
     * the valid taps form one interval, so the inner loop is a strided copy without per-element tests.
     */
    private static void gatherPanels(float[] x, int xOff, ConvKernel.Plan p, float[] dst, int nr, int jp0, int jp1) {
        ConvGeometry.Resolved g = p.g;
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] st = g.stride();
        int[] dil = g.dilation();
        int[] pad = g.padBegin();
        int ohw = out[1] * out[2];
        int ihw = in[1] * in[2];
        int taps = p.taps;
        int rows = p.rows;
        for (int jp = jp0; jp < jp1; jp++) {
            int q0 = jp * nr;
            int w = Math.min(nr, p.outSize - q0);
            int base = jp * rows * nr;
            if (w < nr) {
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(dst, base + r * nr + w, base + (r + 1) * nr, 0f);
                }
            }
            for (int q = q0; q < q0 + w; ) {
                int od = q / ohw;
                int rem = q - od * ohw;
                int oh = rem / out[2];
                int ow0 = rem - oh * out[2];
                int run = Math.min(out[2] - ow0, q0 + w - q);
                int col = q - q0;
                int tap = 0;
                for (int kd = 0; kd < k[0]; kd++) {
                    int id = od * st[0] - pad[0] + kd * dil[0];
                    for (int kh = 0; kh < k[1]; kh++) {
                        int ih = oh * st[1] - pad[1] + kh * dil[1];
                        boolean rowInside = id >= 0 && id < in[0] && ih >= 0 && ih < in[1];
                        for (int kw = 0; kw < k[2]; kw++, tap++) {
                            int start = ow0 * st[2] - pad[2] + kw * dil[2];
                            int lo = 0;
                            int hi = 0;
                            if (rowInside) {
                                lo = start >= 0 ? 0 : Math.min(run, Math.ceilDiv(-start, st[2]));
                                hi = start >= in[2] ? lo : Math.max(lo, Math.min(run, Math.ceilDiv(in[2] - start, st[2])));
                            }
                            int rowOff = xOff + id * ihw + ih * in[2] + start;
                            for (int ch = 0; ch < p.cg; ch++) {
                                int d = base + (ch * taps + tap) * nr + col;
                                int sOff = rowOff + ch * p.inSize;
                                copyRun(x, sOff, st[2], dst, d, lo, hi, run);
                            }
                        }
                    }
                }
                q += run;
            }
        }
    }

    /** {@code dst[d + j] = x[s + j*stride]} for {@code lo <= j < hi}, zero for the rest of {@code [0, run)}. */
    private static void copyRun(float[] x, int s, int stride, float[] dst, int d, int lo, int hi, int run) {
        for (int j = 0; j < lo; j++) {
            dst[d + j] = 0f;
        }
        if (hi <= lo) {
            // Nothing inside: the source offset may not even be valid.
            hi = lo;
        } else if (stride == 1) {
            // Runs are short (at most NR): a plain loop beats System.arraycopy's call overhead.
            for (int j = lo; j < hi; j++) {
                dst[d + j] = x[s + j];
            }
        } else if (stride == 2) {
            // Every other element: two vector loads and one two-source permute per NR positions, against one
            // scalar load and store each (the first convolution of most vision models is a stride-2 one).
            PRIMITIVES.copyEven(x, s + 2 * lo, dst, d + lo, hi - lo);
        } else {
            for (int j = lo; j < hi; j++) {
                dst[d + j] = x[s + j * stride];
            }
        }
        for (int j = hi; j < run; j++) {
            dst[d + j] = 0f;
        }
    }
}
