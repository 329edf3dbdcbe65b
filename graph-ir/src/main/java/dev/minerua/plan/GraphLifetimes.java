package dev.minerua.plan;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Derives storage blocks from a graph's execution order (its node list) and plans them.
 *
 * <p>A value lives from the step that produces it to the last step that reads it, counting reads by
 * subgraphs (a node's implicit inputs); graph outputs live to the end. Outputs of the view ops
 * ({@link #VIEW_OPS}: the CPU kernels return their input's array under a new shape) share their
 * input's storage, so the input's block lives as long as its longest-lived view. Graph inputs and
 * initializers are held by the caller and the model, not the arena. Subgraphs are planned recursively
 * (see {@link GraphMemoryPlan#subgraphs()}).
 */
public final class GraphLifetimes {
    /** Ops whose output 0 is a view of input 0's storage. */
    public static final Set<String> VIEW_OPS = Set.of("Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity");

    private GraphLifetimes() {
    }

    /** Which input's storage output {@code output} of {@code node} shares, or null when it has its own. */
    @FunctionalInterface
    public interface Views {
        Value sourceOf(Node node, int output);

        /** The CPU's views: output 0 of the standard {@link #VIEW_OPS} shares input 0. */
        Views STANDARD = (n, i) -> i == 0 && VIEW_OPS.contains(n.opType()) && n.domain().isEmpty() ? n.input(0) : null;
    }

    /** Plans {@code graph}'s intermediates with sizes from {@code sizes}. */
    public static GraphMemoryPlan plan(Graph graph, ValueSizes sizes) {
        return plan(graph.nodes(), List.of(), graph.outputs(), Views.STANDARD, sizes, MemoryPlanner::plan);
    }

    /**
     * Plans the values of an execution order that is not a whole graph, such as a device partition: the
     * values {@code nodes} produce, plus {@code inputs} (values written into the arena before step 0, alive
     * from step 0 to their last reader); values in {@code outputs} live to the last step. Other values the
     * nodes read (constants, values held elsewhere) take no block, nor do views of them.
     *
     * @param views  which outputs share an input's storage
     * @param placer places the blocks (for instance {@link MemoryPlanner#planUniform} for device buffers)
     */
    public static GraphMemoryPlan plan(List<Node> nodes, List<Value> inputs, List<Value> outputs, Views views,
                                       ValueSizes sizes, Function<List<StorageInterval>, MemoryPlan> placer) {
        int steps = nodes.size();
        Map<Value, Integer> first = new LinkedHashMap<>();
        Map<Value, Integer> last = new HashMap<>();
        Map<Value, Value> root = new HashMap<>();
        for (Value v : inputs) {
            first.putIfAbsent(v, 0);
            last.putIfAbsent(v, 0);
        }
        List<GraphMemoryPlan.SubgraphPlan> subgraphs = new ArrayList<>();
        List<StorageInterval> bodyBlocks = new ArrayList<>();
        List<Long> bodyBounds = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            Node n = nodes.get(s);
            for (Value v : n.inputs()) {
                if (v != null) {
                    last.put(v, s);
                }
            }
            for (Value v : n.implicitInputs()) {
                last.put(v, s);
            }
            long bodyPeak = -1;
            long bodyBound = 0;
            for (Graph g : n.subgraphs()) {
                GraphMemoryPlan body = plan(g, sizes);
                subgraphs.add(new GraphMemoryPlan.SubgraphPlan(n.describe(), g.name(), body));
                bodyPeak = Math.max(bodyPeak, body.plan().plannedPeak());
                bodyBound = Math.max(bodyBound, body.plan().lowerBound());
            }
            if (bodyPeak >= 0) {
                bodyBlocks.add(new StorageInterval("subgraphs of " + n.name(), bodyPeak, s, s));
                bodyBounds.add(bodyBound);
            }
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.output(i);
                if (v == null) {
                    continue;
                }
                first.put(v, s);
                last.putIfAbsent(v, s);
                Value in = views.sourceOf(n, i);
                if (in != null) {
                    root.put(v, root.getOrDefault(in, in));
                }
            }
        }
        for (Value v : outputs) {
            if (first.containsKey(v)) {
                last.put(v, Math.max(steps - 1, first.get(v)));
            }
        }
        // A root block lives until its last view is read.
        Map<Value, Integer> rootLast = new HashMap<>();
        for (Value v : first.keySet()) {
            Value r = root.getOrDefault(v, v);
            rootLast.merge(r, last.get(v), Math::max);
        }
        Set<Value> viewOfDynamic = new HashSet<>();
        List<StorageInterval> blocks = new ArrayList<>();
        Map<Value, Integer> blockOf = new HashMap<>();
        for (Value v : first.keySet()) {
            if (root.containsKey(v)) {
                continue;
            }
            long bytes = sizes.bytes(v);
            if (bytes < 0) {
                viewOfDynamic.add(v);
                continue;
            }
            blockOf.put(v, blocks.size());
            blocks.add(new StorageInterval(v.name(), bytes, first.get(v), rootLast.get(v)));
        }
        List<ValueLifetime> rows = new ArrayList<>();
        for (Value v : first.keySet()) {
            Value r = root.get(v);
            long bytes = sizes.bytes(v);
            boolean dynamic = bytes < 0 || (r != null && viewOfDynamic.contains(r));
            Integer block = blockOf.get(r == null ? v : r);
            rows.add(new ValueLifetime(v.name(), dynamic ? -1 : bytes, first.get(v), last.get(v),
                    r == null ? null : r.name(), dynamic || block == null ? -1 : block));
        }
        // A node's bodies take one block; it costs their planned peak in the arena but only their lower
        // bound in this graph's lower bound.
        List<StorageInterval> boundBlocks = new ArrayList<>(blocks);
        for (int i = 0; i < bodyBlocks.size(); i++) {
            StorageInterval b = bodyBlocks.get(i);
            boundBlocks.add(new StorageInterval(b.name(), bodyBounds.get(i), b.first(), b.last()));
        }
        blocks.addAll(bodyBlocks);
        MemoryPlan placed = placer.apply(blocks);
        return new GraphMemoryPlan(steps, rows,
                new MemoryPlan(placed.placements(), placed.plannedPeak(), MemoryPlanner.lowerBound(boundBlocks)),
                subgraphs);
    }
}
