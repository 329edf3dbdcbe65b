package dev.minerua.ir.onnx;

import dev.minerua.error.InvalidModelException;
import dev.minerua.error.ModelLoadException;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.SparseTensorProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Imports a {@link GraphProto} and its subgraphs into {@link Graph}s, resolving names through nested scopes. */
final class GraphImporter {
    /** Names visible in one graph, falling back to the enclosing graph's scope. */
    private static final class Scope {
        final Scope outer;
        final Map<String, Value> values = new HashMap<>();

        Scope(Scope outer) {
            this.outer = outer;
        }

        Value lookup(String name) {
            for (Scope s = this; s != null; s = s.outer) {
                Value v = s.values.get(name);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    private final String source;
    private final Map<String, Long> modelOpsets;
    private final FunctionInliner inliner;
    private final LoadOptions options;
    private final ExternalData external;
    private final boolean initializersAreConstant;

    /**
     * @param initializersAreConstant true for IR versions below 4, which list every initializer among the graph
     *                                inputs: there the listing does not make it a feedable input (as in ONNX
     *                                Runtime), so the initializer stays a constant the optimizer may fold
     */
    GraphImporter(String source, Map<String, Long> modelOpsets, FunctionInliner inliner, LoadOptions options,
                  ExternalData external, boolean initializersAreConstant) {
        this.initializersAreConstant = initializersAreConstant;
        this.source = source;
        this.modelOpsets = modelOpsets;
        this.inliner = inliner;
        this.options = options;
        this.external = external;
    }

    Graph importMain(GraphProto proto) {
        return importGraph(proto, null, null, modelOpsets, "graph '" + proto.getName() + "'");
    }

    private Graph importGraph(GraphProto gp, Scope outer, Graph parent, Map<String, Long> opsets, String where) {
        Graph g = new Graph(gp.getName(), parent);
        g.setDocString(gp.getDocString());
        Scope scope = new Scope(outer);
        Map<String, ValueType> declared = new HashMap<>();
        for (ValueInfoProto vi : gp.getValueInfoList()) {
            declared.put(vi.getName(), type(vi.getType(), where + " value_info '" + vi.getName() + "'"));
        }
        for (ValueInfoProto vi : gp.getOutputList()) {
            declared.put(vi.getName(), type(vi.getType(), where + " output '" + vi.getName() + "'"));
        }

        for (TensorProto tp : gp.getInitializerList()) {
            Tensor t = TensorProtos.decode(tp, where + " initializer", options, external);
            define(scope, constantValue(tp.getName(), t), where);
            g.addInitializer(scope.values.get(tp.getName()));
        }
        for (SparseTensorProto sp : gp.getSparseInitializerList()) {
            Tensor t = SparseTensors.toDense(sp, where + " sparse_initializer", options, external);
            String name = sp.getValues().getName();
            define(scope, constantValue(name, t), where);
            g.addInitializer(scope.values.get(name));
        }
        for (ValueInfoProto vi : gp.getInputList()) {
            Value existing = scope.values.get(vi.getName());
            if (existing != null) {
                // An initializer listed as an input: from IR 4 on it is an overridable default; before IR 4 every
                // initializer had to be listed, so the listing means nothing and it stays constant.
                if (!initializersAreConstant) {
                    g.addInput(existing);
                }
            } else {
                Value v = new Value(vi.getName(), type(vi.getType(), where + " input '" + vi.getName() + "'"));
                define(scope, v, where);
                g.addInput(v);
            }
        }

        List<FunctionInliner.PendingNode> pending = inliner.expand(gp.getNodeList(), opsets);
        // Every node output is defined before any node is built, so that subgraphs may refer to any
        // value of an enclosing graph and nodes may appear out of order in the file.
        List<List<Value>> outputsPerNode = new ArrayList<>(pending.size());
        for (FunctionInliner.PendingNode pn : pending) {
            List<Value> outs = new ArrayList<>();
            for (String name : pn.proto().getOutputList()) {
                if (name.isEmpty()) {
                    outs.add(null);
                    continue;
                }
                Value v = new Value(name, declared.get(name));
                define(scope, v, where);
                outs.add(v);
            }
            outputsPerNode.add(outs);
        }
        List<Node> nodes = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            nodes.add(buildNode(pending.get(i), i, outputsPerNode.get(i), scope, g, where));
        }
        g.setNodes(TopologicalOrder.sort(nodes, where));

        for (ValueInfoProto vi : gp.getOutputList()) {
            Value v = scope.lookup(vi.getName());
            if (v == null) {
                throw new InvalidModelException(where + ": output '" + vi.getName()
                        + "' is not produced by any node, input or initializer");
            }
            if (v.type() == null) {
                v.setType(declared.get(vi.getName()));
            }
            g.addOutput(v);
        }
        return g;
    }

    private Node buildNode(FunctionInliner.PendingNode pn, int index, List<Value> outputs, Scope scope, Graph g,
                           String where) {
        NodeProto np = pn.proto();
        String name = np.getName().isEmpty() ? np.getOpType() + "_" + index : np.getName();
        String domain = OnnxModelLoader.normalize(np.getDomain());
        Long opset = pn.opsets().get(domain);
        // Error context is built only when an error needs it: most nodes and attributes never do.
        Supplier<String> nodeWhere = new Place(where, " node '" + name + "' (", np.getOpType(), ")");
        if (opset == null) {
            throw new InvalidModelException(nodeWhere.get() + " uses domain '" + (domain.isEmpty() ? "ai.onnx" : domain)
                    + "', which the model does not import (opset_import)");
        }
        List<Value> inputs = new ArrayList<>();
        for (String in : np.getInputList()) {
            if (in.isEmpty()) {
                inputs.add(null);
                continue;
            }
            Value v = scope.lookup(in);
            if (v == null) {
                throw new InvalidModelException(nodeWhere.get() + ": input '" + in
                        + "' is not produced by any node, input or initializer");
            }
            inputs.add(v);
        }
        List<Attribute> attrs = new ArrayList<>();
        for (AttributeProto a : np.getAttributeList()) {
            attrs.add(attribute(a, scope, g, pn.opsets(), nodeWhere));
        }
        return new Node(name, domain, np.getOpType(), (int) Math.min(Integer.MAX_VALUE, opset), inputs, outputs,
                new Attributes(attrs));
    }

    private Attribute attribute(AttributeProto a, Scope scope, Graph g, Map<String, Long> opsets,
                                Supplier<String> where) {
        Attribute.Kind kind = kindOf(a, new Place(where, " attribute '", a.getName(), "'"));
        // Kinds with nested content pass the context down; the scalar kinds need none.
        String at = switch (kind) {
            case FLOAT, INT, STRING, FLOATS, INTS, STRINGS -> null;
            default -> where.get() + " attribute '" + a.getName() + "'";
        };
        Object value = switch (kind) {
            case FLOAT -> a.getF();
            case INT -> a.getI();
            case STRING -> a.getS().toString(StandardCharsets.UTF_8);
            case TENSOR -> TensorProtos.decode(a.getT(), at, options, external);
            case SPARSE_TENSOR -> SparseTensors.toDense(a.getSparseTensor(), at, options, external);
            case GRAPH -> importGraph(a.getG(), scope, g, opsets, at + " graph '" + a.getG().getName() + "'");
            case TYPE_PROTO -> type(a.getTp(), at);
            case FLOATS -> {
                float[] f = new float[a.getFloatsCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.getFloats(i);
                }
                yield f;
            }
            case INTS -> {
                long[] l = new long[a.getIntsCount()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = a.getInts(i);
                }
                yield l;
            }
            case STRINGS -> a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8))
                    .toArray(String[]::new);
            case TENSORS -> a.getTensorsList().stream().map(t -> TensorProtos.decode(t, at, options, external)).toList();
            case GRAPHS -> a.getGraphsList().stream().map(sg -> importGraph(sg, scope, g, opsets, at)).toList();
            case SPARSE_TENSORS -> a.getSparseTensorsList().stream()
                    .map(s -> SparseTensors.toDense(s, at, options, external)).toList();
            case TYPE_PROTOS -> a.getTypeProtosList().stream().map(t -> type(t, at)).toList();
        };
        return new Attribute(a.getName(), kind, value);
    }

