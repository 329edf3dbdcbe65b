package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * Conv by im2col + matrix product, per image and group. 1-D and 2-D problems are lifted to 3-D
 * (leading size-1 axes) so one loop nest serves all ranks. Output positions are processed in blocks
 * so that the column block being multiplied stays in cache. Float accumulates in float, double in
 * double.
 */
final class ConvKernel implements Kernel {
    /** Output positions per column block. */
    static final int BLOCK = 256;

    private final Conv op;
    private final ShapeMemo<Shapes> memo = new ShapeMemo<>();

    ConvKernel(Conv op) {
        this.op = op;
    }

    /**
     * The float32 path runs on {@link SgemmConvKernel} when SIMD is available and the filter is constant; this
     * class is its oracle and the path for everything else.
     */
    static Kernel create(Conv op, CompileContext ctx) {
        Kernel general = SimdSupport.tier() == SimdTier.SCALAR
                ? new ConvKernel(op) : SgemmConvKernel.create(op, new ConvKernel(op), ctx);
        general = DirectConvKernel.orGeneral(op, general, ctx);
        return DepthwiseConvKernel.orGeneral(op, general, ctx);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        Tensor b = ctx.input(2);
        ConvShapes.requireRanks("Conv", x, w);
        ConvShapes.requireOneType("Conv", x, w, b);
        ConvShapes.requireBiasSize("Conv", b, w.dim(0));
        Shapes shapes = Shapes.of(memo, "Conv", op, x, w);
        Tensor y = ctx.allocateOutput(0, x.type(), shapes.yShape());
        Plan p = shapes.plan();
        int n = x.dim(0);
        switch (x.type()) {
            case FLOAT -> p.runFloat(x.floatData(), w.floatData(), b == null ? null : b.floatData(), y.floatData(), n,
                    p.pointwise ? null : ctx.allocate(DataType.FLOAT, p.columnBlockSize()).floatData());
            case DOUBLE -> p.runDouble(x.doubleData(), w.doubleData(), b == null ? null : b.doubleData(), y.doubleData(),
                    n, p.pointwise ? null : ctx.allocate(DataType.DOUBLE, p.columnBlockSize()).doubleData());
            default -> throw new ExecutionException("Conv: element type " + x.type() + " is not supported");
        }
    }

    /**
     * What a Conv run derives from the shapes of X and W, checked: the output shape and the loop plan. Kept in
     * a {@link ShapeMemo} by the kernels, so runs with repeating shapes redo none of it.
     */
    record Shapes(int[] yShape, Plan plan) {
        /** The shapes for {@code x} and {@code w}: {@code memo}'s when they repeat, else computed and remembered. */
        static Shapes of(ShapeMemo<Shapes> memo, String opName, Conv op, Tensor x, Tensor w) {
            return of(memo, opName, op, x, w.dims());
        }

        /** As {@link #of(ShapeMemo, String, Conv, Tensor, Tensor)} from W's dims (W itself may be dropped). */
        static Shapes of(ShapeMemo<Shapes> memo, String opName, Conv op, Tensor x, int[] wDims) {
            Shapes s = memo.get(x.dims(), wDims);
            return s != null ? s : memo.put(x.dims(), wDims, compute(opName, op, x, wDims));
        }

        private static Shapes compute(String opName, Conv op, Tensor x, int[] wDims) {
            int c = x.dim(1);
            int m = wDims[0];
            int group = op.group();
            if (c % group != 0 || m % group != 0 || wDims[1] != c / group) {
                throw new ExecutionException(opName + ": X has " + c + " channels and W " + Arrays.toString(wDims)
                        + ", which does not fit group=" + group);
            }
            int[] kernel = ConvShapes.kernelOf(opName, op.geometry(), wDims);
            ConvGeometry.Resolved g = ConvShapes.resolve(opName,
                    () -> op.geometry().resolve(ConvShapes.spatial(x), kernel, false));
            return new Shapes(ConvShapes.outputShape(x.dim(0), m, g), new Plan(g.as3d(), c / group, m / group, group));
        }
    }

    /** The loop bounds of one Conv run (shared with {@link SgemmConvKernel}). */
    static final class Plan {
        final ConvGeometry.Resolved g;
        final int cg;
        final int mg;
        final int group;
        final int inSize;
        final int outSize;
        final int taps;
        final int rows;
        /** 1x1 kernel, unit strides, no padding: the input already is the column matrix. */
        final boolean pointwise;
        /** The {@link #sourceTable}, once built. */
        private volatile int[] table;

        Plan(ConvGeometry.Resolved g, int cg, int mg, int group) {
            this.g = g;
            this.cg = cg;
            this.mg = mg;
            this.group = group;
            this.inSize = g.inSize();
            this.outSize = g.outSize();
            this.taps = g.kernelSize();
            this.rows = cg * taps;
            boolean pw = taps == 1;
            for (int i = 0; i < 3; i++) {
                pw &= g.stride()[i] == 1 && g.padBegin()[i] == 0 && g.padEnd()[i] == 0;
            }
            this.pointwise = pw;
        }

        /** The elements of one column block (the {@code col} scratch of {@link #runFloat}, {@link #runDouble}). */
        int columnBlockSize() {
            return rows * Math.min(BLOCK, outSize);
        }

