package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.Tensor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small graph-rewriting helpers shared by the passes. */
final class GraphEdits {
    private GraphEdits() {
    }

    /**
     * The value's contents when they are fixed: a constant that no caller can override. An initializer
     * that is also listed as a graph input (from IR 4 on; the importer drops the listing before IR 4) is only
     * a default and may be fed, so it is
     * not fixed.
     */
    static Tensor fixedConstant(Graph graph, Value v) {
        if (v == null || !v.isConstant()) {
            return null;
        }
        for (Graph g = graph; g != null; g = g.parent()) {
            if (g.inputs().contains(v)) {
                return null;
            }
        }
        return v.constant();
    }

    /**
     * Makes every reader of {@code old} in {@code graph} and in its nested subgraphs (node inputs and
     * subgraph outputs) read {@code replacement} instead. The outputs of {@code graph} itself are left
     * alone: callers keep them (their names are the model's interface).
     */
    static void replaceAllUses(Graph graph, Value old, Value replacement) {
        replaceIn(graph, old, replacement, false);
    }

    private static void replaceIn(Graph graph, Value old, Value replacement, boolean outputsToo) {
        for (Node n : graph.nodes()) {
            List<Value> ins = n.inputs();
            for (int i = 0; i < ins.size(); i++) {
                if (ins.get(i) == old) {
                    n.setInput(i, replacement);
                }
            }
            for (Graph sub : n.subgraphs()) {
                replaceIn(sub, old, replacement, true);
            }
        }
        if (outputsToo) {
            for (int i = 0; i < graph.outputs().size(); i++) {
                if (graph.outputs().get(i) == old) {
                    graph.setOutput(i, replacement);
                }
            }
        }
    }

    /**
     * Fresh value names for the model that a graph belongs to. The taken names are collected on the first
     * request: collecting walks the whole model, subgraphs included, and most applications of a pass (one per
     * graph, per round) rename nothing.
     */
    static final class FreshNames {
        private final Graph graph;
        private Set<String> taken;

        FreshNames(Graph graph) {
            this.graph = graph;
        }

        /** A name not taken yet, based on {@code base}; it counts as taken from now on. */
        String fresh(String base) {
            if (taken == null) {
                Graph root = graph;
                while (root.parent() != null) {
                    root = root.parent();
                }
                taken = new HashSet<>();
                collect(root, taken);
            }
            String name = base;
            for (int i = 1; !taken.add(name); i++) {
                name = base + "_" + i;
            }
            return name;
        }
    }

    private static void collect(Graph g, Set<String> names) {
        for (Value v : g.inputs()) {
            names.add(v.name());
        }
        for (Value v : g.initializers()) {
            names.add(v.name());
        }
        for (Node n : g.nodes()) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    names.add(v.name());
                }
            }
            for (Graph sub : n.subgraphs()) {
                collect(sub, names);
            }
        }
    }

    /**
     * {@code b}, the value holding {@code bias} (a last-axis bias, see {@link Patterns#isLastAxisBias}), as a rank-1
     * value: {@code b} itself when it is one, else a new initializer with its N elements.
     */
    static Value vectorBias(Graph graph, FreshNames names, Value b, Tensor bias) {
        return bias.rank() == 1 ? b
                : addInitializer(graph, names, b.name() + "_vector", Tensor.of(bias.floatData().clone(), bias.size()));
    }

    /** Adds an initializer holding {@code t} under a fresh name based on {@code base}. */
    /**
     * Removes initializer {@code v} and forgets its contents when {@code reader}, which a rewrite is replacing, was
     * its only reader and no feed can replace it; otherwise does nothing.
     */
    static void releaseConstant(Graph graph, Uses uses, Value v, Node reader) {
        if (v != null && uses.isOnlyReader(v, reader) && !graph.inputs().contains(v)
                && graph.initializers().contains(v)) {
            graph.removeInitializer(v);
            v.setConstant(null);
        }
    }

    static Value addInitializer(Graph graph, FreshNames names, String base, Tensor t) {
        Value v = new Value(names.fresh(base), ValueType.tensor(t.type(), Shape.of(t.dims())));
        v.setConstant(t);
        graph.addInitializer(v);
        return v;
    }

    /**
     * A copy of {@code template} (same name, op, attributes) with new inputs and outputs; the outputs'
     * producer becomes the copy.
     */
    static Node rewired(Node template, List<Value> inputs, List<Value> outputs) {
        Node n = new Node(template.name(), template.domain(), template.opType(), template.opsetVersion(),
                inputs, outputs, template.attributes());
        n.setOp(template.op());
        return n;
    }

    /** Map from each node output of {@code graph} to its node. */
    static Map<Value, Node> producers(Graph graph) {
        Map<Value, Node> m = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    m.put(v, n);
                }
            }
        }
        return m;
    }
}
