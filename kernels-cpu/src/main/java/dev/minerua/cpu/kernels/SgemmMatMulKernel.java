package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.RangeTask;
import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.error.ExecutionException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Float32 MatMul on {@link Sgemm}, with numpy batching and 1-D operands. A constant B is packed once here, at
 * compile time (every batch matrix of it); otherwise B is packed per call into run memory. Other element
 * types run the reference {@link MatMulKernel}, which stays the oracle.
 */
final class SgemmMatMulKernel implements Kernel {
    private final Kernel reference;
    /** Batch indices whose per-call views are kept: 96 for MiniLM at batch 8 (8 x 12 heads), 192 at 16. */
    private static final int MEMO_BATCHES = 256;

    private final Sgemm sgemm;
    private final CpuThreadPool pool;
    /** Per batch matrix of a constant B (its dims in {@link #constantBDims}), or null. */
    private final PackedB[] constantB;
    private final int[] constantBDims;
    /** Column bias, clamp and activation from a fusion; {@link Epilogue#NONE} for none. */
    private final Epilogue fused;
    /** The input index of a residual of the output's shape, added before the clamp, or -1. */
    private final int residualInput;
    /** Batch maps and output shape for the last input shapes. */
    private final ShapeMemo<Shapes> shapes = new ShapeMemo<>();
    /** Views of A and residual epilogues per batch index (see {@link OperandMemo}). */
    private final OperandMemo operands = new OperandMemo(MEMO_BATCHES);
    /** Views of a run-time B per batch index, for packing. */
    private final OperandMemo bMatrices = new OperandMemo(MEMO_BATCHES);
    /** The parallel batch loop: products of one call, its operands passed per call. */
    private final RangeTask<float[], float[], BatchOperands> batchTasks = new RangeTask<>(this::products);
    /** The operands of the last parallel batch loop (see {@link #batchOperands}). */
    private volatile BatchOperands lastBatchOperands;
    /** The PackedB array of the last call that packed B at run time, kept for the next. */
    private final AtomicReference<PackedB[]> packedPerCall = new AtomicReference<>();

    SgemmMatMulKernel(Kernel reference, Sgemm sgemm, CpuThreadPool pool, Tensor constB) {
        this(reference, sgemm, pool, constB, Epilogue.NONE, -1);
    }

    SgemmMatMulKernel(Kernel reference, Sgemm sgemm, CpuThreadPool pool, Tensor constB, Epilogue fused,
                      int residualInput) {
        this.reference = reference;
        this.fused = fused;
        this.residualInput = residualInput;
        this.sgemm = sgemm;
        this.pool = pool;
        float[] bf = FloatConstants.forPacking(constB);
        if (bf != null && constB.rank() >= 1) {
            int[] bd = constB.rank() == 1 ? new int[] {constB.dim(0), 1} : constB.dims().clone();
            int k = bd[bd.length - 2];
            int n = bd[bd.length - 1];
            int count = (int) (Tensor.elementCount(bd) / Math.max(1L, (long) k * n));
            PackedB[] packed = new PackedB[count];
            for (int t = 0; t < count && (long) k * n > 0; t++) {
                packed[t] = sgemm.packB(Matrix.rowMajor(bf, t * k * n, n), k, n);
            }
            this.constantB = (long) k * n > 0 ? packed : null;
            this.constantBDims = constB.dims().clone();
        } else {
            this.constantB = null;
            this.constantBDims = null;
        }
    }

    static Kernel create(Kernel reference, CompileContext ctx) {
        return new SgemmMatMulKernel(reference, Sgemm.standard(), CpuCompileContext.threadPool(ctx),
                ctx.constantInput(1));
    }

    /**
     * As {@link #create(Kernel, CompileContext)}, with {@code fused} (a column bias of length N, clamp,
     * activation) and input {@code residualInput} (of the output's shape, -1 for none) in the epilogue.
     * {@code reference} must apply them itself: it runs whenever the fast path does not.
     */
    static Kernel create(Kernel reference, CompileContext ctx, Epilogue fused, int residualInput) {
        return new SgemmMatMulKernel(reference, Sgemm.standard(), CpuCompileContext.threadPool(ctx),
                ctx.constantInput(1), fused, residualInput);
    }

