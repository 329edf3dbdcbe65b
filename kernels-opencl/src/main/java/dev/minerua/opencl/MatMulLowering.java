package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.Gemm;

import java.util.Arrays;
import java.util.List;

import static dev.minerua.opencl.LoweringSupport.broadcastStrides;
import static dev.minerua.opencl.LoweringSupport.concat;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;

/**
 * MatMul (batched, broadcast) and Gemm as one tiled product launch.
 */
final class MatMulLowering {
    private MatMulLowering() {
    }

    private static final int TILE = 16;

    private static long roundUp(int n) {
        return (n + TILE - 1) / TILE * (long) TILE;
    }

    /**
     * One batched product launch: Y[b] = alpha * A[b] x B[b] (+ beta * C), where element (m, k) of A is at
     * {@code aBase(b) + m * sam + k * sak}, likewise for B, and C broadcasts with strides (scm, scn).
     */
    private static Launch product(int m, int n, int k, int[] ab, int[] batch, int[] aBatch, int[] bBatch,
                                  int[] c, float alpha, float beta, boolean hasC) {
        int[] meta = concat(new int[] {m, n, k}, ab, new int[] {hasC ? 1 : 0}, c, new int[] {batch.length},
                batch, aBatch, bBatch);
        return new Launch("matmul.cl", "", "gemm", new long[] {roundUp(n), roundUp(m), size(batch)},
                new long[] {TILE, TILE, 1},
                List.of(new Launch.In(0), new Launch.In(1), hasC ? new Launch.In(2) : new Launch.In(0), new Launch.Out(0),
                        new Launch.Ints(meta), new Launch.FloatArg(alpha), new Launch.FloatArg(beta)));
    }

    static Lowered matMul(Node node) {
        int[] a = floatDims(node.input(0));
        int[] b = floatDims(node.input(1));
        int[] y = singleOutput(node);
        int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
        int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        require(b2[b2.length - 2] == k);
        int[] aB = Arrays.copyOf(a2, a2.length - 2);
        int[] bB = Arrays.copyOf(b2, b2.length - 2);
        int rank = Math.max(aB.length, bB.length);
        int[] batch = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - aB.length) >= 0 ? aB[i - (rank - aB.length)] : 1;
            int db = i - (rank - bB.length) >= 0 ? bB[i - (rank - bB.length)] : 1;
            require(da == db || da == 1 || db == 1);
            batch[i] = Math.max(da, db);
        }
        require(size(y) == size(batch) * m * n);
        int[] aStr = batchStrides(aB, batch, m * k);
        int[] bStr = batchStrides(bB, batch, k * n);
        return Lowered.of(1, product(m, n, k, new int[] {k, 1, n, 1}, batch, aStr, bStr, new int[] {0, 0},
                1f, 0f, false));
    }

    /** Per batch axis, the element stride of an operand whose batch dims broadcast to {@code batch}. */
    private static int[] batchStrides(int[] own, int[] batch, int matrix) {
        int[] s = new int[batch.length];
        int acc = matrix;
        for (int i = batch.length - 1; i >= 0; i--) {
            int j = i - (batch.length - own.length);
            int d = j >= 0 ? own[j] : 1;
            s[i] = d == 1 ? 0 : acc;
            acc *= d;
        }
        return s;
    }

    static Lowered gemm(Node node, Gemm g) {
        int[] a = floatDims(node.input(0));
        int[] b = floatDims(node.input(1));
        int[] y = singleOutput(node);
        require(a.length == 2 && b.length == 2);
        int m = g.transA() ? a[1] : a[0];
        int k = g.transA() ? a[0] : a[1];
        int n = g.transB() ? b[0] : b[1];
        require((g.transB() ? b[1] : b[0]) == k && Arrays.equals(y, new int[] {m, n}));
        int[] ab = {g.transA() ? 1 : k, g.transA() ? m : 1, g.transB() ? 1 : n, g.transB() ? k : 1};
        boolean hasC = node.inputs().size() > 2 && node.input(2) != null && g.beta() != 0f;
        int[] c = {0, 0};
        if (hasC) {
            int[] cs = broadcastStrides(floatDims(node.input(2)), y);
            c = cs;
        }
        return Lowered.of(1, product(m, n, k, ab, new int[0], new int[0], new int[0], c, g.alpha(), g.beta(), hasC));
    }
}