        /** Computes Y; {@code col} is {@link #columnBlockSize} elements of scratch (null when pointwise). */
        void runFloat(float[] x, float[] w, float[] bias, float[] y, int n, float[] col) {
            int[] src = pointwise ? null : sourceTable();
            for (int img = 0; img < n; img++) {
                for (int gr = 0; gr < group; gr++) {
                    int xOff = (img * group + gr) * cg * inSize;
                    int yOff = (img * group + gr) * mg * outSize;
                    int wOff = gr * mg * rows;
                    if (bias != null) {
                        for (int m = 0; m < mg; m++) {
                            Arrays.fill(y, yOff + m * outSize, yOff + (m + 1) * outSize, bias[gr * mg + m]);
                        }
                    }
                    for (int p0 = 0; p0 < outSize; p0 += BLOCK) {
                        int len = Math.min(BLOCK, outSize - p0);
                        if (pointwise) {
                            MatrixProducts.multiply(w, wOff, rows, 1, x, xOff + p0, inSize, 1, y, yOff + p0, outSize,
                                    mg, len, rows);
                        } else {
                            int table = taps * p0;
                            int cells = taps * len;
                            for (int ch = 0; ch < cg; ch++) {
                                int chOff = xOff + ch * inSize;
                                int dst = ch * cells;
                                for (int i = 0; i < cells; i++) {
                                    int from = src[table + i];
                                    col[dst + i] = from < 0 ? 0f : x[chOff + from];
                                }
                            }
                            MatrixProducts.multiply(w, wOff, rows, 1, col, 0, len, 1, y, yOff + p0, outSize,
                                    mg, len, rows);
                        }
                    }
                }
            }
        }

        /** {@link #runFloat} for double elements; the same steps over double arrays. */
        void runDouble(double[] x, double[] w, double[] bias, double[] y, int n, double[] col) {
            int[] src = pointwise ? null : sourceTable();
            for (int img = 0; img < n; img++) {
                for (int gr = 0; gr < group; gr++) {
                    int xOff = (img * group + gr) * cg * inSize;
                    int yOff = (img * group + gr) * mg * outSize;
                    int wOff = gr * mg * rows;
                    if (bias != null) {
                        for (int m = 0; m < mg; m++) {
                            Arrays.fill(y, yOff + m * outSize, yOff + (m + 1) * outSize, bias[gr * mg + m]);
                        }
                    }
                    for (int p0 = 0; p0 < outSize; p0 += BLOCK) {
                        int len = Math.min(BLOCK, outSize - p0);
                        if (pointwise) {
                            MatrixProducts.multiply(w, wOff, rows, 1, x, xOff + p0, inSize, 1, y, yOff + p0, outSize,
                                    mg, len, rows);
                        } else {
                            int table = taps * p0;
                            int cells = taps * len;
                            for (int ch = 0; ch < cg; ch++) {
                                int chOff = xOff + ch * inSize;
                                int dst = ch * cells;
                                for (int i = 0; i < cells; i++) {
                                    int from = src[table + i];
                                    col[dst + i] = from < 0 ? 0d : x[chOff + from];
                                }
                            }
                            MatrixProducts.multiply(w, wOff, rows, 1, col, 0, len, 1, y, yOff + p0, outSize,
                                    mg, len, rows);
                        }
                    }
                }
            }
        }

        /**
         * The im2col gather pattern, computed once per plan and shared by every channel, image and group (and
         * by both element types). The column block of output positions {@code p0 .. p0 + len - 1} has its part
         * at {@code taps * p0}: there, entry {@code tap * len + j} is the offset within a channel plane of the
         * input value under kernel tap {@code tap} for output position {@code p0 + j}, or -1 where the tap
         * lies in the padding. Column row {@code ch * taps + tap} is channel {@code ch}'s plane read through it.
         */
        int[] sourceTable() {
            int[] src = table;
            if (src == null) {
                // Built on first use (the SGEMM kernel never needs it) and kept with the plan, which the
                // kernel keeps while the shapes repeat. Two runs racing here build equal tables.
                src = new int[taps * outSize];
                for (int p0 = 0; p0 < outSize; p0 += BLOCK) {
                    sources(src, taps * p0, p0, Math.min(BLOCK, outSize - p0));
                }
                table = src;
            }
            return src;
        }

        /** Fills one column block's part of {@link #sourceTable}, from {@code base} on. */
        private void sources(int[] src, int base, int p0, int len) {
            int[] in = g.in();
            int[] out = g.out();
            int[] k = g.kernel();
            int[] s = g.stride();
            int[] d = g.dilation();
            int[] pb = g.padBegin();
            int ohw = out[1] * out[2];
            int ihw = in[1] * in[2];
            int tap = 0;
            for (int kd = 0; kd < k[0]; kd++) {
                for (int kh = 0; kh < k[1]; kh++) {
                    for (int kw = 0; kw < k[2]; kw++, tap++) {
                        int dst = base + tap * len;
                        int shiftW = kw * d[2] - pb[2];
                        // Walk the block row by row of the output (runs of constant od, oh).
                        int p = p0;
                        int end = p0 + len;
                        while (p < end) {
                            int od = p / ohw;
                            int rem = p - od * ohw;
                            int oh = rem / out[2];
                            int ow0 = rem - oh * out[2];
                            int run = Math.min(out[2] - ow0, end - p);
                            int id = od * s[0] - pb[0] + kd * d[0];
                            int ih = oh * s[1] - pb[1] + kh * d[1];
                            int o = dst + (p - p0);
                            if (id < 0 || id >= in[0] || ih < 0 || ih >= in[1]) {
                                Arrays.fill(src, o, o + run, -1);
                            } else {
                                int rowOff = id * ihw + ih * in[2];
                                int sw = s[2];
                                for (int j = 0; j < run; j++) {
                                    int iw = (ow0 + j) * sw + shiftW;
                                    src[o + j] = iw >= 0 && iw < in[2] ? rowOff + iw : -1;
                                }
                            }
                            p += run;
                        }
                    }
                }
            }
        }
    }
}
