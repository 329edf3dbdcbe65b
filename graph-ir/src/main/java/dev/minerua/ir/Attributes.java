package dev.minerua.ir;

import dev.minerua.error.InvalidModelException;
import dev.minerua.tensor.Tensor;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node's attributes with typed readers. Readers check the kind and record which attributes were
 * read, so that an op factory can reject any attribute it did not consume ({@link #unread()}) instead
 * of silently ignoring it.
 */
public final class Attributes {
    private final Map<String, Attribute> byName;
    private final Set<String> read = new HashSet<>();
    /** Whether any attribute holds a graph: most nodes hold none, and passes ask every node for its subgraphs. */
    private final boolean holdsGraphs;

    public Attributes(Collection<Attribute> attributes) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        boolean graphs = false;
        for (Attribute a : attributes) {
            m.put(a.name(), a);
            graphs |= a.value() instanceof Graph || a.kind() == Attribute.Kind.GRAPHS;
        }
        this.byName = Collections.unmodifiableMap(m);
        this.holdsGraphs = graphs;
    }

    public static Attributes empty() {
        return new Attributes(java.util.List.of());
    }

    public Collection<Attribute> all() {
        return byName.values();
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The attribute, or null; marks it read. */
    public Attribute get(String name) {
        read.add(name);
        return byName.get(name);
    }

    /** Names of the attributes no reader asked for. */
    public Set<String> unread() {
        if (read.size() >= byName.size() && read.containsAll(byName.keySet())) {
            return Set.of(); // the usual case, asked once per node bound: no sorted copy
        }
        Set<String> s = new java.util.TreeSet<>(byName.keySet());
        s.removeAll(read);
        return s;
    }

    /** Marks an attribute as deliberately unused (for example a legacy hint with no effect on results). */
    public void ignore(String name) {
        read.add(name);
    }

    public long getInt(String name, long defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : (Long) expect(a, Attribute.Kind.INT);
    }

    public long requireInt(String name) {
        return (Long) expect(require(name), Attribute.Kind.INT);
    }

    public float getFloat(String name, float defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : (Float) expect(a, Attribute.Kind.FLOAT);
    }

    public String getString(String name, String defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : (String) expect(a, Attribute.Kind.STRING);
    }

    /** The ints, or {@code defaultValue} (may be null) when absent. */
    public long[] getInts(String name, long[] defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : ((long[]) expect(a, Attribute.Kind.INTS)).clone();
    }

    public float[] getFloats(String name, float[] defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : ((float[]) expect(a, Attribute.Kind.FLOATS)).clone();
    }

    public String[] getStrings(String name, String[] defaultValue) {
        Attribute a = get(name);
        return a == null ? defaultValue : ((String[]) expect(a, Attribute.Kind.STRINGS)).clone();
    }

    /** A TENSOR or SPARSE_TENSOR attribute, or null. */
    public Tensor getTensor(String name) {
        Attribute a = get(name);
        if (a == null) {
            return null;
        }
        if (a.kind() != Attribute.Kind.TENSOR && a.kind() != Attribute.Kind.SPARSE_TENSOR) {
            throw wrongKind(a, Attribute.Kind.TENSOR);
        }
        return (Tensor) a.value();
    }

    public Graph requireGraph(String name) {
        return (Graph) expect(require(name), Attribute.Kind.GRAPH);
    }

    public Graph getGraph(String name) {
        Attribute a = get(name);
        return a == null ? null : (Graph) expect(a, Attribute.Kind.GRAPH);
    }

    /** All subgraphs held by GRAPH and GRAPHS attributes. */
    public java.util.List<Graph> subgraphs() {
        if (!holdsGraphs) {
            return java.util.List.of();
        }
        java.util.List<Graph> out = new java.util.ArrayList<>();
        for (Attribute a : byName.values()) {
            if (a.value() instanceof Graph g) {
                out.add(g);
            } else if (a.kind() == Attribute.Kind.GRAPHS) {
                for (Object o : (java.util.List<?>) a.value()) {
                    out.add((Graph) o);
                }
            }
        }
        return out;
    }

    private Attribute require(String name) {
        Attribute a = get(name);
        if (a == null) {
            throw new InvalidModelException("required attribute '" + name + "' is missing");
        }
        return a;
    }

    private static Object expect(Attribute a, Attribute.Kind kind) {
        if (a.kind() != kind) {
            throw wrongKind(a, kind);
        }
        return a.value();
    }

    private static InvalidModelException wrongKind(Attribute a, Attribute.Kind kind) {
        return new InvalidModelException("attribute '" + a.name() + "' is " + a.kind() + ", expected " + kind);
    }

    @Override
    public String toString() {
        return byName.values().toString();
    }
}
