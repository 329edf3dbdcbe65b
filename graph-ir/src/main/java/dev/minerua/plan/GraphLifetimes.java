package dev.minerua.plan;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
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
 * initializers are held by the caller and the model, not the arena. A value its producer writes straight into its
 * part of a Concat's output ({@link InPlaceHints#regionOf}) shares that output's block, which then lives from the
 * first such producer on. Subgraphs are planned recursively
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

    /** Plans {@code graph}'s intermediates with sizes from {@code sizes}, no output written in place. */
    public static GraphMemoryPlan plan(Graph graph, ValueSizes sizes) {
        return plan(graph, sizes, InPlaceHints.NONE);
    }

    /**
     * Plans {@code graph}'s intermediates with sizes from {@code sizes}. An output that {@code inPlace} lets
     * overwrite an input joins that input's block (like a view) when the block dies at the output's step: no
     * later step reads the input or a value sharing its storage, none of them is a graph output, the node reads
     * that storage through this input only, and input and output have the same known size and element type.
     * This is the condition under which the runtime hands the input's array to the kernel.
     */
    public static GraphMemoryPlan plan(Graph graph, ValueSizes sizes, InPlaceHints inPlace) {
        return plan(graph.nodes(), List.of(), graph.outputs(), Views.STANDARD, sizes, inPlace, MemoryPlanner::plan);
    }

    /**
     * Plans the values of an execution order that is not a whole graph, such as a device partition: the
     * values {@code nodes} produce, plus {@code inputs} (values written into the arena before step 0, alive
     * from step 0 to their last reader, never overwritten in place); values in {@code outputs} live to the
     * last step. Other values the nodes read (constants, values held elsewhere) take no block, nor do views
     * of them.
     *
     * @param views   which outputs share an input's storage
     * @param inPlace which outputs may overwrite a dying input (see {@link #plan(Graph, ValueSizes, InPlaceHints)})
     * @param placer  places the blocks (for instance {@link MemoryPlanner#planUniform} for device buffers)
     */
    public static GraphMemoryPlan plan(List<Node> nodes, List<Value> inputs, List<Value> outputs, Views views,
                                       ValueSizes sizes, InPlaceHints inPlace,
                                       Function<List<StorageInterval>, MemoryPlan> placer) {
        int steps = nodes.size();
        Map<Value, Integer> first = new LinkedHashMap<>();
        Map<Value, Integer> last = new HashMap<>();
        Map<Value, Value> root = new HashMap<>();
        for (Value v : inputs) {
            first.putIfAbsent(v, 0);
            last.putIfAbsent(v, 0);
        }
        Set<Value> external = new HashSet<>(inputs);
        Set<Value> wroteInPlace = new HashSet<>();
        // Per root block: the last step any value sharing it is read (graph outputs count as read forever).
        Map<Value, Integer> rootLast = new HashMap<>();
        Set<Value> graphOutputs = new HashSet<>(outputs);
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
        }
        for (int s = 0; s < steps; s++) {
            Node n = nodes.get(s);
            long bodyPeak = -1;
            long bodyBound = 0;
            for (Graph g : n.subgraphs()) {
                GraphMemoryPlan body = plan(g, sizes, inPlace);
                subgraphs.add(new GraphMemoryPlan.SubgraphPlan(n.describe(), g.name(), body));
                bodyPeak = Math.max(bodyPeak, body.plan().plannedPeak());
                bodyBound = Math.max(bodyBound, body.plan().lowerBound());
            }
            if (bodyPeak >= 0) {
                bodyBlocks.add(new StorageInterval("subgraphs of " + n.name(), bodyPeak, s, s));
                bodyBounds.add(bodyBound);
            }
            Set<Value> taken = new HashSet<>();
            for (int i = 0; i < n.outputs().size(); i++) {
                Value v = n.output(i);
                if (v == null) {
                    continue;
                }
                // A Concat output its inputs were written into is alive from its first input's step (merge).
                first.merge(v, s, Math::min);
                last.putIfAbsent(v, s);
                Value in = views.sourceOf(n, i);
                Value region = inPlace.regionOf(n, i);
                if (region != null) {
                    root.put(v, region);
                    first.merge(region, s, Math::min);
                    last.putIfAbsent(region, s);
                } else if (in != null) {
                    root.put(v, root.getOrDefault(in, in));
                } else {
                    Value r = inPlaceRoot(n, i, s, inPlace, sizes, first, external, root, rootLast, taken);
                    if (r != null) {
                        root.put(v, r);
                        taken.add(r);
                        wroteInPlace.add(v);
                    }
                }
                int end = graphOutputs.contains(v) ? Integer.MAX_VALUE : last.get(v);
                rootLast.merge(root.getOrDefault(v, v), end, Math::max);
            }
        }
        for (Value v : outputs) {
            if (first.containsKey(v)) {
                last.put(v, Math.max(steps - 1, first.get(v)));
            }
        }
        // A root block lives until its last view is read.
        rootLast.clear();
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
                    r == null ? null : r.name(), dynamic || block == null ? -1 : block, wroteInPlace.contains(v)));
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

    /**
     * The root block that output {@code i} of {@code n} (step {@code s}) may overwrite, or null: the first
     * declared input whose storage dies here (see {@link #plan(Graph, ValueSizes, InPlaceHints)}).
     */
    private static Value inPlaceRoot(Node n, int i, int s, InPlaceHints inPlace, ValueSizes sizes,
                                     Map<Value, Integer> first, Set<Value> external, Map<Value, Value> root,
                                     Map<Value, Integer> rootLast,
                                     Set<Value> taken) {
        Value out = n.output(i);
        for (int j : inPlace.inputsFor(n, i)) {
            Value in = j < n.inputs().size() ? n.input(j) : null;
            if (in == null || !first.containsKey(in)) {
                continue; // absent, or a graph input, initializer or captured value: never overwritten
            }
            Value r = root.getOrDefault(in, in);
            if (external.contains(r)) {
                continue; // written by the caller before step 0: not the plan's to overwrite
            }
            long bytes = sizes.bytes(out);
            if (!first.containsKey(r) || taken.contains(r) || rootLast.get(r) != s || readsOf(n, r, root) != 1 || bytes < 0
                    || bytes != sizes.bytes(r) || !sameElementType(in, out)) {
                continue;
            }
            return r;
        }
        return null;
    }

    /** How many of {@code n}'s inputs (implicit ones included) share storage root {@code r}. */
    private static int readsOf(Node n, Value r, Map<Value, Value> root) {
        int count = 0;
        for (Value v : n.inputs()) {
            if (v != null && root.getOrDefault(v, v) == r) {
                count++;
            }
        }
        for (Value v : n.implicitInputs()) {
            if (root.getOrDefault(v, v) == r) {
                count++;
            }
        }
        return count;
    }

    private static boolean sameElementType(Value a, Value b) {
        DataType ta = a.type() instanceof ValueType.TensorType t ? t.elementType() : null;
        DataType tb = b.type() instanceof ValueType.TensorType t ? t.elementType() : null;
        return ta == null || tb == null || ta == tb;
    }
}
