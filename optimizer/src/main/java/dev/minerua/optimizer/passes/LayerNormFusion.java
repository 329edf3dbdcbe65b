package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Reduce;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recognises layer normalization over the last axis written out in elementary ops,
 * <pre>
 *   m = ReduceMean(x, [-1]); d = x - m; v = ReduceMean(d^2, [-1]); n = d / Sqrt(v + eps); y = n * gamma (+ beta)
 * </pre>
 * (the square as {@code Pow(d, 2)} or {@code d * d}; commutative operands in either order), and replaces it by
 * one LayerNormalization(x, gamma, beta) with {@code axis = -1} (ai.onnx from opset 17, else Minerua's domain).
 * Does not fire unless both means reduce exactly the last axis with keepdims, eps is a constant scalar, gamma and
 * beta are float32 constants of shape [N] for the last dimension N, and no intermediate is read elsewhere.
 */
public final class LayerNormFusion implements GraphPass {
    @Override
    public String name() {
        return "LayerNormFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyBinary(graph, BinaryMath.Kind.SUB)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node mean : graph.nodes()) {
            List<Node> nodes = new ArrayList<>();
            Node fused = match(graph, uses, mean, nodes);
            Node last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
            if (fused == null || !GeluFusion.internal(uses, nodes, last)
                    || !rewrites.claim(nodes.toArray(new Node[0]))) {
                continue;
            }
            rewrites.replace(last, fused);
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null : "recognised " + rewrites.count() + " LayerNormalization pattern(s)";
    }

    /**
     * The LayerNormalization node replacing the pattern that starts at the first mean, or null; the pattern's
     * nodes go into {@code nodes}, the one to replace last.
     */
    private static Node match(Graph g, Uses uses, Node mean, List<Node> nodes) {
        Value x = mean.inputs().isEmpty() ? null : mean.input(0);
        if (!Patterns.isFloat32(x) || !isLastAxisMean(g, mean, x)) {
            return null;
        }
        Node sub = only(uses, mean.output(0));
        if (!Patterns.isBinary(sub, BinaryMath.Kind.SUB) || sub.input(0) != x || sub.input(1) != mean.output(0)) {
            return null;
        }
        Value d = sub.output(0);
        List<Node> dReaders = uses.readers(d);
        if (dReaders.size() != 2 && dReaders.size() != 3) {
            return null;
        }
        Node square = null;
        Node div = null;
        for (Node r : dReaders) {
            if (Patterns.isBinary(r, BinaryMath.Kind.DIV) && r.input(0) == d && r.input(1) != d) {
                div = r;
            } else if (Patterns.isBinary(r, BinaryMath.Kind.POW) && r.input(0) == d
                    && Patterns.isScalar(g, r.input(1), 2, 0)) {
                square = r;
            } else if (Patterns.isBinary(r, BinaryMath.Kind.MUL) && r.input(0) == d && r.input(1) == d) {
                square = r;
            }
        }
        if (square == null || div == null) {
            return null;
        }
        Node varMean = only(uses, square.output(0));
        if (varMean == null || !isLastAxisMean(g, varMean, square.output(0))) {
            return null;
        }
        Node addEps = only(uses, varMean.output(0));
        if (!Patterns.isBinary(addEps, BinaryMath.Kind.ADD)) {
            return null;
        }
        Double eps = Patterns.scalar(g, Patterns.other(addEps, varMean.output(0)));
        Node sqrt = only(uses, addEps.output(0));
        if (eps == null || !Patterns.isUnary(sqrt, UnaryMath.Kind.SQRT) || div.input(1) != sqrt.output(0)) {
            return null;
        }
        Node mulGamma = only(uses, div.output(0));
        long n = Patterns.lastDim(x);
        if (!Patterns.isBinary(mulGamma, BinaryMath.Kind.MUL)) {
            return null;
        }
        Value gamma = Patterns.other(mulGamma, div.output(0));
        if (!isVector(g, gamma, n)) {
            return null;
        }
        nodes.addAll(List.of(mean, sub, square, varMean, addEps, sqrt, div, mulGamma));
        Node last = mulGamma;
        Value beta = null;
        Node addBeta = only(uses, mulGamma.output(0));
        if (Patterns.isBinary(addBeta, BinaryMath.Kind.ADD)
                && isVector(g, Patterns.other(addBeta, mulGamma.output(0)), n)) {
            beta = Patterns.other(addBeta, mulGamma.output(0));
            nodes.add(addBeta);
            last = addBeta;
        }
        List<Value> inputs = beta == null ? List.of(x, gamma) : List.of(x, gamma, beta);
        return Patterns.node(last.name(), "LayerNormalization", 17, sub.opsetVersion(), inputs,
                List.of(last.output(0)), List.of(new Attribute("axis", Attribute.Kind.INT, -1L),
                        new Attribute("epsilon", Attribute.Kind.FLOAT, (float) (double) eps)));
    }

    /** True when {@code n} is a keepdims ReduceMean of {@code in} over exactly its last axis. */
    private static boolean isLastAxisMean(Graph g, Node n, Value in) {
        if (!(n.op() instanceof Reduce r) || r.kind() != Reduce.Kind.MEAN || !r.keepDims() || !n.domain().isEmpty()
                || n.input(0) != in) {
            return false;
        }
        Shape s = Patterns.shape(in);
        if (s == null || s.rank() == 0) {
            return false;
        }
        Tensor axesInput = null;
        if (r.axes() == null) {
            axesInput = n.inputs().size() > 1 ? GraphEdits.fixedConstant(g, n.input(1)) : null;
            if (axesInput == null) {
                return false;
            }
        }
        try {
            boolean[] mask = r.reducedMask(s.rank(), axesInput);
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] != (i == mask.length - 1)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when {@code v} is a fixed float32 constant of shape [n]. */
    private static boolean isVector(Graph g, Value v, long n) {
        Tensor t = GraphEdits.fixedConstant(g, v);
        return t != null && n > 0 && t.type() == DataType.FLOAT && t.rank() == 1 && t.dim(0) == n;
    }

    /** The only reader of {@code v}, or null. */
    private static Node only(Uses uses, Value v) {
        List<Node> r = uses.readers(v);
        return r.size() == 1 ? r.get(0) : null;
    }
}
