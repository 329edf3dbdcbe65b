package dev.minerua.cpu.quant;

/**
 * What turns an int32 product into float32 the way a dynamically quantized graph does it after MatMulInteger:
 * {@code (float) c * scale + bias}, a float32 multiply and then a float32 add, each rounded on its own (never
 * fused), so the result is bit-identical to the Cast, Mul and Add nodes it replaces.
 *
 * @param scale one value for every column, or one per column (length n)
 * @param bias  one value per column (length n), or null for none
 */
public record Dequantization(float[] scale, float[] bias) {
    /** True when {@link #scale} holds one value per column rather than one for all. */
    public boolean perColumn() {
        return scale.length != 1;
    }

    /** The float32 value of product element {@code c} in column {@code col}. */
    public float apply(int c, int col) {
        float v = (float) c * scale[perColumn() ? col : 0];
        return bias == null ? v : v + bias[col];
    }

    /**
     * Dequantizes {@code rows} rows of n int32 values (row-major) from {@code c} into {@code out}. One simple loop
     * per case, so the JIT can vectorize each.
     */
    public void apply(int[] c, int cOff, float[] out, int outOff, int rows, int n) {
        float[] b = bias;
        for (int i = 0; i < rows; i++) {
            int ci = cOff + i * n;
            int oi = outOff + i * n;
            if (perColumn()) {
                float[] s = scale;
                if (b == null) {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s[j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s[j] + b[j];
                    }
                }
            } else {
                float s = scale[0];
                if (b == null) {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s;
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        out[oi + j] = (float) c[ci + j] * s + b[j];
                    }
                }
            }
        }
    }
}
