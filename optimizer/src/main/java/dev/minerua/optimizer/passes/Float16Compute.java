package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.HalfFloats;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the float16 parts of a graph in float32. The CPU kernels are float32 kernels that a float16 node runs
 * through an adapter widening each input and narrowing each output, node by node; a chain of float16 nodes
 * (squeezenet1.0-fp16: every Conv, Relu, MaxPool and Concat) pays both conversions on every edge. This pass
 * retypes the float16 values between eligible nodes to float32, so such a chain runs on float32 throughout: a
 * {@code Cast} widens where a float16 value enters the region (a graph input, a node left in float16), a
 * {@code Cast} narrows where one leaves it (a graph output, which keeps its name and type, or a reader left in
 * float16), and float16 initializers are widened once, here. The graph's interface is unchanged. Results differ
 * from the node-by-node form only in that intermediate values are no longer rounded to float16 (they are more
 * exact); a single node computes exactly what the adapter did.
 *
 * <p>Eligible are the standard ops listed in {@link #OPS}, whose float32 form is the same computation (every type
 * constraint that admits float16 also admits float32, and no attribute names an output type), with every input and
 * output of known element type and at least one float16 among them; nodes with subgraphs are left alone, and so is
 * a subgraph (its outer-scope values belong to the enclosing graph). An op that only moves elements joins
 * only behind a node of the region.
 */
public final class Float16Compute implements GraphPass {
    /** Standard ops whose float16 form is their float32 computation with float16 inputs and outputs. */
    static final Set<String> OPS = Set.of(
            "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "BatchNormalization", "InstanceNormalization", "LayerNormalization", "Gemm", "MatMul",
            "Relu", "LeakyRelu", "PRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Softplus",
            "Gelu", "Erf", "Clip", "Softmax", "LogSoftmax", "Add", "Sub", "Mul", "Div", "Sum", "Max", "Min", "Mean",
            "Sqrt", "Exp", "Log", "Abs", "Neg", "Reciprocal", "Concat", "Flatten", "Reshape", "Transpose",
            "Squeeze", "Unsqueeze", "Identity", "Dropout", "Pad", "Slice", "Split", "Resize", "Upsample");
    /**
     * Ops of {@link #OPS} that only move elements: their kernels take float16 as it is, so one joins the region
     * only behind a node of it (a Concat between Convs), never to open one (two Casts around a Reshape are slower
     * than the Reshape).
     */
    private static final Set<String> MOVES = Set.of("Concat", "Flatten", "Reshape", "Transpose", "Squeeze",
            "Unsqueeze", "Identity", "Dropout", "Pad", "Slice", "Split");
    /** Cast's {@code to} is an int attribute from opset 6 on (a string before). */
    private static final int CAST_INT_TO_SINCE = 6;

    @Override
    public String name() {
        return "Float16Compute";
    }

