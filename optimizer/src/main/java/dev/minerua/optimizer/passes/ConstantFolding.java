package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Constant;
import dev.minerua.ir.ops.ShapeOf;
import dev.minerua.optimizer.ConstantEvaluator;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replaces nodes whose results are known before any input arrives by initializers:
 * <ul>
 *   <li>Constant nodes;</li>
 *   <li>Shape of a value whose inferred shape is static;</li>
 *   <li>any other deterministic ai.onnx node whose inputs are all fixed constants, evaluated once with
 *       the real kernels through a {@link ConstantEvaluator}, when its outputs stay within
 *       {@link #MAX_ELEMENTS} elements each (folding must not blow up the model), or
 *       {@link #MAX_WEIGHT_ELEMENTS} for a result read only as weights.</li>
 * </ul>
 * After a sweep, types are inferred again: newly constant shapes often make more shapes static
 * (Shape → Gather → Concat → Reshape chains), so sweeps repeat until nothing changes.
 * Nodes that produce a graph output, hold subgraphs, or draw random numbers are never folded.
 */
public final class ConstantFolding implements GraphPass {
    /** The largest output, in elements, that folding will store as an initializer. */
    public static final long MAX_ELEMENTS = 1L << 20;
    /**
     * The budget for a result read only as the weights of Conv, Gemm, MatMul and the normalizations: those
     * kernels keep (or repack) such a constant once at session creation anyway, so folding it costs no extra
     * memory and saves recomputing and repacking it on every run.
     */
    public static final long MAX_WEIGHT_ELEMENTS = 1L << 28;
    /** Ops whose inputs from index 1 on are weights (for MatMul: input 1 only). */
    private static final Set<String> WEIGHT_READERS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul",
            "BatchNormalization", "InstanceNormalization", "LayerNormalization");
    private static final int MAX_SWEEPS = 10;
    /** Ops whose results differ between runs (Dropout only in training, but inference Dropout is IdentityElimination's). */
    private static final Set<String> NON_DETERMINISTIC = Set.of("RandomNormal", "RandomUniform",
            "RandomNormalLike", "RandomUniformLike", "Bernoulli", "Multinomial", "Dropout");

    private final ConstantEvaluator evaluator;

    /** @param evaluator runs general nodes; null folds only Constant and Shape nodes */
    public ConstantFolding(ConstantEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public String name() {
        return "ConstantFolding";
    }

    @Override
    public String apply(Graph graph) {
        int constants = 0;
        int shapes = 0;
        int evaluated = 0;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            // Built on the first candidate only: most sweeps after the first find none, and the index is per version.
            LazyUses uses = new LazyUses(graph);
            List<Node> kept = new ArrayList<>();
            int before = constants + shapes + evaluated;
            for (Node n : graph.nodes()) {
                Tensor[] results = fold(graph, n, uses);
                if (results == null) {
                    kept.add(n);
                    continue;
                }
                for (int i = 0; i < results.length; i++) {
                    Value out = n.output(i);
                    if (out != null) {
                        out.setConstant(results[i]);
                        out.setType(ValueType.tensor(results[i].type(), Shape.of(results[i].dims())));
                        graph.addInitializer(out);
                    }
                }
                if (n.op() instanceof Constant) {
                    constants++;
                } else if (n.op() instanceof ShapeOf) {
                    shapes++;
                } else {
                    evaluated++;
                }
            }
            if (constants + shapes + evaluated == before) {
                break;
            }
            graph.setNodes(kept);
            // Constants now visible to type rules (Reshape's shape, Slice's starts...) refine shapes downstream.
            try {
                TypeInference.run(graph);
            } catch (RuntimeException e) {
                // A rule that rejects the now-known values (left to the run-time error), or a subgraph whose
                // outer-scope types this graph alone cannot see: types are only refined, so the next sweep
                // still folds what now has constant inputs.
            }
        }
        if (constants + shapes + evaluated == 0) {
            return null;
        }
        return "folded " + constants + " Constant, " + shapes + " Shape and " + evaluated + " other node(s) into initializers";
    }

    /**
     * The node's results when it can be folded, else null. The cheap tests (op kind, constant inputs) come before
     * the ones that need the readers' index, which is then built only for nodes that could fold.
     */
    private Tensor[] fold(Graph graph, Node n, LazyUses uses) {
        if (!n.subgraphs().isEmpty() || !n.domain().isEmpty() || NON_DETERMINISTIC.contains(n.opType())) {
            return null;
        }
        Tensor[] inputs = null;
        if (!(n.op() instanceof Constant) && !(n.op() instanceof ShapeOf)) {
            inputs = fixedInputs(graph, n);
            if (inputs == null) {
                return null;
            }
        }
        boolean anyOutput = false;
        for (Value out : n.outputs()) {
            if (out != null) {
                if (uses.get().isGraphOutput(out)) {
                    return null; // keep the model's outputs computed by nodes, never aliased to initializers
                }
                anyOutput = true;
            }
        }
        if (!anyOutput) {
            return null;
        }
        if (n.op() instanceof Constant c) {
            return new Tensor[] {c.value()}; // already stored in the model: no size budget
        }
        if (n.op() instanceof ShapeOf s) {
            return shapeOf(n, s);
        }
        return evaluate(n, inputs, onlyWeights(n, uses.get()) ? MAX_WEIGHT_ELEMENTS : MAX_ELEMENTS);
    }

    /** The node's inputs when an evaluator may fold it: it has inputs and every present one is a fixed constant. */
    private Tensor[] fixedInputs(Graph graph, Node n) {
        if (evaluator == null || n.inputs().isEmpty()) {
            return null;
        }
        Tensor[] inputs = new Tensor[n.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            Value v = n.input(i);
            if (v == null) {
                continue;
            }
            inputs[i] = GraphEdits.fixedConstant(graph, v);
            if (inputs[i] == null) {
                return null;
            }
        }
        return inputs;
    }

    /** The readers' index of one sweep, made when first asked for. */
    private static final class LazyUses {
        private final Graph graph;
        private Uses uses;

        LazyUses(Graph graph) {
            this.graph = graph;
        }

        Uses get() {
            if (uses == null) {
                uses = Uses.of(graph);
            }
            return uses;
        }
    }

    /** True when every output of {@code n} is read only in weight slots of {@link #WEIGHT_READERS}. */
    private static boolean onlyWeights(Node n, Uses uses) {
        for (Value out : n.outputs()) {
            if (out == null) {
                continue;
            }
            if (uses.isReadBySubgraph(out) || uses.readers(out).isEmpty()) {
                return false;
            }
            for (Node reader : uses.readers(out)) {
                if (!reader.domain().isEmpty() || !WEIGHT_READERS.contains(reader.opType())
                        || reader.inputs().indexOf(out) < 1
                        || (reader.opType().equals("MatMul") && reader.inputs().indexOf(out) != 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Tensor[] shapeOf(Node n, ShapeOf s) {
        if (!(n.input(0) != null && n.input(0).type() instanceof ValueType.TensorType t)
                || t.shape() == null || !t.shape().isStatic()) {
            return null;
        }
        long[] sizes = t.shape().sizes();
        int[] r = s.range(sizes.length);
        long[] dims = java.util.Arrays.copyOfRange(sizes, r[0], r[1]);
        return new Tensor[] {Tensor.of(dims, dims.length)};
    }

    private Tensor[] evaluate(Node n, Tensor[] inputs, long budget) {
        for (Value out : n.outputs()) {
            if (out != null && out.type() instanceof ValueType.TensorType t && t.shape() != null
                    && t.shape().isStatic() && elements(t.shape().sizes()) > budget) {
                return null; // known too large before spending the time to compute it
            }
        }
        Tensor[] results;
        try {
            results = evaluator.evaluate(n, inputs);
        } catch (RuntimeException e) {
            return null; // left to fail (or succeed) at run time with the session's own error reporting
        }
        if (results == null || results.length < n.outputs().size()) {
            return null;
        }
        for (int i = 0; i < n.outputs().size(); i++) {
            if (n.output(i) != null && results[i] == null) {
                return null;
            }
        }
        return within(results, budget);
    }

    private static Tensor[] within(Tensor[] results, long budget) {
        for (Tensor t : results) {
            if (t != null && t.size() > budget) {
                return null;
            }
        }
        return results;
    }

    private static long elements(long[] sizes) {
        long n = 1;
        for (long s : sizes) {
            n *= s;
        }
        return n;
    }
}
