package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.optimizer.GraphPass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Add of two values of the same shape feeding a LayerNormalization over the last axis becomes one
 * SkipLayerNormalization (Minerua's domain). When the sum is read elsewhere too (the next residual connection),
 * the fused node also produces it, as output 1; the fused node takes the Add's place, so those readers still
 * come after it. Float32 only; not when the LayerNormalization's Mean / InvStdDev outputs are read.
 */
public final class SkipLayerNormFusion implements GraphPass {
    @Override
    public String name() {
        return "SkipLayerNormFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyOp(graph, LayerNormalization.class)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node ln : graph.nodes()) {
            if (!(ln.op() instanceof LayerNormalization op) || !lastAxis(op, ln.input(0)) || !onlyFirstOutput(ln, uses)) {
                continue;
            }
            Value sum = ln.input(0);
            Node add = producers.get(sum);
            if (!Patterns.isBinary(add, BinaryMath.Kind.ADD) || !Patterns.isFloat32(sum)
                    || GraphEdits.fixedConstant(graph, add.input(0)) != null
                    || GraphEdits.fixedConstant(graph, add.input(1)) != null
                    || !Patterns.provablySameShape(add.input(0), add.input(1))
                    || !Patterns.provablySameShape(add.input(0), sum) || !rewrites.claim(add, ln)) {
                continue;
            }
            boolean sumReadElsewhere = uses.isGraphOutput(sum) || uses.isReadBySubgraph(sum)
                    || uses.readers(sum).size() > 1;
            List<Value> inputs = new ArrayList<>(List.of(add.input(0), add.input(1)));
            inputs.addAll(ln.inputs().subList(1, ln.inputs().size()));
            List<Value> outputs = sumReadElsewhere ? List.of(ln.output(0), sum) : List.of(ln.output(0));
            rewrites.replace(add, Patterns.minerua(ln.name(), "SkipLayerNormalization", inputs, outputs,
                    List.of(new Attribute("axis", Attribute.Kind.INT, -1L),
                            new Attribute("epsilon", Attribute.Kind.FLOAT, op.epsilon()))));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "fused " + rewrites.count() + " Add + LayerNormalization pair(s)";
    }

    private static boolean lastAxis(LayerNormalization op, Value x) {
        Shape s = Patterns.shape(x);
        return op.stashType() == dev.minerua.tensor.DataType.FLOAT
                && (op.axis() == -1 || (s != null && op.axis() == s.rank() - 1));
    }

    private static boolean onlyFirstOutput(Node ln, Uses uses) {
        for (int i = 1; i < ln.outputs().size(); i++) {
            if (ln.output(i) != null && !uses.isUnused(ln.output(i))) {
                return false;
            }
        }
        return true;
    }
}
