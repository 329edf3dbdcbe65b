package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedA;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Conv;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A float32 pointwise (1x1, unit strides, no padding) grouped convolution with a constant filter: per image and
 * group, {@code Y_g = W_g · X_g} on {@link Sgemm}. When its output channels are shuffled ({@code FusedConv}'s
 * {@code output_shuffle} with G equal to the group count, ShuffleNet's first convolution of each unit), row
 * {@code i} of group {@code g} is written to output channel {@code i*G + g}, i.e. the product's C has a row stride
 * of G planes and starts at plane g. The shuffle thus costs nothing, where the Reshape-Transpose-Reshape it
 * replaces copied the whole tensor. Unshuffled, row {@code i} of group {@code g} is channel {@code g*M/G + i}, with
 * an optional residual (ShuffleNet's second convolution of each unit, with its Sum and Relu). All groups of an
 * image run in one parallel region whose tasks each pack a range of one group's panels and multiply it at once.
 * Bias, residual and activation go to the epilogue. Anything else runs {@code general}.
 *
 * <p>A group's rows that leave a short last sliver (34 rows at MR 8: 32 + 2, 68 as 64 + 4) go as MR-row slivers
 * plus a few-rows product over the same panels, A read in place ({@link Sgemm#multiplyFewRowsPanels}): the short
 * sliver as a whole tile cost as much as a full one plus a copy through a scratch tile, 20% of a 34 x 34 x 784
 * group product.
 */
final class GroupedPointwiseConvKernel implements Kernel {
    /** The most groups handled (one kept view per group). */
    static final int MAX_GROUPS = 64;

    private final Conv op;
    private final Kernel general;
    private final Sgemm sgemm;
    private final CpuThreadPool pool;
    private final int[] wDims;
    /** Whether output channels are shuffled (row i of group g to channel i*G + g). */
    private final boolean shuffled;
    /** The input index of a residual of Y's shape added before the activation, or -1. */
    private final int residualInput;
    /** Per group: the packed filter rows {@code [0, packedRows)}, or null when there are none. */
    private final PackedA[] filters;
    /** Per group: the activation after the group's slice of the constant bias. */
    private final Epilogue[] epilogues;
    /** Rows of each group in {@link #filters}: whole MR-row slivers, or all rows. */
    private final int packedRows;
    /** Per group: its last {@code mg - packedRows} filter rows, row-major (null when there are none). */
    private final Matrix[] restRows;
    /** Per group: {@link #epilogues}' counterpart for {@link #restRows}, bias from row {@link #packedRows}. */
    private final Epilogue[] restEpilogues;
    private final OperandMemo operands;
    private final ShapeMemo<ConvKernel.Shapes> memo = new ShapeMemo<>();
    private final AtomicReference<Tasks> idle = new AtomicReference<>();

    /**
     * @param w    the filter, {@code wDims}, 1x1 (not kept: packed here)
     * @param bias the constant bias of {@code wDims[0]} values (kept), or null
     */
    GroupedPointwiseConvKernel(Conv op, Kernel general, Sgemm sgemm, CpuThreadPool pool, int[] wDims, float[] w,
                               float[] bias, Epilogue fused) {
        this(op, general, sgemm, pool, wDims, w, bias, fused, true, -1);
    }

    /**
     * @param shuffled      whether the output channels are shuffled in G groups
     * @param residualInput the input index of a residual of Y's shape, or -1
     */
    GroupedPointwiseConvKernel(Conv op, Kernel general, Sgemm sgemm, CpuThreadPool pool, int[] wDims, float[] w,
                               float[] bias, Epilogue fused, boolean shuffled, int residualInput) {
        this.op = op;
        this.shuffled = shuffled;
        this.residualInput = residualInput;
        this.general = general;
        this.sgemm = sgemm;
        this.pool = pool;
        this.wDims = wDims.clone();
        int group = op.group();
        int mg = wDims[0] / group;
        int k = wDims[1];
        int rest = mg % sgemm.mr() <= Sgemm.fewRowsLimit() ? mg % sgemm.mr() : 0;
        packedRows = mg - rest;
        filters = new PackedA[group];
        epilogues = new Epilogue[group];
        restRows = new Matrix[group];
        restEpilogues = new Epilogue[group];
        for (int g = 0; g < group; g++) {
            if (packedRows > 0) {
                filters[g] = sgemm.packA(Matrix.rowMajor(w, g * mg * k, k), packedRows, k);
            }
            epilogues[g] = bias == null ? fused : fused.withRowBias(bias, g * mg);
            if (rest > 0) {
                int from = (g * mg + packedRows) * k;
                restRows[g] = Matrix.rowMajor(Arrays.copyOfRange(w, from, from + rest * k), 0, k);
                restEpilogues[g] = bias == null ? fused : fused.withRowBias(bias, g * mg + packedRows);
            }
        }
        // Slots g: group g's operands and the residual of its slivers; slots G + g: the residual of its rest rows.
        operands = new OperandMemo(2 * group);
    }

    /**
     * This kernel for a shuffled ({@code shuffle} == group) pointwise grouped Conv with a constant float32 filter,
     * a constant or absent bias and no residual or input transform (the caller checks those inputs), at a vector
     * tier; else null.
     */
    static Kernel create(Conv op, int shuffle, CompileContext ctx, Epilogue fused, Kernel general) {
        return shuffle == op.group() ? create(op, shuffle, -1, ctx, fused, general) : null;
    }

    /**
     * This kernel for a pointwise grouped Conv with a constant float32 filter and a constant or absent bias,
     * its output channels shuffled in {@code shuffle} (== group) groups or not ({@code shuffle} 0), adding input
     * {@code residualInput} (-1 for none) before the activation; no input transform (the caller checks). At a
     * vector tier; else null.
     */
    static Kernel create(Conv op, int shuffle, int residualInput, CompileContext ctx, Epilogue fused,
                         Kernel general) {
        Tensor w = ctx.constantInput(1);
        int group = op.group();
        if (SimdSupport.tier() == SimdTier.SCALAR || (shuffle != group && shuffle != 0) || group < 2
                || group > MAX_GROUPS
                || !FloatConstants.isFloat(w) || w.rank() < 3 || w.dim(0) % group != 0 || !ConvShapes.pointwise(op.geometry(), w.dims())) {
            return null;
        }
        boolean hasBias = ctx.node().inputs().size() > 2 && ctx.node().input(2) != null;
        float[] bias = hasBias ? FloatConstants.forPacking(ctx.constantInput(2)) : null;
        if (hasBias && (bias == null || bias.length != w.dim(0))) {
            return null;
        }
        return new GroupedPointwiseConvKernel(op, general, Sgemm.standard(), CpuCompileContext.threadPool(ctx),
                w.dims(), FloatConstants.forPacking(w), bias, fused, shuffle != 0, residualInput);
    }

    /** The packed filter and the kernel's copy of the bias stand for W and B: neither need stay alive. */
    @Override
    public boolean readsConstantInput(int input) {
        return input != 1 && input != 2;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        if (x.type() != DataType.FLOAT || x.rank() != wDims.length
                || (w != null && (w.type() != DataType.FLOAT || !Arrays.equals(w.dims(), wDims)))) {
            if (w == null) {
                throw new ExecutionException("Conv: X " + x.type() + Arrays.toString(x.dims())
                        + " does not fit the packed filter " + Arrays.toString(wDims));
            }
            general.execute(ctx);
            return;
        }
        ConvKernel.Shapes shapes = ConvKernel.Shapes.of(memo, "Conv", op, x, wDims);
        ConvKernel.Plan p = shapes.plan();
        Tensor r = residualInput < 0 ? null : ctx.input(residualInput);
        if (r != null && (r.type() != DataType.FLOAT || !Arrays.equals(r.dims(), shapes.yShape()))) {
            throw new ExecutionException("Conv: the residual " + r.type() + Arrays.toString(r.dims())
                    + " does not fit the output " + Arrays.toString(shapes.yShape()));
        }
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, shapes.yShape());
        int n = x.dim(0);
        if (n == 0 || p.outSize == 0 || p.mg == 0) {
            return;
        }
        if (p.cg == 0) {
            throw new ExecutionException("Conv: no input channels per group, X " + Arrays.toString(x.dims()));
        }
        int group = p.group;
        int panels = (p.outSize + sgemm.nr() - 1) / sgemm.nr();
        long groupFlops = 2L * p.mg * p.cg * p.outSize;
        int threads = Sgemm.threadsFor(groupFlops * group, pool);
        int chunks = threads > 1 ? Sgemm.panelChunks(group, panels, threads, groupFlops) : 1;
        int bSize = sgemm.packedBSize(p.cg, p.outSize);
        float[] packBuf = PackScratch.floats(ctx, group * bSize);
        float[] xd = x.floatData();
        float[] rd = r == null ? null : r.floatData();
        // Row i of group g at C[cOff + i * ldc]: G planes apart from plane g (shuffled), or from plane g * mg.
        int ldc = shuffled ? group * p.outSize : p.outSize;
        Tasks task = idle.getAndSet(null);
        if (task == null) {
            task = new Tasks(group);
        }
        try {
            for (int img = 0; img < n; img++) {
                int yImage = img * group * p.mg * p.outSize;
                for (int g = 0; g < group; g++) {
                    task.planes[g] = operands.rowMajor(g, xd, (img * group + g) * p.cg * p.inSize, p.inSize);
                    task.pbs[g] = operands.packedB(g, sgemm, packBuf, g * bSize, p.cg, p.outSize);
                    int cOff = yImage + g * (shuffled ? p.outSize : p.mg * p.outSize);
                    task.cOffs[g] = cOff;
                    task.eps[g] = rd == null ? epilogues[g]
                            : operands.withResidual(g, epilogues[g], rd, cOff, ldc);
                    if (restRows[g] != null) {
                        task.restEps[g] = rd == null ? restEpilogues[g]
                                : operands.withResidual(group + g, restEpilogues[g], rd, cOff + packedRows * ldc, ldc);
                    }
                }
                task.set(p, packBuf, bSize, y.floatData(), ldc, panels, chunks);
                if (chunks == 1 && threads <= 1) {
                    task.run(0, group);
                } else {
                    pool.parallelSplit(group * chunks, group * chunks, task);
                }
            }
        } finally {
            task.clear();
            idle.set(task);
        }
    }

    /**
     * The tasks of one image: task {@code t} packs and multiplies panel range {@code t % chunks} of group
     * {@code t / chunks}, writing the group's rows {@code ldc} apart from {@code cOffs[g]}. Reused between runs.
     */
    private final class Tasks implements CpuThreadPool.RangeBody {
        final Matrix[] planes;
        final PackedB[] pbs;
        /** Per group: where its row 0 starts in Y. */
        final int[] cOffs;
        /** Per group: the epilogue of its slivers and of its rest rows, residual included. */
        final Epilogue[] eps;
        final Epilogue[] restEps;
        private ConvKernel.Plan p;
        private float[] packBuf;
        private int bSize;
        private float[] yd;
        private int ldc;
        private int panels;
        private int chunks;

        Tasks(int group) {
            planes = new Matrix[group];
            pbs = new PackedB[group];
            cOffs = new int[group];
            eps = new Epilogue[group];
            restEps = new Epilogue[group];
        }

        void set(ConvKernel.Plan p, float[] packBuf, int bSize, float[] yd, int ldc, int panels, int chunks) {
            this.p = p;
            this.packBuf = packBuf;
            this.bSize = bSize;
            this.yd = yd;
            this.ldc = ldc;
            this.panels = panels;
            this.chunks = chunks;
        }

        void clear() {
            set(null, null, 0, null, 0, 0, 0);
            Arrays.fill(planes, null);
            Arrays.fill(pbs, null);
            Arrays.fill(eps, null);
            Arrays.fill(restEps, null);
        }

        @Override
        public void run(int t0, int t1) {
            for (int t = t0; t < t1; t++) {
                int g = t / chunks;
                int c = t - g * chunks;
                int j0 = (int) ((long) panels * c / chunks);
                int j1 = (int) ((long) panels * (c + 1) / chunks);
                sgemm.packBPanels(planes[g], p.cg, p.outSize, packBuf, g * bSize, j0, j1);
                int cOff = cOffs[g];
                if (filters[g] != null) {
                    sgemm.multiplyPanels(filters[g], pbs[g], j0, j1, yd, cOff, ldc, 1f, false, eps[g]);
                }
                if (restRows[g] != null) {
                    sgemm.multiplyFewRowsPanels(restRows[g], p.mg - packedRows, pbs[g], j0, j1, yd,
                            cOff + packedRows * ldc, ldc, 1f, false, restEps[g]);
                }
            }
        }
    }
}
