package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Dim;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.FusedOps;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** What the pattern-matching passes share: node and value tests, and building a fused node. */
final class Patterns {
    private Patterns() {
    }

    /** True when {@code n} is a standard elementwise binary op of {@code kind} with numpy broadcasting. */
    static boolean isBinary(Node n, BinaryMath.Kind kind) {
        return n != null && n.domain().isEmpty() && n.op() instanceof BinaryMath b && b.kind() == kind
                && (b.legacy() == null || !b.legacy().enabled()) && n.inputs().size() == 2;
    }

    /**
     * True when {@code bias} is a float32 bias along {@code product}'s last axis: N elements (N the product's
     * known last dimension) with shape [N] or [1, ..., N] no longer than the product's rank, so adding it changes
     * nothing but each column.
     */
    static boolean isLastAxisBias(Tensor bias, Value product) {
        Shape y = shape(product);
        long n = lastDim(product);
        return bias != null && bias.type() == DataType.FLOAT && y != null && n > 0 && bias.rank() >= 1
                && bias.rank() <= y.rank() && bias.size() == n && bias.dim(bias.rank() - 1) == n;
    }

    /**
     * True when some node of {@code graph} satisfies {@code anchor}. A pass whose every rewrite starts at (or
     * needs) such a node returns at once on graphs without one, before building use and producer maps that
     * nothing would read: most passes find nothing in most graphs, and session creation pays for each scan.
     */
    static boolean anyNode(Graph graph, Predicate<Node> anchor) {
        for (Node n : graph.nodes()) {
            if (anchor.test(n)) {
                return true;
            }
        }
        return false;
    }

    // The quick checks below are anyNode without a lambda: each lambda call site costs a spun class in the first
    // session of a JVM, more than the scan itself.

    /** True when some node of {@code graph} has an op record of class {@code a} or {@code b}. */
    static boolean anyOp(Graph graph, Class<?> a, Class<?> b) {
        for (Node n : graph.nodes()) {
            if (a.isInstance(n.op()) || b.isInstance(n.op())) {
                return true;
            }
        }
        return false;
    }

    /** True when some node of {@code graph} has an op record of class {@code a}. */
    static boolean anyOp(Graph graph, Class<?> a) {
        return anyOp(graph, a, a);
    }

    /** True when some node of {@code graph} is the standard unary op {@code a} or {@code b}. */
    static boolean anyUnary(Graph graph, UnaryMath.Kind a, UnaryMath.Kind b) {
        for (Node n : graph.nodes()) {
            if (isUnary(n, a) || isUnary(n, b)) {
                return true;
            }
        }
        return false;
    }

