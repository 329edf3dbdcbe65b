package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.Softmax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.axis;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;

/**
 * BatchNormalization (inference), Softmax/LogSoftmax and LayerNormalization: one work item per row or element.
 */
final class NormLowering {
    private NormLowering() {
    }

    static Lowered batchNorm(Node node, BatchNormalization b) {
        require(!b.training());
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 2 && Arrays.equals(x, y));
        for (int i = 1; i <= 4; i++) {
            require(Arrays.equals(floatDims(node.input(i)), new int[] {x[1]}));
        }
        int inner = size(x) / (x[0] * x[1]);
        return Lowered.of(1, new Launch("norm.cl", "", "batch_norm", global(size(x)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(2), new Launch.In(3), new Launch.In(4),
                        new Launch.Out(0), new Launch.IntArg(x[1]), new Launch.IntArg(inner),
                        new Launch.FloatArg(b.epsilon()))));
    }

    static Lowered softmax(Node node, Softmax s) {
        require(s.kind() != Softmax.Kind.HARDMAX);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(Arrays.equals(x, y));
        int a = axis(s.axis(), x.length);
        int n;
        int inner;
        if (s.coerce2d()) {
            n = size(Arrays.copyOfRange(x, a, x.length));
            inner = 1;
        } else {
            n = x[a];
            inner = size(Arrays.copyOfRange(x, a + 1, x.length));
        }
        int outer = size(x) / (n * inner);
        String op = s.kind() == Softmax.Kind.LOG_SOFTMAX ? "-DLOG_SOFTMAX" : "";
        return Lowered.of(1, new Launch("norm.cl", op, "softmax", global(outer * inner), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.IntArg(n), new Launch.IntArg(inner))));
    }

    static Lowered layerNorm(Node node, LayerNormalization l) {
        int[] x = floatDims(node.input(0));
        int[] y = floatDims(node.output(0));
        require(Arrays.equals(x, y));
        int a = axis(l.axis(), x.length);
        int row = size(Arrays.copyOfRange(x, a, x.length));
        int rows = size(x) / row;
        require(size(floatDims(node.input(1))) == row);
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(size(floatDims(node.input(2))) == row);
        }
        // Mean and InvStdDev, when asked for, have one element per row.
        boolean stats = node.outputs().size() > 1 && (node.output(1) != null || node.outputs().size() > 2
                && node.output(2) != null);
        for (int i = 1; i < node.outputs().size(); i++) {
            require(node.output(i) == null || size(floatDims(node.output(i))) == rows);
        }
        boolean mean = stats && node.output(1) != null;
        boolean inv = stats && node.outputs().size() > 2 && node.output(2) != null;
        String options = (bias ? "-DHAS_BIAS " : "") + (stats ? "-DHAS_STATS" : "");
        List<Launch.Arg> args = new ArrayList<>(List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1),
                new Launch.Out(0)));
        if (stats) {
            args.add(new Launch.Out(mean ? 1 : 0));
            args.add(new Launch.Out(inv ? 2 : 0));
            args.add(new Launch.IntArg((mean ? 1 : 0) | (inv ? 2 : 0)));
        }
        args.add(new Launch.IntArg(row));
        args.add(new Launch.FloatArg(l.epsilon()));
        int[] viewOf = new int[node.outputs().size()];
        Arrays.fill(viewOf, -1);
        return new Lowered(List.of(new Launch("norm.cl", options.strip(), "layer_norm", global(rows), null,
                List.copyOf(args))), viewOf);
    }
}
