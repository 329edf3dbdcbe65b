package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.Pool;

import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;

/**
 * MaxPool, AveragePool and the global pools (LpPool stays on the CPU).
 */
final class PoolLowering {
    private PoolLowering() {
    }

    static Lowered pool(Node node, Pool p) {
        require(p.kind() != Pool.Kind.LP);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 3);
        int[] kernel = new int[x.length - 2];
        long[] ks = p.geometry().kernelShape();
        require(ks != null && ks.length == kernel.length);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (int) ks[i];
        }
        // Average pooling with ceil_mode and count_include_pad divides by a clipped window; not done here.
        require(!(p.kind() == Pool.Kind.AVERAGE && p.ceilMode() && p.countIncludePad()));
        ConvGeometry.Resolved r = p.geometry().resolve(ConvLowering.spatial(x), kernel, p.ceilMode());
        require(Arrays.equals(r.out(), ConvLowering.spatial(y)));
        int[] meta = concat(new int[] {x[0] * x[1], p.countIncludePad() ? 1 : 0}, ConvLowering.window(r));
        String op = p.kind() == Pool.Kind.MAX ? "-DPOOL_MAX" : "-DPOOL_AVG";
        return Lowered.of(1, new Launch("pool.cl", op, "pool", global(size(y)), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.Ints(meta))));
    }

    static Lowered globalPool(Node node, GlobalPool g) {
        require(g.kind() != Pool.Kind.LP);
        int[] x = floatDims(node.input(0));
        int[] y = singleOutput(node);
        require(x.length >= 2 && size(y) == x[0] * x[1]);
        int rows = x[0] * x[1];
        int n = size(x) / rows;
        String op = g.kind() == Pool.Kind.MAX ? "-DPOOL_MAX" : "-DPOOL_AVG";
        return Lowered.of(1, new Launch("pool.cl", op, "global_pool", global(rows), null,
                List.of(new Launch.In(0), new Launch.Out(0), new Launch.IntArg(n))));
    }
}
