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

    /** What a run derives from X's shape: Y's shape and the geometry as 3-D. */
    private record Shapes(int[] yShape, ConvGeometry.Resolved g3) {
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
        Arrays.fill(yd, 0f);
        if (inSize > 0 && outSize > 0) {
            float[] col = ctx.allocate(DataType.FLOAT, Math.multiplyExact(colRows, inSize)).floatData();
            float[] packBuf = ctx.allocate(DataType.FLOAT, sgemm.packedBSize(cg, inSize)).floatData();
            for (int img = 0; img < n; img++) {
                for (int gr = 0; gr < group; gr++) {
                    PackedB pb = sgemm.packB(operands.rowMajor(gr, xd, (img * c + gr * cg) * inSize, inSize),
                            operands.packedB(gr, sgemm, packBuf, 0, cg, inSize), pool);
                    sgemm.multiply(filters[gr], pb, col, 0, inSize, 1f, false, null, pool);
                    col2im(col, yd, (img * m + gr * mg) * outSize, mg, g3);
                }
            }
        }
        if (b != null) {
            float[] bd = b.floatData();
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
        return new Shapes(ConvShapes.outputShape(x.dim(0), m, g), g.as3d());
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
