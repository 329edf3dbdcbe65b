package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.Pad;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.opencl.DeviceTypes.Storage;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.axis;
import static dev.minerua.opencl.LoweringSupport.broadcastStrides;
import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.constant;
import static dev.minerua.opencl.LoweringSupport.constantLongs;
import static dev.minerua.opencl.LoweringSupport.dims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.has;
import static dev.minerua.opencl.LoweringSupport.indexDims;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;
import static dev.minerua.opencl.LoweringSupport.storage;
import static dev.minerua.opencl.LoweringSupport.strides;
import static dev.minerua.opencl.LoweringSupport.typeOption;

/**
 * Data movement on any device type (float, int32, bool): Transpose, Concat, Slice, Expand as strided copies,
 * Gather, Pad (constant, edge, reflect, wrap), and the Reshape family as views of their input's buffer.
 */
final class MovementLowering {
    private MovementLowering() {
    }

    /** The storage of input {@code i}, which must also be output 0's; declines for non-device types. */
    private static Storage dataStorage(Node node, int i) {
        Storage s = storage(node.input(i));
        require(s != null && storage(node.output(0)) == s);
        return s;
    }

    /**
     * Copies the index space {@code dims} from {@code src} to {@code dst}: element {@code i} goes from
     * {@code srcBase + sum(coord * srcStr)} to {@code dstBase + sum(coord * dstStr)}.
     */
    static Launch copy(Storage s, int input, int[] dims, int[] srcStr, int srcBase, int[] dstStr, int dstBase) {
        int[] meta = concat(new int[] {dims.length, srcBase, dstBase}, dims, srcStr, dstStr);
        return new Launch("movement.cl", typeOption(s), "strided_copy", global(size(dims)), null,
                List.of(new Launch.In(input), new Launch.Out(0), new Launch.Ints(meta)));
    }

