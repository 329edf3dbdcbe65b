package dev.minerua.cpu.gemm;

/**
 * One MR x NR register tile of the GEMM. Implementations hold their vector species in a static final field
 * (so the JIT compiles real vector instructions) and keep the MR x NR accumulators in locals.
 */
abstract class MicroKernel {
    /** The most rows {@link #multiplyRows} takes. */
    static final int SMALL_ROWS = 4;

    final int mr;
    final int nr;

    MicroKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * {@code C[r, j] = alpha * sum_p a[aOff + p*MR + r] * b[bOff + p*NR + j] (+ C[r, j] when loadC)} for the
     * full MR x NR tile at {@code c[cOff + r*ldc + j]}.
     */
    abstract void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                           float alpha, boolean loadC);

    /**
     * The full tile with its epilogue: {@link #multiply}, then {@code ep} over the tile (rows from {@code row0},
     * columns from {@code col0} of C). An epilogue of a row bias and a clamp (a convolution's bias and ReLU) goes
     * to {@link #multiplyBiasClamp} where the kernel has it, which applies it in registers before the store and
     * saves a second pass over the tile (for a short K, such as a first convolution's 27, that pass
     * costs half as much as the product). Only a tile with alpha 1 that does not add to C goes there: each extra
     * step in that method's body brings C2 nearer its node budget (see {@link #multiplyBiasClamp}).
     */
    final void multiply(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float alpha,
                        boolean loadC, Epilogue ep, int row0, int col0) {
        if (alpha == 1f && !loadC && fusesBiasClamp() && ep.onlyRowBiasAndClamp()) {
            float[] rb = ep.rowBias();
            multiplyBiasClamp(kc, a, aOff, b, bOff, c, cOff, ldc, rb,
                    rb == null ? 0 : ep.rowBiasOffset() + row0, ep.lo(), ep.hi());
            return;
        }
        multiply(kc, a, aOff, b, bOff, c, cOff, ldc, alpha, loadC);
        epilogue(ep, c, cOff, ldc, row0, mr, col0, nr);
    }

    /** Whether {@link #multiplyBiasClamp} is implemented. */
    boolean fusesBiasClamp() {
        return false;
    }

    /**
     * The full tile as {@link #multiply} with alpha 1 and no loadC, then, as {@link #epilogue} would,
     * {@code rowBias[rbOff + r]} added to row {@code r} (when rowBias is not null) and the clamp to {@code [lo, hi]}
     * (when it is not the whole line), in the same order and with the same vector operations, so the same bits.
     * Only kernels whose {@link #fusesBiasClamp} is true implement it.
     *
     * <p>Implementations keep this a method of its own beside {@link #multiply}, with its own copy of the product
     * loop, rather than one body serving both: a body with alpha, loadC, bias and clamp crossed C2's node budget
     * on some compiles, and then its FMAs were left as calls that box every vector (ppocr-v4-rec ran 7x slower in
     * one JVM out of three, with hundreds of GCs per second).
     */
    void multiplyBiasClamp(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                           float[] rowBias, int rbOff, float lo, float hi) {
        throw new UnsupportedOperationException(describe() + " has no fused bias and clamp");
    }

    /**
     * The narrow tail tile: as {@link #multiply} without loadC for the first {@link #narrowWidth} columns (one
     * vector, half of NR) of an NR-wide panel (B rows still NR apart), all of them stored, so the caller points
     * it at a scratch tile and copies back the columns it needs. The last panel of a product whose N leaves a
     * remainder of at most NR/2 (N = 196 at NR 32: 4) would otherwise spend as many FMAs on padding as a full
     * tile. No masks and no read of C: with them the 8x16 kernel was too big for C1 ("out of virtual
     * registers"), which left it running the Vector API's Java fallbacks for seconds. Only kernels with a
     * nonzero {@link #narrowWidth} implement it.
     */
    void multiplyNarrow(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float alpha) {
        throw new UnsupportedOperationException(describe() + " has no narrow tile");
    }

    /** The most columns {@link #multiplyNarrow} takes (one vector, half of NR), 0 where there is none. */
    int narrowWidth() {
        return 0;
    }

    /**
     * The column tail tile: {@code C[r, j] = alpha * sum_p a[aOff + p*MR + r] * b[bOff + p*NR + j]} for the
     * {@link #columnWidth} columns {@code j} from {@code bOff}'s place in an NR-wide panel, all MR rows, stored at
     * {@code c[cOff + r*ldc + j]} (the caller points it at a scratch tile and copies back the columns it needs).
     * For a last panel a few columns wider than a multiple of {@link #narrowWidth} (N = 49 at NR 32: 32 + 16 + 1),
     * which a full or narrow tile would fill mostly with padding: here each K step is one FMA per column on a
     * vector of the A sliver's MR rows. The columns read must lie inside the panel (padding is zero). Only kernels
     * with a nonzero {@link #columnWidth} implement it.
     */
    void multiplyColumns(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, float alpha) {
        throw new UnsupportedOperationException(describe() + " has no column tile");
    }

    /** The columns {@link #multiplyColumns} computes at once, 0 where there is no column tile. */
    int columnWidth() {
        return 0;
    }

    /**
     * The few-rows product over the whole of K without packing A: for {@code r < rows} (at most
     * {@link #SMALL_ROWS}) and {@code j < cols} (at most NR), {@code C[r, j] = alpha * sum_p a[aOff + r*lda + p]
     * * b[bOff + p*NR + j] (+ C[r, j] when accumulate)}, B being one packed panel. For GEMV-like products
     * (batch-1 MatMul and Gemm) where packing A into MR-row slivers would cost more than the product. This
     * plain version serves the scalar tier; vector kernels override it.
     */
    void multiplyRows(int rows, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                      int ldc, int cols, float alpha, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int ar = aOff + r * lda;
            int o = cOff + r * ldc;
            for (int j = 0; j < cols; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[ar + p] * b[bOff + p * nr + j];
                }
                c[o + j] = alpha * s + (accumulate ? c[o + j] : 0f);
            }
        }
    }

    /**
     * {@code dst[d + j] = src[s + j]} for {@code j < NR}: one row of a B panel. Producers of B fill panels with
     * millions of such short copies (a 3x3 convolution's padded grid: one per channel, tap and panel), where
     * {@code System.arraycopy}'s call and checks cost as much as the copy; vector kernels copy with NR/L
     * vector moves.
     */
    void copyRow(float[] src, int s, float[] dst, int d) {
        System.arraycopy(src, s, dst, d, nr);
    }

    /** Applies {@code ep} to the block of C (any size); vectorized where the implementation can. */
    abstract void epilogue(Epilogue ep, float[] c, int cOff, int ldc, int row0, int rows, int col0, int cols);

    /** A short name for logs and benchmarks, e.g. {@code 8x32/512}. */
    abstract String describe();
}
