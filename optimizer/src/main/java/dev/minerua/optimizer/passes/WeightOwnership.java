package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Decides when a folding pass may rewrite a float32 weight in place instead of into a new array. A fold that
 * replaces a weight read by one node allocates as much again as the weight; for a large CNN that is a second
 * copy of every filter at each session creation, and allocating it (fresh heap pages, zeroing) costs more than
 * the arithmetic. Writing over the old array is only sound when nothing else can see it, so this is strict.
 */
final class WeightOwnership {
    private final Graph graph;
    private final Uses uses;
    /** Per tensor and per materialized float array: the first constant value found holding it (built on demand). */
    private IdentityHashMap<Object, Value> holders;
    /** Tensors and arrays that more than one value holds. */
    private Set<Object> shared;

    /**
     * @param graph the graph a pass rewrites
     * @param uses  its readers; the index of holders is built at the first question and kept for the pass, so a
     *              fold that adds a holder of an existing tensor or array must not ask afterwards (folds make new
     *              tensors; the values they release stay counted, which only errs towards copying)
     */
    WeightOwnership(Graph graph, Uses uses) {
        this.graph = graph;
        this.uses = uses;
    }

    /**
     * {@code weight}'s float array when the fold may overwrite it, else null: {@code v} is an initializer of
     * {@code graph} (not a graph input, so never a default a feed could replace), {@code reader} is its only
     * reader (so the pass releases it), and no other constant of the model — in any graph, before or after
     * view ops that share arrays — holds the same tensor or array.
     */
    float[] exclusiveArray(Value v, Node reader, Tensor weight) {
        if (weight.type() != DataType.FLOAT || !uses.isOnlyReader(v, reader) || graph.inputs().contains(v)
                || !graph.initializers().contains(v)) {
            return null;
        }
        if (holders == null) {
            Graph root = graph;
            while (root.parent() != null) {
                root = root.parent();
            }
            holders = new IdentityHashMap<>();
            shared = Collections.newSetFromMap(new IdentityHashMap<>());
            index(root);
        }
        float[] array = weight.floatData();
        return heldElsewhere(weight, v) || heldElsewhere(array, v) ? null : array;
    }

    private boolean heldElsewhere(Object key, Value owner) {
        Value first = holders.get(key);
        return first != null && (first != owner || shared.contains(key));
    }

    /** Every constant value of {@code g} and its subgraphs, one pass (a scan per fold was quadratic). */
    private void index(Graph g) {
        for (Value v : g.initializers()) {
            hold(v);
        }
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                hold(v);
            }
            for (Graph sub : n.subgraphs()) {
                index(sub);
            }
        }
    }

    /**
     * View ops keep the element count, so a shared array is found by identity; an initializer still in its file
     * form has no array yet (asking would decode and keep one), so only its tensor counts.
     */
    private void hold(Value v) {
        if (v == null || !v.isConstant()) {
            return;
        }
        Tensor t = v.constant();
        holdKey(t, v);
        if (t.type() == DataType.FLOAT && t.isMaterialized()) {
            holdKey(t.floatData(), v);
        }
    }

    private void holdKey(Object key, Value v) {
        Value first = holders.putIfAbsent(key, v);
        if (first != null && first != v) {
            shared.add(key);
        }
    }
}
