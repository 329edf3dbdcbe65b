package dev.minerua.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One operator application in a graph. Absent optional inputs and outputs are null entries.
 * {@link #op()} is the parsed, validated operator; it is set when the graph is bound to the
 * operator registry.
 */
public final class Node {
    private final String name;
    private final String domain;
    private final String opType;
    private final int opsetVersion;
    private final List<Value> inputs;
    private final List<Value> outputs;
    /** Read-only views of the two lists, made once: passes ask for them per node many times per session creation. */
    private final List<Value> inputsView;
    private final List<Value> outputsView;
    private final Attributes attributes;
    private Op op;
    /** The graph whose node list holds this node (null until added): edits of the inputs are edits of it. */
    private Graph owner;
    private Graph.Derived implicitInputs;

    /**
     * @param name         the node's name (may be empty in a model; the importer makes one up then)
     * @param domain       the operator domain, "" for ai.onnx
     * @param opType       the operator type
     * @param opsetVersion the model's opset for {@code domain}
     */
    public Node(String name, String domain, String opType, int opsetVersion,
                List<Value> inputs, List<Value> outputs, Attributes attributes) {
        this.name = name;
        this.domain = domain;
        this.opType = opType;
        this.opsetVersion = opsetVersion;
        this.inputs = new ArrayList<>(inputs);
        this.outputs = new ArrayList<>(outputs);
        this.inputsView = Collections.unmodifiableList(this.inputs);
        this.outputsView = Collections.unmodifiableList(this.outputs);
        this.attributes = attributes;
        for (Value v : outputs) {
            if (v != null) {
                v.setProducer(this);
            }
        }
    }

    public String name() {
        return name;
    }

    public String domain() {
        return domain;
    }

    public String opType() {
        return opType;
    }

    public int opsetVersion() {
        return opsetVersion;
    }

    /** Inputs in order; an absent optional input is null. */
    public List<Value> inputs() {
        return inputsView;
    }

    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    /** Outputs in order; an output the model does not use may be null. */
    public List<Value> outputs() {
        return outputsView;
    }

    public Value output(int i) {
        return i < outputs.size() ? outputs.get(i) : null;
    }

    /** Replaces input {@code i} (for graph rewrites). */
    public void setInput(int i, Value v) {
        inputs.set(i, v);
        if (owner != null) {
            owner.edited();
        }
    }

    public Attributes attributes() {
        return attributes;
    }

    /** The parsed operator, or null before binding. */
    public Op op() {
        return op;
    }

    public void setOp(Op op) {
        this.op = op;
    }

    /** Subgraphs held by this node's attributes (If branches, Loop and Scan bodies). */
    public List<Graph> subgraphs() {
        return attributes.subgraphs();
    }

    /**
     * Values of enclosing graphs that this node's subgraphs read, directly or through nested subgraphs:
     * the node depends on them as if they were inputs. Unmodifiable; kept until one of the subgraphs is edited.
     */
    public Set<Value> implicitInputs() {
        List<Graph> subgraphs = subgraphs();
        if (subgraphs.isEmpty()) {
            return Set.of();
        }
        if (subgraphs.size() == 1) {
            return subgraphs.getFirst().outerScopeValues();
        }
        // Versions only grow, so their sum changes exactly when one of them does.
        long stamp = 0;
        for (Graph g : subgraphs) {
            stamp += g.version();
        }
        Graph.Derived d = implicitInputs;
        if (d == null || d.version() != stamp) {
            Set<Value> out = new LinkedHashSet<>();
            for (Graph g : subgraphs) {
                out.addAll(g.outerScopeValues());
            }
            d = new Graph.Derived(Collections.unmodifiableSet(out), stamp);
            implicitInputs = d;
        }
        return d.values();
    }

    void ownedBy(Graph graph) {
        owner = graph;
    }

    /** "node 'name' (Conv, opset 11)": how errors refer to this node. */
    public String describe() {
        String d = domain.isEmpty() ? "" : domain + ".";
        return "node '" + name + "' (" + d + opType + ", opset " + opsetVersion + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
