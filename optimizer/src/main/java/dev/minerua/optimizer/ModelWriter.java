package dev.minerua.optimizer;

import com.google.protobuf.ByteString;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Dim;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Model;
import dev.minerua.ir.Node;
import dev.minerua.ir.ops.FusedOps;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.onnx.TensorProtos;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.SparseTensorProto;
import dev.minerua.onnx.StringStringEntryProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.TensorShapeProto;
import dev.minerua.onnx.TypeProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a (possibly optimized) model back to ONNX: the model-level facts (IR version, opset imports,
 * producer, metadata) as loaded, and the graph as it is now, subgraphs included. Node attributes are
 * encoded from the parsed {@link Attribute}s. Functions were inlined at load time and sparse
 * initializers made dense, so the file has neither. Types are written for graph inputs and outputs.
 */
public final class ModelWriter {
    private ModelWriter() {
    }

    /** Writes {@code model} to {@code file}. */
    public static void write(Model model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            toProto(model).writeTo(out);
        }
    }

    public static ModelProto toProto(Model model) {
        ModelProto.Builder b = ModelProto.newBuilder()
                .setIrVersion(model.irVersion())
                .setProducerName(model.producerName())
                .setProducerVersion(model.producerVersion())
                .setDomain(model.domain())
                .setModelVersion(model.modelVersion())
                .setDocString(model.docString())
                .setGraph(graph(model.graph(), model.irVersion() < 4));
        for (Map.Entry<String, Long> e : model.opsetImports().entrySet()) {
            b.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
        }
        if (!model.opsetImports().containsKey(FusedOps.DOMAIN) && usesDomain(model.graph(), FusedOps.DOMAIN)) {
            // The optimizer's fused ops: declare their domain so that the written model loads again.
            b.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(FusedOps.DOMAIN).setVersion(FusedOps.VERSION));
        }
        for (Map.Entry<String, String> e : model.metadata().entrySet()) {
            b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return b.build();
    }

    /** True when a node of {@code g} or of its subgraphs is of {@code domain}. */
    private static boolean usesDomain(Graph g, String domain) {
        for (Node n : g.nodes()) {
            if (n.domain().equals(domain)) {
                return true;
            }
            for (Graph sub : n.subgraphs()) {
                if (usesDomain(sub, domain)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param initializersAreInputs IR &lt; 4 requires every main-graph initializer to be listed as an input
     *                              too, including those the optimizer created
     */
    static GraphProto graph(Graph g, boolean initializersAreInputs) {
        GraphProto.Builder b = GraphProto.newBuilder().setName(g.name()).setDocString(g.docString());
        for (Value v : g.initializers()) {
            b.addInitializer(TensorProtos.encode(v.constant(), v.name()));
        }
        for (Value v : g.inputs()) {
            b.addInput(valueInfo(v));
        }
        if (initializersAreInputs) {
            java.util.Set<Value> listed = new java.util.HashSet<>(g.inputs());
            for (Value v : g.initializers()) {
                if (!listed.contains(v)) {
                    b.addInput(valueInfo(v));
                }
            }
        }
        for (Value v : g.outputs()) {
            b.addOutput(valueInfo(v));
        }
        for (Node n : g.nodes()) {
            b.addNode(node(n));
        }
        return b.build();
    }

    private static NodeProto node(Node n) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType()).setDomain(n.domain());
        for (Value v : n.inputs()) {
            b.addInput(v == null ? "" : v.name());
        }
        // Trailing absent outputs are dropped (ONNX allows omitting them); inner ones stay as "".
        List<Value> outs = n.outputs();
        int last = outs.size() - 1;
        while (last >= 0 && outs.get(last) == null) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            b.addOutput(outs.get(i) == null ? "" : outs.get(i).name());
        }
        for (Attribute a : n.attributes().all()) {
            b.addAttribute(attribute(a));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static AttributeProto attribute(Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name());
        switch (a.kind()) {
            case FLOAT -> b.setType(AttributeProto.AttributeType.FLOAT).setF((Float) a.value());
            case INT -> b.setType(AttributeProto.AttributeType.INT).setI((Long) a.value());
            case STRING -> b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8((String) a.value()));
            case TENSOR -> b.setType(AttributeProto.AttributeType.TENSOR).setT(TensorProtos.encode((Tensor) a.value(), ""));
            case SPARSE_TENSOR -> b.setType(AttributeProto.AttributeType.SPARSE_TENSOR).setSparseTensor(sparse((Tensor) a.value()));
            case GRAPH -> b.setType(AttributeProto.AttributeType.GRAPH).setG(graph((Graph) a.value(), false));
            case TYPE_PROTO -> b.setType(AttributeProto.AttributeType.TYPE_PROTO).setTp(type((ValueType) a.value()));
            case FLOATS -> {
                b.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : (float[]) a.value()) {
                    b.addFloats(f);
                }
            }
            case INTS -> {
                b.setType(AttributeProto.AttributeType.INTS);
                for (long l : (long[]) a.value()) {
                    b.addInts(l);
                }
            }
            case STRINGS -> {
                b.setType(AttributeProto.AttributeType.STRINGS);
                for (String s : (String[]) a.value()) {
                    b.addStrings(ByteString.copyFromUtf8(s));
                }
            }
            case TENSORS -> {
                b.setType(AttributeProto.AttributeType.TENSORS);
                for (Tensor t : (List<Tensor>) a.value()) {
                    b.addTensors(TensorProtos.encode(t, ""));
                }
            }
            case GRAPHS -> {
                b.setType(AttributeProto.AttributeType.GRAPHS);
                for (Graph g : (List<Graph>) a.value()) {
                    b.addGraphs(graph(g, false));
                }
            }
            case SPARSE_TENSORS -> {
                b.setType(AttributeProto.AttributeType.SPARSE_TENSORS);
                for (Tensor t : (List<Tensor>) a.value()) {
                    b.addSparseTensors(sparse(t));
                }
            }
            case TYPE_PROTOS -> {
                b.setType(AttributeProto.AttributeType.TYPE_PROTOS);
                for (ValueType t : (List<ValueType>) a.value()) {
                    b.addTypeProtos(type(t));
                }
            }
        }
        return b.build();
    }

    /** A sparse tensor (loaded densely) written back with every element listed, by linear index. */
    private static SparseTensorProto sparse(Tensor t) {
        long[] idx = new long[t.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SparseTensorProto.Builder b = SparseTensorProto.newBuilder()
                .setValues(TensorProtos.encode(t.reshape(t.size()), ""))
                .setIndices(TensorProtos.encode(Tensor.of(idx, idx.length), ""));
        for (int d : t.dims()) {
            b.addDims(d);
        }
        return b.build();
    }

    private static ValueInfoProto valueInfo(Value v) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(v.name());
        if (v.type() != null) {
            b.setType(type(v.type()));
        }
        return b.build();
    }

    static TypeProto type(ValueType t) {
        TypeProto.Builder b = TypeProto.newBuilder();
        switch (t) {
            case ValueType.TensorType tt -> {
                TypeProto.Tensor.Builder tb = TypeProto.Tensor.newBuilder();
                if (tt.elementType() != null) {
                    tb.setElemType(tt.elementType().code());
                }
                if (tt.shape() != null) {
                    tb.setShape(shape(tt.shape()));
                }
                b.setTensorType(tb);
            }
            case ValueType.SequenceType s -> b.setSequenceType(TypeProto.Sequence.newBuilder().setElemType(type(s.elementType())));
            case ValueType.OptionalType o -> b.setOptionalType(TypeProto.Optional.newBuilder().setElemType(type(o.elementType())));
            case ValueType.MapType m -> b.setMapType(TypeProto.Map.newBuilder().setKeyType(m.keyType().code())
                    .setValueType(type(m.valueType())));
        }
        return b.build();
    }

    private static TensorShapeProto shape(Shape s) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (Dim d : s.dims()) {
            TensorShapeProto.Dimension.Builder db = TensorShapeProto.Dimension.newBuilder();
            if (d.isKnown()) {
                db.setDimValue(d.value());
            } else if (d.isSymbolic()) {
                db.setDimParam(d.symbol());
            }
            b.addDim(db);
        }
        return b.build();
    }
}
