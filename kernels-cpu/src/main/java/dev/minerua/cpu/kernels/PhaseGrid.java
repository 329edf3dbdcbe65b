package dev.minerua.cpu.kernels;

import dev.minerua.ir.ops.ConvGeometry;

import java.util.Arrays;

/**
 * The layout of a 2-D convolution's input on a padded grid, for any stride: the zero-padded input of each
 * channel is split into its stride phases, plane {@code (a, b)} holding the padded pixels {@code (i*sh + a,
 * j*sw + b)} in rows {@code Wq} wide. Tap {@code (kh, kw)} of output {@code (oh, ow)} reads padded pixel
 * {@code (oh*sh + kh*dh, ow*sw + kw*dw)}, which is pixel {@code (oh + u, ow + v)} of phase
 * {@code (kh*dh % sh, kw*dw % sw)} with {@code u = kh*dh / sh} and {@code v = kw*dw / sw}. So computed for the
 * {@code OH x Wq} grid positions {@code oh*Wq + ow}, the column matrix's row for (channel, tap) is one contiguous
 * run of a phase plane from {@link #tapOffset}, and each panel row a block copy, where the im2col gather is cut at
 * every output row and padding edge and strided besides. The last {@code Wq - OW} positions of each grid row
 * (at most {@code (kw-1)*dw / sw}) are computed and discarded. At stride 1 there is one phase, the padded input
 * itself. Only phases some tap reads are built. Immutable; kept by the kernel while the shapes repeat.
 */
final class PhaseGrid {
    /** The longest K (channels times taps) of a strided conv that is gathered rather than run on the grid. */
    static final int SHORT_K = 64;

    final ConvKernel.Plan plan;
    /** Grid (and phase plane) row width, and phase plane rows. */
    final int wq;
    final int hq;
    /** Floats of one channel: all its phase planes. */
    final int channelStride;
    /** Grid positions, {@code OH * Wq}. */
    final int gridN;
    /** Per tap (kh major), the start of its run in a channel's phase planes. */
    final int[] tapOffset;
    /** Per padded row phase {@code a} (column phase {@code b}), its place among the built ones, or -1. */
    private final int[] rowSlot;
    private final int[] colSlot;
    private final int colPhases;
    /** The extra columns of a grid row, {@code Wq - OW}: reads run that far past a channel's last plane. */
    private final int extra;

    private PhaseGrid(ConvKernel.Plan p) {
        ConvGeometry.Resolved g = p.g;
        int[] out = g.out();
        int[] k = g.kernel();
        int[] st = g.stride();
        int[] dil = g.dilation();
        plan = p;
        extra = (k[2] - 1) * dil[2] / st[2];
        wq = out[2] + extra;
        hq = out[1] + (k[1] - 1) * dil[1] / st[1];
        gridN = out[1] * wq;
        rowSlot = slots(k[1], dil[1], st[1]);
        colSlot = slots(k[2], dil[2], st[2]);
        colPhases = used(colSlot);
        channelStride = used(rowSlot) * colPhases * hq * wq;
        tapOffset = new int[k[1] * k[2]];
        for (int kh = 0; kh < k[1]; kh++) {
            for (int kw = 0; kw < k[2]; kw++) {
                int plane = rowSlot[kh * dil[1] % st[1]] * colPhases + colSlot[kw * dil[2] % st[2]];
                tapOffset[kh * k[2] + kw] = plane * hq * wq + kh * dil[1] / st[1] * wq + kw * dil[2] / st[2];
            }
        }
    }

    /** Per phase of a stride, its place among the phases some of the taps read (-1 for none). */
    private static int[] slots(int k, int dil, int stride) {
        int[] slot = new int[stride];
        Arrays.fill(slot, -1);
        for (int t = 0; t < k; t++) {
            slot[t * dil % stride] = 0;
        }
        int n = 0;
        for (int a = 0; a < stride; a++) {
            if (slot[a] == 0) {
                slot[a] = n++;
            }
        }
        return slot;
    }

    private static int used(int[] slot) {
        int n = 0;
        for (int s : slot) {
            n += s >= 0 ? 1 : 0;
        }
        return n;
    }

    static PhaseGrid of(ConvKernel.Plan p) {
        return new PhaseGrid(p);
    }

