package dev.minerua.ir.onnx;

import dev.minerua.error.InvalidModelException;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** Orders nodes so that each runs after the producers of its inputs, keeping file order where it is valid. */
public final class TopologicalOrder {
    private TopologicalOrder() {
    }

    /**
     * {@code nodes} in an order where every node follows the producers of its inputs; throws on a cycle. Of the
     * valid orders it is the one that keeps file order wherever it can: whenever several nodes are ready, the one
     * earliest in the file runs first, so a graph already in dependency order (as ONNX requires) comes back as is.
     */
    public static List<Node> sort(List<Node> nodes, String where) {
        Map<Value, Node> producer = new HashMap<>();
        for (Node n : nodes) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    producer.put(v, n);
                }
            }
        }
        if (inDependencyOrder(nodes, producer)) {
            return new ArrayList<>(nodes);
        }
        Map<Node, Integer> pending = new IdentityHashMap<>();
        Map<Node, Integer> position = new IdentityHashMap<>();
        Map<Node, List<Node>> consumers = new IdentityHashMap<>();
        for (Node n : nodes) {
            int deps = dependOn(n, n.inputs(), producer, consumers) + dependOn(n, n.implicitInputs(), producer, consumers);
            pending.put(n, deps);
            position.put(n, position.size());
        }
        // Kahn's algorithm taking the earliest ready node in file order (a FIFO would move a node that becomes
        // ready late behind independent nodes that follow it in the file).
        PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingInt(position::get));
        for (Node n : nodes) {
            if (pending.get(n) == 0) {
                ready.add(n);
            }
        }
        List<Node> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            out.add(n);
            for (Node c : consumers.getOrDefault(n, List.of())) {
                int left = pending.get(c) - 1;
                pending.put(c, left);
                if (left == 0) {
                    ready.add(c);
                }
            }
        }
        if (out.size() != nodes.size()) {
            for (Node n : nodes) {
                if (pending.get(n) > 0) {
                    throw new InvalidModelException(where + ": the graph has a cycle through " + n.describe());
                }
            }
        }
        return out;
    }

    /** Whether every node of {@code nodes} comes after the producers of everything it reads. */
    private static boolean inDependencyOrder(List<Node> nodes, Map<Value, Node> producer) {
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            if (!producersDone(n, n.inputs(), producer, done) || !producersDone(n, n.implicitInputs(), producer, done)) {
                return false;
            }
            done.add(n);
        }
        return true;
    }

    private static boolean producersDone(Node n, Collection<Value> reads, Map<Value, Node> producer, Set<Node> done) {
        for (Value v : reads) {
            Node p = v == null ? null : producer.get(v);
            if (p != null && p != n && !done.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** Records {@code n} as a consumer of the producer of each of {@code reads}; returns how many it has. */
    private static int dependOn(Node n, Collection<Value> reads, Map<Value, Node> producer,
                                Map<Node, List<Node>> consumers) {
        int deps = 0;
        for (Value v : reads) {
            Node p = v == null ? null : producer.get(v);
            if (p != null && p != n) {
                deps++;
                List<Node> c = consumers.get(p);
                if (c == null) {
                    c = new ArrayList<>();
                    consumers.put(p, c);
                }
                c.add(n);
            }
        }
        return deps;
    }
}
