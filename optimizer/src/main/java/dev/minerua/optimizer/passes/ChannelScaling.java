package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Value;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/** Per-output-channel arithmetic on float32 weights, shared by the folding passes (double intermediates). */
final class ChannelScaling {
    private ChannelScaling() {
    }

    /** The value's fixed contents when it is a float32 constant, else null. */
    static Tensor floatConstant(Graph graph, Value v) {
        Tensor t = GraphEdits.fixedConstant(graph, v);
        return t != null && t.type() == DataType.FLOAT ? t : null;
    }

    /** A new tensor: {@code w} with every slice along axis 0 (Conv's output channel) multiplied by s[c]. */
    static Tensor scaleAxis0(Tensor w, double[] s) {
        return scaleAxis0(w, s, null);
    }

    /**
     * {@code w} with every slice along axis 0 multiplied by s[c], written over {@code w}'s own array when
     * {@code owned} is that array (see {@link WeightOwnership}), else into a new one.
     */
    static Tensor scaleAxis0(Tensor w, double[] s, float[] owned) {
        float[] src = w.floatData();
        float[] dst = owned == src ? src : new float[src.length];
        int per = src.length / s.length;
        for (int c = 0; c < s.length; c++) {
            for (int k = c * per, end = k + per; k < end; k++) {
                dst[k] = (float) (src[k] * s[c]);
            }
        }
        return Tensor.of(dst, longs(w.dims()));
    }

    /**
     * A new tensor: ConvTranspose weights [C_in, M/group, k...] with output channel
     * o = g * (M/group) + j scaled by s[o], where g is the group of input channel ci.
     */
    static Tensor scaleConvTranspose(Tensor w, int group, double[] s) {
        return scaleConvTranspose(w, group, s, null);
    }

    /** {@link #scaleConvTranspose(Tensor, int, double[])}, over {@code w}'s array when {@code owned} is it. */
    static Tensor scaleConvTranspose(Tensor w, int group, double[] s, float[] owned) {
        int[] d = w.dims();
        int cin = d[0];
        int mg = d[1];
        int per = w.size() / (cin * mg);
        int cinPerGroup = cin / group;
        float[] src = w.floatData();
        float[] dst = owned == src ? src : new float[src.length];
        for (int ci = 0; ci < cin; ci++) {
            int g = ci / cinPerGroup;
            for (int j = 0; j < mg; j++) {
                double f = s[g * mg + j];
                int base = (ci * mg + j) * per;
                for (int k = base; k < base + per; k++) {
                    dst[k] = (float) (src[k] * f);
                }
            }
        }
        return Tensor.of(dst, longs(d));
    }

    /** bias * s + t, per channel. */
    static Tensor affine(float[] bias, double[] s, double[] t) {
        float[] out = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            out[c] = (float) (bias[c] * s[c] + t[c]);
        }
        return Tensor.of(out, out.length);
    }

    /**
     * The bias as a float array of {@code channels}: zeros when absent, null when present but not a fixed
     * float32 vector of that length.
     */
    static float[] biasOrZeros(Graph graph, Value b, int channels) {
        if (b == null) {
            return new float[channels];
        }
        Tensor t = floatConstant(graph, b);
        return t != null && t.rank() == 1 && t.size() == channels ? t.floatData() : null;
    }

    static long[] longs(int[] dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return l;
    }
}