    /**
     * Error context, joined only when an error needs it: the enclosing place ({@code outer}: a String or a supplier of
     * one) and three parts. A record rather than a lambda, whose call site a fresh JVM would link in interpreted code.
     */
    private record Place(Object outer, String a, String b, String c) implements Supplier<String> {
        @Override
        public String get() {
            return (outer instanceof Supplier<?> s ? s.get() : outer) + a + b + c;
        }
    }

    /** The attribute's kind; files from before the `type` field existed are read by which payload is set. */
    private static Attribute.Kind kindOf(AttributeProto a, Supplier<String> at) {
        return switch (a.getType()) {
            case FLOAT -> Attribute.Kind.FLOAT;
            case INT -> Attribute.Kind.INT;
            case STRING -> Attribute.Kind.STRING;
            case TENSOR -> Attribute.Kind.TENSOR;
            case GRAPH -> Attribute.Kind.GRAPH;
            case SPARSE_TENSOR -> Attribute.Kind.SPARSE_TENSOR;
            case TYPE_PROTO -> Attribute.Kind.TYPE_PROTO;
            case FLOATS -> Attribute.Kind.FLOATS;
            case INTS -> Attribute.Kind.INTS;
            case STRINGS -> Attribute.Kind.STRINGS;
            case TENSORS -> Attribute.Kind.TENSORS;
            case GRAPHS -> Attribute.Kind.GRAPHS;
            case SPARSE_TENSORS -> Attribute.Kind.SPARSE_TENSORS;
            case TYPE_PROTOS -> Attribute.Kind.TYPE_PROTOS;
            case UNDEFINED, UNRECOGNIZED -> {
                if (a.getFloatsCount() > 0) {
                    yield Attribute.Kind.FLOATS;
                } else if (a.getIntsCount() > 0) {
                    yield Attribute.Kind.INTS;
                } else if (a.getStringsCount() > 0) {
                    yield Attribute.Kind.STRINGS;
                } else if (a.hasT()) {
                    yield Attribute.Kind.TENSOR;
                } else if (a.hasG()) {
                    yield Attribute.Kind.GRAPH;
                } else if (!a.getS().isEmpty()) {
                    yield Attribute.Kind.STRING;
                } else if (a.getI() != 0) {
                    yield Attribute.Kind.INT;
                } else if (a.getF() != 0) {
                    yield Attribute.Kind.FLOAT;
                }
                throw new ModelLoadException(at.get() + ": field type is UNDEFINED and no value is set");
            }
        };
    }

    private static ValueType type(TypeProto t, String where) {
        return TypeProtos.decode(t, where);
    }

    private static Value constantValue(String name, Tensor t) {
        Value v = new Value(name, ValueType.tensor(t.type(), Shape.of(t.dims())));
        v.setConstant(t);
        return v;
    }

    private void define(Scope scope, Value v, String where) {
        if (v.name().isEmpty()) {
            throw new InvalidModelException(where + ": a value has an empty name");
        }
        if (scope.values.putIfAbsent(v.name(), v) != null) {
            throw new InvalidModelException(where + ": value '" + v.name() + "' is defined more than once");
        }
    }

    String source() {
        return source;
    }
}
