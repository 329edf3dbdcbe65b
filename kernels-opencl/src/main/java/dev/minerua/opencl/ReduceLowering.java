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
 * copy with noop_with_empty_axes): one work item per output element walks its reduced sub-tensor.
 */
final class ReduceLowering {
    private ReduceLowering() {
    }

    static Lowered reduce(Node node, Reduce r) {
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        long[] axes = r.axes() != null ? r.axes() : has(node, 1) ? constantLongs(node, 1) : null;
        boolean[] reduced = new boolean[x.length];
        if (axes == null || axes.length == 0) {
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
}