    /**
     * The packed panels stand for a constant B, so the decoded tensor need not stay alive, unless a fused residual
     * or bias could send a run to the reference kernel (which reads B): a residual's shape is only known per run.
     */
    @Override
    public boolean readsConstantInput(int input) {
        return input != 1 || constantB == null || residualInput >= 0
                || (fused.columnBias() != null && fused.columnBias().length != constantBDims[constantBDims.length - 1]);
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor a = ctx.input(0);
        Tensor b = ctx.input(1); // null when the runtime dropped the constant B we packed
        int[] bDims = b != null ? b.dims() : constantBDims;
        if (b == null && (a.type() != DataType.FLOAT || a.rank() == 0)) {
            throw new ExecutionException("MatMul: A " + a.type() + Arrays.toString(a.dims())
                    + " does not fit the packed constant B " + Arrays.toString(bDims));
        }
        if (a.type() != DataType.FLOAT || a.rank() == 0
                || (b != null && (b.type() != DataType.FLOAT || b.rank() == 0))) {
            reference.execute(ctx);
            return;
        }
        Shapes sh = shapes.get(a.dims(), bDims);
        if (sh == null) {
            sh = shapes.put(a.dims(), bDims, Shapes.of(a.dims(), bDims));
        }
        int m = sh.m;
        int k = sh.k;
        int n = sh.n;
        int batches = sh.batches;
        int[] mapA = sh.mapA;
        int[] mapB = sh.mapB;
        int[] yShape = sh.yShape;
        Tensor r = residualInput < 0 ? null : ctx.input(residualInput);
        boolean extra = r != null || !fused.isIdentity();
        if (extra && ((r != null && (r.type() != DataType.FLOAT || !Arrays.equals(r.dims(), yShape))) || k == 0
                || (fused.columnBias() != null && fused.columnBias().length != n))) {
            reference.execute(ctx);
            return;
        }
        Tensor y = ctx.allocateOutput(0, DataType.FLOAT, yShape);
        if (batches == 0 || m == 0 || n == 0) {
            return;
        }
        float[] rx = r == null ? null : r.floatData();
        float[] ax = a.floatData();
        float[] yx = y.floatData();
        boolean constant = constantB != null && Arrays.equals(constantBDims, bDims);
        int sa = m * k;
        int sy = m * n;
        long work = 2L * m * n * k;
        boolean perTask = batches > 1 && pool.threads() > 1 && work < (1 << 22);
        // Many small products with a B of their own each (attention's K^T and V): each task packs its B, so that
        // packing runs in parallel too and the B matrix is still in cache for its product.
        boolean packInTasks = perTask && !constant && sh.countB == batches;
        PackedB[] packed = constant ? constantB
                : packInTasks ? packedViews(ctx, sh.countB, k, n) : packPerCall(ctx, b.floatData(), sh.countB, k, n);
        if (perTask) {
            // Many small products: one product per task, each on one thread.
            batchTasks.parallelSplit(pool, batches, batches, ax, yx,
                    batchOperands(sh, packed, rx, packInTasks ? b.floatData() : null), 0);
        } else {
            for (int t = 0; t < batches; t++) {
                product(ax, mapA == null ? t : mapA[t], sa, k, packed, mapB == null ? t : mapB[t], yx, t * sy, n, m,
                        rx, pool);
            }
        }
        if (!constant) {
            keepPacked(packed);
        }
    }

    /** Batch products {@code [from, to)} of one call, each on this thread, as a {@link RangeTask.Body}. */
    private void products(float[] ax, float[] yx, BatchOperands o, int unused, int from, int to) {
        Shapes sh = o.shapes;
        for (int t = from; t < to; t++) {
            if (o.unpackedB != null && sh.k > 0) {
                int ib = sh.mapB == null ? t : sh.mapB[t];
                int kn = sh.k * sh.n;
                sgemm.packB(bMatrices.rowMajor(ib, o.unpackedB, ib * kn, sh.n), o.packed[ib], CpuThreadPool.serial());
            }
            product(ax, sh.mapA == null ? t : sh.mapA[t], sh.m * sh.k, sh.k, o.packed, sh.mapB == null ? t : sh.mapB[t],
                    yx, t * sh.m * sh.n, sh.n, sh.m, o.residual, CpuThreadPool.serial());
        }
    }