    static Lowered transpose(Node node, Transpose t) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        int[] y = singleOutput(node, s);
        long[] perm = t.perm();
        require(perm == null || perm.length == x.length);
        int[] p = new int[x.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = perm == null ? x.length - 1 - i : axis(perm[i], x.length);
        }
        int[] xs = strides(x);
        int[] src = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            require(y[i] == x[p[i]]);
            src[i] = xs[p[i]];
        }
        return Lowered.of(1, copy(s, 0, y, src, 0, strides(y), 0));
    }

    static Lowered concatenate(Node node, Concat c) {
        Storage s = dataStorage(node, 0);
        int[] y = singleOutput(node, s);
        int a = axis(c.axis(), y.length);
        int[] ys = strides(y);
        List<Launch> launches = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            int[] x = dims(node.input(i), s);
            require(x.length == y.length);
            launches.add(copy(s, i, x, strides(x), 0, ys, offset * ys[a]));
            offset += x[a];
        }
        require(offset == y[a]);
        return Lowered.of(1, launches.toArray(Launch[]::new));
    }

    static Lowered slice(Node node, Slice sl) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        int[] y = singleOutput(node, s);
        require(x.length == y.length);
        long[] starts;
        long[] axes;
        long[] steps = null;
        if (sl.attrStarts() != null) {
            starts = sl.attrStarts();
            axes = sl.attrAxes();
        } else {
            starts = constantLongs(node, 1);
            require(starts != null && has(node, 2) && node.input(2).isConstant());
            axes = has(node, 3) ? constantLongs(node, 3) : null;
            steps = has(node, 4) ? constantLongs(node, 4) : null;
        }
        int[] xs = strides(x);
        int[] src = xs.clone();
        int base = 0;
        for (int i = 0; i < starts.length; i++) {
            int d = axis(axes == null ? i : axes[i], x.length);
            long step = steps == null ? 1 : steps[i];
            require(step != 0);
            long st = starts[i] < 0 ? starts[i] + x[d] : starts[i];
            st = step > 0 ? Math.clamp(st, 0, x[d]) : Math.clamp(st, 0, x[d] - 1);
            base += (int) st * xs[d];
            src[d] = (int) (xs[d] * step);
        }
        return Lowered.of(1, copy(s, 0, y, src, base, strides(y), 0));
    }

    static Lowered gather(Node node, Gather g) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        int[] y = singleOutput(node, s);
        int a = axis(g.axis(), x.length);
        int outer = size(Arrays.copyOf(x, a));
        int inner = size(Arrays.copyOfRange(x, a + 1, x.length));
        if (!node.input(1).isConstant()) {
            int count = size(indexDims(node.input(1)));
            require(size(y) == outer * count * inner);
            return Lowered.of(1, new Launch("movement.cl", typeOption(s), "gather", global(size(y)), null,
                    List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(new int[] {count, inner, x[a]}),
                            new Launch.In(1))));
        }
        Tensor idx = constant(node, 1);
        require(idx != null && idx.type().isInteger());
        int[] indices = new int[idx.size()];
        for (int i = 0; i < indices.length; i++) {
            long v = idx.getLong(i);
            v = v < 0 ? v + x[a] : v;
            require(v >= 0 && v < x[a]);
            indices[i] = (int) v;
        }
        // A scalar index gives an empty index list only for an empty tensor; a 0-d index has one entry.
        require(indices.length > 0 && size(y) == outer * indices.length * inner);
        int[] meta = {indices.length, inner, x[a]};
        return Lowered.of(1, new Launch("movement.cl", typeOption(s), "gather", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta), new Launch.Ints(indices))));
    }

    static Lowered expand(Node node) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        // The target shape is not read: the output's static shape is the broadcast of it and the input.
        int[] y = singleOutput(node, s);
        return Lowered.of(1, copy(s, 0, y, broadcastStrides(x, y), 0, strides(y), 0));
    }

    static Lowered pad(Node node, Pad p) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        int[] y = singleOutput(node, s);
        long[] pads = p.attrPads();
        float value = p.attrValue();
        long[] axes = null;
        if (pads == null) {
            pads = constantLongs(node, 1);
            require(pads != null);
            Tensor v = has(node, 2) ? constant(node, 2) : null;
            value = v == null || v.size() == 0 ? 0f : (float) v.getDouble(0);
            axes = has(node, 3) ? constantLongs(node, 3) : null;
        }
        long[] full = pads;
        if (axes != null) {
            require(pads.length == 2 * axes.length);
            full = new long[2 * x.length];
            for (int i = 0; i < axes.length; i++) {
                int d = axis(axes[i], x.length);
                full[d] = pads[i];
                full[d + x.length] = pads[i + axes.length];
            }
        }
        require(full.length == 2 * x.length);
        int[] begin = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            begin[i] = (int) full[i];
            require(y[i] == x[i] + full[i] + full[i + x.length]);
            // One reflection only: pads must stay within the input (a length-1 axis repeats its value).
            require(p.mode() != Pad.Mode.REFLECT || (x[i] > full[i] && x[i] > full[i + x.length]) || x[i] == 1);
        }
        int[] meta = concat(new int[] {x.length}, y, x, begin);
        return Lowered.of(1, new Launch("movement.cl", typeOption(s) + " -DPAD_" + p.mode().name(), "pad",
                global(size(y)), null, List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta),
                        new Launch.FloatArg(value))));
    }

    /** Reshape, Flatten, Squeeze, Unsqueeze, Identity: output 0 is input 0's buffer under another shape. */
    static Lowered view(Node node) {
        Storage s = dataStorage(node, 0);
        int[] x = dims(node.input(0), s);
        int[] y = singleOutput(node, s);
        require(size(x) == size(y));
        return Lowered.view();
    }

    static Lowered dropout(Node node) {
        require(!has(node, 2) || (node.input(2).isConstant() && node.input(2).constant().getLong(0) == 0));
        return view(node);
    }
}
