package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.ConvTranspose;

import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;

/**
 * Conv and ConvTranspose (groups, depthwise, strides, dilations, padding; 1-D to 3-D), one work item per output element.
 */
final class ConvLowering {
    private ConvLowering() {
    }

    static int[] spatial(int[] dims) {
        return Arrays.copyOfRange(dims, 2, dims.length);
    }

    /** {in[3], kernel[3], stride[3], dilation[3], padBegin[3], out[3]} of a resolved window, lifted to 3-D. */
    static int[] window(ConvGeometry.Resolved r) {
        require(r.rank() >= 1 && r.rank() <= 3);
        ConvGeometry.Resolved g = r.as3d();
        return concat(g.in(), g.kernel(), g.stride(), g.dilation(), g.padBegin(), g.out());
    }

    static Lowered conv(Node node, Conv c) {
        int[] x = floatDims(node.input(0));
        int[] w = floatDims(node.input(1));
        int[] y = singleOutput(node);
        require(x.length >= 3 && w.length == x.length && c.group() >= 1);
        int g = c.group();
        require(x[1] % g == 0 && w[0] % g == 0 && w[1] == x[1] / g);
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(Arrays.equals(floatDims(node.input(2)), new int[] {w[0]}));
        }
        ConvGeometry.Resolved r = c.geometry().resolve(spatial(x), spatial(w), false);
        require(Arrays.equals(r.out(), spatial(y)) && y[1] == w[0] && y[0] == x[0]);
        int[] meta = concat(new int[] {x[0], x[1], w[0], g, bias ? 1 : 0}, window(r));
        return Lowered.of(1, new Launch("conv.cl", "", "conv", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1), new Launch.Out(0),
                        new Launch.Ints(meta))));
    }

    static Lowered convTranspose(Node node, ConvTranspose c) {
        int[] x = floatDims(node.input(0));
        int[] w = floatDims(node.input(1));
        int[] y = singleOutput(node);
        int g = c.group();
        require(x.length >= 3 && w.length == x.length && g >= 1 && w[0] == x[1] && x[1] % g == 0);
        int m = w[1] * g;
        boolean bias = node.inputs().size() > 2 && node.input(2) != null;
        if (bias) {
            require(Arrays.equals(floatDims(node.input(2)), new int[] {m}));
        }
        ConvGeometry.Resolved r = c.resolve(spatial(x), spatial(w));
        require(Arrays.equals(r.out(), spatial(y)) && y[1] == m && y[0] == x[0]);
        int[] meta = concat(new int[] {x[0], x[1], m, g, bias ? 1 : 0}, window(r));
        return Lowered.of(1, new Launch("conv.cl", "", "conv_transpose", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(bias ? 2 : 1), new Launch.Out(0),
                        new Launch.Ints(meta))));
    }
}
