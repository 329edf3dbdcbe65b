package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds {@code Mul(Conv(x), k)} and {@code Add(Conv(x), k)} (either operand order) into the Conv (or
 * ConvTranspose) when
 * k is a fixed float32 constant that varies at most per output channel (shape broadcasting to
 * [1, M, 1, ...] without growing the result): Mul scales the weights and bias, Add shifts the bias.
 * Same guards as {@link BatchNormFolding}: the Conv output must be read by that one node only, and
 * the weights and bias must be fixed constants. Chains (Conv → Mul → Add) fold step by step.
 */
public final class ConvAddMulFolding implements GraphPass {
    private static final int MAX_ROUNDS = 8;

    @Override
    public String name() {
        return "ConvAddMulFolding";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyOp(graph, Conv.class, ConvTranspose.class)) {
            return null;
        }
        int total = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int folded = foldOnce(graph);
            if (folded == 0) {
                break;
            }
            total += folded;
        }
        return total == 0 ? null : "folded " + total + " per-channel Add/Mul node(s) into the preceding Conv/ConvTranspose";
    }

    private static int foldOnce(Graph graph) {
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        GraphEdits.FreshNames names = new GraphEdits.FreshNames(graph);
        Map<Node, Node> fusedAt = new HashMap<>();
        Set<Node> dropped = new HashSet<>();
        for (Node q : graph.nodes()) {
            if (!(q.op() instanceof BinaryMath bm) || bm.legacy() != null || !q.domain().isEmpty()
                    || (bm.kind() != BinaryMath.Kind.ADD && bm.kind() != BinaryMath.Kind.MUL)) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Value y = q.input(side);
                Node conv = producers.get(y);
                if (conv == null || !(conv.op() instanceof Conv || conv.op() instanceof ConvTranspose)
                        || !conv.domain().isEmpty()
                        || dropped.contains(conv) || !uses.isOnlyReader(y, q)) {
                    continue;
                }
                Node fused = fold(graph, names, conv, q, bm.kind(), q.input(1 - side));
                if (fused != null) {
                    fusedAt.put(q, fused);
                    dropped.add(conv);
                    break;
                }
            }
        }
        if (fusedAt.isEmpty()) {
            return 0;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!dropped.contains(n)) {
                nodes.add(fusedAt.getOrDefault(n, n));
            }
        }
        graph.setNodes(nodes);
        return fusedAt.size();
    }

    private static Node fold(Graph graph, GraphEdits.FreshNames names, Node conv, Node q, BinaryMath.Kind kind, Value kv) {
        Tensor w = ChannelScaling.floatConstant(graph, conv.input(1));
        Tensor k = ChannelScaling.floatConstant(graph, kv);
        if (w == null || k == null || w.rank() < 3) {
            return null;
        }
        // Output channels: Conv weights are [M, C/group, k...], ConvTranspose weights [C, M/group, k...].
        int group = conv.op() instanceof ConvTranspose ct ? ct.group() : 1;
        boolean transposed = conv.op() instanceof ConvTranspose;
        if (transposed && w.dims()[0] % group != 0) {
            return null;
        }
        int m = transposed ? w.dims()[1] * group : w.dims()[0];
        double[] perChannel = perChannel(k, w.rank(), m);
        if (perChannel == null) {
            return null;
        }
        float[] bias = ChannelScaling.biasOrZeros(graph, conv.input(2), m);
        if (bias == null) {
            return null;
        }
        Value newW = conv.input(1);
        Tensor newB;
        if (kind == BinaryMath.Kind.MUL) {
            newW = GraphEdits.addInitializer(graph, names, conv.input(1).name() + "_mulfolded",
                    transposed ? ChannelScaling.scaleConvTranspose(w, group, perChannel)
                            : ChannelScaling.scaleAxis0(w, perChannel));
            newB = ChannelScaling.affine(bias, perChannel, new double[m]);
        } else {
            double[] ones = new double[m];
            java.util.Arrays.fill(ones, 1.0);
            newB = ChannelScaling.affine(bias, ones, perChannel);
        }
        Value b = conv.input(2) == null && kind == BinaryMath.Kind.MUL ? null
                : GraphEdits.addInitializer(graph, names,
                        (conv.input(2) != null ? conv.input(2).name() : conv.name() + "_bias") + "_folded", newB);
        List<Value> inputs = new ArrayList<>();
        inputs.add(conv.input(0));
        inputs.add(newW);
        inputs.add(b);
        return GraphEdits.rewired(conv, inputs, List.of(q.output(0)));
    }

    /**
     * k's value per output channel when k, right-aligned against a Conv output of {@code rank}, has size 1
     * on every axis except possibly axis 1 (size m); else null (k would broadcast the result differently).
     */
    static double[] perChannel(Tensor k, int rank, int m) {
        int[] d = k.dims();
        if (d.length > rank) {
            return null;
        }
        int channelsOnAxis1 = 1;
        for (int i = 0; i < d.length; i++) {
            int axis = rank - d.length + i;
            if (axis == 1) {
                channelsOnAxis1 = d[i];
            } else if (d[i] != 1) {
                return null;
            }
        }
        if (channelsOnAxis1 != 1 && channelsOnAxis1 != m) {
            return null;
        }
        float[] src = k.floatData();
        double[] out = new double[m];
        for (int c = 0; c < m; c++) {
            out[c] = src[channelsOnAxis1 == 1 ? 0 : c];
        }
        return out;
    }
}
