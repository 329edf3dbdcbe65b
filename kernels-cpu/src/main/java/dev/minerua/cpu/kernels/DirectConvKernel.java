package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.concurrent.atomic.AtomicReference;

/**
 * float32 2-D Conv with few input channels and small filters (group 1, stride 1), as a direct tap sum on a
 * padded grid instead of im2col + GEMM. For a tiny problem (MNIST's 1->8 and 8->16 5x5 convolutions) the
 * gather into packed panels costs as much as the product; here each image's channels are copied once into
 * zero-padded planes of row width {@code wq = OW + (KW-1)*DW}, on which output position {@code q = oh*wq + ow}
 * under input channel {@code c} and tap {@code t} reads {@code offsets[c*taps + t] + q}, one contiguous run.
 * W's layout {@code [M][C][KH][KW]} then makes output channel {@code m} one tap sum of {@code C*taps} taps
 * with weights {@code W[m]}, several channels at a time ({@link FloatPrimitives#tapSumRows}). The grid has
 * {@code wq - OW} extra positions per row (and a few at its end), computed and dropped. Any other Conv goes to the kernel it wraps.
 * The result differs from the im2col product only in summation order.
 */
final class DirectConvKernel implements Kernel {
    /** The most input channels times taps a filter may have; beyond this the GEMM's blocking wins. */
    static final int MAX_DEPTH = 256;
    /** The most floats of padded input planes; a larger image leaves cache and goes to the GEMM. */
    static final int MAX_PLANES = 16 * 1024;
    /** Output channels computed together (one block of {@link FloatPrimitives#tapSumRows}). */
    private static final int ROWS = 4;

    private final Conv op;
    private final Kernel general;
    private final FloatPrimitives simd;
    private final CpuThreadPool pool;
    private final ShapeMemo<ConvKernel.Shapes> memo = new ShapeMemo<>();
    /** The grid of the last geometry. */
    private volatile Grid lastGrid;
    /** A {@link Blocks} task kept between runs (null while a run uses it). */
    private final AtomicReference<Blocks> idleTask = new AtomicReference<>();
    /** Each thread's buffer, kept between runs: its padding stays zero, as only plane interiors are written. */
    private final ThreadLocal<Buffer> buffers = new ThreadLocal<>();

    private record Buffer(Grid grid, float[] data) {
    }

    DirectConvKernel(Conv op, Kernel general, FloatPrimitives simd, CpuThreadPool pool) {
        this.op = op;
        this.general = general;
        this.simd = simd;
        this.pool = pool;
    }

    /**
     * This kernel in front of {@code general} when the filter's shape is known at compile time and fits
     * ({@link #accepts}) and SIMD is available; {@code general} otherwise.
     */
    static Kernel orGeneral(Conv op, Kernel general, CompileContext ctx) {
        if (!applies(op, ctx)) {
            return general;
        }
        DirectConvKernel k = new DirectConvKernel(op, general, FloatPrimitives.preferred(),
                CpuCompileContext.threadPool(ctx));
        Tensor w = ctx.constantInput(1);
        if (FloatConstants.isFloat(w) && accepts(op, w.dims())) {
            // The loops read W in its own layout [M][C][KH][KW]: a decoded copy is this kernel's packed form.
            k.constantWDims = w.dims();
            k.constantW = FloatConstants.forPacking(w);
            Tensor b = ctx.constantInput(2);
            if (FloatConstants.isFloat(b) && b.size() == w.dim(0)) {
                k.constantB = FloatConstants.forPacking(b);
            }
        }
        return k;
    }

    /**
     * W's values when it is a float32 (or widened float16) constant, decoded once at creation into this kernel's
     * own array, so the initializer stays an undecoded view that the runtime may drop; else null.
     */
    private float[] constantW;
    /** The dims of {@link #constantW}. */
    private int[] constantWDims;
    /** The constant bias decoded once at creation (with {@link #constantW} only), or null. */
    private float[] constantB;

    /** Output 0 may go straight into a Concat's output (its general kernel copes too, or allocates). */
    @Override
    public boolean writesOutputRegion(int output) {
        return output == 0;
    }

    /** W and B are needed only when this kernel has not taken them or the general kernel reads them. */
    @Override
    public boolean readsConstantInput(int input) {
        return switch (input) {
            case 1 -> constantW == null || general.readsConstantInput(1);
            case 2 -> constantB == null || general.readsConstantInput(2);
            default -> general.readsConstantInput(input);
        };
    }

