package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedA;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Float32 ConvTranspose on {@link Sgemm} for a constant filter: per image and group,
 * {@code cols = W_g^T · X_g} with {@code W_g^T} ({@code M/group*taps x C/group}) packed once here, then col2im
 * adds every column entry into its output position, then the bias. Accumulates in float (the reference
 * {@link ConvTransposeKernel}, which accumulates in double, stays the oracle and the path for everything else).
 */
final class SgemmConvTransposeKernel implements Kernel {
    private final ConvTranspose op;
    private final Kernel reference;
    private final Sgemm sgemm;
    private final CpuThreadPool pool;
    private final int[] wDims;
    /** Groups whose GEMM views are kept (as {@link SgemmConvKernel}). */
    private static final int MEMO_GROUPS = 64;
    private final PackedA[] filters;
    /** The input and packed views handed to the GEMM, kept per group (see {@link OperandMemo}). */
    private final OperandMemo operands;
    /** Output shape and geometry for the last input shape. */
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();

    /** A {@link TileScatter} kept between runs (null while a run uses it). */
    private final AtomicReference<TileScatter> idleScatter = new AtomicReference<>();

    /**
     * What a run derives from X's shape: Y's shape, the geometry as 3-D, and whether it tiles the output
     * ({@link #tiles}).
     */
    private record Shapes(int[] yShape, ConvGeometry.Resolved g3, boolean tiles) {
    }

    private SgemmConvTransposeKernel(ConvTranspose op, Kernel reference, Sgemm sgemm, CpuThreadPool pool, Tensor w,
                                     float[] wf) {
        this.op = op;
        this.reference = reference;
        this.sgemm = sgemm;
        this.pool = pool;
        this.wDims = w.dims().clone();
        int group = op.group();
        int cg = w.dim(0) / group;
        int colRows = (int) (Tensor.elementCount(w.dims()) / w.dim(0));
        filters = new PackedA[group];
        operands = new OperandMemo(Math.min(group, MEMO_GROUPS));
        for (int g = 0; g < group; g++) {
            // A(j, c) = W[g*cg + c][j]: the group's filter read transposed.
            filters[g] = sgemm.packA(new Matrix(wf, g * cg * colRows, 1, colRows), colRows, cg);
        }
    }

    /** The fast kernel when the filter is a usable constant, else {@code reference}. */
    static Kernel create(ConvTranspose op, Kernel reference, CompileContext ctx) {
        Tensor w = ctx.constantInput(1);
        float[] wf = FloatConstants.forPacking(w);
        if (wf == null || w.rank() < 3 || w.dim(0) == 0 || w.dim(0) % op.group() != 0
                || Tensor.elementCount(w.dims()) == 0) {
            return reference;
        }
        return new SgemmConvTransposeKernel(op, reference, Sgemm.standard(), CpuCompileContext.threadPool(ctx), w, wf);
    }

