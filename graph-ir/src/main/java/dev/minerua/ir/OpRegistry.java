package dev.minerua.ir;

import dev.minerua.error.InvalidModelException;
import dev.minerua.error.UnsupportedOperatorException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Operator factories keyed by (domain, op type) and since-version. For a node in a model with opset
 * {@code v}, the factory with the highest since-version {@code <= v} is used, as ONNX defines it.
 * Thread-safe for lookups once populated.
 */
public final class OpRegistry {
    /** The ai.onnx domain's two spellings. */
    public static final String ONNX_DOMAIN = "";

    private record Versioned(int sinceVersion, OpFactory factory) implements Comparable<Versioned> {
        @Override
        public int compareTo(Versioned o) {
            return Integer.compare(sinceVersion, o.sinceVersion);
        }
    }

    // Concurrent, with copy-on-write lists: the standard registry grows while sessions bind (LazyFamilies).
    private final Map<String, List<Versioned>> byKey = new ConcurrentHashMap<>();
    private final LazyFamilies<OpFamily> lazy;

    /** An empty registry; {@link #register} fills it. */
    public OpRegistry() {
        this.lazy = null;
    }

    /**
     * A registry whose families register on the first lookup of one of their operators.
     *
     * @param index the families' index (see {@link LazyFamilies}), a resource next to {@code owner}
     */
    OpRegistry(List<OpFamily> families, Class<?> owner, String index) {
        Registering r = new Registering(this);
        this.lazy = new LazyFamilies<>(families, r, r, owner, index);
    }

    /**
     * Registers families, or single operators of them, into one registry for {@link LazyFamilies}: a class rather
     * than two lambdas, whose call sites the first session of a JVM would link in interpreted code.
     */
    private record Registering(OpRegistry registry) implements Consumer<OpFamily>, LazyFamilies.KeyRegistrar<OpFamily> {
        @Override
        public void accept(OpFamily family) {
            family.register(registry);
        }

        @Override
        public boolean register(OpFamily family, String key) {
            int colon = key.indexOf(':');
            return family.register(registry, key.substring(0, colon), key.substring(colon + 1));
        }
    }

    /** The registry with every operator Minerua implements. */
    public static OpRegistry standard() {
        return StandardOps.REGISTRY;
    }

    /** Registers {@code factory} for {@code domain.opType} from opset {@code sinceVersion} on. */
    public synchronized OpRegistry register(String domain, String opType, int sinceVersion, OpFactory factory) {
        String key = key(domain, opType);
        List<Versioned> list = new ArrayList<>(byKey.getOrDefault(key, List.of()));
        list.add(new Versioned(sinceVersion, factory));
        Collections.sort(list); // by since-version (no comparator lambda: registering runs in a fresh JVM's interpreter)
        byKey.put(key, List.copyOf(list));
        return this;
    }

    /** Registers one factory for several since-versions (ops whose changes need no new parsing). */
    public OpRegistry register(String domain, String opType, int[] sinceVersions, OpFactory factory) {
        for (int v : sinceVersions) {
            register(domain, opType, v, factory);
        }
        return this;
    }

    /** True when some version of the op is registered. */
    public boolean knows(String domain, String opType) {
        return versions(key(domain, opType)) != null;
    }

    /** Every registered "domain:opType" ("" domain shown as ai.onnx). */
    public Set<String> operators() {
        if (lazy != null) {
            lazy.ensureAll();
        }
        Set<String> s = new TreeSet<>();
        for (String k : byKey.keySet()) {
            s.add(k.startsWith(":") ? k.substring(1) : k);
        }
        return Collections.unmodifiableSet(s);
    }

    /** Parses {@code node} into its op and stores it on the node. */
    public Op bind(Node node) {
        List<Versioned> list = versions(key(node.domain(), node.opType()));
        if (list == null) {
            throw new UnsupportedOperatorException("unsupported operator: domain '"
                    + displayDomain(node.domain()) + "', op " + node.opType() + ", opset " + node.opsetVersion()
                    + ", at " + node.describe());
        }
        Versioned chosen = null;
        for (Versioned v : list) {
            if (v.sinceVersion() <= node.opsetVersion()) {
                chosen = v;
            }
        }
        if (chosen == null) {
            throw new UnsupportedOperatorException("unsupported operator version: domain '"
                    + displayDomain(node.domain()) + "', op " + node.opType() + " has no version for opset "
                    + node.opsetVersion() + " (earliest implemented: " + list.get(0).sinceVersion() + "), at "
                    + node.describe());
        }
        Op op;
        try {
            op = chosen.factory().create(new OpContext(node));
        } catch (UnsupportedOperatorException | InvalidModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidModelException(node.describe() + ": " + e.getMessage(), e);
        }
        Set<String> unread = node.attributes().unread();
        if (!unread.isEmpty()) {
            throw new UnsupportedOperatorException(node.describe() + ": attribute(s) " + unread
                    + " not supported by this operator version");
        }
        node.setOp(op);
        return op;
    }

    /** Binds every node of {@code graph} and of its subgraphs. */
    public void bindAll(Graph graph) {
        for (Node n : graph.nodes()) {
            for (Graph g : n.subgraphs()) {
                bindAll(g);
            }
            if (n.op() == null) {
                bind(n);
            }
        }
    }

    /** The versions registered for {@code key}, registering the families that provide it first; null if none. */
    private List<Versioned> versions(String key) {
        if (lazy == null) {
            return byKey.get(key);
        }
        lazy.ensure(key);
        List<Versioned> list = byKey.get(key);
        if (list == null) {
            lazy.ensureAll();
            list = byKey.get(key);
        }
        return list;
    }

    /** The keys ("domain:opType", domain "" for ai.onnx) registered so far, for building a family index. */
    Set<String> keys() {
        return Set.copyOf(byKey.keySet());
    }

    static String key(String domain, String opType) {
        return normalizeDomain(domain) + ":" + opType;
    }

    /** "ai.onnx" and "" name the same domain. */
    public static String normalizeDomain(String domain) {
        return "ai.onnx".equals(domain) ? "" : domain;
    }

    private static String displayDomain(String domain) {
        return domain.isEmpty() ? "ai.onnx" : domain;
    }
}
