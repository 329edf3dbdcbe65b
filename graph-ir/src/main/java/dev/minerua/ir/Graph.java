package dev.minerua.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A graph: inputs, initializers, nodes in a valid execution (topological) order, and outputs.
 * A subgraph has a parent and may read values of its enclosing graphs by reference.
 */
public final class Graph {
    private final String name;
    private final Graph parent;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Value> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    // Read-only views of the four lists, made once (they follow every edit): passes and the plan compiler ask for
    // them many times per session creation.
    private final List<Value> inputsView = Collections.unmodifiableList(inputs);
    private final List<Value> outputsView = Collections.unmodifiableList(outputs);
    private final List<Value> initializersView = Collections.unmodifiableList(initializers);
    private final List<Node> nodesView = Collections.unmodifiableList(nodes);
    private String docString = "";
    /** Counts edits of this graph and of the graphs nested in it; derived sets are kept while it stays the same. */
    private long version;
    /** The last {@link #outerScopeValues()} with the version it was computed at, in one field so it reads whole. */
    private Derived outerScope;

    /** The last {@link #analysis} result and the version it was computed at (valid while they match). */
    private Object analysis;
    private long analysisVersion;

    /** A set derived from a graph's structure and the version (or sum of versions) it was derived at. */
    record Derived(Set<Value> values, long version) {
    }

    public Graph(String name, Graph parent) {
        this.name = name;
        this.parent = parent;
    }

    public String name() {
        return name;
    }

    /** The enclosing graph, or null for the main graph. */
    public Graph parent() {
        return parent;
    }

    public List<Value> inputs() {
        return inputsView;
    }

    public List<Value> outputs() {
        return outputsView;
    }

    /** Values with constant contents, from initializers. */
    public List<Value> initializers() {
        return initializersView;
    }

    /** Nodes in execution order. */
    public List<Node> nodes() {
        return nodesView;
    }

    public String docString() {
        return docString;
    }

    public void setDocString(String docString) {
        this.docString = docString;
    }

    public void addInput(Value v) {
        inputs.add(v);
        edited();
    }

    public void addOutput(Value v) {
        outputs.add(v);
        edited();
    }

    public void setOutput(int i, Value v) {
        outputs.set(i, v);
        edited();
    }

    /**
     * Adds {@code v} as an initializer. An initializer is produced by no node, so a value folded to a constant lets
     * go of the node it was computed by: that node (and through its inputs the fold's sources, such as the weights a
     * folded Transpose read) must not stay reachable from the graph once the node is gone.
     */
    public void addInitializer(Value v) {
        v.setProducer(null);
        initializers.add(v);
        edited();
    }

    public void removeInitializer(Value v) {
        initializers.remove(v);
        edited();
    }

    public void addNode(Node n) {
        nodes.add(n);
        n.ownedBy(this);
        edited();
    }

    /** Replaces the node list, which must be in execution order (for graph rewrites). */
    public void setNodes(List<Node> ordered) {
        nodes.clear();
        nodes.addAll(ordered);
        for (Node n : ordered) {
            n.ownedBy(this);
        }
        edited();
    }

    /** Inputs that are not also initializers: the values a caller must (or may, with a default) feed. */
    public List<Value> feedInputs() {
        Set<Value> init = new HashSet<>(initializers);
        List<Value> out = new ArrayList<>();
        for (Value v : inputs) {
            if (!init.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Marks a change of this graph's structure (its node list, a node's inputs, its inputs, outputs or
     * initializers), which is also a change of every enclosing graph: a subgraph's outer-scope reads are its
     * node's implicit inputs.
     */
    void edited() {
        for (Graph g = this; g != null; g = g.parent) {
            g.version++;
        }
    }

    /** Increases with each edit of this graph or a graph nested in it. */
    long version() {
        return version;
    }

    /**
     * A structure a tool derives from this graph (the optimizer's index of who reads each value): the one of class
     * {@code kind} computed last, when no edit happened since, else a new one from {@code compute}, kept in its
     * place. One is kept at a time, until the next {@link #forgetAnalysis()}; passes that change nothing then
     * share one index instead of each walking the graph again. For the thread that edits the graph.
     */
    public <T> T analysis(Class<T> kind, Function<Graph, ? extends T> compute) {
        Object a = analysis;
        if (kind.isInstance(a) && analysisVersion == version) {
            return kind.cast(a);
        }
        T t = compute.apply(this);
        analysis = t;
        analysisVersion = version;
        return t;
    }

    /** Drops the kept {@link #analysis}, which may hold nodes and values a rewrite has since removed. */
    public void forgetAnalysis() {
        analysis = null;
    }

    /**
     * Values read by this graph (or its nested subgraphs) that belong to an enclosing graph, in first-read order.
     * Unmodifiable, and kept until the next edit: the optimizer and the plan compiler ask once per node and pass.
     */
    public Set<Value> outerScopeValues() {
        Derived d = outerScope;
        if (d == null || d.version() != version) {
            d = new Derived(Collections.unmodifiableSet(computeOuterScopeValues()), version);
            outerScope = d;
        }
        return d.values();
    }

    private Set<Value> computeOuterScopeValues() {
        Set<Value> defined = new HashSet<>(inputs);
        defined.addAll(initializers);
        for (Node n : nodes) {
            defined.addAll(n.outputs());
        }
        Set<Value> outer = new LinkedHashSet<>();
        for (Node n : nodes) {
            for (Value v : n.inputs()) {
                if (v != null && !defined.contains(v)) {
                    outer.add(v);
                }
            }
            for (Value v : n.implicitInputs()) {
                if (!defined.contains(v)) {
                    outer.add(v);
                }
            }
        }
        for (Value v : outputs) {
            if (!defined.contains(v)) {
                outer.add(v);
            }
        }
        return outer;
    }

    /** Number of nodes here and in every nested subgraph. */
    public int nodeCountDeep() {
        int n = nodes.size();
        for (Node node : nodes) {
            for (Graph g : node.subgraphs()) {
                n += g.nodeCountDeep();
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + nodes.size() + " nodes)";
    }
}
