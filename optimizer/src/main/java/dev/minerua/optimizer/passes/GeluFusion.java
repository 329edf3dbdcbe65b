package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recognises GELU written out in elementary ops and replaces it by one Gelu node (ai.onnx from opset 20, else
 * Minerua's domain):
 * <ul>
 *   <li>erf form: {@code x * 0.5 * (1 + Erf(x / sqrt(2)))}, with {@code x / sqrt(2)} also as
 *       {@code x * (1/sqrt(2))};</li>
 *   <li>tanh form: {@code x * 0.5 * (1 + Tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))}, with {@code x^3} as
 *       {@code Pow(x, 3)} or {@code x * x * x} and the inner product in either order;</li>
 * </ul>
 * and in each the outer products associated any way exporters write them: {@code (x * (1 + e)) * 0.5},
 * {@code ((1 + e) * 0.5) * x} or {@code (x * 0.5) * (1 + e)}. Every intermediate must be read only inside the
 * pattern. Constants are matched to a relative 1e-3 (exporters round sqrt(2) differently).
 */
public final class GeluFusion implements GraphPass {
    private static final double TOL = 1e-3;

    @Override
    public String name() {
        return "GeluFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyUnary(graph, UnaryMath.Kind.ERF, UnaryMath.Kind.TANH)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node core : graph.nodes()) {
            boolean erf = Patterns.isUnary(core, UnaryMath.Kind.ERF);
            if (!erf && !Patterns.isUnary(core, UnaryMath.Kind.TANH) || !Patterns.isFloat32(core.output(0))) {
                continue;
            }
            List<Node> nodes = new ArrayList<>(List.of(core));
            Value x = erf ? erfArgument(graph, core.input(0), producers, nodes)
                    : tanhArgument(graph, core.input(0), producers, nodes);
            if (x == null) {
                continue;
            }
            Node last = tail(graph, uses, producers, core.output(0), x, nodes);
            if (last == null || !internal(uses, nodes, last) || !rewrites.claim(nodes.toArray(new Node[0]))) {
                continue;
            }
            List<Attribute> attrs = erf ? List.of()
                    : List.of(new Attribute("approximate", Attribute.Kind.STRING, "tanh"));
            rewrites.replace(last, Patterns.node(last.name(), "Gelu", 20, core.opsetVersion(), List.of(x),
                    List.of(last.output(0)), attrs));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "recognised " + rewrites.count() + " GELU pattern(s)";
    }

    /** x when {@code u} is {@code x / sqrt(2)} or {@code x * (1/sqrt(2))}; adds the node to {@code nodes}. */
    private static Value erfArgument(Graph g, Value u, Map<Value, Node> producers, List<Node> nodes) {
        Node d = producers.get(u);
        if (Patterns.isBinary(d, BinaryMath.Kind.DIV) && Patterns.isScalar(g, d.input(1), Math.sqrt(2), TOL)) {
            nodes.add(d);
            return d.input(0);
        }
        Value x = scaledInput(g, d, Math.sqrt(0.5));
        if (x != null) {
            nodes.add(d);
        }
        return x;
    }

