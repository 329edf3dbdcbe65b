package dev.minerua.cpu.gemm;

/**
 * What the GEMM does to each output element after the product, in this order:
 * {@code v += columnBias[j]}, {@code v += rowBias[i]}, {@code v += residual(i, j)}, {@code v = min(max(v, lo), hi)},
 * then {@link RowActivation} over the row segment. {@code i, j} are the row and column within C.
 * Immutable; build with {@link #NONE} and the {@code with...} methods.
 *
 * @param columnBias       bias per output column, or null; read from {@code columnBiasOffset + j}
 * @param rowBias          bias per output row, or null; read from {@code rowBiasOffset + i}
 * @param residual         a matrix added to the output, or null
 * @param residualOffset   where residual element (0, 0) is
 * @param residualStride   the residual's row stride (its column stride is 1)
 * @param lo               lower clamp ({@code -Infinity} for none)
 * @param hi               upper clamp ({@code +Infinity} for none)
 * @param activation       an extra elementwise step, or null
 */
public record Epilogue(float[] columnBias, int columnBiasOffset, float[] rowBias, int rowBiasOffset,
                       float[] residual, int residualOffset, int residualStride, float lo, float hi,
                       RowActivation activation) {
    /** Nothing after the product. */
    public static final Epilogue NONE = new Epilogue(null, 0, null, 0, null, 0, 0,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, null);

    public Epilogue withColumnBias(float[] bias, int offset) {
        return new Epilogue(bias, offset, rowBias, rowBiasOffset, residual, residualOffset, residualStride, lo, hi,
                activation);
    }

    public Epilogue withRowBias(float[] bias, int offset) {
        return new Epilogue(columnBias, columnBiasOffset, bias, offset, residual, residualOffset, residualStride, lo,
                hi, activation);
    }

    public Epilogue withResidual(float[] r, int offset, int stride) {
        return new Epilogue(columnBias, columnBiasOffset, rowBias, rowBiasOffset, r, offset, stride, lo, hi,
                activation);
    }

    /** Clamps to {@code [lo, hi]}; ReLU is {@code withClamp(0, +Infinity)}. */
    public Epilogue withClamp(float lo, float hi) {
        return new Epilogue(columnBias, columnBiasOffset, rowBias, rowBiasOffset, residual, residualOffset,
                residualStride, lo, hi, activation);
    }

    public Epilogue withRelu() {
        return withClamp(0f, Float.POSITIVE_INFINITY);
    }

    public Epilogue withActivation(RowActivation a) {
        return new Epilogue(columnBias, columnBiasOffset, rowBias, rowBiasOffset, residual, residualOffset,
                residualStride, lo, hi, a);
    }

    /** True when the epilogue changes nothing. */
    public boolean isIdentity() {
        return columnBias == null && rowBias == null && residual == null && !clamps() && activation == null;
    }

    /** True when at most a row bias and a clamp remain, which a micro-kernel may apply in registers. */
    boolean onlyRowBiasAndClamp() {
        return columnBias == null && residual == null && activation == null;
    }

    boolean clamps() {
        return lo != Float.NEGATIVE_INFINITY || hi != Float.POSITIVE_INFINITY;
    }

    /** The scalar epilogue of element {@code (i, j)} before the activation hook. */
    float apply(float v, int i, int j) {
        if (columnBias != null) {
            v += columnBias[columnBiasOffset + j];
        }
        if (rowBias != null) {
            v += rowBias[rowBiasOffset + i];
        }
        if (residual != null) {
            v += residual[residualOffset + i * residualStride + j];
        }
        if (clamps()) {
            v = Math.min(Math.max(v, lo), hi);
        }
        return v;
    }

    /** Applies the epilogue to the block rows {@code row0..}, columns {@code col0..} of C, in scalar code. */
    void applyScalar(float[] c, int cOff, int ldc, int row0, int rows, int col0, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = cOff + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[o + j] = apply(c[o + j], row0 + r, col0 + j);
            }
            if (activation != null) {
                activation.apply(c, o, cols);
            }
        }
    }
}
