package dev.minerua.cpu.gemm;

import dev.minerua.cpu.BalancedSplit;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Single-precision GEMM: {@code C = alpha * A·B (+ C)} followed by an {@link Epilogue}, with A (m x k) strided
 * or pre-packed ({@link PackedA}), B (k x n) packed into NR-wide panels ({@link PackedB}) and C row-major with
 * row stride {@code ldc}.
 *
 * <p>Blocking: C is cut into tasks of up to {@code MC} rows (all rows when A is pre-packed) by a run of B
 * panels; each task walks K in even blocks of at most {@code KC}, packs its A block into MR-row slivers (unless
 * A is pre-packed), and runs the MR x NR micro-kernel over the tiles of each block of B panels that fits in L2
 * ({@link #B_BLOCK_BYTES}) row of tiles by row of tiles: the A sliver stays in L1 while the B block streams
 * from L2, and consecutive tiles continue the same rows of C, which the hardware prefetchers follow. A long KC
 * keeps the passes over C few: on a 1024^3 product C coming back from L3 between K blocks, and the tile order
 * that went down C's columns (rows 4 KiB apart), cost over 10% of the FMA peak. Tiles that stick out past m or
 * n are computed into a scratch tile and copied back (the scalar tails). The epilogue runs on each tile right
 * after its last K block, while the tile is hot.
 * Tasks run on the given {@link CpuThreadPool}; each writes a disjoint part of C, except that a product of a
 * few rows and few panels (a batch-1 dense layer with N up to 64) is split along K into partial sums
 * ({@link #splitK}): there the result depends on the thread count (not on the scheduling) and differs from the
 * 1-thread one in the order of the additions.
 *
 * <p>Thread-safety: an instance is immutable and may be used by many threads at once; scratch buffers are
 * per thread. No allocation per call apart from that per-thread scratch (grown once) and the task lambdas.
 */
public final class Sgemm {
    /**
     * Longest K block: an MR x KC A sliver (32 KiB at 8x32) is reused from L1 across a B block; K is split into
     * even blocks of at most this. Measured on Zen 4 at 1024^3: KC 256 about 88% of peak, 1024 about 92%.
     */
    static final int KC = 1024;
    /** Rows of A packed per task and K block (a multiple of every MR used). */
    static final int MC_TARGET = 96;
    /** The bytes of B (KC x NR panels) one block of the tile walk reuses from L2 (Zen 4 has 1 MiB per core). */
    public static final int B_BLOCK_BYTES = 512 * 1024;

    /**
     * The least work (flops) that makes one more thread worth its hand-off: waking a parked worker takes
     * microseconds on an idle machine and tens of them on a loaded one (measured on a loaded 2-core machine: a
     * loop handed to a parked worker cost 20-25 us more than running it alone), so a product needs about
     * 25 us of work per thread (a megaflop) to gain; mnist's second convolution (1.25 Mflop) runs on the
     * caller alone.
     */
    static final long MIN_FLOPS_PER_THREAD = 1024 * 1024;
    /** The least excess work (flops) of the busiest thread that makes a caller split rows too ({@link #panelSplitUneven}). */
    static final long UNEVEN_FLOPS = 4 * MIN_FLOPS_PER_THREAD;
    /** Tasks per thread a parallel product aims for (see {@link #panelChunks}). */
    static final int TASKS_PER_THREAD = 4;
    /** The least work (flops) of one task of a parallel product: a few microseconds, well above a task claim. */
    static final long MIN_TASK_FLOPS = 64 * 1024;
    /**
     * What one float of B costs a few-rows product, in flops of a compute-bound product: such a product streams
     * B from memory with 2 to 8 flops per float (measured on Zen 4 at 512 bits, one thread: 1 x 11616 x 32, 372k
     * floats from L2/L3, 22 us or 67 GB/s; 1 x 1024 x 1000 68 us, 62 GB/s; where 1 Mflop of a big product takes
     * about 25 us). A 1 x 1024 x 1000 product (2.0 Mflop) thus gets 2 threads, which its flops alone did not.
     */
    static final int STREAM_FLOPS = 3;
    /**
     * The least work (see {@link #STREAM_FLOPS}) of a few-rows product split along K: below it the hand-off
     * costs more than the second thread saves.
     */
    static final long MIN_KSPLIT_FLOPS = 512 * 1024;
    /** The packed B size from which a few-rows product splits over every thread ({@link #streamsFromMemory}). */
    static final long STREAMED_B_BYTES = 1024 * 1024;

    private static volatile Sgemm standard;

    private final MicroKernel kernel;
    private final int mr;
    private final int nr;
    private final int mc;
    private final int kcBlock;
    private final ThreadLocal<float[]> scratch;
    /** A {@link BlockTasks} kept between products (null while one runs). */
    private final AtomicReference<BlockTasks> idleTasks = new AtomicReference<>();
    /** A {@link KSplitTasks} kept between products (null while one runs). */
    private final AtomicReference<KSplitTasks> idleKSplit = new AtomicReference<>();
    /** The 7-row sibling of an 8x32 GEMM ({@link #forRows}), made on first use. */
    private volatile Sgemm sevenRows;

    private Sgemm(MicroKernel kernel) {
        this(kernel, KC, MC_TARGET);
    }

    /** A GEMM with explicit block sizes (for tuning experiments). */
    Sgemm(MicroKernel kernel, int kc, int mcTarget) {
        this.kernel = kernel;
        this.mr = kernel.mr;
        this.nr = kernel.nr;
        this.kcBlock = kc;
        this.mc = Math.max(mr, mcTarget / mr * mr);
        int size = mc * kc + mr * nr;
        this.scratch = ThreadLocal.withInitial(() -> new float[size]);
    }

    /** The GEMM for this JVM's SIMD tier ({@link SimdSupport#tier()}). */
    public static Sgemm standard() {
        Sgemm s = standard;
        if (s == null) {
            standard = s = forTier(SimdSupport.tier());
        }
        return s;
    }

    /**
     * The GEMM for an explicit tier, whatever the hardware (narrower tiers run anywhere the Vector API does;
     * tests use this to cover every tier). Vector tiers need {@code jdk.incubator.vector}.
     */
    public static Sgemm forTier(SimdTier tier) {
        return new Sgemm(tier == SimdTier.SCALAR ? new ScalarMicroKernel() : VectorMicroKernels.forTier(tier));
    }

    /**
     * The GEMM to multiply a pre-packed left operand of {@code m} rows with: this one, or a sibling with the same
     * NR (so the same {@link PackedB} serves both) whose MR leaves fewer padded rows in the last sliver. On the
     * 512-bit tier a product of 49 rows (a conv's 7x7 positions, run transposed) computes 56 at MR 8, 12.5% of its
     * FMAs on padding, and 49 at MR 7; the 7-row tile has two accumulators fewer, so it is chosen only when it
     * pads fewer rows. The sibling's {@link #mr()} is what {@link #packedA} and {@link #packA} lay A out for.
     */
    public Sgemm forRows(int m) {
        if (!(kernel instanceof SgemmMicroKernel8x32) || m <= 0
                || paddedRows(m, SgemmMicroKernel7x32.MR) >= paddedRows(m, mr)) {
            return this;
        }
        Sgemm s = sevenRows;
        if (s == null) {
            // Two first calls at once may both build one; either serves.
            sevenRows = s = new Sgemm(new SgemmMicroKernel7x32());
        }
        return s;
    }

    /** The padding rows a product of {@code m} rows computes at {@code mr} rows per tile. */
    private static int paddedRows(int m, int mr) {
        return (m + mr - 1) / mr * mr - m;
    }

    /** Rows per micro-kernel tile. */
    public int mr() {
        return mr;
    }

    /** Columns per micro-kernel tile (the panel width of {@link PackedB}). */
    public int nr() {
        return nr;
    }

    /** The micro-kernel's name, e.g. {@code 8x32/512}. */
    public String describe() {
        return kernel.describe();
    }

    /** Floats {@link #packB(Matrix, int, int, float[], int, CpuThreadPool)} writes for a k x n matrix. */
    public int packedBSize(int k, int n) {
        return PackedB.size(k, n, nr);
    }

    /** Packs the k x n matrix {@code b} into a new {@link PackedB} (for constant weights). */
    public PackedB packB(Matrix b, int k, int n) {
        float[] dst = new float[packedBSize(k, n)];
        return packB(b, k, n, dst, 0, CpuThreadPool.serial());
    }

    /**
     * Packs the k x n matrix {@code b} into {@code buffer} from {@code offset} (at least {@link #packedBSize}
     * floats; any contents, padding is written), splitting the panels over {@code pool}.
     */
    public PackedB packB(Matrix b, int k, int n, float[] buffer, int offset, CpuThreadPool pool) {
        packPanels(b, k, n, buffer, offset, pool);
        return new PackedB(buffer, offset, k, n, nr);
    }

    /**
     * Packs {@code b} (as many rows and columns as {@code dst} has) into {@code dst}'s buffer, which a caller keeps
     * over a reused scratch array ({@link #packedB}) so that packing on every run creates no {@link PackedB}.
     */
    public PackedB packB(Matrix b, PackedB dst, CpuThreadPool pool) {
        if (dst.nr != nr) {
            throw new IllegalArgumentException("packed B has NR " + dst.nr + ", this GEMM " + nr);
        }
        packPanels(b, dst.k, dst.n, dst.data, dst.offset, pool);
        return dst;
    }

    private void packPanels(Matrix b, int k, int n, float[] buffer, int offset, CpuThreadPool pool) {
        int panels = (n + nr - 1) / nr;
        int threads = Math.min(pool.threads(), Math.max(1, (int) ((long) k * n / 32768)));
        if (threads <= 1 || panels < 2) {
            PackedB.pack(b, k, n, kernel, buffer, offset, 0, panels);
        } else {
            int chunks = Math.min(panels, threads * 2);
            pool.parallelFor(chunks, t -> PackedB.pack(b, k, n, kernel, buffer, offset,
                    (int) ((long) panels * t / chunks), (int) ((long) panels * (t + 1) / chunks)));
        }
    }

    /**
     * Wraps {@code buffer} from {@code offset}, which the caller has filled in the {@link PackedB} layout for a
     * k x n matrix and this GEMM's NR (panel {@code jp} row {@code p} at {@code offset + (jp*k + p)*NR}, zero
     * past column n). For producers that gather B straight into panels, such as convolution's im2col.
     */
    public PackedB packedB(float[] buffer, int offset, int k, int n) {
        if (offset < 0 || buffer.length - offset < packedBSize(k, n)) {
            throw new IllegalArgumentException("packed B buffer too small: " + (buffer.length - offset)
                    + " floats from " + offset + " for " + k + "x" + n + " at NR " + nr);
        }
        return new PackedB(buffer, offset, k, n, nr);
    }

    /**
     * Copies one NR-wide panel row, {@code dst[d + j] = src[s + j]} for {@code j < NR} (both ranges inside their
     * arrays; they may be the same array if the ranges do not overlap), for producers that fill {@link PackedB}
     * panels themselves: vector moves instead of a {@code System.arraycopy} per row.
     */
    public void copyPanelRow(float[] src, int s, float[] dst, int d) {
        kernel.copyRow(src, s, dst, d);
    }

    /**
     * Wraps {@code buffer} from index 0, which the caller has filled in the {@link PackedA} layout for an m x k
     * matrix and this GEMM's MR (sliver {@code s} column {@code p} row {@code r} at {@code (s*k + p)*MR + r}, zero
     * past row m): the layout of an MR-wide {@link PackedB}, so a producer of B panels (convolution's im2col
     * gather) can fill it as well, for a product run transposed.
     */
    public PackedA packedA(float[] buffer, int m, int k) {
        int slivers = (m + mr - 1) / mr;
        if ((long) slivers * mr * k > buffer.length) {
            throw new IllegalArgumentException("packed A buffer too small: " + buffer.length + " floats for " + m
                    + "x" + k + " at MR " + mr);
        }
        return new PackedA(buffer, m, k, mr);
    }

    /** Packs the m x k matrix {@code a} into a new {@link PackedA} (for constant left operands). */
    public PackedA packA(Matrix a, int m, int k) {
        int slivers = (m + mr - 1) / mr;
        float[] dst = new float[Math.multiplyExact(slivers * mr, Math.max(k, 0))];
        PackedA.pack(a, 0, m, 0, k, mr, dst, 0);
        return new PackedA(dst, m, k, mr);
    }

    /**
     * The transpose of a packed left operand (m x k) as a new packed right operand (k x m), for products that run
     * the other way round ({@code Cᵀ = Bᵀ·Aᵀ}) when B has too few columns to fill the micro-kernel's NR-wide tiles.
     */
    public PackedB transposedAsB(PackedA a) {
        if (a.mr != mr) {
            throw new IllegalArgumentException("A was packed for MR " + a.mr + ", kernel is " + describe());
        }
        int k = a.k;
        int n = a.m;
        float[] dst = new float[packedBSize(k, n)];
        for (int j = 0; j < n; j++) {
            int src = (j / mr) * k * mr + j % mr;
            int d = (j / nr) * k * nr + j % nr;
            for (int p = 0; p < k; p++) {
                dst[d + p * nr] = a.data[src + p * mr];
            }
        }
        return new PackedB(dst, 0, k, n, nr);
    }

    /**
     * {@code C = alpha * A·B (+ C when accumulate)}, then {@code epilogue} (null for none), with A strided.
     * C[i, j] is {@code c[cOff + i*ldc + j]}; m, k from the arguments, n and k must match {@code b}.
     */
    public void multiply(Matrix a, PackedB b, float[] c, int cOff, int ldc, int m, float alpha,
                         boolean accumulate, Epilogue epilogue, CpuThreadPool pool) {
        run(null, a, b, c, cOff, ldc, m, alpha, accumulate, epilogue, pool);
    }

    /** As {@link #multiply(Matrix, PackedB, float[], int, int, int, float, boolean, Epilogue, CpuThreadPool)} with A pre-packed. */
    public void multiply(PackedA a, PackedB b, float[] c, int cOff, int ldc, float alpha, boolean accumulate,
                         Epilogue epilogue, CpuThreadPool pool) {
        if (a.k != b.k || a.mr != mr || b.nr != nr) {
            throw new IllegalArgumentException("packed operands do not fit: A " + a.m + "x" + a.k + " (MR " + a.mr
                    + "), B " + b.k + "x" + b.n + " (NR " + b.nr + "), kernel " + describe());
        }
        run(a, null, b, c, cOff, ldc, a.m, alpha, accumulate, epilogue, pool);
    }

    /** Convenience for tests and one-off products: packs B, then multiplies. */
    public void multiply(Matrix a, Matrix b, float[] c, int cOff, int ldc, int m, int n, int k, float alpha,
                         boolean accumulate, Epilogue epilogue, CpuThreadPool pool) {
        PackedB pb = packB(b, k, n, new float[packedBSize(k, n)], 0, pool);
        multiply(a, pb, c, cOff, ldc, m, alpha, accumulate, epilogue, pool);
    }

    private void run(PackedA pa, Matrix a, PackedB pb, float[] c, int cOff, int ldc, int m, float alpha,
                     boolean accumulate, Epilogue epilogue, CpuThreadPool pool) {
        if (pb.nr != nr) {
            throw new IllegalArgumentException("B was packed for NR " + pb.nr + ", kernel is " + describe());
        }
        int n = pb.n;
        int k = pb.k;
        if (m <= 0 || n <= 0) {
            return;
        }
        Epilogue ep = epilogue == null || epilogue.isIdentity() ? null : epilogue;
        if (k == 0) {
            emptyProduct(c, cOff, ldc, m, 0, n, accumulate, ep);
            return;
        }
        int panels = (n + nr - 1) / nr;
        boolean fewRows = pa == null && m <= MicroKernel.SMALL_ROWS && a.colStride() == 1;
        // A few-rows product is bound by streaming B, not by FMAs: its work counts B's floats (STREAM_FLOPS).
        long flops = fewRows ? streamWork(m, panels * nr, k) : 2L * m * n * k;
        if (fewRows && pool.threads() > 1 && panels < TASKS_PER_THREAD * pool.threads()) {
            int kChunks = kChunks(m, panels * nr, k, pool.threads());
            if (kChunks > 1) {
                splitK(kChunks, a, pb, c, cOff, ldc, m, alpha, accumulate, ep, pool);
                return;
            }
        }
        int threads = fewRows && streamsFromMemory(panels, k) ? pool.threads() : threadsFor(flops, pool);
        // Too few panels to give every thread several tasks: split the rows as well.
        int blockRows = threads > 1 && panels < TASKS_PER_THREAD * threads
                ? splitRows(pa, m, panels, threads, flops) : blockRows(pa, m, threads);
        int mBlocks = (m + blockRows - 1) / blockRows;
        int nChunks = threads <= 1 ? 1 : panelChunks(mBlocks, panels, threads,
                fewRows ? flops : 2L * Math.min(m, blockRows) * n * k);
        int tasks = mBlocks * nChunks;
        if (threads <= 1 || tasks == 1) {
            for (int mi = 0; mi < mBlocks; mi++) {
                task(mi * blockRows, blockRows, 0, panels, pa, a, pb.data, pb.offset, c, cOff, ldc, m, n, k, alpha,
                        accumulate, ep);
            }
        } else {
            BlockTasks bt = idleTasks.getAndSet(null);
            if (bt == null) {
                bt = new BlockTasks();
            }
            bt.set(nChunks, panels, blockRows, pa, a, pb, c, cOff, ldc, m, alpha, accumulate, ep);
            try {
                pool.parallelFor(tasks, bt);
            } finally {
                bt.set(0, 0, 0, null, null, null, null, 0, 0, 0, 0f, false, null);
                idleTasks.set(bt);
            }
        }
    }

    /**
     * Into how many K ranges to cut a few-rows product (at most {@link MicroKernel#SMALL_ROWS} rows, A strided)
     * whose B has too few panels to give each of {@code threads} threads several (N up to 64 at NR 32 on 2
     * threads: mnist's first dense layer, 1 x 11616 x 32): 1 for none. Such a product streams B once with at most
     * 4 FMAs per float, so it runs at memory speed, not FMA speed: {@link #STREAM_FLOPS} per float of B counts
     * as its work. A function of the shape and the thread count only, so the partial sums, and their order,
     * are the same from run to run.
     */
    static int kChunks(int m, int paddedN, int k, int threads) {
        long work = streamWork(m, paddedN, k);
        if (threads <= 1 || work < MIN_KSPLIT_FLOPS) {
            return 1;
        }
        int wanted = (int) Math.min(TASKS_PER_THREAD * threads, work / MIN_TASK_FLOPS);
        return BalancedSplit.chunks(k, wanted, threads);
    }

    /**
     * Whether a few-rows product's B ({@code panels} NR-wide panels of {@code k} rows) is over
     * {@link #STREAMED_B_BYTES}: then it comes from L3 or memory on every call, and the product is bound by that
     * stream, several times slower per float than {@link #STREAM_FLOPS} counts (a classifier's 1 x 544 x 1000
     * Gemm: 2.2 MB in 0.15 ms on one thread), so it takes every thread, split by panels (the sums stay the same).
     */
    boolean streamsFromMemory(int panels, int k) {
        return (long) panels * k * nr * Float.BYTES > STREAMED_B_BYTES;
    }

    /** The work of a few-rows product for the thread decisions: its flops, or {@link #STREAM_FLOPS} per float of B. */
    static long streamWork(int m, int paddedN, int k) {
        return Math.max(2L * m, STREAM_FLOPS) * paddedN * k;
    }

    /**
     * A few-rows product cut into {@code chunks} K ranges: each task multiplies its range of A's columns and B's
     * rows into its own slot of partial sums (alpha 1, no accumulate), then this thread adds the slots in
     * chunk order, applies alpha, C and the epilogue. The order of the additions depends on the chunk count
     * alone, not on which thread ran which chunk.
     */
    private void splitK(int chunks, Matrix a, PackedB pb, float[] c, int cOff, int ldc, int m, float alpha,
                        boolean accumulate, Epilogue ep, CpuThreadPool pool) {
        int n = pb.n;
        KSplitTasks kt = idleKSplit.getAndSet(null);
        if (kt == null) {
            kt = new KSplitTasks();
        }
        float[] part = kt.set(chunks, a, pb, m);
        try {
            pool.parallelFor(chunks, kt);
        } finally {
            kt.set(0, null, null, 0);
            idleKSplit.set(kt);
        }
        int size = m * n;
        for (int r = 0; r < m; r++) {
            int o = cOff + r * ldc;
            for (int j = 0; j < n; j++) {
                int at = r * n + j;
                float s = part[at];
                for (int t = 1; t < chunks; t++) {
                    s += part[t * size + at];
                }
                c[o + j] = alpha * s + (accumulate ? c[o + j] : 0f);
            }
        }
        if (ep != null) {
            kernel.epilogue(ep, c, cOff, ldc, 0, m, 0, n);
        }
    }

    /**
     * The tasks of one K-split product ({@link #splitK}) with its partial sums, reused like {@link BlockTasks};
     * the partial-sum array grows to the largest product seen and is kept, so a steady state allocates nothing.
     */
    private final class KSplitTasks implements IntConsumer {
        private float[] partials = new float[0];
        private int chunks;
        private Matrix a;
        private PackedB pb;
        private int m;

        float[] set(int chunks, Matrix a, PackedB pb, int m) {
            this.chunks = chunks;
            this.a = a;
            this.pb = pb;
            this.m = m;
            int size = pb == null ? 0 : chunks * m * pb.n;
            if (partials.length < size) {
                partials = new float[size];
            }
            return partials;
        }

        @Override
        public void accept(int t) {
            int n = pb.n;
            int k = pb.k;
            int k0 = (int) ((long) k * t / chunks);
            int k1 = (int) ((long) k * (t + 1) / chunks);
            int lda = a.rowStride();
            int aOff = a.offset() + k0;
            int panels = (n + nr - 1) / nr;
            for (int jp = 0; jp < panels; jp++) {
                int col0 = jp * nr;
                kernel.multiplyRows(m, k1 - k0, a.data(), aOff, lda, pb.data, pb.offset + (jp * k + k0) * nr,
                        partials, t * m * n + col0, n, Math.min(nr, n - col0), 1f, false);
            }
        }
    }

    /**
     * The tasks of one parallel product (row block x panel range), as a reusable object rather than a capturing
     * lambda so that a steady-state product allocates nothing; one is kept idle (concurrent products that find
     * none make their own).
     */
    private final class BlockTasks implements IntConsumer {
        private int nChunks;
        private int panels;
        private int blockRows;
        private PackedA pa;
        private Matrix a;
        private PackedB pb;
        private float[] c;
        private int cOff;
        private int ldc;
        private int m;
        private float alpha;
        private boolean accumulate;
        private Epilogue ep;

        void set(int nChunks, int panels, int blockRows, PackedA pa, Matrix a, PackedB pb, float[] c, int cOff,
                 int ldc, int m, float alpha, boolean accumulate, Epilogue ep) {
            this.nChunks = nChunks;
            this.panels = panels;
            this.blockRows = blockRows;
            this.pa = pa;
            this.a = a;
            this.pb = pb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.m = m;
            this.alpha = alpha;
            this.accumulate = accumulate;
            this.ep = ep;
        }

        @Override
        public void accept(int t) {
            int mi = t / nChunks;
            int ni = t - mi * nChunks;
            task(mi * blockRows, blockRows, (int) ((long) panels * ni / nChunks),
                    (int) ((long) panels * (ni + 1) / nChunks), pa, a, pb.data, pb.offset, c, cOff, ldc, m, pb.n, pb.k,
                    alpha, accumulate, ep);
        }
    }

    /**
     * How many threads of {@code pool} a product of {@code flops} is worth: one more thread only when each
     * gets at least {@link #MIN_FLOPS_PER_THREAD}. For callers that run their own parallel region around
     * {@link #multiplyPanels} (such as a convolution that gathers B and multiplies it in one region).
     */
    public static int threadsFor(long flops, CpuThreadPool pool) {
        return (int) Math.min(pool.threads(), Math.max(1, flops / MIN_FLOPS_PER_THREAD));
    }

    /**
     * Into how many panel ranges to cut each of {@code mBlocks} row blocks so that there are up to
     * {@link #TASKS_PER_THREAD} tasks per thread, each still worth {@link #MIN_TASK_FLOPS}, in a count that keeps
     * the threads even ({@link BalancedSplit}): tasks are claimed
     * one at a time, so with several per thread a worker that starts late, or loses its core for a while,
     * leaves the caller little to wait for. {@code blockFlops} is the work of one full row block (of the whole
     * product when a caller splits it by panels only, with {@code mBlocks} 1).
     */
    public static int panelChunks(int mBlocks, int panels, int threads, long blockFlops) {
        int wanted = Math.max(1, (TASKS_PER_THREAD * threads + mBlocks - 1) / mBlocks);
        long affordable = Math.max(1, blockFlops / MIN_TASK_FLOPS);
        return BalancedSplit.chunks(panels, (int) Math.min(wanted, affordable), threads, mBlocks);
    }

    /**
     * Whether a product of {@code flops} over {@code panels} panels, split by panels alone ({@link #panelChunks}
     * with one row block), leaves the busiest of {@code threads} threads so far above an even share that its
     * caller should rather produce B first and let {@link #multiply} split the rows too (which it does below
     * {@link #TASKS_PER_THREAD} panels per thread): the excess work must
     * be worth {@link #UNEVEN_FLOPS}, a second fork and join with room to spare. E.g. a 3x3 conv over 256
     * channels on a 14x14 map has 7 panels (ResNet-50: 231 Mflop, 2 threads: 4 panels against 3, 16 Mflop
     * over an even share), where the same conv with 32 output channels (DenseNet's, 16 Mflop) is not worth it.
     */
    public static boolean panelSplitUneven(int panels, int threads, long flops) {
        if (threads <= 1 || panels <= 0 || panels >= TASKS_PER_THREAD * threads) {
            // With this many panels multiply would split them alone as well (no rows to even them out).
            return false;
        }
        int chunks = panelChunks(1, panels, threads, flops);
        long over = BalancedSplit.busiest(panels, chunks, threads) * threads - panels;
        return over > 0 && flops / ((long) panels * threads) * over >= UNEVEN_FLOPS;
    }

    /**
     * {@code C = alpha * A·B (+ C)} then {@code epilogue} for the columns of B's panels {@code [p0, p1)} only,
     * all rows of A, on the calling thread. Lets a caller split one product by panels inside its own parallel
     * region, e.g. to produce each range of B and multiply it while it is still in cache.
     */
    public void multiplyPanels(PackedA a, PackedB b, int p0, int p1, float[] c, int cOff, int ldc, float alpha,
                               boolean accumulate, Epilogue epilogue) {
        int panels = (b.n + nr - 1) / nr;
        if (p0 < 0 || p1 > panels || p0 > p1) {
            throw new IllegalArgumentException("panels [" + p0 + ", " + p1 + ") outside [0, " + panels + ")");
        }
        if (b.k != a.k || b.nr != nr) {
            throw new IllegalArgumentException("packed operands do not fit: A " + a.m + "x" + a.k + ", B " + b.k + "x"
                    + b.n + " (NR " + b.nr + "), kernel " + describe());
        }
        multiplyPanels(a, b.n, p0, p1, b.data, b.offset + p0 * b.k * nr, c, cOff, ldc, alpha, accumulate, epilogue);
    }

    /**
     * As {@link #multiplyPanels(PackedA, PackedB, int, int, float[], int, int, float, boolean, Epilogue)} for a B of
     * {@code a.k} rows and {@code n} columns whose panels {@code [p0, p1)} alone are stored, in {@code panels}
     * from {@code at} (panel {@code p0} first, in the {@link PackedB} layout): a caller that produces B a few
     * panels at a time can reuse one small, cache-resident buffer for them. C is addressed as in the other
     * overload, so {@code cOff} may be a virtual base (a buffer holding only these columns, minus {@code p0 * NR})
     * as long as every element {@code cOff + i*ldc + j} of the range lies in {@code c}.
     */
    public void multiplyPanels(PackedA a, int n, int p0, int p1, float[] panels, int at, float[] c, int cOff,
                               int ldc, float alpha, boolean accumulate, Epilogue epilogue) {
        if (a.mr != mr) {
            throw new IllegalArgumentException("A was packed for MR " + a.mr + ", kernel is " + describe());
        }
        int k = a.k;
        int count = (n + nr - 1) / nr;
        if (p0 < 0 || p1 > count || p0 > p1 || at < 0 || panels.length - at < (long) (p1 - p0) * k * nr) {
            throw new IllegalArgumentException("panels [" + p0 + ", " + p1 + ") of " + count + " do not fit "
                    + (panels.length - at) + " floats from " + at);
        }
        if (a.m <= 0 || p0 == p1) {
            return;
        }
        Epilogue ep = epilogue == null || epilogue.isIdentity() ? null : epilogue;
        if (k == 0) {
            emptyProduct(c, cOff, ldc, a.m, p0 * nr, Math.min(n, p1 * nr), accumulate, ep);
            return;
        }
        // Panel jp sits at bBase + jp*k*NR, as in a whole PackedB.
        int bBase = at - p0 * k * nr;
        task(0, blockRows(a, a.m, 1), p0, p1, a, null, panels, bBase, c, cOff, ldc, a.m, n, k, alpha, accumulate, ep);
    }

    /**
     * The most rows {@link #multiplyFewRowsPanels} takes: a product of so few rows reads A in place, summing all of K
     * per panel, instead of packing it into MR-row slivers.
     */
    public static int fewRowsLimit() {
        return MicroKernel.SMALL_ROWS;
    }

    /**
     * As {@link #multiplyPanels(PackedA, PackedB, int, int, float[], int, int, float, boolean, Epilogue)} for the
     * {@code m} (1 to {@link #fewRowsLimit()}) rows of a row-contiguous A read in place, the epilogue's rows
     * counted from 0. For the last few rows of a pre-packed product whose row count leaves a short last sliver
     * (34 rows at MR 8: 32 + 2), which the MR-row tile would compute as a whole sliver of mostly padding.
     */
    public void multiplyFewRowsPanels(Matrix a, int m, PackedB b, int p0, int p1, float[] c, int cOff, int ldc,
                                      float alpha, boolean accumulate, Epilogue epilogue) {
        int panels = (b.n + nr - 1) / nr;
        if (m < 1 || m > MicroKernel.SMALL_ROWS || a.colStride() != 1) {
            throw new IllegalArgumentException("few-rows product of " + m + " rows, column stride " + a.colStride());
        }
        if (p0 < 0 || p1 > panels || p0 > p1 || b.nr != nr) {
            throw new IllegalArgumentException("panels [" + p0 + ", " + p1 + ") outside [0, " + panels + ") or B NR "
                    + b.nr + " for kernel " + describe());
        }
        if (p0 == p1) {
            return;
        }
        Epilogue ep = epilogue == null || epilogue.isIdentity() ? null : epilogue;
        if (b.k == 0) {
            emptyProduct(c, cOff, ldc, m, p0 * nr, Math.min(b.n, p1 * nr), accumulate, ep);
            return;
        }
        smallRows(a, 0, m, b.data, b.offset, p0, p1, c, cOff, ldc, b.n, b.k, alpha, accumulate, ep);
    }

    /** K = 0: columns {@code [j0, j1)} of C keep their value (accumulate) or become zero, then the epilogue. */
    private static void emptyProduct(float[] c, int cOff, int ldc, int m, int j0, int j1, boolean accumulate,
                                     Epilogue ep) {
        for (int i = 0; i < m; i++) {
            for (int j = j0; j < j1; j++) {
                int o = cOff + i * ldc + j;
                c[o] = accumulate ? c[o] : 0f;
            }
        }
        if (ep != null) {
            ep.applyScalar(c, cOff, ldc, 0, m, j0, j1 - j0);
        }
    }

    /** Packs panels {@code [p0, p1)} of the k x n matrix {@code b} into {@code buffer} (see {@link #packB}). */
    public void packBPanels(Matrix b, int k, int n, float[] buffer, int offset, int p0, int p1) {
        PackedB.pack(b, k, n, kernel, buffer, offset, p0, p1);
    }

    /**
     * Rows of C per task of a parallel product with too few panels for {@link #TASKS_PER_THREAD} tasks per
     * thread: with A pre-packed, enough row blocks for that (one per MR rows at most, each still worth
     * {@link #MIN_TASK_FLOPS}), of even height. A fixed height left a thin last block (128
     * rows as 96 + 32), and rows up to 96 one block however few the panels (a 7x7 feature map is 2 panels, 32
     * and 17 columns wide: two tasks, one nearly twice the other). With A packed per task: {@link #evenTaskRows}.
     */
    private int splitRows(PackedA pa, int m, int panels, int threads, long flops) {
        if (pa == null) {
            return evenTaskRows(m, threads);
        }
        int slivers = (m + mr - 1) / mr;
        long wanted = Math.min(Math.ceilDiv(TASKS_PER_THREAD * threads, panels), flops / MIN_TASK_FLOPS);
        int blocks = (int) Math.max(1, Math.min(slivers, wanted));
        return Math.ceilDiv(slivers, blocks) * mr;
    }

    /**
     * Rows of C per task: {@link #MC_TARGET} when A is packed per task (its block must stay in L2; evened out
     * over {@code threads}, see {@link #evenTaskRows}), all of them when A is pre-packed, so that each B block is
     * fetched once and serves every row.
     */
    private int blockRows(PackedA pa, int m, int threads) {
        return pa == null ? evenTaskRows(m, threads) : (m + mr - 1) / mr * mr;
    }

    /**
     * Rows of C per task when A is packed per task: {@link #MC_TARGET}, or, on several threads, the height (a
     * multiple of MR, at most MC, at most twice the blocks) whose blocks leave the busiest thread the fewest
     * rows, since a row block is one task: 1024 rows in blocks of 96 are 11 tasks, and the busiest of 2 threads
     * gets 6 (576 rows where 512 is even; MiniLM's products at batch 8), in blocks of 64 each gets 8; 128 rows
     * (batch 1) go as 64 + 64 rather than 96 + 32. Sliver
     * boundaries stay at multiples of MR and a block goes to the small-rows path (summing all of K at once)
     * only when the MC blocks of one thread have one too, then MC is kept: the result is bit for bit the serial
     * one.
     */
    int evenTaskRows(int m, int threads) {
        int blocks = (m + mc - 1) / mc;
        int serialLast = m - (blocks - 1) * mc;
        if (threads <= 1 || blocks <= 1 || serialLast <= MicroKernel.SMALL_ROWS) {
            return mc;
        }
        int slivers = (m + mr - 1) / mr;
        int best = mc;
        long bestBound = busiestRows(m, mc, threads);
        for (int count = blocks; count <= 2 * blocks; count++) {
            int rows = Math.ceilDiv(slivers, count) * mr;
            int last = m - (Math.ceilDiv(m, rows) - 1) * rows;
            long bound = busiestRows(m, rows, threads);
            if (last > MicroKernel.SMALL_ROWS && bound < bestBound) {
                best = rows;
                bestBound = bound;
            }
        }
        return best;
    }

    /** Rows the busiest of {@code threads} threads may get when {@code m} rows go in blocks of {@code rows}. */
    private static long busiestRows(int m, int rows, int threads) {
        return (long) Math.ceilDiv(Math.ceilDiv(m, rows), threads) * rows;
    }

    /** Rows {@code [m0, m0 + blockRows)} of C (clipped to m) against B's panels {@code [p0, p1)}. */
    private void task(int m0, int blockRows, int p0, int p1, PackedA pa, Matrix a, float[] bd, int bBase, float[] c,
                      int cOff, int ldc, int m, int n, int k, float alpha, boolean accumulate, Epilogue ep) {
        int rowsInBlock = Math.min(blockRows, m - m0);
        int slivers = (rowsInBlock + mr - 1) / mr;
        if (pa == null && rowsInBlock <= MicroKernel.SMALL_ROWS && a.colStride() == 1) {
            smallRows(a, m0, rowsInBlock, bd, bBase, p0, p1, c, cOff, ldc, n, k, alpha, accumulate, ep);
            return;
        }
        float[] scr = scratch.get();
        int tileOff = mc * kcBlock;
        int kBlocks = (k + kcBlock - 1) / kcBlock;
        int kBlock = (k + kBlocks - 1) / kBlocks;
        int panelsPerBlock = Math.max(1, B_BLOCK_BYTES / (kBlock * nr * Float.BYTES));
        for (int pc = 0; pc < k; pc += kBlock) {
            int kc = Math.min(kBlock, k - pc);
            float[] ad;
            int aBase;
            int aStride;
            if (pa == null) {
                PackedA.pack(a, m0, rowsInBlock, pc, kc, mr, scr, 0);
                ad = scr;
                aBase = 0;
                aStride = kc * mr;
            } else {
                ad = pa.data;
                aBase = (m0 / mr) * k * mr + pc * mr;
                aStride = k * mr;
            }
            for (int jc = p0; jc < p1; jc += panelsPerBlock) {
                int jEnd = Math.min(p1, jc + panelsPerBlock);
                for (int s = 0; s < slivers; s++) {
                    for (int jp = jc; jp < jEnd; jp++) {
                        tile(jp, m0 + s * mr, m, n, k, pc, kc, ad, aBase + s * aStride, bd, bBase, c, cOff, ldc, scr,
                                tileOff, alpha, accumulate || pc > 0, pc + kc == k ? ep : null);
                    }
                }
            }
        }
    }

    /**
     * One MR x NR tile of C at rows {@code row0..}, panel {@code jp}, over K block {@code [pc, pc + kc)}; a tile
     * sticking out of C goes through the scratch tile at {@code tileOff}. {@code ep}: null unless the last K block.
     */
    private void tile(int jp, int row0, int m, int n, int k, int pc, int kc, float[] ad, int aOff, float[] bd,
                      int bBase, float[] c, int cOff, int ldc, float[] scr, int tileOff, float alpha, boolean loadC,
                      Epilogue ep) {
        MicroKernel mk = kernel;
        int bOff = bBase + jp * k * nr + pc * nr;
        int col0 = jp * nr;
        int cols = Math.min(nr, n - col0);
        int rows = Math.min(mr, m - row0);
        int cTile = cOff + row0 * ldc + col0;
        if (rows == mr && cols == nr && ep != null) {
            mk.multiply(kc, ad, aOff, bd, bOff, c, cTile, ldc, alpha, loadC, ep, row0, col0);
            return;
        }
        if (rows == mr && cols == nr) {
            mk.multiply(kc, ad, aOff, bd, bOff, c, cTile, ldc, alpha, loadC);
        } else {
            int narrow = mk.narrowWidth();
            int columns = mk.columnWidth();
            if (cols <= columns) {
                mk.multiplyColumns(kc, ad, aOff, bd, bOff, scr, tileOff, nr, alpha);
            } else if (cols <= narrow) {
                mk.multiplyNarrow(kc, ad, aOff, bd, bOff, scr, tileOff, nr, alpha);
            } else if (cols <= narrow + columns) {
                // E.g. N = 49 at NR 32: the second panel's 17 columns as 16 + 1, not a 32-wide tile.
                mk.multiplyNarrow(kc, ad, aOff, bd, bOff, scr, tileOff, nr, alpha);
                mk.multiplyColumns(kc, ad, aOff, bd, bOff + narrow, scr, tileOff + narrow, nr, alpha);
            } else {
                mk.multiply(kc, ad, aOff, bd, bOff, scr, tileOff, nr, alpha, false);
            }
            for (int r = 0; r < rows; r++) {
                int o = cTile + r * ldc;
                int to = tileOff + r * nr;
                for (int j = 0; j < cols; j++) {
                    c[o + j] = loadC ? c[o + j] + scr[to + j] : scr[to + j];
                }
            }
        }
        if (ep != null) {
            mk.epilogue(ep, c, cTile, ldc, row0, rows, col0, cols);
        }
    }

    /** A block of at most {@link MicroKernel#SMALL_ROWS} rows: A read in place, each panel over all of K. */
    private void smallRows(Matrix a, int m0, int rows, float[] bd, int bBase, int p0, int p1, float[] c, int cOff,
                           int ldc, int n, int k, float alpha, boolean accumulate, Epilogue ep) {
        MicroKernel mk = kernel;
        int aOff = a.offset() + m0 * a.rowStride();
        for (int jp = p0; jp < p1; jp++) {
            int col0 = jp * nr;
            int cols = Math.min(nr, n - col0);
            int cTile = cOff + m0 * ldc + col0;
            mk.multiplyRows(rows, k, a.data(), aOff, a.rowStride(), bd, bBase + jp * k * nr, c, cTile, ldc,
                    cols, alpha, accumulate);
            if (ep != null) {
                mk.epilogue(ep, c, cTile, ldc, m0, rows, col0, cols);
            }
        }
    }
}