    /** x when {@code u} is {@code sqrt(2/pi) * (x + 0.044715 * x^3)}; adds the nodes to {@code nodes}. */
    private static Value tanhArgument(Graph g, Value u, Map<Value, Node> producers, List<Node> nodes) {
        Node outer = producers.get(u);
        Value sum = scaledInput(g, outer, Math.sqrt(2 / Math.PI));
        Node add = producers.get(sum);
        if (sum == null || !Patterns.isBinary(add, BinaryMath.Kind.ADD)) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            Value x = add.input(side);
            Node cubic = producers.get(add.input(1 - side));
            Value cube = scaledInput(g, cubic, 0.044715);
            List<Node> cubeNodes = cube(g, producers.get(cube), x, producers);
            if (cubeNodes != null) {
                nodes.addAll(List.of(outer, add, cubic));
                nodes.addAll(cubeNodes);
                return x;
            }
        }
        return null;
    }

    /** The nodes computing {@code x^3} ending at {@code n}: Pow(x, 3), or x * (x * x) in any order; else null. */
    private static List<Node> cube(Graph g, Node n, Value x, Map<Value, Node> producers) {
        if (n == null) {
            return null;
        }
        if (Patterns.isBinary(n, BinaryMath.Kind.POW) && n.input(0) == x && Patterns.isScalar(g, n.input(1), 3, 0)) {
            return List.of(n);
        }
        if (Patterns.isBinary(n, BinaryMath.Kind.MUL) && (n.input(0) == x || n.input(1) == x)) {
            Node sq = producers.get(Patterns.other(n, x));
            if (Patterns.isBinary(sq, BinaryMath.Kind.MUL) && sq.input(0) == x && sq.input(1) == x) {
                return List.of(n, sq);
            }
        }
        return null;
    }

    /** x when {@code n} is {@code Mul(x, c)} or {@code Mul(c, x)} with the constant c = factor; else null. */
    private static Value scaledInput(Graph g, Node n, double factor) {
        if (!Patterns.isBinary(n, BinaryMath.Kind.MUL)) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            if (Patterns.isScalar(g, n.input(1 - side), factor, TOL)) {
                return n.input(side);
            }
        }
        return null;
    }

    /**
     * From the Erf/Tanh output {@code e}: {@code 1 + e}, then the products with x and 0.5 in one of the three
     * associations. Returns the last node (whose output is the GELU), adding the others to {@code nodes}.
     */
    private static Node tail(Graph g, Uses uses, Map<Value, Node> producers, Value e, Value x, List<Node> nodes) {
        Node plus = single(uses, e);
        if (!Patterns.isBinary(plus, BinaryMath.Kind.ADD) || !Patterns.isScalar(g, Patterns.other(plus, e), 1, 0)) {
            return null;
        }
        nodes.add(plus);
        Value s = plus.output(0);
        Node m1 = single(uses, s);
        if (!Patterns.isBinary(m1, BinaryMath.Kind.MUL)) {
            return null;
        }
        nodes.add(m1);
        Value o = Patterns.other(m1, s);
        Node m2 = single(uses, m1.output(0));
        if (o == x || Patterns.isScalar(g, o, 0.5, TOL)) {
            // (x * (1 + e)) * 0.5 or ((1 + e) * 0.5) * x
            Value want = o == x ? null : x;
            if (!Patterns.isBinary(m2, BinaryMath.Kind.MUL)) {
                return null;
            }
            Value o2 = Patterns.other(m2, m1.output(0));
            boolean ok = want == null ? Patterns.isScalar(g, o2, 0.5, TOL) : o2 == want;
            if (!ok) {
                return null;
            }
            nodes.add(m2);
            return m2;
        }
        // (x * 0.5) * (1 + e): m1 is the last node and o the half.
        Node half = producers.get(o);
        if (half == null || !Patterns.isBinary(half, BinaryMath.Kind.MUL) || scaledInput(g, half, 0.5) != x) {
            return null;
        }
        nodes.add(half);
        return m1;
    }

    /** The only reader of {@code v}, or null. */
    private static Node single(Uses uses, Value v) {
        List<Node> r = uses.readers(v);
        return r.size() == 1 ? r.get(0) : null;
    }

    /** True when the outputs of all pattern nodes but {@code last} are read only by pattern nodes. */
    static boolean internal(Uses uses, List<Node> nodes, Node last) {
        for (Node n : nodes) {
            if (n == last) {
                continue;
            }
            for (Value v : n.outputs()) {
                if (v == null) {
                    continue;
                }
                if (uses.isGraphOutput(v) || uses.isReadBySubgraph(v)
                        || !nodes.containsAll(uses.readers(v))) {
                    return false;
                }
            }
        }
        return true;
    }
}