    /**
     * Whether a convolution is better computed on the grid: 2-D, and the grid's extra columns ({@code Wq - OW}
     * per output row) cost {@code mg} multiply-adds per tap and channel each, while the gather they replace
     * costs about a nanosecond per column entry, some 30 to 50 times a multiply-add; so the grid wins unless
     * the rows are short and the output channels many. Strided, the grid also pays for the product going to
     * scratch and its valid columns to Y, and for building the phases: measured on ResNet-50 (light, 1 thread),
     * the 7x7 stride-2 stem ({@code mg*extra/OW} = 1.7) took 13% less time and the 3x3 stride-2 conv at 56x56
     * (4.6) 5% less, but at 28x28 with 256 channels (18) 5% more, and 1x1 stride-2 convs (no extra columns, but
     * as much to copy as to gather) 15 to 20% more; so a strided conv needs a kernel wider than one and
     * {@code mg*extra <= 8*OW}. A strided conv with a short K ({@link #SHORT_K} or less: a first conv over 3
     * channels under a 3x3 filter, K = 27) is gathered instead: its panels are few floats per output position, so
     * the gather is cheap, while the grid's product to scratch and copy of the valid columns to Y stay one pass
     * over the output each (SqueezeNet 1.1's 64 x 27 x 12321 first conv, light model, 1 thread, thread CPU time:
     * 1.22 ms on the grid, 0.93 ms gathered; with the product written into Y row by row from the grid instead,
     * 1.27 ms, the rows' partial last panels costing what the copy saved).
     */
    static boolean applies(ConvKernel.Plan p) {
        ConvGeometry.Resolved g = p.g;
        int[] st = g.stride();
        if (g.out()[0] != 1 || g.kernel()[0] != 1 || st[0] != 1) {
            return false;
        }
        long extra = (long) (g.kernel()[2] - 1) * g.dilation()[2] / st[2];
        if (st[1] == 1 && st[2] == 1) {
            return (long) p.mg * extra <= 32L * g.out()[2];
        }
        return p.taps > 1 && p.rows > SHORT_K && (long) p.mg * extra <= 8L * g.out()[2];
    }

    /** The floats {@link #build} writes: every channel's planes, and room for reads of {@code nr} past them. */
    int size(int nr) {
        return plan.cg * channelStride + extra + nr;
    }

    /** Writes the phase planes of the input at {@code xOff} into {@code buf} from {@code at} ({@link #size}). */
    void build(float[] x, int xOff, float[] buf, int at, int nr) {
        build(x, xOff, buf, at, nr, 0, plan.cg);
    }

    /**
     * Writes the phase planes of channels {@code [ch0, ch1)} only (and, with the last channel, the zeros read past
     * it), so that a large input can be built by several threads at once; channel by channel, each channel's
     * zeroing still in cache when its rows are copied over it.
     */
    void build(float[] x, int xOff, float[] buf, int at, int nr, int ch0, int ch1) {
        ConvGeometry.Resolved g = plan.g;
        int[] in = g.in();
        int[] st = g.stride();
        int[] pad = g.padBegin();
        int plane = hq * wq;
        for (int ch = ch0; ch < ch1; ch++) {
            int chAt = at + ch * channelStride;
            Arrays.fill(buf, chAt, chAt + channelStride, 0f);
            for (int a = 0; a < st[1]; a++) {
                if (rowSlot[a] < 0) {
                    continue;
                }
                for (int b = 0; b < st[2]; b++) {
                    if (colSlot[b] < 0) {
                        continue;
                    }
                    int phase = chAt + (rowSlot[a] * colPhases + colSlot[b]) * plane;
                    // Columns j of the plane whose input column j*sw + b - padLeft lies in [0, W).
                    int j0 = Math.max(0, Math.ceilDiv(pad[2] - b, st[2]));
                    int j1 = Math.min(wq, Math.ceilDiv(in[2] + pad[2] - b, st[2]));
                    if (j1 <= j0) {
                        continue;
                    }
                    int iw0 = j0 * st[2] + b - pad[2];
                    for (int i = 0; i < hq; i++) {
                        int ih = i * st[1] + a - pad[1];
                        if (ih < 0 || ih >= in[1]) {
                            continue;
                        }
                        int src = xOff + ch * plan.inSize + ih * in[2] + iw0;
                        int dst = phase + i * wq + j0;
                        if (st[2] == 1) {
                            System.arraycopy(x, src, buf, dst, j1 - j0);
                        } else {
                            for (int j = 0; j < j1 - j0; j++) {
                                buf[dst + j] = x[src + j * st[2]];
                            }
                        }
                    }
                }
            }
        }
        if (ch1 == plan.cg) {
            int end = at + plan.cg * channelStride;
            Arrays.fill(buf, end, at + size(nr), 0f);
        }
    }
}
