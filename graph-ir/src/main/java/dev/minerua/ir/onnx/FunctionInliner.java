package dev.minerua.ir.onnx;

import dev.minerua.error.InvalidModelException;
import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.FunctionProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.OperatorSetIdProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands calls of model-local functions into the function bodies, renaming the body's values
 * so they cannot collide with the caller's and substituting attribute references.
 */
final class FunctionInliner {
    /** A node to import and the opsets its domain resolves against. */
    record PendingNode(NodeProto proto, Map<String, Long> opsets) {
    }

    private static final int MAX_DEPTH = 64;

    private final Map<String, FunctionProto> functions;
    private int uniqueCounter;

    FunctionInliner(Map<String, FunctionProto> functions) {
        this.functions = functions;
    }

    static String key(String domain, String name) {
        return OnnxModelLoader.normalize(domain) + ":" + name;
    }

    boolean isEmpty() {
        return functions.isEmpty();
    }

    /** {@code nodes} with every function call replaced by its (recursively expanded) body. */
    List<PendingNode> expand(List<NodeProto> nodes, Map<String, Long> opsets) {
        List<PendingNode> out = new ArrayList<>();
        for (NodeProto n : nodes) {
            expandInto(new PendingNode(n, opsets), out, 0);
        }
        return out;
    }

    private void expandInto(PendingNode node, List<PendingNode> out, int depth) {
        // Most models define no functions: then no lookup key is built per node.
        FunctionProto f = functions.isEmpty() ? null
                : functions.get(key(node.proto().getDomain(), node.proto().getOpType()));
        if (f == null) {
            out.add(node);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidModelException("function " + f.getName() + " is nested more than " + MAX_DEPTH
                    + " deep (recursive?)");
        }
        Map<String, Long> bodyOpsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : f.getOpsetImportList()) {
            bodyOpsets.put(OnnxModelLoader.normalize(o.getDomain()), o.getVersion());
        }
        if (bodyOpsets.isEmpty()) {
            bodyOpsets.putAll(node.opsets());
        }
        NodeProto call = node.proto();
        Map<String, String> rename = new HashMap<>();
        rename.put("", "");
        for (int i = 0; i < f.getInputCount(); i++) {
            rename.put(f.getInput(i), i < call.getInputCount() ? call.getInput(i) : "");
        }
        for (int i = 0; i < f.getOutputCount(); i++) {
            rename.put(f.getOutput(i), i < call.getOutputCount() ? call.getOutput(i) : "");
        }
        Map<String, AttributeProto> attrs = new HashMap<>();
        for (AttributeProto a : f.getAttributeProtoList()) {
            attrs.put(a.getName(), a); // defaults declared by the function
        }
        for (AttributeProto a : call.getAttributeList()) {
            attrs.put(a.getName(), a);
        }
        String prefix = (call.getName().isEmpty() ? f.getName() : call.getName()) + "/" + (uniqueCounter++) + "/";
        for (NodeProto body : f.getNodeList()) {
            NodeProto.Builder b = body.toBuilder().clearInput().clearOutput().clearAttribute();
            b.setName(prefix + body.getName());
            for (String in : body.getInputList()) {
                b.addInput(rename.computeIfAbsent(in, k -> prefix + k));
            }
            for (String o : body.getOutputList()) {
                b.addOutput(rename.computeIfAbsent(o, k -> prefix + k));
            }
            for (AttributeProto a : body.getAttributeList()) {
                if (a.getRefAttrName().isEmpty()) {
                    b.addAttribute(a);
                } else {
                    AttributeProto given = attrs.get(a.getRefAttrName());
                    if (given != null) {
                        b.addAttribute(given.toBuilder().setName(a.getName()).build());
                    }
                }
            }
            expandInto(new PendingNode(b.build(), bodyOpsets), out, depth + 1);
        }
    }
}
