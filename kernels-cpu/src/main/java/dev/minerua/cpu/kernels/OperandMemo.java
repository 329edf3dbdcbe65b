package dev.minerua.cpu.kernels;

import dev.minerua.cpu.gemm.Epilogue;
import dev.minerua.cpu.gemm.Matrix;
import dev.minerua.cpu.gemm.PackedB;
import dev.minerua.cpu.gemm.Sgemm;

/**
 * The small views a GEMM kernel hands to {@link Sgemm} on every call ({@link Matrix} over an input, {@link PackedB}
 * over a scratch buffer, an {@link Epilogue} with a residual), kept per slot (a group, a batch index) for the next
 * call. In steady state the arrays behind them are the same on every run (the buffer pool hands a value the same
 * array, scratch buffers are per thread), so the views are too and a run builds none. A view is rebuilt whenever
 * its array, offset or shape changes; slots past the memo's size are never kept.
 *
 * <p>Thread-safety: kernels may run concurrently. Every kept object is immutable (final fields) and a slot is
 * one reference, so a racing call sees a whole view, at worst one for other arrays, which the check rejects.
 */
final class OperandMemo {
    /** An epilogue with a residual, remembered together with the epilogue it was built from. */
    private record WithResidual(Epilogue base, Epilogue result) {
    }

    private final Matrix[] matrices;
    private final PackedB[] packed;
    private final WithResidual[] residuals;

    OperandMemo(int slots) {
        matrices = new Matrix[slots];
        packed = new PackedB[slots];
        residuals = new WithResidual[slots];
    }

    /** {@code new Matrix(data, offset, rowStride, colStride)}, the one kept in {@code slot} when it matches. */
    Matrix matrix(int slot, float[] data, int offset, int rowStride, int colStride) {
        Matrix m = slot < matrices.length ? matrices[slot] : null;
        if (m != null && m.data() == data && m.offset() == offset && m.rowStride() == rowStride
                && m.colStride() == colStride) {
            return m;
        }
        m = new Matrix(data, offset, rowStride, colStride);
        if (slot < matrices.length) {
            matrices[slot] = m;
        }
        return m;
    }

    /** {@link Matrix#rowMajor}, kept per slot. */
    Matrix rowMajor(int slot, float[] data, int offset, int cols) {
        return matrix(slot, data, offset, cols, 1);
    }

    /** {@link Sgemm#packedB}: the k x n packed view of {@code buffer} from {@code offset}, kept per slot. */
    PackedB packedB(int slot, Sgemm sgemm, float[] buffer, int offset, int k, int n) {
        PackedB b = slot < packed.length ? packed[slot] : null;
        if (b != null && b.isOn(buffer, offset) && b.rows() == k && b.cols() == n) {
            return b;
        }
        b = sgemm.packedB(buffer, offset, k, n);
        if (slot < packed.length) {
            packed[slot] = b;
        }
        return b;
    }

    /** {@code base.withResidual(r, offset, stride)}, kept per slot. */
    Epilogue withResidual(int slot, Epilogue base, float[] r, int offset, int stride) {
        WithResidual w = slot < residuals.length ? residuals[slot] : null;
        if (w != null && w.base == base && w.result.residual() == r && w.result.residualOffset() == offset
                && w.result.residualStride() == stride) {
            return w.result;
        }
        Epilogue e = base.withResidual(r, offset, stride);
        if (slot < residuals.length) {
            residuals[slot] = new WithResidual(base, e);
        }
        return e;
    }
}
