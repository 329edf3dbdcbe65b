package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who reads each value of one graph: its nodes (directly), its nodes' subgraphs (by outer-scope
 * reference) and the graph's outputs. A snapshot of one version of the graph: {@link #of} makes a new one after
 * any edit.
 */
final class Uses {
    private final Map<Value, List<Node>> readers = new HashMap<>();
    private final Set<Value> readBySubgraphs = new HashSet<>();
    private final Set<Value> graphOutputs;

    private Uses(Graph graph) {
        for (Node n : graph.nodes()) {
            for (Value v : n.inputs()) {
                if (v != null) {
                    List<Node> r = readers.get(v);
                    if (r == null) {
                        r = new ArrayList<>();
                        readers.put(v, r);
                    }
                    r.add(n);
                }
            }
            readBySubgraphs.addAll(n.implicitInputs());
        }
        graphOutputs = new HashSet<>(graph.outputs());
    }

    /**
     * The index of {@code graph} as it is now: the one an earlier pass made when the graph has not been edited
     * since (see {@link Graph#analysis}; {@code PassPipeline} forgets it after its passes), else a new one.
     */
    static Uses of(Graph graph) {
        return graph.analysis(Uses.class, MAKE);
    }

    /** Builds the index; a class rather than {@code Uses::new}, whose call site a fresh JVM would link interpreted. */
    private static final Function<Graph, Uses> MAKE = new Function<>() {
        @Override
        public Uses apply(Graph graph) {
            return new Uses(graph);
        }
    };

    /** Nodes of this graph that take {@code v} as an explicit input (a node appears once per slot); read-only. */
    List<Node> readers(Value v) {
        List<Node> r = readers.get(v);
        return r == null ? List.of() : Collections.unmodifiableList(r); // the index may be shared by later passes
    }

    boolean isGraphOutput(Value v) {
        return graphOutputs.contains(v);
    }

    boolean isReadBySubgraph(Value v) {
        return readBySubgraphs.contains(v);
    }

    /** True when nothing reads {@code v}: no node, no subgraph, not a graph output. */
    boolean isUnused(Value v) {
        return !readers.containsKey(v) && !readBySubgraphs.contains(v) && !graphOutputs.contains(v);
    }

    /** True when {@code node} is the only reader of {@code v} (in one input slot) and v is no graph output. */
    boolean isOnlyReader(Value v, Node node) {
        List<Node> r = readers(v);
        return r.size() == 1 && r.get(0) == node && !readBySubgraphs.contains(v) && !graphOutputs.contains(v);
    }
}