    /** True when some node of {@code graph} is the standard binary op {@code kind}. */
    static boolean anyBinary(Graph graph, BinaryMath.Kind kind) {
        for (Node n : graph.nodes()) {
            if (isBinary(n, kind)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code n} is the standard unary op {@code kind}. */
    static boolean isUnary(Node n, UnaryMath.Kind kind) {
        return n != null && n.domain().isEmpty() && n.op() instanceof UnaryMath u && u.kind() == kind;
    }

    /** The input of the binary node {@code n} that is not {@code v} (its second when both are v). */
    static Value other(Node n, Value v) {
        return n.input(0) == v ? n.input(1) : n.input(0);
    }

    /** The value of a fixed single-element real constant, or null. */
    static Double scalar(Graph g, Value v) {
        Tensor t = GraphEdits.fixedConstant(g, v);
        if (t == null || t.size() != 1 || !t.type().isFloatingPoint()) {
            return null;
        }
        return t.getDouble(0);
    }

    /** True when {@code v} is the constant scalar {@code expected} within a relative {@code tolerance}. */
    static boolean isScalar(Graph g, Value v, double expected, double tolerance) {
        Double s = scalar(g, v);
        return s != null && Math.abs(s - expected) <= tolerance * Math.abs(expected);
    }

    static DataType elementType(Value v) {
        return v != null && v.type() instanceof ValueType.TensorType t ? t.elementType() : null;
    }

    static boolean isFloat32(Value v) {
        return elementType(v) == DataType.FLOAT;
    }

    static Shape shape(Value v) {
        return v != null && v.type() instanceof ValueType.TensorType t ? t.shape() : null;
    }

    /**
     * True when both shapes are known to be equal: same rank, each dimension the same known size or the same
     * named symbol (two unknown dims may differ).
     */
    static boolean provablySameShape(Value a, Value b) {
        Shape x = shape(a);
        Shape y = shape(b);
        if (x == null || y == null || x.rank() != y.rank()) {
            return false;
        }
        for (int i = 0; i < x.rank(); i++) {
            Dim p = x.dim(i);
            Dim q = y.dim(i);
            boolean same = p.isKnown() ? q.isKnown() && p.value() == q.value()
                    : p.symbol() != null && p.symbol().equals(q.symbol());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The known size of {@code v}'s last dimension, or -1. */
    static long lastDim(Value v) {
        Shape s = shape(v);
        if (s == null || s.rank() == 0 || !s.dim(s.rank() - 1).isKnown()) {
            return -1;
        }
        return s.dim(s.rank() - 1).value();
    }

    /**
     * A new bound node: a standard op when the model's ai.onnx opset ({@code onnxOpset}) has it
     * ({@code standardSince} &gt; 0 and reached), else the op of the same name in Minerua's domain.
     */
    static Node node(String name, String opType, int standardSince, int onnxOpset, List<Value> inputs,
                     List<Value> outputs, List<Attribute> attributes) {
        boolean standard = standardSince > 0 && onnxOpset >= standardSince;
        Node n = new Node(name, standard ? "" : FusedOps.DOMAIN, opType, standard ? onnxOpset : FusedOps.VERSION,
                inputs, outputs, new Attributes(attributes));
        OpRegistry.standard().bind(n);
        return n;
    }

    /** A node of Minerua's domain. */
    static Node minerua(String name, String opType, List<Value> inputs, List<Value> outputs,
                        List<Attribute> attributes) {
        return node(name, opType, 0, 0, inputs, outputs, attributes);
    }

    /** Attributes of {@code n} except those named. */
    static List<Attribute> attributesExcept(Node n, String... names) {
        Set<String> skip = Set.of(names);
        List<Attribute> a = new ArrayList<>();
        for (Attribute x : n.attributes().all()) {
            if (!skip.contains(x.name())) {
                a.add(x);
            }
        }
        return a;
    }

    /**
     * A batch of rewrites of one graph: each replaces one node by a new node and drops others. Matches must not
     * overlap ({@link #claim}); {@link #commit} applies them all at once.
     */
    static final class Rewrites {
        private final Map<Node, Node> replaced = new HashMap<>();
        private final Set<Node> dropped = new HashSet<>();

        /** True when none of {@code nodes} is part of an earlier match; then they are taken. */
        boolean claim(Node... nodes) {
            for (Node n : nodes) {
                if (replaced.containsKey(n) || dropped.contains(n)) {
                    return false;
                }
            }
            for (Node n : nodes) {
                dropped.add(n);
            }
            return true;
        }

        /** Puts {@code fused} where {@code last} is (claimed before); the other claimed nodes go. */
        void replace(Node last, Node fused) {
            dropped.remove(last);
            replaced.put(last, fused);
        }

        int count() {
            return replaced.size();
        }

        /** Applies the rewrites; nodes only claimed (not replaced) are removed. */
        void commit(Graph graph) {
            if (replaced.isEmpty()) {
                return;
            }
            List<Node> out = new ArrayList<>();
            for (Node n : graph.nodes()) {
                if (replaced.containsKey(n)) {
                    out.add(replaced.get(n));
                } else if (!dropped.contains(n)) {
                    out.add(n);
                }
            }
            graph.setNodes(out);
        }
    }
}