    /** Whether {@link #orGeneral} puts this kernel in front for the node of {@code ctx}. */
    static boolean applies(Conv op, CompileContext ctx) {
        if (SimdSupport.tier() == SimdTier.SCALAR) {
            return false;
        }
        Tensor w = ctx.constantInput(1);
        return accepts(op, w != null ? w.dims() : staticShape(ctx.inputType(1)));
    }

    private static int[] staticShape(ValueType type) {
        return type instanceof ValueType.TensorType t && t.shape() != null && t.shape().isStatic()
                ? Tensor.toIntShape(t.shape().sizes()) : null;
    }

    /** Whether a filter of dims {@code wDims} (null when unknown) under {@code op} is one this kernel takes. */
    static boolean accepts(Conv op, int[] wDims) {
        if (op.group() != 1 || wDims == null || wDims.length != 4) {
            return false;
        }
        long depth = (long) wDims[1] * wDims[2] * wDims[3];
        if (depth == 0 || depth > MAX_DEPTH || wDims[0] == 0) {
            return false;
        }
        long[] strides = op.geometry().strides();
        if (strides != null) {
            for (long s : strides) {
                if (s != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1); // null when the runtime dropped the constant W taken at creation
        Tensor b = ctx.input(2); // likewise for B
        int[] wDims = constantW != null ? constantWDims : w == null ? null : w.dims();
        if (wDims == null || x.type() != DataType.FLOAT || (constantW == null && w.type() != DataType.FLOAT)
                || x.rank() != 4 || wDims.length != 4 || x.dim(1) != wDims[1]
                || (constantB == null && b != null && (b.type() != DataType.FLOAT || b.size() != wDims[0]))) {
            general.execute(ctx);
            return;
        }
        ConvKernel.Shapes shapes = ConvKernel.Shapes.of(memo, "Conv", op, x, wDims);
        ConvGeometry.Resolved g = shapes.plan().g;
        Grid grid = lastGrid;
        if (grid == null || grid.source != g) {
            grid = Grid.of(g, x.dim(1), wDims[0]);
            if (grid == null) {
                general.execute(ctx);
                return;
            }
            lastGrid = grid;
        }
        int n = x.dim(0);
        int imageSize = grid.m * g.outSize();
        // Written straight into a Concat's output when the runtime offers one block per image (or one in all).
        OutputRegion region = ctx.outputRegion(0, DataType.FLOAT, shapes.yShape());
        boolean perImage = region != null && region.blocks() == n && region.blockLength() == imageSize;
        if (region != null && !perImage && (region.blocks() != 1 || region.blockLength() != n * imageSize)) {
            region = null;
        }
        Tensor y = region != null ? region.target() : ctx.allocateOutput(0, DataType.FLOAT, shapes.yShape());
        if (n == 0 || g.outSize() == 0) {
            return;
        }
        int blocks = Math.ceilDiv(grid.m, ROWS);
        int grain = ParallelGrain.items((long) ROWS * grid.gridLength * grid.offsets.length, ParallelGrain.CHEAP);
        Blocks task = idleTask.getAndSet(null);
        if (task == null) {
            task = new Blocks();
        }
        float[] bias = constantB != null ? constantB : b == null ? null : b.floatData();
        task.set(grid, x.floatData(), constantW != null ? constantW : w.floatData(), bias, y.floatData(), blocks);
        task.yBase = region == null ? 0 : region.offset();
        task.yImage = perImage ? region.blockStride() : imageSize;
        try {
            pool.parallelRanges(n * blocks, grain, task);
        } finally {
            task.set(null, null, null, null, null, 0);
            idleTask.set(task);
        }
    }

    /**
     * Blocks {@code [from, to)} of output channels, numbered over (image, block); a reusable object rather than
     * a capturing lambda, so a steady-state run allocates nothing.
     */
    private final class Blocks implements CpuThreadPool.RangeBody {
        private Grid grid;
        private float[] x;
        private float[] w;
        private float[] bias;
        private float[] y;
        private int blocks;
        /** Where image 0's output starts in {@link #y}, and the distance between images (a Concat's region). */
        int yBase;
        int yImage;

        void set(Grid grid, float[] x, float[] w, float[] bias, float[] y, int blocks) {
            this.grid = grid;
            this.x = x;
            this.w = w;
            this.bias = bias;
            this.y = y;
            this.blocks = blocks;
        }

        @Override
        public void run(int from, int to) {
            Grid grid = this.grid;
            Buffer kept = buffers.get();
            if (kept == null || kept.grid() != grid) {
                kept = new Buffer(grid, new float[grid.bufferSize()]); // zero: the padding of every plane
                buffers.set(kept);
            }
            float[] buf = kept.data();
            int depth = grid.offsets.length;
            int filled = -1;
            for (int unit = from; unit < to; unit++) {
                int img = unit / blocks;
                if (img != filled) {
                    grid.fill(x, img * grid.c * grid.inSize, buf);
                    filled = img;
                }
                int m0 = (unit % blocks) * ROWS;
                int rows = Math.min(ROWS, grid.m - m0);
                simd.tapSumRows(w, m0 * depth, depth, rows, grid.offsets, depth, buf, bias, m0, buf,
                        grid.gridOffset, grid.gridLength, grid.gridLength);
                for (int r = 0; r < rows; r++) {
                    grid.extract(buf, grid.gridOffset + r * grid.gridLength, y,
                            yBase + img * yImage + (m0 + r) * grid.outSize);
                }
            }
        }
    }

    /**
     * The layout of one image: {@code c} zero-padded planes of {@code hq x wq}, then {@link #ROWS} output grids
     * of {@code OH x wq}.
     */
    private static final class Grid {
        /** Two vectors of the widest tier, in floats. */
        private static final int STEP = 32;

        final ConvGeometry.Resolved source;
        final int c, m, h, w, oh, ow, ph, pw, hq, wq, plane, inSize, outSize;
        /** Per (channel, tap), where its run starts in the buffer. */
        final int[] offsets;
        final int gridOffset;
        final int gridLength;

        private Grid(ConvGeometry.Resolved g, int c, int m) {
            source = g;
            this.c = c;
            this.m = m;
            int[] k = g.kernel();
            int[] d = g.dilation();
            h = g.in()[1];
            w = g.in()[2];
            oh = g.out()[1];
            ow = g.out()[2];
            ph = g.padBegin()[1];
            pw = g.padBegin()[2];
            hq = oh + (k[1] - 1) * d[1];
            wq = ow + (k[2] - 1) * d[2];
            plane = hq * wq;
            inSize = h * w;
            outSize = oh * ow;
            int taps = k[1] * k[2];
            offsets = new int[c * taps];
            for (int ch = 0; ch < c; ch++) {
                for (int a = 0; a < k[1]; a++) {
                    for (int b = 0; b < k[2]; b++) {
                        offsets[ch * taps + a * k[2] + b] = ch * plane + a * d[1] * wq + b * d[2];
                    }
                }
            }
            // The grid is rounded up to whole pairs of the widest vectors, so the tap sum runs no scalar tail;
            // the extra positions read into a zero slack after the planes.
            gridLength = Math.ceilDiv(oh * wq, STEP) * STEP;
            gridOffset = c * plane + STEP;
        }

        /** The grid for {@code g} with {@code c} input and {@code m} output channels, or null when it does not fit. */
        static Grid of(ConvGeometry.Resolved g, int c, int m) {
            if (g.in()[0] != 1 || g.kernel()[0] != 1 || g.out()[0] != 1 || g.stride()[1] != 1 || g.stride()[2] != 1) {
                return null;
            }
            long planes = (long) c * (g.out()[1] + (long) (g.kernel()[1] - 1) * g.dilation()[1])
                    * (g.out()[2] + (long) (g.kernel()[2] - 1) * g.dilation()[2]);
            return planes <= MAX_PLANES ? new Grid(g, c, m) : null;
        }

        int bufferSize() {
            return gridOffset + ROWS * gridLength;
        }

        /** Writes the interiors of the image's padded planes from {@code x[xo ..]}; the padding stays zero. */
        void fill(float[] x, int xo, float[] buf) {
            // Input rows and columns that land inside the grid (padding at the end may cut some off).
            int rows = Math.min(h, hq - ph);
            int cols = Math.min(w, wq - pw);
            int r0 = Math.max(0, -ph);
            int c0 = Math.max(0, -pw);
            if (cols - c0 <= 0) {
                return;
            }
            for (int ch = 0; ch < c; ch++) {
                for (int i = r0; i < rows; i++) {
                    System.arraycopy(x, xo + ch * inSize + i * w + c0, buf, ch * plane + (i + ph) * wq + c0 + pw,
                            cols - c0);
                }
            }
        }

        /** Copies the valid {@code oh x ow} positions of the grid at {@code buf[go ..]} to {@code y[yo ..]}. */
        void extract(float[] buf, int go, float[] y, int yo) {
            for (int r = 0; r < oh; r++) {
                System.arraycopy(buf, go + r * wq, y, yo + r * ow, ow);
            }
        }
    }
}
