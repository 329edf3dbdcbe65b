package dev.minerua.ir.ops;

import dev.minerua.ir.Dim;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sliding-window attributes shared by Conv, ConvTranspose and the pooling ops: kernel shape,
 * strides, pads, dilations and auto_pad. Arrays hold one entry per spatial axis (pads: all begins then
 * all ends); a null array means "the default" (ones, or zeros for pads; for kernel_shape: taken from W).
 * The arrays are never mutated after parsing.
 *
 * @param kernelShape kernel_shape, or null when it must be inferred from the weights
 * @param strides     strides, or null for all ones
 * @param pads        pads (begins then ends), or null for all zeros
 * @param dilations   dilations, or null for all ones
 * @param autoPad     the auto_pad mode
 */
public record ConvGeometry(long[] kernelShape, long[] strides, long[] pads, long[] dilations, AutoPad autoPad) {

    /** How padding is derived: explicitly from pads, or automatically. */
    public enum AutoPad { NOTSET, SAME_UPPER, SAME_LOWER, VALID }

    /**
     * Reads kernel_shape, strides, pads, auto_pad and (when {@code withDilations}) dilations.
     * Attributes the op version does not define must not be read, so they stay "unread" and binding
     * rejects them.
     */
    static ConvGeometry parse(OpContext ctx, boolean withDilations) {
        long[] kernel = ctx.attrs().getInts("kernel_shape", null);
        long[] strides = ctx.attrs().getInts("strides", null);
        long[] pads = ctx.attrs().getInts("pads", null);
        long[] dil = withDilations ? ctx.attrs().getInts("dilations", null) : null;
        String ap = ctx.choice("auto_pad", "NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID");
        AutoPad autoPad = AutoPad.valueOf(ap);
        checkPositive(ctx, "kernel_shape", kernel);
        checkPositive(ctx, "strides", strides);
        checkPositive(ctx, "dilations", dil);
        if (pads != null) {
            if (pads.length % 2 != 0) {
                throw ctx.invalid("pads has odd length " + pads.length);
            }
        }
        int rank = -1;
        for (long[] a : new long[][] {kernel, strides, dil}) {
            if (a != null) {
                if (rank >= 0 && a.length != rank) {
                    throw ctx.invalid("kernel_shape, strides and dilations disagree on the number of spatial axes");
                }
                rank = a.length;
            }
        }
        if (pads != null && rank >= 0 && pads.length != 2 * rank) {
            throw ctx.invalid("pads has " + pads.length + " entries for " + rank + " spatial axes");
        }
        return new ConvGeometry(kernel, strides, pads, dil, autoPad);
    }

    private static void checkPositive(OpContext ctx, String name, long[] a) {
        if (a == null) {
            return;
        }
        for (long v : a) {
            if (v <= 0) {
                throw ctx.invalid(name + " must be positive, got " + Arrays.toString(a));
            }
        }
    }

    /**
     * Concrete geometry for one input: every array has one entry per spatial axis.
     *
     * @param in       input spatial sizes
     * @param kernel   kernel sizes
     * @param stride   strides
     * @param dilation dilations
     * @param padBegin leading pads
     * @param padEnd   trailing pads
     * @param out      output spatial sizes
     */
    public record Resolved(int[] in, int[] kernel, int[] stride, int[] dilation, int[] padBegin, int[] padEnd,
                           int[] out) {
        public int rank() {
            return in.length;
        }

        /** Number of output positions (product of {@link #out}). */
        public int outSize() {
            int n = 1;
            for (int o : out) {
                n *= o;
            }
            return n;
        }

        /** Number of input positions. */
        public int inSize() {
            int n = 1;
            for (int i : in) {
                n *= i;
            }
            return n;
        }

        /** Number of kernel taps. */
        public int kernelSize() {
            int n = 1;
            for (int k : kernel) {
                n *= k;
            }
            return n;
        }

        /**
         * The same geometry with leading size-1 axes added so that it has exactly three spatial axes;
         * kernels then need only one 3-D loop nest for 1-D, 2-D and 3-D data.
         */
        public Resolved as3d() {
            if (rank() == 3) {
                return this;
            }
            if (rank() > 3) {
                throw new IllegalStateException("more than 3 spatial axes");
            }
            return new Resolved(lift(in, 1), lift(kernel, 1), lift(stride, 1), lift(dilation, 1),
                    lift(padBegin, 0), lift(padEnd, 0), lift(out, 1));
        }

        private static int[] lift(int[] a, int fill) {
            int[] r = new int[3];
            Arrays.fill(r, fill);
            System.arraycopy(a, 0, r, 3 - a.length, a.length);
            return r;
        }
    }

    /** Kernel size along spatial axis {@code i}, or -1 when it is not known from attributes. */
    long kernel(int i) {
        return kernelShape == null ? -1 : kernelShape[i];
    }

