package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * MatMul followed by an Add of a constant bias along the last axis (shape [N], or [1, ..., N] no longer than the
 * product's rank) becomes FusedMatMul(A, B, bias), which adds the bias in its GEMM epilogue. Float32 only; the
 * product must have no other reader and B a rank of at least 2 (so N is the product's last dimension).
 */
public final class MatMulBiasFusion implements GraphPass {
    @Override
    public String name() {
        return "MatMulBiasFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyOp(graph, MatMul.class)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        GraphEdits.FreshNames names = new GraphEdits.FreshNames(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node add : graph.nodes()) {
            if (!Patterns.isBinary(add, BinaryMath.Kind.ADD) || !Patterns.isFloat32(add.output(0))) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Value mid = add.input(side);
                Node mm = producers.get(mid);
                Tensor bias = GraphEdits.fixedConstant(graph, add.input(1 - side));
                if (mm == null || !(mm.op() instanceof MatMul) || !mm.domain().isEmpty() || bias == null
                        || !fits(mm, mid, bias) || !uses.isOnlyReader(mid, add) || !rewrites.claim(mm, add)) {
                    continue;
                }
                Value b = GraphEdits.vectorBias(graph, names, add.input(1 - side), bias);
                rewrites.replace(add, Patterns.minerua(mm.name(), "FusedMatMul",
                        List.of(mm.input(0), mm.input(1), b), List.of(add.output(0)), List.of()));
                break;
            }
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "fused " + rewrites.count() + " bias Add(s) into MatMul";
    }

    /** True when {@code bias} is a float32 last-axis bias of the float32 product and B has rank 2 or more. */
    private static boolean fits(Node mm, Value product, Tensor bias) {
        Shape b = Patterns.shape(mm.input(1));
        return Patterns.isFloat32(product) && b != null && b.rank() >= 2 && Patterns.isLastAxisBias(bias, product);
    }
}