    /** The packed filters stand for the constant W: the decoded tensor need not stay alive. */
    @Override
    public boolean readsConstantInput(int input) {
        return input != 1;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1); // null when the runtime dropped the constant filter we packed
        Tensor b = ctx.input(2);
        boolean fits = x.type() == DataType.FLOAT && (b == null || b.type() == DataType.FLOAT)
                && x.rank() == wDims.length && x.dim(1) == wDims[0];
        if (w == null && !fits) {
            throw new ExecutionException("ConvTranspose: X " + x.type() + Arrays.toString(x.dims())
                    + " does not fit W " + Arrays.toString(wDims) + (b == null ? "" : " and B " + b.type()));
        }
        if (!fits || (w != null && (w.type() != DataType.FLOAT || !Arrays.equals(w.dims(), wDims)))) {
            reference.execute(ctx);
            return;
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int group = op.group();
        int mg = wDims[1];
        int m = mg * group;
        ConvShapes.requireBiasSize("ConvTranspose", b, m);
        Shapes shapes = memo.get(x.dims(), null);
        if (shapes == null) {
            shapes = memo.put(x.dims(), null, shapes(x, m));
        }
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, shapes.yShape());
        ConvGeometry.Resolved g3 = shapes.g3();
        int cg = c / group;
        int inSize = g3.inSize();
        int outSize = g3.outSize();
        int colRows = mg * g3.kernelSize();
        float[] xd = x.floatData();
        float[] yd = y.floatData();
        float[] bd = b == null ? null : b.floatData();
        if (!shapes.tiles()) {
            Arrays.fill(yd, 0f);
        }
        if (inSize > 0 && outSize > 0) {
            float[] col = ctx.allocate(DataType.FLOAT, Math.multiplyExact(colRows, inSize)).floatData();
            float[] packBuf = ctx.allocate(DataType.FLOAT, sgemm.packedBSize(cg, inSize)).floatData();
            for (int img = 0; img < n; img++) {
                for (int gr = 0; gr < group; gr++) {
                    PackedB pb = sgemm.packB(operands.rowMajor(gr, xd, (img * c + gr * cg) * inSize, inSize),
                            operands.packedB(gr, sgemm, packBuf, 0, cg, inSize), pool);
                    sgemm.multiply(filters[gr], pb, col, 0, inSize, 1f, false, null, pool);
                    if (shapes.tiles()) {
                        scatterTiles(col, yd, (img * m + gr * mg) * outSize, bd, gr * mg, mg, g3);
                    } else {
                        col2im(col, yd, (img * m + gr * mg) * outSize, mg, g3);
                    }
                }
            }
        }
        if (bd != null && !shapes.tiles()) {
            for (int img = 0; img < n; img++) {
                for (int ch = 0; ch < m; ch++) {
                    int off = (img * m + ch) * outSize;
                    for (int i = 0; i < outSize; i++) {
                        yd[off + i] += bd[ch];
                    }
                }
            }
        }
    }

    /** The shapes of a run on {@code x} with {@code m} output channels. */
    private Shapes shapes(Tensor x, int m) {
        int[] kernel = ConvShapes.kernelOf("ConvTranspose", op.geometry(), wDims);
        ConvGeometry.Resolved g = ConvShapes.resolve("ConvTranspose",
                () -> op.resolve(ConvShapes.spatial(x), kernel));
        for (int o : g.out()) {
            if (o < 0) {
                throw new ExecutionException("ConvTranspose: negative output size " + Arrays.toString(g.out()));
            }
        }
        ConvGeometry.Resolved g3 = g.as3d();
        return new Shapes(ConvShapes.outputShape(x.dim(0), m, g), g3, tiles(g3));
    }

    /**
     * Whether the kernel windows tile the output: kernel equal to stride, no dilation, no padding, and an
     * output exactly {@code in * stride} on every axis (the usual learned 2x upsampling). Then every output
     * element receives exactly one column entry, so the columns can be written instead of added, with the
     * bias, and no zero fill; and the writes of different input rows never meet, so they split over threads.
     */
    static boolean tiles(ConvGeometry.Resolved g) {
        for (int a = 0; a < g.rank(); a++) {
            if (g.kernel()[a] != g.stride()[a] || g.dilation()[a] != 1 || g.padBegin()[a] != 0
                    || g.out()[a] != g.in()[a] * g.stride()[a]) {
                return false;
            }
        }
        return true;
    }

    /** Writes one group's columns into its {@code mg} output channels at {@code yOff} ({@link #tiles}). */
    private void scatterTiles(float[] col, float[] y, int yOff, float[] bias, int biasOff, int mg,
                              ConvGeometry.Resolved g) {
        TileScatter task = idleScatter.getAndSet(null);
        if (task == null) {
            task = new TileScatter();
        }
        task.set(col, y, yOff, bias, biasOff, g);
        try {
            int rows = mg * g.in()[0] * g.in()[1];
            pool.parallelRanges(rows, ParallelGrain.items((long) g.in()[2] * g.kernelSize(), ParallelGrain.CHEAP),
                    task);
        } finally {
            task.set(null, null, 0, null, 0, null);
            idleScatter.set(task);
        }
    }

    /**
     * The scatter of a tiling geometry over items (output channel, input depth, input row): item
     * {@code (ch, id, ih)} writes {@code y[ch][id*kd + a][ih*kh + b][iw*kw + c] = col[((ch*kd + a)*kh + b)*kw + c]
     * [id][ih][iw] + bias[ch]} for all taps {@code (a, b, c)} and columns {@code iw}. A reusable object rather
     * than a capturing lambda, so a steady-state run allocates nothing.
     */
    private static final class TileScatter implements CpuThreadPool.RangeBody {
        private float[] col;
        private float[] y;
        private int yOff;
        private float[] bias;
        private int biasOff;
        private ConvGeometry.Resolved g;

        void set(float[] col, float[] y, int yOff, float[] bias, int biasOff, ConvGeometry.Resolved g) {
            this.col = col;
            this.y = y;
            this.yOff = yOff;
            this.bias = bias;
            this.biasOff = biasOff;
            this.g = g;
        }

        @Override
        public void run(int from, int to) {
            int[] in = g.in();
            int[] k = g.kernel();
            int[] out = g.out();
            int inSize = g.inSize();
            int outSize = g.outSize();
            int rowsPerChannel = in[0] * in[1];
            int width = in[2];
            int kw = k[2];
            for (int item = from; item < to; item++) {
                int ch = item / rowsPerChannel;
                int id = item % rowsPerChannel / in[1];
                int ih = item % in[1];
                float bv = bias == null ? 0f : bias[biasOff + ch];
                int pixel = (id * in[1] + ih) * width;
                for (int a = 0; a < k[0]; a++) {
                    for (int b = 0; b < k[1]; b++) {
                        int dst = yOff + ch * outSize + ((id * k[0] + a) * out[1] + ih * k[1] + b) * out[2];
                        int src = ((ch * k[0] + a) * k[1] + b) * kw * inSize + pixel;
                        if (kw == 2) {
                            // The 2x upsampling: interleave two column rows.
                            for (int iw = 0; iw < width; iw++) {
                                y[dst + 2 * iw] = col[src + iw] + bv;
                                y[dst + 2 * iw + 1] = col[src + inSize + iw] + bv;
                            }
                        } else {
                            for (int iw = 0; iw < width; iw++) {
                                for (int c = 0; c < kw; c++) {
                                    y[dst + iw * kw + c] = col[src + c * inSize + iw] + bv;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds each column entry into its output position (the float twin of the reference's col2im). */
    private static void col2im(float[] col, float[] y, int yOff, int mg, ConvGeometry.Resolved g) {
        int width = g.in()[2];
        int outWidth = g.out()[2];
        int stride = g.stride()[2];
        ConvTransposeKernel.col2imRows(yOff, mg, g, (srcRow, dstRow, owOffset) -> {
            for (int iw = 0; iw < width; iw++) {
                int ow = iw * stride + owOffset;
                if (ow >= 0 && ow < outWidth) {
                    y[dstRow + ow] += col[srcRow + iw];
                }
            }
        });
    }

}
