package dev.minerua.runtime.exec;

import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A small least-recently-used cache of work that depends on the shapes of a run's inputs (memory plans),
 * keyed by each fed tensor's name, element type and dimensions. At most {@code capacity} signatures are
 * kept, so a session fed ever new shapes holds a bounded number of entries. Thread-safe; a value is computed
 * outside the lock, so two threads missing the same signature at once may both compute it.
 *
 * @param <V> what is cached per signature
 */
public final class ShapeKeyedCache<V> {
    private final int capacity;
    private final LinkedHashMap<String, V> entries;

    public ShapeKeyedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > ShapeKeyedCache.this.capacity;
            }
        };
    }

    /** The entry for {@code feeds}' shape signature, computed by {@code compute} on a miss. */
    public V get(Map<String, ? extends OnnxValue> feeds, Supplier<V> compute) {
        String key = signature(feeds);
        synchronized (entries) {
            V v = entries.get(key);
            if (v != null) {
                return v;
            }
        }
        V v = compute.get();
        synchronized (entries) {
            entries.put(key, v);
        }
        return v;
    }

    /** Number of signatures cached now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * "name:TYPE[d0,d1]" per fed tensor, in name order; other values (sequences, optionals) by kind only,
     * as their element shapes are not part of the signature.
     */
    static String signature(Map<String, ? extends OnnxValue> feeds) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, ? extends OnnxValue> e : new TreeMap<String, OnnxValue>(feeds).entrySet()) {
            b.append(e.getKey()).append(':');
            if (e.getValue() instanceof Tensor t) {
                b.append(t.type()).append(Arrays.toString(t.dims()));
            } else {
                b.append(e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName());
            }
            b.append(';');
        }
        return b.toString();
    }
}
