package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * Decides when a folding pass may rewrite a float32 weight in place instead of into a new array. A fold that
 * replaces a weight read by one node allocates as much again as the weight; for a large CNN that is a second
 * copy of every filter at each session creation, and allocating it (fresh heap pages, zeroing) costs more than
 * the arithmetic. Writing over the old array is only sound when nothing else can see it, so this is strict.
 */
final class WeightOwnership {
    private WeightOwnership() {
    }

    /**
     * {@code weight}'s float array when the fold may overwrite it, else null: {@code v} is an initializer of
     * {@code graph} (not a graph input, so never a default a feed could replace), {@code reader} is its only
     * reader (so the pass releases it), and no other constant of the model — in any graph, before or after
     * view ops that share arrays — holds the same tensor or array.
     */
    static float[] exclusiveArray(Graph graph, Uses uses, Value v, Node reader, Tensor weight) {
        if (weight.type() != DataType.FLOAT || !uses.isOnlyReader(v, reader) || graph.inputs().contains(v)
                || !graph.initializers().contains(v)) {
            return null;
        }
        Graph root = graph;
        while (root.parent() != null) {
            root = root.parent();
        }
        float[] array = weight.floatData();
        return sharedElsewhere(root, v, weight, array) ? null : array;
    }

    private static boolean sharedElsewhere(Graph g, Value owner, Tensor weight, float[] array) {
        for (Value other : g.initializers()) {
            if (shares(other, owner, weight, array)) {
                return true;
            }
        }
        for (Node n : g.nodes()) {
            for (Value other : n.inputs()) {
                if (shares(other, owner, weight, array)) {
                    return true;
                }
            }
            for (Graph sub : n.subgraphs()) {
                if (sharedElsewhere(sub, owner, weight, array)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * View ops keep the element count, so only same-sized float tensors are asked for their array, and never
     * an initializer still in its file form (it has no array yet, and asking would decode and keep one).
     */
    private static boolean shares(Value other, Value owner, Tensor weight, float[] array) {
        if (other == null || other == owner || !other.isConstant()) {
            return false;
        }
        Tensor t = other.constant();
        return t == weight || t.type() == DataType.FLOAT && t.size() == weight.size() && t.isMaterialized()
                && t.floatData() == array;
    }
}