    @Override
    public String apply(Graph graph) {
        if (graph.parent() != null) {
            return null;
        }
        Set<Node> region = new HashSet<>();
        for (Node n : graph.nodes()) { // in execution order: a node's producers are decided before it
            if (eligible(n) && (!MOVES.contains(n.opType()) || readsRegion(n, region))) {
                region.add(n);
            }
        }
        if (region.isEmpty()) {
            return null;
        }
        Uses uses = Uses.of(graph);
        GraphEdits.FreshNames names = new GraphEdits.FreshNames(graph);
        // Float16 values from outside the region -> their float32 form (a widened initializer or a Cast's output).
        Map<Value, Value> widened = new HashMap<>();
        // Region outputs that stay float16 for readers outside -> the float32 value the region reads instead.
        Map<Value, Value> inner = new HashMap<>();
        // Region outputs retyped in place to float32.
        Set<Value> retyped = new HashSet<>();
        List<Node> ordered = new ArrayList<>();
        int casts = 0;
        int constants = 0;
        for (Node n : graph.nodes()) {
            if (!region.contains(n)) {
                ordered.add(n);
                continue;
            }
            List<Value> inputs = new ArrayList<>(n.inputs());
            for (int i = 0; i < inputs.size(); i++) {
                Value v = inputs.get(i);
                if (v == null || retyped.contains(v) || Patterns.elementType(v) != DataType.FLOAT16) {
                    continue;
                }
                Value w = inner.get(v);
                if (w == null) {
                    w = widened.get(v);
                }
                if (w == null) {
                    Tensor c = GraphEdits.fixedConstant(graph, v);
                    if (c != null) {
                        w = GraphEdits.addInitializer(graph, names, v.name() + "_float32", widen(c));
                        constants++;
                    } else {
                        w = float32Value(names, v);
                        ordered.add(cast(n, v, w, DataType.FLOAT));
                        casts++;
                    }
                    widened.put(v, w);
                }
                inputs.set(i, w);
            }
            List<Value> outputs = new ArrayList<>(n.outputs());
            List<Node> narrowing = new ArrayList<>();
            for (int o = 0; o < outputs.size(); o++) {
                Value v = outputs.get(o);
                if (v == null || Patterns.elementType(v) != DataType.FLOAT16) {
                    continue;
                }
                if (escapes(v, uses, region)) {
                    Value w = float32Value(names, v);
                    inner.put(v, w);
                    outputs.set(o, w);
                    narrowing.add(cast(n, w, v, DataType.FLOAT16));
                    casts++;
                } else {
                    v.setType(ValueType.tensor(DataType.FLOAT, Patterns.shape(v)));
                    retyped.add(v);
                }
            }
            ordered.add(GraphEdits.rewired(n, inputs, outputs));
            ordered.addAll(narrowing);
        }
        graph.setNodes(ordered);
        return "computed " + region.size() + " float16 node(s) in float32 (" + casts + " Cast(s), "
                + constants + " widened initializer(s))";
    }

    /** True for a standard op of {@link #OPS} with known tensor types, a float16 among them, and no subgraph. */
    private static boolean eligible(Node n) {
        if (!n.domain().isEmpty() || !OPS.contains(n.opType()) || n.opsetVersion() < CAST_INT_TO_SINCE
                || !n.subgraphs().isEmpty()) {
            return false;
        }
        boolean half = false;
        for (List<Value> side : List.of(n.inputs(), n.outputs())) {
            for (Value v : side) {
                if (v == null) {
                    continue;
                }
                DataType t = Patterns.elementType(v);
                if (t == null) {
                    return false;
                }
                half |= t == DataType.FLOAT16;
            }
        }
        return half;
    }

    /** True when a float16 input of {@code n} comes from a node of {@code region}. */
    private static boolean readsRegion(Node n, Set<Node> region) {
        for (Value v : n.inputs()) {
            if (v != null && v.producer() != null && region.contains(v.producer())
                    && Patterns.elementType(v) == DataType.FLOAT16) {
                return true;
            }
        }
        return false;
    }

    /** True when something outside the region reads {@code v}: a graph output, a subgraph, a node left in float16. */
    private static boolean escapes(Value v, Uses uses, Set<Node> region) {
        if (uses.isGraphOutput(v) || uses.isReadBySubgraph(v)) {
            return true;
        }
        for (Node r : uses.readers(v)) {
            if (!region.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** A new float32 value of {@code v}'s shape, named after it. */
    private static Value float32Value(GraphEdits.FreshNames names, Value v) {
        return new Value(names.fresh(v.name() + "_float32"), ValueType.tensor(DataType.FLOAT, Patterns.shape(v)));
    }

    /** A bound standard Cast from {@code from} to {@code to} (of type {@code type}), at {@code site}'s opset. */
    private static Node cast(Node site, Value from, Value to, DataType type) {
        Node c = new Node(to.name() + "_cast", "", "Cast", site.opsetVersion(), List.of(from), List.of(to),
                new Attributes(List.of(new Attribute("to", Attribute.Kind.INT, (long) type.code()))));
        OpRegistry.standard().bind(c);
        return c;
    }

    /** The float32 copy of float16 constant {@code c}. */
    private static Tensor widen(Tensor c) {
        short[] bits = c.shortData();
        float[] out = new float[bits.length];
        HalfFloats.widen(bits, out, false);
        return Tensor.wrap(DataType.FLOAT, c.dims(), out);
    }
}