    long stride(int i) {
        return strides == null ? 1 : strides[i];
    }

    long dilation(int i) {
        return dilations == null ? 1 : dilations[i];
    }

    /**
     * Unit strides and no explicit padding (each absent or all 1 / all 0): with a 1x1... kernel, whatever auto_pad
     * says, the convolution is then a plain product over the input's positions.
     */
    public boolean unitStridesNoPads() {
        return absentOrAll(strides, 1) && absentOrAll(pads, 0);
    }

    /** True when the optional attribute {@code values} is absent (null: its default) or every entry is {@code v}. */
    public static boolean absentOrAll(long[] values, long v) {
        if (values != null) {
            for (long x : values) {
                if (x != v) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Resolves pads and output sizes of a forward sliding window (Conv, pooling).
     *
     * @param in       input spatial sizes
     * @param kernel   kernel sizes (from kernel_shape or the weights)
     * @param ceilMode whether output sizes round up (pooling's ceil_mode)
     */
    public Resolved resolve(int[] in, int[] kernel, boolean ceilMode) {
        int r = in.length;
        checkRank(r, kernel.length);
        int[] stride = new int[r];
        int[] dil = new int[r];
        int[] pb = new int[r];
        int[] pe = new int[r];
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            stride[i] = (int) stride(i);
            dil[i] = (int) dilation(i);
            long[] o = outputSize(i, in[i], kernel[i], ceilMode);
            out[i] = (int) o[0];
            pb[i] = (int) o[1];
            pe[i] = (int) o[2];
        }
        return new Resolved(in.clone(), kernel.clone(), stride, dil, pb, pe, out);
    }

    private void checkRank(int r, int kernelRank) {
        if (kernelRank != r || (kernelShape != null && kernelShape.length != r)
                || (strides != null && strides.length != r) || (dilations != null && dilations.length != r)
                || (pads != null && pads.length != 2 * r)) {
            throw new IllegalArgumentException("window attributes do not match " + r + " spatial axes");
        }
    }

    /** {output size, pad begin, pad end} along axis {@code i}. */
    private long[] outputSize(int i, long in, long k, boolean ceilMode) {
        long s = stride(i);
        long effK = (k - 1) * dilation(i) + 1;
        switch (autoPad) {
            case SAME_UPPER, SAME_LOWER -> {
                long out = (in + s - 1) / s;
                long total = Math.max(0, (out - 1) * s + effK - in);
                long small = total / 2;
                long big = total - small;
                return autoPad == AutoPad.SAME_UPPER ? new long[] {out, small, big} : new long[] {out, big, small};
            }
            case VALID -> {
                long out = in >= effK ? (in - effK) / s + 1 : 0;
                return new long[] {out, 0, 0};
            }
            default -> {
                long pb = pads == null ? 0 : pads[i];
                long pe = pads == null ? 0 : pads[i + pads.length / 2];
                long span = in + pb + pe - effK;
                if (span < 0) {
                    return new long[] {0, pb, pe};
                }
                long out;
                if (ceilMode) {
                    out = Math.floorDiv(span + s - 1, s) + 1;
                    // A window that would start inside the trailing padding is dropped.
                    if ((out - 1) * s >= in + pb) {
                        out--;
                    }
                } else {
                    out = span / s + 1;
                }
                return new long[] {out, pb, pe};
            }
        }
    }

    /**
     * Symbolic output shape [N, channels, spatial...] of a forward window over {@code x}. Spatial
     * dims are known only when the input dim and the kernel size are known.
     *
     * @param kernel kernel sizes (entries may be -1 when unknown); null when unknown altogether
     */
    Shape inferShape(Shape x, Dim channels, long[] kernel, boolean ceilMode) {
        if (x == null || x.rank() < 2) {
            return null;
        }
        int r = x.rank() - 2;
        List<Dim> dims = new ArrayList<>();
        dims.add(x.dim(0));
        dims.add(channels);
        for (int i = 0; i < r; i++) {
            Dim d = x.dim(i + 2);
            long k = kernel == null || kernel.length != r ? -1 : kernel[i];
            boolean sameLen = (strides == null || strides.length == r) && (dilations == null || dilations.length == r)
                    && (pads == null || pads.length == 2 * r);
            if (d.isKnown() && k > 0 && sameLen) {
                dims.add(Dim.of(outputSize(i, d.value(), k, ceilMode)[0]));
            } else if (d.isKnown() && sameLen && (autoPad == AutoPad.SAME_UPPER || autoPad == AutoPad.SAME_LOWER)) {
                dims.add(Dim.of((d.value() + stride(i) - 1) / stride(i)));
            } else {
                dims.add(Dim.unknown());
            }
        }
        return new Shape(dims);
    }
}
