package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.FusedActivation;
import dev.minerua.ir.ops.FusedConv;
import dev.minerua.ir.ops.FusedGemm;
import dev.minerua.ir.ops.FusedOps;
import dev.minerua.ir.ops.FusedMatMul;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Conv, Gemm or MatMul (or a fused one without activation yet) followed by an activation — Relu, Clip with
 * constant bounds (Relu6), LeakyRelu, Sigmoid, HardSigmoid, HardSwish, Tanh, Gelu — becomes one FusedConv /
 * FusedGemm / FusedMatMul that applies the activation in its GEMM epilogue. Only float32 products (and float16 /
 * bfloat16 ones, which the CPU backend widens to float32 around the kernel, so the activation just skips one
 * rounding) whose result the activation alone reads (not a graph output, no second consumer) are fused.
 */
public final class ActivationFusion implements GraphPass {
    @Override
    public String name() {
        return "ActivationFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyNode(graph, n -> fusedOpType(n) != null)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        var producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node act : graph.nodes()) {
            if (act.inputs().isEmpty() || act.outputs().size() != 1) {
                continue;
            }
            FusedActivation a = activation(graph, act);
            Value mid = act.input(0);
            Node p = producers.get(mid);
            if (a == null || p == null || !floatType(mid) || Patterns.elementType(act.output(0)) != Patterns.elementType(mid)
                    || !uses.isOnlyReader(mid, act) || p.outputs().size() != 1) {
                continue;
            }
            String opType = fusedOpType(p);
            if (opType == null || !rewrites.claim(p, act)) {
                continue;
            }
            List<Attribute> attrs = new ArrayList<>(Patterns.attributesExcept(p, "activation", "activation_params"));
            attrs.addAll(a.toAttributes());
            rewrites.replace(act, Patterns.minerua(p.name(), opType, p.inputs(), List.of(act.output(0)), attrs));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "fused " + rewrites.count() + " activation(s) into Conv/Gemm/MatMul";
    }

    private static boolean floatType(Value v) {
        DataType t = Patterns.elementType(v);
        return t == DataType.FLOAT || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    /** The fused op for producer {@code p}, or null when it cannot take an activation. */
    private static String fusedOpType(Node p) {
        // instanceof tests rather than a pattern switch, whose bootstrap spins a class in a JVM's first session.
        Object op = p.op();
        boolean standard = p.domain().isEmpty();
        if (op instanceof Conv && standard) {
            return "FusedConv";
        } else if (op instanceof Gemm g && standard && !g.exactC()) {
            return "FusedGemm";
        } else if (op instanceof MatMul && standard) {
            return "FusedMatMul";
        } else if (op instanceof FusedConv f && f.activation().kind() == FusedActivation.Kind.NONE) {
            return "FusedConv";
        } else if (op instanceof FusedGemm f && f.activation().kind() == FusedActivation.Kind.NONE) {
            return "FusedGemm";
        } else if (op instanceof FusedMatMul f && f.activation().kind() == FusedActivation.Kind.NONE) {
            return "FusedMatMul";
        }
        return null;
    }

    /** The activation node {@code n} computes, or null when it is none of the fusable ones. */
    static FusedActivation activation(Graph graph, Node n) {
        // instanceof tests rather than a pattern switch, whose bootstrap spins a class in a JVM's first session.
        Object op = n.op();
        if (op instanceof UnaryMath u && (n.domain().isEmpty() || n.domain().equals(FusedOps.DOMAIN))) {
            return switch (u.kind()) {
                case RELU -> new FusedActivation(FusedActivation.Kind.RELU, 0f, 0f);
                case SIGMOID -> new FusedActivation(FusedActivation.Kind.SIGMOID, 0f, 0f);
                case TANH -> new FusedActivation(FusedActivation.Kind.TANH, 0f, 0f);
                case HARD_SWISH -> new FusedActivation(FusedActivation.Kind.HARD_SWISH, 0f, 0f);
                default -> null;
            };
        } else if (op instanceof Clip c && n.domain().isEmpty()) {
            return clip(graph, n, c);
        } else if (op instanceof Activation a) {
            return switch (a.kind()) {
                case LEAKY_RELU -> new FusedActivation(FusedActivation.Kind.LEAKY_RELU, a.alpha(), 0f);
                case HARD_SIGMOID -> new FusedActivation(FusedActivation.Kind.HARD_SIGMOID, a.alpha(), a.beta());
                case GELU -> new FusedActivation(FusedActivation.Kind.GELU, 0f, 0f);
                case GELU_TANH -> new FusedActivation(FusedActivation.Kind.GELU_TANH, 0f, 0f);
                default -> null;
            };
        }
        return null;
    }

    /** Clip with constant (or absent) bounds. */
    private static FusedActivation clip(Graph graph, Node n, Clip c) {
        float lo = c.min();
        float hi = c.max();
        if (c.boundsFromInputs()) {
            Float l = bound(graph, n, 1, Float.NEGATIVE_INFINITY);
            Float h = bound(graph, n, 2, Float.POSITIVE_INFINITY);
            if (l == null || h == null) {
                return null;
            }
            lo = l;
            hi = h;
        }
        return lo <= hi ? new FusedActivation(FusedActivation.Kind.CLIP, lo, hi) : null;
    }

    private static Float bound(Graph graph, Node n, int i, float absent) {
        if (n.inputs().size() <= i || n.input(i) == null) {
            return absent;
        }
        Double s = Patterns.scalar(graph, n.input(i));
        return s == null ? null : (float) (double) s;
    }
}
