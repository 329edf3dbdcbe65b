package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.Dropout;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Removes nodes whose first output always equals their first input: Identity, inference-mode Dropout
 * whose mask nobody reads, Cast/CastLike to the input's own element type, Reshape to the input's own
 * static shape and Transpose by the identity permutation. Readers of the output (subgraphs included)
 * are rewired to the input. A node whose output is a graph output is kept, so the model's output
 * names stay as they are.
 */
public final class IdentityElimination implements GraphPass {
    @Override
    public String name() {
        return "IdentityElimination";
    }

    @Override
    public String apply(Graph graph) {
        Uses uses = Uses.of(graph);
        List<Node> kept = new ArrayList<>();
        int removed = 0;
        for (Node n : graph.nodes()) {
            Value in = n.input(0);
            Value out = n.output(0);
            if (in == null || out == null || uses.isGraphOutput(out) || !isNoOp(graph, n, uses)) {
                kept.add(n);
                continue;
            }
            GraphEdits.replaceAllUses(graph, out, in);
            removed++;
        }
        if (removed == 0) {
            return null;
        }
        graph.setNodes(kept);
        return "removed " + removed + " no-op node(s)";
    }

    /** True when the node's output 0 equals its input 0 for every possible input. */
    static boolean isNoOp(Graph graph, Node n, Uses uses) {
        if (!n.domain().isEmpty()) {
            return false;
        }
        // instanceof tests rather than a pattern switch: the switch's bootstrap spins a class in a fresh JVM's first
        // session, which costs more than this pass's whole run.
        Object op = n.op();
        if (op == null) {
            return false;
        } else if (op instanceof Dropout d) {
            return isInferenceDropout(graph, n, d, uses);
        } else if (op instanceof Cast c) {
            return sameElementType(n, c);
        } else if (op instanceof Reshape r) {
            return reshapesToSameShape(graph, n, r);
        } else if (op instanceof Transpose t) {
            return isIdentityPermutation(n, t);
        }
        return n.opType().equals("Identity") && n.outputs().size() == 1;
    }

    private static boolean isInferenceDropout(Graph graph, Node n, Dropout d, Uses uses) {
        for (int i = 1; i < n.outputs().size(); i++) {
            Value mask = n.output(i);
            if (mask != null && !uses.isUnused(mask)) {
                return false;
            }
        }
        if (!d.modeInputs() || n.input(2) == null) {
            return true; // before opset 12 binding admits inference mode only; later, training_mode defaults to false
        }
        Tensor mode = GraphEdits.fixedConstant(graph, n.input(2));
        return mode != null && mode.size() == 1 && !mode.booleanData()[0];
    }

    private static boolean sameElementType(Node n, Cast c) {
        DataType from = elementType(n.input(0));
        DataType to = c.like() ? elementType(n.input(1)) : c.to();
        return from != null && from == to;
    }

    private static boolean reshapesToSameShape(Graph graph, Node n, Reshape r) {
        int[] in = staticDims(n.input(0));
        if (in == null) {
            return false;
        }
        long[] spec = r.attrShape();
        if (spec == null) {
            Tensor t = GraphEdits.fixedConstant(graph, n.input(1));
            if (t == null) {
                return false;
            }
            spec = t.longData();
        }
        try {
            return Arrays.equals(Reshape.resolve(in, spec, r.allowZero()), in);
        } catch (RuntimeException e) {
            return false; // an invalid reshape stays, to fail at run time as it should
        }
    }

    private static boolean isIdentityPermutation(Node n, Transpose t) {
        int[] dims = staticRank(n.input(0));
        if (dims == null) {
            return false;
        }
        try {
            int[] p = t.permutation(dims.length);
            for (int i = 0; i < p.length; i++) {
                if (p[i] != i) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DataType elementType(Value v) {
        return v != null && v.type() instanceof ValueType.TensorType t ? t.elementType() : null;
    }

    private static int[] staticDims(Value v) {
        if (v != null && v.type() instanceof ValueType.TensorType t && t.shape() != null && t.shape().isStatic()) {
            long[] sizes = t.shape().sizes();
            int[] dims = new int[sizes.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = Math.toIntExact(sizes[i]);
            }
            return dims;
        }
        return null;
    }

    /** An array of the input's rank (contents unused), or null when the rank is unknown. */
    private static int[] staticRank(Value v) {
        if (v != null && v.type() instanceof ValueType.TensorType t && t.shape() != null) {
            return new int[t.shape().rank()];
        }
        return null;
    }
}
