package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.FusedActivation;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recognises HardSwish written out — {@code x * Clip(x + 3, 0, 6) / 6} with the division as {@code / 6} or
 * {@code * (1/6)} on either side of the product, or {@code x * HardSigmoid(x)} with alpha 1/6 and beta 0.5 —
 * and replaces it by one HardSwish node (ai.onnx from opset 14, else Minerua's domain). Once x is read by the
 * HardSwish alone, {@link ActivationFusion} can take it into the Conv that computes x.
 */
public final class HardSwishFusion implements GraphPass {
    private static final double TOL = 1e-4;

    @Override
    public String name() {
        return "HardSwishFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyBinary(graph, BinaryMath.Kind.MUL)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node gate : graph.nodes()) {
            List<Node> nodes = new ArrayList<>(List.of(gate));
            Value x = gateInput(graph, gate, producers, nodes);
            if (x == null || !Patterns.isFloat32(x)) {
                continue;
            }
            Node last = product(graph, uses, gate.output(0), x, nodes);
            if (last == null || !GeluFusion.internal(uses, nodes, last) || !rewrites.claim(nodes.toArray(new Node[0]))) {
                continue;
            }
            rewrites.replace(last, Patterns.node(last.name(), "HardSwish", 14, gate.opsetVersion(), List.of(x),
                    List.of(last.output(0)), List.of()));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "recognised " + rewrites.count() + " HardSwish pattern(s)";
    }

    /**
     * x when {@code gate} is {@code Clip(x + 3, 0, 6)} (the Add joins {@code nodes}) or
     * {@code HardSigmoid(x)} with alpha 1/6, beta 1/2; else null.
     */
    private static Value gateInput(Graph g, Node gate, Map<Value, Node> producers, List<Node> nodes) {
        if (gate.op() instanceof Activation a && a.kind() == Activation.Kind.HARD_SIGMOID
                && Math.abs(a.alpha() - 1 / 6.0) < TOL && Math.abs(a.beta() - 0.5) < TOL) {
            return gate.input(0);
        }
        FusedActivation clip = ActivationFusion.activation(g, gate);
        if (clip == null || clip.kind() != FusedActivation.Kind.CLIP || clip.alpha() != 0f || clip.beta() != 6f) {
            return null;
        }
        Node add = producers.get(gate.input(0));
        if (!Patterns.isBinary(add, BinaryMath.Kind.ADD)) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            if (Patterns.isScalar(g, add.input(1 - side), 3, 0)) {
                nodes.add(add);
                return add.input(side);
            }
        }
        return null;
    }

    /**
     * The last node of {@code x * gate} — with a division by 6 (after the product or on the Clip) unless the gate is
     * a HardSigmoid — adding the nodes to {@code nodes}; else null.
     */
    private static Node product(Graph g, Uses uses, Value gate, Value x, List<Node> nodes) {
        boolean scaled = !(nodes.get(0).op() instanceof Activation);
        Node r = single(uses, gate);
        if (scaled && isSixth(g, r, gate)) {
            nodes.add(r);
            Node mul = single(uses, r.output(0));
            if (!Patterns.isBinary(mul, BinaryMath.Kind.MUL) || Patterns.other(mul, r.output(0)) != x) {
                return null;
            }
            nodes.add(mul);
            return mul;
        }
        if (!Patterns.isBinary(r, BinaryMath.Kind.MUL) || Patterns.other(r, gate) != x) {
            return null;
        }
        nodes.add(r);
        if (!scaled) {
            return r;
        }
        Node div = single(uses, r.output(0));
        if (!isSixth(g, div, r.output(0))) {
            return null;
        }
        nodes.add(div);
        return div;
    }

    /** True when {@code n} computes {@code v / 6} or {@code v * (1/6)}. */
    private static boolean isSixth(Graph g, Node n, Value v) {
        if (Patterns.isBinary(n, BinaryMath.Kind.DIV)) {
            return n.input(0) == v && Patterns.isScalar(g, n.input(1), 6, 0);
        }
        return Patterns.isBinary(n, BinaryMath.Kind.MUL) && Patterns.isScalar(g, Patterns.other(n, v), 1 / 6.0, TOL);
    }

    private static Node single(Uses uses, Value v) {
        List<Node> r = uses.readers(v);
        return r.size() == 1 ? r.get(0) : null;
    }
}
