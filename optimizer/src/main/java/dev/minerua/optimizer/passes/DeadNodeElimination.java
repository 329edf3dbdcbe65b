package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes nodes none of whose outputs is read (by a node, by a subgraph through an outer-scope
 * reference, or as a graph output), then initializers nothing reads. ONNX operators have no side
 * effects, so an unread result is wasted work. Initializers listed as graph inputs stay: they are part
 * of the model's interface.
 */
public final class DeadNodeElimination implements GraphPass {
    @Override
    public String name() {
        return "DeadNodeElimination";
    }

    @Override
    public String apply(Graph graph) {
        Set<Value> live = new HashSet<>(graph.outputs());
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = graph.nodes();
        // Walking backwards, a node's readers have all been seen before the node itself.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!anyLive(n, live)) {
                continue;
            }
            kept.add(n);
            for (Value v : n.inputs()) {
                if (v != null) {
                    live.add(v);
                }
            }
            live.addAll(n.implicitInputs());
        }
        int removedNodes = nodes.size() - kept.size();
        if (removedNodes > 0) {
            Collections.reverse(kept);
            graph.setNodes(kept);
        }
        Set<Value> inputs = new HashSet<>(graph.inputs());
        int removedInits = 0;
        for (Value init : List.copyOf(graph.initializers())) {
            if (!live.contains(init) && !inputs.contains(init)) {
                graph.removeInitializer(init);
                removedInits++;
            }
        }
        if (removedNodes == 0 && removedInits == 0) {
            return null;
        }
        return "removed " + removedNodes + " unused node(s) and " + removedInits + " unused initializer(s)";
    }

    private static boolean anyLive(Node n, Set<Value> live) {
        for (Value v : n.outputs()) {
            if (live.contains(v)) {
                return true;
            }
        }
        return false;
    }
}
