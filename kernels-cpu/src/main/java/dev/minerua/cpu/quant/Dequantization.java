package dev.minerua.cpu.quant;

/**
 * What turns an int32 product into float32 the way a dynamically quantized graph does it after MatMulInteger:
 * {@code (float) c * scale + bias}, a float32 multiply and then a float32 add, each rounded on its own (never
 * fused), so the result is bit-identical to the Cast, Mul and Add nodes it replaces.
 *
 * <p>The scale holds one value for every column or one per column (length n); the bias one value per column
 * (length n) or is null for none. Both travel as plain arrays, so a run builds no object for them.
 */
public final class Dequantization {
    private Dequantization() {
    }

    /** True when {@code scale} holds one value per column rather than one for all. */
    static boolean perColumn(float[] scale) {
        return scale.length != 1;
    }

    /** The float32 value of product element {@code c} in column {@code col}. */
    static float apply(float[] scale, float[] bias, int c, int col) {
        float v = (float) c * scale[perColumn(scale) ? col : 0];
        return bias == null ? v : v + bias[col];
    }

    /**
     * Dequantizes {@code rows} rows of n int32 values (row-major) from {@code c} into {@code out}. One simple loop
     * per case, so the JIT can vectorize each.
     */
    public static void apply(float[] scale, float[] bias, int[] c, int cOff, float[] out, int outOff, int rows,
                             int n) {
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * n;
            int oi = outOff + i * n;
            if (perColumn(scale)) {
                if (bias == null) {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * scale[j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * scale[j] + bias[j];
                    }
                }
            } else {
                float s = scale[0];
                if (bias == null) {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s;
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s + bias[j];
                    }
                }
            }
        }
    }
}
