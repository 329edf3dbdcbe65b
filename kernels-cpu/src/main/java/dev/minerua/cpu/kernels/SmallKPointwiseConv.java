package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.SimdTier;
import dev.minerua.ir.ops.Conv;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A float32 pointwise convolution (1x1 filter, unit strides, no padding, one group) with few input channels, as
 * register tiles that read X in place: {@code Y[m][j] = B[m] + sum_k W[m][k] X[k][j]}, where row k of the
 * product's right operand is input plane k, contiguous positions. The GEMM path packs those planes into panels
 * first, which for K = 16 (SqueezeNet's expand convolutions) costs about as much as the product; here each tile of
 * {@link PointwiseTiles#width()} positions and 8 output channels sums all of K in registers straight from the
 * planes (which stay in L1 across the channel blocks of a tile) and stores to Y with bias and clamp applied. A tile that would run past the plane's end is moved back
 * to end at it (recomputing some positions), so there are no tail tiles; planes narrower than one tile, other
 * types or shapes go to {@code general}, which must compute the same convolution and epilogue.
 */
final class SmallKPointwiseConv implements Kernel {
    /**
     * The most input channels for which this path runs at any output channel count. One kernel thread, AVX-512,
     * against the GEMM path (thread CPU time): K = 16, M = 64 on 55x55 (SqueezeNet's expand convs) 0.88-0.90x,
     * K = 32, M = 128 on 27x27 0.88x, K = 32, M = 64 on 28x28 0.79x.
     */
    static final int MAX_K = 32;
    /**
     * The most output channels for which this path runs at any K (squeeze convs): there the GEMM packs all of
     * B for only a few row blocks. K = 128, M = 16 on 55x55 0.75x, K = 256, M = 32 on 27x27 0.82x, K = 512,
     * M = 64 on 13x13 0.92x, K = 256, M = 64 on 56x56 0.88x, K = 1024, M = 64 on 14x14 0.97x. (With many output
     * channels and a large K the GEMM's blocking wins on small planes: K = 512, M = 1000 on 13x13 1.04x, K = 1024,
     * M = 256 on 14x14 1.07x, K = 512, M = 2048 on 7x7 1.14x.)
     */
    static final int MAX_M_ANY_K = 64;

    private final Kernel general;
    private final PointwiseTiles tiles;
    private final CpuThreadPool pool;
    private final int m;
    private final int k;
    /** The filter in the tiles' layout ({@link PointwiseTiles#pack}). */
    private final float[] packed;
    /** The constant bias, or zeros when absent. */
    private final float[] bias;
    private final float lo;
    private final float hi;
    private final boolean clamps;
    /** The output shape of the last input shape. */
    private volatile Shapes lastShapes;
    /** A {@link Tiles} task kept between runs (null while a run uses it). */
    private final AtomicReference<Tiles> idle = new AtomicReference<>();

    private record Shapes(int[] xDims, int[] yShape) {
    }

    /**
     * @param w     the filter {@code [M][K]} (1x1, not kept: packed here)
     * @param bias  the constant bias of M values (kept), or null
     * @param fused a clamp after the bias, or {@link Epilogue#NONE} (see {@link #applies})
     */
    SmallKPointwiseConv(Kernel general, SimdTier tier, CpuThreadPool pool, int m, int k, float[] w, float[] bias,
                        Epilogue fused) {
        this.general = general;
        this.tiles = PointwiseTiles.forTier(tier);
        this.pool = pool;
        this.m = m;
        this.k = k;
        this.packed = PointwiseTiles.pack(w, m, k);
        this.bias = bias != null ? bias : new float[m];
        this.lo = fused.lo();
        this.hi = fused.hi();
        this.clamps = lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
    }

    /**
     * Whether a convolution with filter {@code wDims} takes this path: pointwise, one group, at most
     * {@link #MAX_K} input channels or at most {@link #MAX_M_ANY_K} output channels, the 512-bit tier (the one
     * measured; the tiles' 16 accumulators would spill on AVX2's 16 registers), and an epilogue of a clamp at most. (An activation would be
     * applied twice where the overlapping last tile of a plane runs on another thread than the tile before.)
     */
    static boolean applies(Conv op, int[] wDims, Epilogue fused, SimdTier tier) {
        if (tier != SimdTier.V512 || op.group() != 1 || wDims.length < 3 || wDims[1] == 0
                || (wDims[1] > MAX_K && wDims[0] > MAX_M_ANY_K)
                || fused.columnBias() != null || fused.rowBias() != null || fused.residual() != null
                || fused.activation() != null) {
            return false;
        }
        return ConvShapes.pointwise(op.geometry(), wDims);
    }

    /** The packed filter and the kernel's copy of the bias stand for W and B, unless {@code general} reads them. */
    @Override
    public boolean readsConstantInput(int input) {
        return input != 1 && input != 2 || general.readsConstantInput(input);
    }

    /** Output 0 may go straight into a Concat's output (one block per image). */
    @Override
    public boolean writesOutputRegion(int output) {
        return output == 0;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        int width = tiles.width();
        if (x.type() != DataType.FLOAT || x.rank() < 3 || x.dim(1) != k || (w != null && w.dim(0) != m)
                || !fits(x.size() / Math.max(1, x.dim(0) * k), width, k)) {
            general.execute(ctx);
            return;
        }
        int[] yShape = yShape(x);
        int n = x.dim(0);
        int plane = x.size() / (n * k);
        OutputRegion region = ctx.outputRegion(0, DataType.FLOAT, yShape);
        boolean perImage = region != null && region.blocks() == n && region.blockLength() == m * plane;
        if (region != null && !perImage && (region.blocks() != 1 || region.blockLength() != n * m * plane)) {
            region = null;
        }
        // The tiles write every element (a region is not zeroed either).
        Tensor y = region != null ? region.target() : ctx.allocateOutputUnzeroed(0, DataType.FLOAT, yShape);
        int yBase = region == null ? 0 : region.offset();
        int yImage = perImage ? region.blockStride() : m * plane;
        int perPlane = (plane + width - 1) / width;
        int total = n * perPlane;
        long flops = 2L * m * k * plane * n;
        int threads = Sgemm.threadsFor(flops, pool);
        Tiles task = idle.getAndSet(null);
        if (task == null) {
            task = new Tiles();
        }
        task.set(x.floatData(), y.floatData(), yBase, yImage, plane, perPlane);
        try {
            pool.parallelSplit(total, threads > 1 ? Sgemm.panelChunks(1, total, threads, flops) : 1, task);
        } finally {
            task.set(null, null, 0, 0, 0, 0);
            idle.set(task);
        }
    }

    /**
     * Whether planes of {@code plane} positions run here with {@code k} input channels and tiles of {@code width}: at least one tile, and with more than {@link #MAX_K} input
     * channels at most a sixth of the positions recomputed by the overlapping last tile (13x13 and 14x14 run; 7x7,
     * a third wasted, goes to the GEMM).
     */
    static boolean fits(int plane, int width, int k) {
        int tiles = (plane + width - 1) / width;
        return plane >= width && (k <= MAX_K || 6L * (tiles * width - plane) <= plane);
    }

    /** Y's shape for X (memoised: a steady-state run allocates none). */
    private int[] yShape(Tensor x) {
        Shapes s = lastShapes;
        if (s == null || !Arrays.equals(s.xDims, x.dims())) {
            int[] y = x.dims().clone();
            y[1] = m;
            s = new Shapes(x.dims().clone(), y);
            lastShapes = s;
        }
        return s.yShape;
    }

    /** Tiles {@code [t0, t1)} of all images, image by image; reused between runs (no capturing lambda). */
    private final class Tiles implements CpuThreadPool.RangeBody {
        private float[] xd;
        private float[] yd;
        private int yBase;
        private int yImage;
        private int plane;
        private int perPlane;

        void set(float[] xd, float[] yd, int yBase, int yImage, int plane, int perPlane) {
            this.xd = xd;
            this.yd = yd;
            this.yBase = yBase;
            this.yImage = yImage;
            this.plane = plane;
            this.perPlane = perPlane;
        }

        @Override
        public void run(int t0, int t1) {
            int width = tiles.width();
            int full = m / PointwiseTiles.MR * PointwiseTiles.MR;
            for (int t = t0; t < t1; t++) {
                int img = t / perPlane;
                // The last tile of a plane ends at its end, overlapping the one before.
                int j = Math.min((t - img * perPlane) * width, plane - width);
                int xOff = img * k * plane + j;
                int yOff = yBase + img * yImage + j;
                for (int m0 = 0; m0 < full; m0 += PointwiseTiles.MR) {
                    if (clamps) {
                        tiles.rows8Clamp(xd, xOff, plane, k, packed, m0 * k, bias, m0, yd, yOff + m0 * plane, plane,
                                lo, hi);
                    } else {
                        tiles.rows8(xd, xOff, plane, k, packed, m0 * k, bias, m0, yd, yOff + m0 * plane, plane);
                    }
                }
                for (int r = full; r < m; r++) {
                    tiles.row1(xd, xOff, plane, k, packed, r * k, bias[r], yd, yOff + r * plane, lo, hi);
                }
            }
        }
    }
}
