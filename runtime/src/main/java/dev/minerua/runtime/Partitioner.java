package dev.minerua.runtime;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.DeviceBackend;
import dev.minerua.backend.Partition;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the nodes a {@link DeviceBackend} supports into partition nodes, so that data crosses between
 * host and device only at partition boundaries.
 *
 * <p>The nodes are first re-ordered topologically so that nodes of the same placement stay together:
 * among the ready nodes, those with the placement of the node just emitted go first (ties keep the
 * original order). Every maximal run of consecutive supported nodes in that order then becomes one
 * partition. A run of consecutive nodes in a topological order is convex (a path between two of its
 * nodes only passes through nodes between them), so replacing it by one node never creates a cycle.
 */
public final class Partitioner {
    private Partitioner() {
    }

    /** What partitioning did to a graph. */
    public record Report(int partitions, int nodesOnDevice) {
    }

    /** Rewrites the top-level {@code graph} in place; subgraphs stay on the host backends. */
    public static Report partition(Graph graph, DeviceBackend backend) {
        List<Node> nodes = graph.nodes();
        boolean[] onDevice = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            onDevice[i] = supports(backend, nodes.get(i));
        }
        List<Integer> order = clusteredOrder(nodes, onDevice);
        Set<Value> readOutside = valuesReadOutsideAnyNode(graph);
        Map<Value, Set<Node>> readers = readers(nodes);
        List<Node> rewritten = new ArrayList<>();
        int partitions = 0;
        int placed = 0;
        for (int k = 0; k < order.size(); ) {
            int i = order.get(k);
            if (!onDevice[i]) {
                rewritten.add(nodes.get(i));
                k++;
                continue;
            }
            List<Node> region = new ArrayList<>();
            while (k < order.size() && onDevice[order.get(k)]) {
                region.add(nodes.get(order.get(k)));
                k++;
            }
            rewritten.add(partitionNode(backend.name(), partitions++, region, readers, readOutside));
            placed += region.size();
        }
        graph.setNodes(rewritten);
        return new Report(partitions, placed);
    }

    private static boolean supports(DeviceBackend backend, Node node) {
        if (node.op() == null || !node.subgraphs().isEmpty()) {
            return false;
        }
        CompileContext ctx = new CompileContext() {
            @Override
            public Node node() {
                return node;
            }

            @Override
            public CompiledSubgraph compileSubgraph(Graph subgraph) {
                throw new UnsupportedOperationException("device partitions hold no subgraphs");
            }

            @Override
            public int intraOpThreads() {
                return 1;
            }
        };
        try {
            return backend.supports(ctx);
        } catch (RuntimeException e) {
            return false; // a backend that cannot even judge a node does not get it
        }
    }

    /** Kahn's algorithm preferring, among ready nodes, the placement of the node emitted last. */
    private static List<Integer> clusteredOrder(List<Node> nodes, boolean[] onDevice) {
        Map<Value, Integer> producerIndex = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (Value v : nodes.get(i).outputs()) {
                if (v != null) {
                    producerIndex.put(v, i);
                }
            }
        }
        int[] pending = new int[nodes.size()];
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (Value v : dependencies(nodes.get(i))) {
                Integer p = producerIndex.get(v);
                if (p != null && p != i) {
                    deps.add(p);
                }
            }
            pending[i] = deps.size();
            for (int p : deps) {
                consumers.get(p).add(i);
            }
        }
        // Two ready queues, one per placement, each in original order.
        java.util.PriorityQueue<Integer> readyHost = new java.util.PriorityQueue<>();
        java.util.PriorityQueue<Integer> readyDevice = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                (onDevice[i] ? readyDevice : readyHost).add(i);
            }
        }
        List<Integer> order = new ArrayList<>(nodes.size());
        boolean device = false;
        while (!readyHost.isEmpty() || !readyDevice.isEmpty()) {
            java.util.PriorityQueue<Integer> q = device ? readyDevice : readyHost;
            if (q.isEmpty()) {
                device = !device;
                q = device ? readyDevice : readyHost;
            }
            int i = q.poll();
            order.add(i);
            for (int c : consumers.get(i)) {
                if (--pending[c] == 0) {
                    (onDevice[c] ? readyDevice : readyHost).add(c);
                }
            }
        }
        if (order.size() != nodes.size()) {
            throw new IllegalStateException("the graph has a cycle; cannot partition it");
        }
        return order;
    }

    private static Set<Value> dependencies(Node n) {
        Set<Value> deps = new LinkedHashSet<>();
        for (Value v : n.inputs()) {
            if (v != null) {
                deps.add(v);
            }
        }
        deps.addAll(n.implicitInputs());
        return deps;
    }

    private static Map<Value, Set<Node>> readers(List<Node> nodes) {
        Map<Value, Set<Node>> readers = new HashMap<>();
        for (Node n : nodes) {
            for (Value v : dependencies(n)) {
                readers.computeIfAbsent(v, x -> new HashSet<>()).add(n);
            }
        }
        return readers;
    }

    /** Graph outputs: read by the caller, so they always leave a partition. */
    private static Set<Value> valuesReadOutsideAnyNode(Graph graph) {
        return new HashSet<>(graph.outputs());
    }

    private static Node partitionNode(String backend, int index, List<Node> region, Map<Value, Set<Node>> readers,
                                      Set<Value> graphOutputs) {
        Set<Node> members = new HashSet<>(region);
        Set<Value> produced = new HashSet<>();
        for (Node n : region) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    produced.add(v);
                }
            }
        }
        LinkedHashSet<Value> inputs = new LinkedHashSet<>();
        LinkedHashSet<Value> outputs = new LinkedHashSet<>();
        for (Node n : region) {
            for (Value v : n.inputs()) {
                if (v != null && !produced.contains(v)) {
                    inputs.add(v);
                }
            }
            for (Value v : n.outputs()) {
                if (v == null) {
                    continue;
                }
                boolean leaves = graphOutputs.contains(v)
                        || readers.getOrDefault(v, Set.of()).stream().anyMatch(r -> !members.contains(r));
                if (leaves) {
                    outputs.add(v);
                }
            }
        }
        Partition op = new Partition(backend, region, List.copyOf(inputs), List.copyOf(outputs));
        Node node = new Node(backend + "_partition_" + index, Partition.DOMAIN, Partition.OP_TYPE, 1,
                op.inputs(), op.outputs(), Attributes.empty());
        node.setOp(op);
        return node;
    }
}
