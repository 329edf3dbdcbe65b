package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.ResizeTaps;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.axis;
import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.constant;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.has;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;
import static dev.minerua.opencl.LoweringSupport.strides;

/**
 * Resize and Upsample with scales or sizes (and roi) from constants. Every mode is separable, so the host
 * builds, per axis, the input samples and weights of each output coordinate ({@link ResizeTaps}, as the CPU
 * kernel does); the device sums the products of the axes' taps. Weights travel as float bits in the launch's
 * int array. The output is float data (integer Resize stays on the CPU).
 */
final class ResizeLowering {
    /** The kernel walks at most this many axes. */
    private static final int MAX_RANK = 8;
    /** Meta ints kept well under the 64 KiB a device guarantees for {@code __constant} data. */
    private static final int MAX_META = 12_000;

    private ResizeLowering() {
    }

    static Lowered resize(Node node, Resize op) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        int rank = x.length;
        require(rank == y.length && rank <= MAX_RANK);
        int[] axes = new int[op.axes() == null ? rank : op.axes().length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = op.axes() == null ? i : axis(op.axes()[i], rank);
        }
        float[] scales = op.attrScales() != null ? op.attrScales()
                : isEmpty(node, op.scalesInput()) ? null : nonEmpty(node, op.scalesInput());
        double[] scale = new double[rank];
        Arrays.fill(scale, 1.0);
        if (scales != null) {
            require(scales.length == axes.length);
            for (int i = 0; i < axes.length; i++) {
                require(scales[i] > 0);
                scale[axes[i]] = scales[i];
            }
        } else {
            // Stretched sizes fix the scales to out / in, so fed sizes do as well as constant ones: the output
            // shape is static.
            require(op.sizesInput() >= 0 && has(node, op.sizesInput()) && !isEmpty(node, op.sizesInput())
                    && op.aspectPolicy() == Resize.AspectPolicy.STRETCH);
            for (int d : axes) {
                scale[d] = (double) y[d] / x[d];
            }
        }
        double[] roiStart = new double[rank];
        double[] roiEnd = new double[rank];
        Arrays.fill(roiEnd, 1.0);
        if (op.coordinateMode() == Resize.CoordinateMode.TF_CROP_AND_RESIZE) {
            float[] roi = nonEmpty(node, op.roiInput());
            require(roi != null && roi.length == 2 * axes.length);
            for (int i = 0; i < axes.length; i++) {
                roiStart[axes[i]] = roi[i];
                roiEnd[axes[i]] = roi[axes.length + i];
            }
        }
        int header = 2 + 4 * rank;
        int[] taps = new int[rank];
        int[] offsets = new int[rank];
        List<int[]> tables = new ArrayList<>();
        int at = header;
        for (int d = 0; d < rank; d++) {
            ResizeTaps t = compact(ResizeTaps.of(op, x[d], y[d], scale[d], roiStart[d], roiEnd[d]), y[d]);
            int[] table = new int[2 * t.idx().length];
            for (int k = 0; k < t.idx().length; k++) {
                table[2 * k] = t.outside()[k / t.taps()] ? -1 : t.idx()[k];
                table[2 * k + 1] = Float.floatToRawIntBits((float) t.w()[k]);
            }
            taps[d] = t.taps();
            offsets[d] = at;
            at += table.length;
            tables.add(table);
        }
        require(at <= MAX_META);
        int[] meta = concat(new int[] {rank}, y, strides(x), taps, offsets,
                new int[] {Float.floatToRawIntBits(op.extrapolationValue())}, concat(tables.toArray(int[][]::new)));
        return Lowered.of(1, new Launch("movement.cl", "", "resize", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    /** True when input {@code i} is absent or statically empty (computed or not). */
    private static boolean isEmpty(Node node, int i) {
        if (i < 0 || !has(node, i)) {
            return true;
        }
        long[] dims = LoweringSupport.staticSizes(node.input(i));
        return dims != null && Tensor.elementCount(dims) == 0;
    }

    /** A constant input's values, null when the input is absent or empty; declines when it is computed. */
    private static float[] nonEmpty(Node node, int i) {
        if (i < 0 || !has(node, i)) {
            return null;
        }
        Tensor t = constant(node, i);
        return t == null || t.size() == 0 ? null : t.asFloats();
    }

    /** One tap per output coordinate when every coordinate reads a single sample with weight 1. */
    private static ResizeTaps compact(ResizeTaps t, int outLen) {
        if (t.taps() == 1) {
            return t;
        }
        int[] idx = new int[outLen];
        for (int o = 0; o < outLen; o++) {
            int single = -1;
            for (int k = 0; k < t.taps() && !t.outside()[o]; k++) {
                int e = o * t.taps() + k;
                if (t.w()[e] == 1 && single < 0) {
                    single = t.idx()[e];
                } else if (t.w()[e] != 0) {
                    return t;
                }
            }
            if (single < 0 && !t.outside()[o]) {
                return t;
            }
            idx[o] = Math.max(single, 0);
        }
        double[] w = new double[outLen];
        Arrays.fill(w, 1);
        return new ResizeTaps(1, idx, w, t.outside());
    }
}