    /** The operands of a parallel batch loop besides A and Y, the last ones kept while they repeat. */
    private BatchOperands batchOperands(Shapes sh, PackedB[] packed, float[] rx, float[] unpackedB) {
        BatchOperands o = lastBatchOperands;
        if (o == null || o.shapes != sh || o.packed != packed || o.residual != rx || o.unpackedB != unpackedB) {
            lastBatchOperands = o = new BatchOperands(sh, packed, rx, unpackedB);
        }
        return o;
    }

    /**
     * What {@link #products} needs besides A and Y: shapes, packed B matrices, residual (or null), and B's data
     * when each task packs its own B matrix into {@code packed} (null when B is packed already).
     */
    private record BatchOperands(Shapes shapes, PackedB[] packed, float[] residual, float[] unpackedB) {
    }

    private void product(float[] ax, int ia, int sa, int k, PackedB[] packed, int ib, float[] yx, int yOff, int n,
                         int m, float[] rx, CpuThreadPool p) {
        if (k == 0) {
            Arrays.fill(yx, yOff, yOff + m * n, 0f);
            return;
        }
        // The views are kept per batch index; parallel products (one per task) run on distinct indices.
        int slot = yOff / Math.max(1, m * n);
        Epilogue ep = rx == null ? fused : operands.withResidual(slot, fused, rx, yOff, n);
        sgemm.multiply(operands.rowMajor(slot, ax, ia * sa, k), packed[ib], yx, yOff, n, m, 1f, false, ep, p);
    }

    private PackedB[] packPerCall(KernelContext ctx, float[] bx, int count, int k, int n) {
        PackedB[] packed = packedViews(ctx, count, k, n);
        for (int t = 0; t < count && (long) k * n > 0; t++) {
            sgemm.packB(bMatrices.rowMajor(t, bx, t * k * n, n), packed[t], pool);
        }
        return packed;
    }

    /** The {@code count} k x n packed B matrices of one call, on run memory, not packed yet. */
    private PackedB[] packedViews(KernelContext ctx, int count, int k, int n) {
        PackedB[] packed = packedPerCall.getAndSet(null);
        if (packed == null || packed.length != count) {
            packed = new PackedB[count];
        }
        if ((long) k * n == 0) {
            return packed;
        }
        int size = sgemm.packedBSize(k, n);
        float[] buffer = PackScratch.floats(ctx, Math.multiplyExact(size, count));
        for (int t = 0; t < count; t++) {
            PackedB view = packed[t];
            if (view == null || !view.isOn(buffer, t * size) || view.rows() != k || view.cols() != n) {
                packed[t] = sgemm.packedB(buffer, t * size, k, n);
            }
        }
        return packed;
    }

    /** Gives back the array {@link #packPerCall} returned, for the next call. */
    private void keepPacked(PackedB[] packed) {
        packedPerCall.set(packed);
    }

    /** What the kernel derives from the input shapes (batch broadcasting maps, output shape). */
    private record Shapes(int m, int k, int n, int batches, int countB, int[] mapA, int[] mapB, int[] yShape) {
        static Shapes of(int[] aDims, int[] bDims) {
            int[] ad = aDims.length == 1 ? new int[] {1, aDims[0]} : aDims;
            int[] bd = bDims.length == 1 ? new int[] {bDims[0], 1} : bDims;
            int m = ad[ad.length - 2];
            int k = ad[ad.length - 1];
            int n = bd[bd.length - 1];
            if (bd[bd.length - 2] != k) {
                throw new ExecutionException("MatMul: shapes " + Arrays.toString(aDims) + " and "
                        + Arrays.toString(bDims) + " are not aligned");
            }
            int[] batchA = Arrays.copyOf(ad, ad.length - 2);
            int[] batchB = Arrays.copyOf(bd, bd.length - 2);
            int[] batch = Broadcast.shape(batchA, batchB);
            return new Shapes(m, k, n, (int) Tensor.elementCount(batch), (int) Tensor.elementCount(batchB),
                    Broadcast.indexMap(MatMulKernel.lift(batchA, batch.length), batch),
                    Broadcast.indexMap(MatMulKernel.lift(batchB, batch.length), batch),
                    MatMulKernel.outShape(batch, aDims.length == 1, bDims.length == 1, m, n));
        }
    }
}
