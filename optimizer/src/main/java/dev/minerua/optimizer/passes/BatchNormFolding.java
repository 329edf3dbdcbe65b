package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds an inference-mode BatchNormalization into the Conv, ConvTranspose or Gemm that feeds it.
 * BN computes y = s[c] * x + t[c] with s = scale / sqrt(var + eps) and t = B - mean * s, so the
 * producer's weights are scaled by s per output channel and its bias becomes bias * s + t.
 * Fires only when the producer's output is read by the BN alone (no other node, no subgraph, not a
 * graph output), every weight, bias and statistic is a fixed float32 constant, and BN is in inference
 * mode. Folded weights get new initializers: the old ones may be shared with other nodes. A weight nothing else
 * holds is scaled in place ({@link WeightOwnership}), so folding allocates no second copy of the filters.
 */
public final class BatchNormFolding implements GraphPass {
    @Override
    public String name() {
        return "BatchNormFolding";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyOp(graph, BatchNormalization.class)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        WeightOwnership owners = new WeightOwnership(graph, uses);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        GraphEdits.FreshNames names = new GraphEdits.FreshNames(graph);
        Map<Node, Node> fusedAt = new HashMap<>();
        Set<Node> dropped = new HashSet<>();
        for (Node bn : graph.nodes()) {
            if (!(bn.op() instanceof BatchNormalization op) || op.training() || !bn.domain().isEmpty()
                    || bn.outputs().stream().skip(1).anyMatch(v -> v != null)) {
                continue;
            }
            Value x = bn.input(0);
            Node p = producers.get(x);
            if (p == null || !p.domain().isEmpty() || !uses.isOnlyReader(x, bn)) {
                continue;
            }
            double[][] st = scaleAndShift(graph, bn, op.epsilon());
            if (st == null) {
                continue;
            }
            Folded f = switch (p.op()) {
                case Conv c -> foldConv(graph, owners, p, st[0], st[1]);
                case ConvTranspose c -> foldConvTranspose(graph, owners, p, c.group(), st[0], st[1]);
                case Gemm g -> foldGemm(graph, owners, p, g, st[0], st[1]);
                case null, default -> null;
            };
            if (f == null) {
                continue;
            }
            Value w = GraphEdits.addInitializer(graph, names, p.input(1).name() + "_bnfolded", f.weights());
            Value b = GraphEdits.addInitializer(graph, names,
                    (p.input(2) != null ? p.input(2).name() : p.name() + "_bias") + "_bnfolded", f.bias());
            // The old weights go now rather than at dead-node elimination, so the pass never holds every layer's
            // weights twice.
            GraphEdits.releaseConstant(graph, uses, p.input(1), p);
            GraphEdits.releaseConstant(graph, uses, p.input(2), p);
            fusedAt.put(bn, GraphEdits.rewired(p, List.of(p.input(0), w, b), List.of(bn.output(0))));
            dropped.add(p);
        }
        if (fusedAt.isEmpty()) {
            return null;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!dropped.contains(n)) {
                // The fused node takes the BN's place: its inputs come before the old producer anyway.
                nodes.add(fusedAt.getOrDefault(n, n));
            }
        }
        graph.setNodes(nodes);
        return "folded " + fusedAt.size() + " BatchNormalization node(s) into the preceding Conv/ConvTranspose/Gemm";
    }

    /**
     * The weight's array when the fold may scale it in place: the pass releases the old weight right after
     * (see the loop above), so when nothing else holds its array, a copy would only be garbage.
     */
    private static float[] owned(WeightOwnership owners, Node producer, Tensor w) {
        return owners.exclusiveArray(producer.input(1), producer, w);
    }

    /** New weights (input 1) and bias (input 2) of the producer. */
    private record Folded(Tensor weights, Tensor bias) {
    }

    /** {s, t} per channel, or null when a statistic is not a fixed float32 vector of one length. */
    static double[][] scaleAndShift(Graph graph, Node bn, float eps) {
        float[][] p = new float[4][];
        for (int i = 0; i < 4; i++) {
            Tensor t = ChannelScaling.floatConstant(graph, bn.input(i + 1));
            if (t == null || t.rank() != 1) {
                return null;
            }
            p[i] = t.floatData();
        }
        int c = p[0].length;
        if (p[1].length != c || p[2].length != c || p[3].length != c) {
            return null;
        }
        double[] s = new double[c];
        double[] shift = new double[c];
        for (int k = 0; k < c; k++) {
            s[k] = p[0][k] / Math.sqrt((double) p[3][k] + eps);
            shift[k] = p[1][k] - p[2][k] * s[k];
        }
        return new double[][] {s, shift};
    }

    private static Folded foldConv(Graph graph, WeightOwnership owners, Node conv, double[] s, double[] t) {
        Tensor w = ChannelScaling.floatConstant(graph, conv.input(1));
        if (w == null || w.rank() < 3 || w.dims()[0] != s.length) {
            return null;
        }
        float[] bias = ChannelScaling.biasOrZeros(graph, conv.input(2), s.length);
        if (bias == null) {
            return null;
        }
        return new Folded(ChannelScaling.scaleAxis0(w, s, owned(owners, conv, w)),
                ChannelScaling.affine(bias, s, t));
    }

    private static Folded foldConvTranspose(Graph graph, WeightOwnership owners, Node ct, int group, double[] s, double[] t) {
        Tensor w = ChannelScaling.floatConstant(graph, ct.input(1));
        if (w == null || w.rank() < 3 || w.dims()[0] % group != 0 || (long) w.dims()[1] * group != s.length) {
            return null;
        }
        float[] bias = ChannelScaling.biasOrZeros(graph, ct.input(2), s.length);
        if (bias == null) {
            return null;
        }
        return new Folded(ChannelScaling.scaleConvTranspose(w, group, s, owned(owners, ct, w)),
                ChannelScaling.affine(bias, s, t));
    }

    /**
     * Gemm Y = alpha * A' B' + beta * C with BN over Y's columns: B' columns scale by s, and C becomes
     * C * s + t. Only for beta = 1 (so the new C needs no rescaling, exact) and C absent, a scalar, or
     * with N columns.
     */
    private static Folded foldGemm(Graph graph, WeightOwnership owners, Node gemm, Gemm g, double[] s, double[] t) {
        if (g.exactC() || g.beta() != 1f) {
            return null;
        }
        Tensor b = ChannelScaling.floatConstant(graph, gemm.input(1));
        int n = s.length;
        if (b == null || b.rank() != 2 || b.dims()[g.transB() ? 0 : 1] != n) {
            return null;
        }
        Tensor nb;
        if (g.transB()) {
            nb = ChannelScaling.scaleAxis0(b, s, owned(owners, gemm, b)); // B is [N, K]: a row per column
        } else {
            float[] src = b.floatData();
            float[] dst = new float[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = (float) (src[i] * s[i % n]);
            }
            nb = Tensor.of(dst, ChannelScaling.longs(b.dims()));
        }
        Value cv = gemm.input(2);
        if (cv == null) {
            return new Folded(nb, ChannelScaling.affine(new float[n], s, t));
        }
        Tensor c = ChannelScaling.floatConstant(graph, cv);
        if (c == null || c.rank() > 2) {
            return null;
        }
        float[] src = c.floatData();
        if (c.size() == 1) {
            float[] bias = new float[n];
            java.util.Arrays.fill(bias, src[0]);
            return new Folded(nb, ChannelScaling.affine(bias, s, t));
        }
        if (c.dims()[c.rank() - 1] != n) {
            return null;
        }
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = (float) (src[i] * s[i % n] + t[i % n]);
        }
        return new Folded(nb, Tensor.of(dst, ChannelScaling.longs(c.dims())));
    }
}
