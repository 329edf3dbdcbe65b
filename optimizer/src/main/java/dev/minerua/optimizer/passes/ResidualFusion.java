package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.FusedActivation;
import dev.minerua.ir.ops.FusedMatMul;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Conv or MatMul (or a FusedMatMul with bias only) whose result is added (Add, or Sum of two) to another value
 * of exactly its shape — a residual connection — becomes FusedConv / FusedMatMul with that value as input 3, added in the GEMM
 * epilogue before any activation. Float32 only; the product must have no other reader, and the shapes must be
 * provably equal (the same known sizes or symbols), since the fused Add cannot broadcast.
 */
public final class ResidualFusion implements GraphPass {
    @Override
    public String name() {
        return "ResidualFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyNode(graph, n -> fusedOpType(n) != null)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node add : graph.nodes()) {
            if (!(Patterns.isBinary(add, BinaryMath.Kind.ADD) || isPairSum(add)) || !Patterns.isFloat32(add.output(0))) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Value mid = add.input(side);
                Value residual = add.input(1 - side);
                Node p = producers.get(mid);
                String opType = p == null ? null : fusedOpType(p);
                if (opType == null || residual == mid || !Patterns.isFloat32(mid) || !Patterns.isFloat32(residual)
                        || !Patterns.provablySameShape(mid, residual)
                        || !Patterns.provablySameShape(mid, add.output(0))
                        || !uses.isOnlyReader(mid, add) || !rewrites.claim(p, add)) {
                    continue;
                }
                List<Value> inputs = new ArrayList<>(p.inputs());
                while (inputs.size() < 3) {
                    inputs.add(null);
                }
                inputs.add(residual);
                List<Attribute> attrs = p.domain().isEmpty() ? List.copyOf(p.attributes().all()) : List.of();
                rewrites.replace(add, Patterns.minerua(p.name(), opType, inputs, List.of(add.output(0)), attrs));
                break;
            }
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "fused " + rewrites.count() + " residual Add(s)/Sum(s) into Conv/MatMul";
    }

    /** A Sum of exactly two inputs, which older models (ShuffleNet at opset 9) use for their residual Add. */
    private static boolean isPairSum(Node n) {
        return n.domain().isEmpty() && n.op() instanceof VariadicMath v && v.kind() == VariadicMath.Kind.SUM
                && n.inputs().size() == 2 && n.input(0) != null && n.input(1) != null;
    }

    /** The fused op for producer {@code p}, or null when it cannot take a residual. */
    private static String fusedOpType(Node p) {
        if (p.outputs().size() != 1) {
            return null;
        }
        // instanceof tests rather than a pattern switch, whose bootstrap spins a class in a JVM's first session.
        Object op = p.op();
        if (op instanceof Conv && p.domain().isEmpty() && p.inputs().size() <= 3) {
            return "FusedConv";
        } else if (op instanceof MatMul && p.domain().isEmpty()) {
            return "FusedMatMul";
        } else if (op instanceof FusedMatMul f && f.activation().kind() == FusedActivation.Kind.NONE
                && p.inputs().size() <= 3) {
            return "FusedMatMul";
        }
        return null;
    }
}
