package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Reduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.axis;
import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.constantLongs;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.has;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;
import static dev.minerua.opencl.LoweringSupport.strides;

/**
 * Every Reduce kind on float data, axes from the attribute or a constant input (empty axes reduce all, or
 * copy with noop_with_empty_axes), or fed axes read off the static shapes: one work item per output element
 * walks its reduced sub-tensor.
 */
final class ReduceLowering {
    private ReduceLowering() {
    }

    static Lowered reduce(Node node, Reduce r) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        boolean fedAxes = r.axes() == null && has(node, 1) && !node.input(1).isConstant();
        long[] axes = r.axes() != null ? r.axes() : has(node, 1) && !fedAxes ? constantLongs(node, 1) : null;
        boolean[] reduced = new boolean[x.length];
        if (fedAxes) {
            // Empty fed axes would make noop_with_empty_axes an identity that the shapes cannot tell apart.
            require(!r.noopWithEmptyAxes());
            reduced = reducedFromShapes(x, y, r.keepDims());
        } else if (axes == null || axes.length == 0) {
            if (r.noopWithEmptyAxes()) {
                return ElementwiseLowering.unary(node, "OP_IDENTITY", 0, 0);
            }
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[axis(a, x.length)] = true;
            }
        }
        int[] xs = strides(x);
        List<Integer> keptDims = new ArrayList<>();
        List<Integer> keptStr = new ArrayList<>();
        List<Integer> redDims = new ArrayList<>();
        List<Integer> redStr = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            (reduced[i] ? redDims : keptDims).add(x[i]);
            (reduced[i] ? redStr : keptStr).add(xs[i]);
        }
        int[] kd = keptDims.stream().mapToInt(Integer::intValue).toArray();
        require(size(kd) == size(y));
        int[] meta = concat(new int[] {kd.length}, kd, keptStr.stream().mapToInt(Integer::intValue).toArray(),
                new int[] {redDims.size()}, redDims.stream().mapToInt(Integer::intValue).toArray(),
                redStr.stream().mapToInt(Integer::intValue).toArray());
        return Lowered.of(1, new Launch("reduce.cl", "-DRED_" + r.kind().name(), "reduce", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    /**
     * The reduced axes when they are fed at run time: the static input and output shapes determine them up
     * to axes of length 1, which do not change any reduction. Declines when two readings differ otherwise
     * (keepdims=0 with repeated dims, say).
     */
    private static boolean[] reducedFromShapes(int[] x, int[] y, boolean keepDims) {
        boolean[] reduced = new boolean[x.length];
        if (keepDims) {
            require(y.length == x.length);
            for (int d = 0; d < x.length; d++) {
                require(x[d] == y[d] || y[d] == 1);
                reduced[d] = x[d] != y[d];
            }
            return reduced;
        }
        int drop = x.length - y.length;
        require(drop >= 0 && x.length < 16);
        int found = -1;
        for (int mask = 0; mask < 1 << x.length; mask++) {
            if (Integer.bitCount(mask) != drop || !keepsShape(x, y, mask)) {
                continue;
            }
            int effective = mask;
            for (int d = 0; d < x.length; d++) {
                if (x[d] == 1) {
                    effective &= ~(1 << d);
                }
            }
            require(found < 0 || found == effective);
            found = effective;
        }
        require(found >= 0);
        for (int d = 0; d < x.length; d++) {
            reduced[d] = (found & 1 << d) != 0;
        }
        return reduced;
    }

    /** True when removing the axes in {@code mask} from {@code x} leaves {@code y}. */
    private static boolean keepsShape(int[] x, int[] y, int mask) {
        int k = 0;
        for (int d = 0; d < x.length; d++) {
            if ((mask & 1 << d) == 0) {
                if (k >= y.length || x[d] != y[k]) {
                    return false;
                }
                k++;
            }
        }
        return k == y.length;
    }
}
