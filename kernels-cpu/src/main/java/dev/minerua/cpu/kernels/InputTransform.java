package dev.minerua.cpu.kernels;

import dev.minerua.backend.CompileContext;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * The per-input-channel transform of a pre-activated convolution ({@code FusedConv} inputs 4 and 5):
 * {@code x * scale[c] + shift[c]}, then Relu when asked. A convolution applies it while it packs its input into
 * GEMM panels ({@link #packPanels}), so the transformed tensor is never written out: in DenseNet every 1x1
 * convolution reads a BatchNormalization + Relu of a large concatenation, and that separate elementwise pass (write
 * and read back of the whole tensor) costs more than the transform itself. Immutable; shared by concurrent runs.
 */
final class InputTransform {
    private final float[] scale;
    private final float[] shift;
    private final boolean relu;
    private final FloatPrimitives simd;

    InputTransform(float[] scale, float[] shift, boolean relu, FloatPrimitives simd) {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException("input scale has " + scale.length + " channels, shift "
                    + shift.length);
        }
        this.scale = scale;
        this.shift = shift;
        this.relu = relu;
        this.simd = simd;
    }

    /**
     * The transform of the node's constant inputs {@code scaleInput} and {@code shiftInput} (float32 vectors of
     * one length), or null when either is absent, not constant or misfitting (the caller then transforms at run
     * time, see {@link #applyChannels}).
     */
    static InputTransform ofConstants(CompileContext ctx, int scaleInput, int shiftInput, boolean relu,
                                      FloatPrimitives simd) {
        float[] s = FloatConstants.forPacking(ctx.constantInput(scaleInput));
        float[] t = FloatConstants.forPacking(ctx.constantInput(shiftInput));
        return s == null || t == null || s.length != t.length ? null : new InputTransform(s, t, relu, simd);
    }

    int channels() {
        return scale.length;
    }

    /**
     * As {@code PackedB}'s packing of the {@code rows x n} row-major matrix at {@code x[xOff]} (row stride
     * {@code n}; row r is input channel {@code c0 + r}) into NR-wide panels {@code [p0, p1)} at {@code dst[dOff]},
     * each element transformed on the way; columns past n are zero.
     */
    void packPanels(float[] x, int xOff, int c0, int rows, int n, int nr, float[] dst, int dOff, int p0, int p1) {
        // Full panels a row (channel) at a time: one call covers that row in every panel of the range.
        int full = Math.max(p0, Math.min(p1, n / nr));
        if (full > p0) {
            int panel = rows * nr;
            for (int r = 0; r < rows; r++) {
                simd.scaleShiftBlocks(x, xOff + r * n + p0 * nr, nr, scale[c0 + r], shift[c0 + r], relu, dst,
                        dOff + p0 * panel + r * nr, panel, nr, full - p0);
            }
        }
        for (int jp = full; jp < p1; jp++) {
            int base = dOff + jp * rows * nr;
            int j0 = jp * nr;
            int w = Math.min(nr, n - j0);
            for (int r = 0; r < rows; r++) {
                int d = base + r * nr;
                row(x, xOff + r * n + j0, c0 + r, dst, d, w);
                if (w < nr) {
                    Arrays.fill(dst, d + w, d + nr, 0f);
                }
            }
        }
    }

    /** Transforms {@code n} consecutive elements of input channel {@code c}. */
    private void row(float[] x, int s, int c, float[] dst, int d, int n) {
        simd.scaleShiftBlocks(x, s, 0, scale[c], shift[c], relu, dst, d, 0, n, 1);
    }

    /** The whole of float32 {@code x} ({@code [N, C, ...]}, {@code C = channels()}) into dst. */
    void apply(Tensor x, float[] dst) {
        applyChannels(x, dst, scale, shift, relu, simd);
    }

    /** {@link #apply} with run-time scale and shift: each plane {@code x[n, c]} goes with channel c's pair. */
    static void applyChannels(Tensor x, float[] dst, float[] scale, float[] shift, boolean relu,
                              FloatPrimitives simd) {
        float[] xd = x.floatData();
        int planes = x.dim(0) * x.dim(1);
        int plane = planes == 0 ? 0 : x.size() / planes;
        int channels = scale.length;
        for (int q = 0; q < planes; q++) {
            int c = q % channels;
            int off = q * plane;
            simd.scaleShiftBlocks(xd, off, 0, scale[c], shift[c], relu, dst, off, 0, plane, 1);
        }
    }
}
