package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * float32 depthwise Conv (group == C_in == C_out, one filter per channel), without im2col. A 1-D or 2-D
 * convolution runs on a padded grid ({@link PhaseGrid}): each channel plane is copied once into zero-padded
 * planes, one per stride phase, on which every tap reads one contiguous run, so the whole plane is a single
 * vectorized tap sum ({@link FloatPrimitives#tapSum}) whatever the row width, stride, padding or dilation; a
 * 3-D one accumulates {@code weight * input row} per tap and output row ({@link FloatPrimitives#axpy}). Any
 * other Conv (another type, group, or channel multiplier) goes to the general kernel it wraps. The result
 * differs from the im2col product only in summation order.
 */
final class DepthwiseConvKernel implements Kernel {
    private final Conv op;
    private final Kernel general;
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    /**
     * A fused node's clamp and activation (see {@link FusedActivations}), applied to each output plane as soon
     * as it is written, while it is in cache and on the thread that wrote it; null for a plain Conv.
     */
    private final Epilogue epilogue;
    /** Output shape and geometry for the last input shapes. */
    private final ShapeMemo<ConvKernel.Shapes> memo = new ShapeMemo<>();

    /** The grid of the last geometry (the memo keeps one geometry per input shapes). */
    private volatile PhaseGrid lastGrid;
    /** A {@link GridPlanes} kept between runs (null while a run uses it). */
    private final AtomicReference<GridPlanes> idleTask = new AtomicReference<>();
    /**
     * Each thread's grid buffer, kept between runs: its padding stays zero (only the planes' interiors and the
     * grid region are written), so it serves every later plane of the same grid.
     */
    private final ThreadLocal<GridBuffer> buffers = new ThreadLocal<>();

    private record GridBuffer(PhaseGrid grid, float[] data) {
    }

    /**
     * The constant filter's values, decoded once at creation into this kernel's own array (its layout,
     * {@code [C][taps]}, is the one the loops read), so the initializer stays an undecoded view of the model and
     * the runtime may drop it ({@link #readsConstantInput}); null when W is not a constant depthwise filter.
     */
    private float[] constantW;
    /** The dims of {@link #constantW}. */
    private int[] constantWDims;
    /** The constant bias decoded once at creation (one value per channel), or null. */
    private float[] constantB;

    DepthwiseConvKernel(Conv op, Kernel general, FloatPrimitives simd, CpuThreadPool pool) {
        this(op, general, simd, pool, null);
    }

    private DepthwiseConvKernel(Conv op, Kernel general, FloatPrimitives simd, CpuThreadPool pool,
                                Epilogue epilogue) {
        this.op = op;
        this.general = general;
        this.simd = simd;
        this.pool = pool;
        this.epilogue = epilogue == null || epilogue.isIdentity() ? null : epilogue;
    }

    /**
     * The depthwise fast path in front of {@code general} when the op has groups and {@code general} is not
     * the SGEMM kernel (which only takes constant filters that are not depthwise); {@code general} otherwise.
     */
    static Kernel orGeneral(Conv op, Kernel general) {
        return orGeneral(op, general, CpuThreadPool.serial());
    }

    /** As {@link #orGeneral(Conv, Kernel)}, with channels spread over {@code pool}. */
    static Kernel orGeneral(Conv op, Kernel general, CpuThreadPool pool) {
        return op.group() > 1 && !(general instanceof SgemmConvKernel)
                ? new DepthwiseConvKernel(op, general, FloatPrimitives.preferred(), pool) : general;
    }

    /**
     * As {@link #orGeneral(Conv, Kernel, CpuThreadPool)} for the node of {@code ctx}, taking its constant filter
     * and bias into the kernel's own arrays.
     */
    static Kernel orGeneral(Conv op, Kernel general, CompileContext ctx) {
        return withConstants(orGeneral(op, general, CpuCompileContext.threadPool(ctx)), ctx);
    }

    /** {@code k} having taken the constants of {@code ctx}'s node when it is a depthwise kernel; else {@code k}. */
    static Kernel withConstants(Kernel k, CompileContext ctx) {
        return k instanceof DepthwiseConvKernel d ? d.takeConstants(ctx) : k;
    }

    /**
     * Decodes {@code ctx}'s constant filter (when it is a depthwise one of this op) and then its constant bias
     * (when it has one value per channel) into this kernel's own arrays, read once from the views.
     */
    private DepthwiseConvKernel takeConstants(CompileContext ctx) {
        int group = op.group();
        Tensor w = ctx.constantInput(1);
        if (!FloatConstants.isFloat(w) || w.rank() < 3 || w.rank() > 5 || w.dim(0) != group || w.dim(1) != 1) {
            return this;
        }
        Tensor b = ctx.constantInput(2);
        if (FloatConstants.isFloat(b) && b.size() == group) {
            constantB = FloatConstants.forPacking(b);
        }
        constantWDims = w.dims();
        constantW = FloatConstants.forPacking(w);
        return this;
    }

    /** The filter and bias taken at creation are never read from the node again. */
    @Override
    public boolean readsConstantInput(int input) {
        return switch (input) {
            case 1 -> constantW == null;
            case 2 -> constantB == null;
            default -> true;
        };
    }

    /**
     * The depthwise fast path of a fused Conv whose clamp and activation are {@code epilogue} (no bias, residual
     * or other part), in front of {@code finished}, the node's complete kernel, which runs every other case;
     * {@code finished} itself when the op has no groups.
     */
    static Kernel fused(Conv op, Kernel finished, Epilogue epilogue, FloatPrimitives simd, CpuThreadPool pool) {
        return op.group() > 1 ? new DepthwiseConvKernel(op, finished, simd, pool, epilogue) : finished;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1); // null when the runtime dropped the constant filter taken at creation
        Tensor b = ctx.input(2); // likewise for the bias
        int group = op.group();
        int[] wDims = constantW != null ? constantWDims : w.dims();
        boolean depthwise = x.type() == DataType.FLOAT
                && (constantW != null || (w.type() == DataType.FLOAT && w.dim(0) == group && w.dim(1) == 1))
                && (constantB != null || b == null || (b.type() == DataType.FLOAT && b.size() == group))
                && x.rank() >= 3 && x.rank() <= 5 && wDims.length == x.rank() && x.dim(1) == group;
        if (!depthwise) {
            if (w == null || (constantB != null && b == null)) {
                throw new ExecutionException("Conv: X " + x.type() + Arrays.toString(x.dims())
                        + " does not fit the depthwise filter " + Arrays.toString(wDims));
            }
            general.execute(ctx);
            return;
        }
        ConvKernel.Shapes shapes = ConvKernel.Shapes.of(memo, "Conv", op, x, wDims);
        int n = x.dim(0);
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, shapes.yShape());
        float[] bias = constantB != null ? constantB : b == null ? null : b.floatData();
        run(shapes.plan().g, x.floatData(), constantW != null ? constantW : w.floatData(), bias, y.floatData(), n,
                group);
    }

    private void run(ConvGeometry.Resolved g, float[] x, float[] w, float[] bias, float[] y, int n, int channels) {
        int outSize = g.outSize();
        int taps = g.kernelSize();
        if (PhaseGrid.fits(g)) {
            PhaseGrid grid = lastGrid;
            if (grid == null || grid.source != g) {
                grid = new PhaseGrid(g);
                lastGrid = grid;
            }
            // A plane costs its whole grid per tap (row slack, rounding to whole vectors) plus the fill of its
            // phase planes: on small planes (a few rows of a late, 5x5 stage) well over outSize * taps.
            int grain = ParallelGrain.items((long) grid.gridLength * taps + grid.gridOffset, ParallelGrain.CHEAP);
            GridPlanes task = idleTask.getAndSet(null);
            if (task == null) {
                task = new GridPlanes();
            }
            task.set(grid, x, w, bias, y, channels);
            try {
                pool.parallelRanges(n * channels, grain, task);
            } finally {
                task.set(null, null, null, null, null, 0);
                idleTask.set(task);
            }
            return;
        }
        int grain = ParallelGrain.items((long) outSize * taps, ParallelGrain.CHEAP);
        pool.parallelRanges(n * channels, grain, (from, to) -> planes(g, x, w, bias, y, channels, from, to));
    }

    /**
     * Planes {@code [from, to)} on the padded grid; a reusable object rather than a capturing lambda, so a
     * steady-state run allocates nothing.
     */
    private final class GridPlanes implements CpuThreadPool.RangeBody {
        private PhaseGrid grid;
        private float[] x;
        private float[] w;
        private float[] bias;
        private float[] y;
        private int channels;

        void set(PhaseGrid grid, float[] x, float[] w, float[] bias, float[] y, int channels) {
            this.grid = grid;
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.y = y;
            this.channels = channels;
        }

        @Override
        public void run(int from, int to) {
            PhaseGrid grid = this.grid;
            GridBuffer kept = buffers.get();
            if (kept == null || kept.grid() != grid) {
                kept = new GridBuffer(grid, new float[grid.bufferSize()]); // zero: the padding of every plane
                buffers.set(kept);
            }
            float[] buf = kept.data();
            ConvGeometry.Resolved g = grid.source;
            int taps = g.kernelSize();
            int outSize = g.outSize();
            for (int plane = from; plane < to; plane++) {
                int ch = plane % channels;
                grid.fill(x, plane * g.inSize(), buf, simd);
                simd.tapSum(w, ch * taps, grid.offsets, taps, buf, bias == null ? 0f : bias[ch], buf,
                        grid.gridOffset, grid.gridLength);
                grid.extract(buf, y, plane * outSize, simd);
                finish(y, plane * outSize, outSize);
            }
        }
    }

    /**
     * The layout of a 1-D or 2-D (a 3-D geometry whose depth axis is trivial) depthwise plane on a padded grid.
     * The zero-padded input plane {@code P} is split by stride phase: phase {@code (rh, rw)} holds
     * {@code P[i*sh + rh][j*sw + rw]} as a {@code hq x wq} plane. Output {@code (oh, ow)} under tap
     * {@code (kh, kw)} reads {@code P[oh*sh + kh*dh][ow*sw + kw*dw]}, which is element
     * {@code (oh + kh*dh/sh, ow + kw*dw/sw)} of phase {@code (kh*dh % sh, kw*dw % sw)}; so on a grid of row width
     * {@code wq}, position {@code q = oh*wq + ow} reads {@code offsets[tap] + q}, one contiguous run per tap.
     * The grid has {@code wq - OW} extra positions per row (reading past the row's end, into the next row or the
     * slack after the planes), computed and dropped. One scratch buffer holds the phase planes, then the slack,
     * then the grid (its length rounded up to whole vectors of any tier, so the tap sum needs no scalar tail).
     */
    private static final class PhaseGrid {
        /** Widest vector of any tier, in floats: the grid length is a multiple of it. */
        private static final int LANES = 16;

        private final int h, w, oh, ow, sh, sw, ph, pw, hq, wq, plane;
        /** Per tap (kernel row-major), where its run starts in the buffer. */
        final int[] offsets;
        final int gridOffset;
        final int gridLength;
        /** The geometry this grid lays out. */
        final ConvGeometry.Resolved source;

        /** Whether {@code g} is a 1-D or 2-D convolution, which this layout serves. */
        static boolean fits(ConvGeometry.Resolved g) {
            return g.in()[0] == 1 && g.kernel()[0] == 1 && g.out()[0] == 1 && g.outSize() > 0;
        }

        PhaseGrid(ConvGeometry.Resolved g) {
            source = g;
            int[] k = g.kernel();
            int[] d = g.dilation();
            h = g.in()[1];
            w = g.in()[2];
            oh = g.out()[1];
            ow = g.out()[2];
            sh = g.stride()[1];
            sw = g.stride()[2];
            ph = g.padBegin()[1];
            pw = g.padBegin()[2];
            hq = oh + (k[1] - 1) * d[1] / sh;
            wq = ow + (k[2] - 1) * d[2] / sw;
            plane = hq * wq;
            offsets = new int[k[1] * k[2]];
            for (int a = 0; a < k[1]; a++) {
                for (int b = 0; b < k[2]; b++) {
                    int phase = (a * d[1] % sh) * sw + b * d[2] % sw;
                    offsets[a * k[2] + b] = phase * plane + (a * d[1] / sh) * wq + b * d[2] / sw;
                }
            }
            // The last grid vector reads at most wq - ow + LANES - 1 past the last phase plane.
            gridOffset = sh * sw * plane + (wq - ow) + LANES;
            gridLength = Math.ceilDiv(oh * wq, LANES) * LANES;
        }

        int bufferSize() {
            return gridOffset + gridLength;
        }

        /**
         * Writes the phase planes of the input plane at {@code x[xc ..]} into {@code buf}, which must be zero
         * in the padding: the padding cells are the same for every plane, so they are zeroed once (a new buffer)
         * and never written. Stride-2 rows are split by column parity with {@code simd}'s vector gather.
         */
        void fill(float[] x, int xc, float[] buf, FloatPrimitives simd) {
            for (int rh = 0; rh < sh; rh++) {
                // Rows i whose input row i*sh + rh - ph lies in [0, h).
                int ilo = Math.clamp(Math.ceilDiv(ph - rh, sh), 0, hq);
                int ihi = Math.clamp(Math.ceilDiv(h + ph - rh, sh), ilo, hq);
                for (int rw = 0; rw < sw; rw++) {
                    int base = (rh * sw + rw) * plane;
                    // Columns j whose input column j*sw + rw - pw lies in [0, w).
                    int jlo = Math.clamp(Math.ceilDiv(pw - rw, sw), 0, wq);
                    int len = Math.clamp(Math.ceilDiv(w + pw - rw, sw), jlo, wq) - jlo;
                    if (sw == 1 && sh == 1) {
                        // Consecutive input rows to consecutive grid rows: one block copy.
                        simd.copyRows(x, xc + (ilo + rh - ph) * w + jlo + rw - pw, w, buf, base + ilo * wq + jlo, wq,
                                len, ihi - ilo);
                        continue;
                    }
                    for (int i = ilo; i < ihi; i++) {
                        int dst = base + i * wq + jlo;
                        int src = xc + (i * sh + rh - ph) * w + jlo * sw + rw - pw;
                        if (sw == 1) {
                            System.arraycopy(x, src, buf, dst, len);
                        } else if (sw == 2) {
                            simd.copyEven(x, src, buf, dst, len);
                        } else {
                            for (int j = 0; j < len; j++) {
                                buf[dst + j] = x[src + j * sw];
                            }
                        }
                    }
                }
            }
        }

        /** Copies the valid {@code oh x ow} positions of the grid to {@code y[yc ..]}. */
        void extract(float[] buf, float[] y, int yc, FloatPrimitives simd) {
            simd.copyRows(buf, gridOffset, wq, y, yc, ow, ow, oh);
        }
    }

    /** Output planes {@code [from, to)}, numbered over (image, channel). */
    private void planes(ConvGeometry.Resolved g, float[] x, float[] w, float[] bias, float[] y, int channels,
                        int from, int to) {
        int[] in = g.in();
        int[] out = g.out();
        int[] k = g.kernel();
        int[] s = g.stride();
        int[] d = g.dilation();
        int[] p = g.padBegin();
        int inSize = g.inSize();
        int outSize = g.outSize();
        int taps = g.kernelSize();
        for (int plane = from; plane < to; plane++) {
            int ch = plane % channels;
            int xc = plane * inSize;
            int yc = plane * outSize;
            int wc = ch * taps;
            Arrays.fill(y, yc, yc + outSize, bias == null ? 0f : bias[ch]);
            for (int od = 0; od < out[0]; od++) {
                for (int oh = 0; oh < out[1]; oh++) {
                    int yRow = yc + (od * out[1] + oh) * out[2];
                    for (int kd = 0; kd < k[0]; kd++) {
                        int id = od * s[0] - p[0] + kd * d[0];
                        if (id < 0 || id >= in[0]) {
                            continue;
                        }
                        for (int kh = 0; kh < k[1]; kh++) {
                            int ih = oh * s[1] - p[1] + kh * d[1];
                            if (ih < 0 || ih >= in[1]) {
                                continue;
                            }
                            int xRow = xc + (id * in[1] + ih) * in[2];
                            int wRow = wc + (kd * k[1] + kh) * k[2];
                            for (int kw = 0; kw < k[2]; kw++) {
                                accumulateRow(w[wRow + kw], x, xRow, in[2], kw * d[2] - p[2], s[2], y, yRow,
                                        out[2]);
                            }
                        }
                    }
                }
            }
            finish(y, yc, outSize);
        }
    }

    /** Applies the fused clamp and activation, if any, to {@code y[off .. off + n)}. */
    private void finish(float[] y, int off, int n) {
        if (epilogue != null) {
            FusedActivations.applyInPlace(epilogue, y, off, n, simd);
        }
    }

    /**
     * {@code y[yRow + ow] += weight * x[xRow + ow * stride + shift]} for every output column whose input
     * column lies inside the row of {@code width} elements (the others read padding, which is 0).
     */
    private void accumulateRow(float weight, float[] x, int xRow, int width, int shift, int stride, float[] y,
                               int yRow, int outWidth) {
        int lo = Math.max(0, Math.ceilDiv(-shift, stride));
        int hi = Math.min(outWidth - 1, Math.floorDiv(width - 1 - shift, stride));
        if (hi < lo) {
            return;
        }
        if (stride == 1) {
            simd.axpy(weight, x, xRow + lo + shift, y, yRow + lo, hi - lo + 1);
        } else {
            for (int ow = lo; ow <= hi; ow++) {
                y[yRow + ow] = Math.fma(weight, x[xRow + ow * stride + shift], y[yRow + ow]);
            }
        }
    }
}
