package dev.minerua.runtime.exec;

import java.util.Arrays;

/**
 * A small open-addressing map from {@code long} to objects, so that pool look-ups on the run path box
 * nothing. Keys must not be {@link Long#MIN_VALUE} (the empty marker).
 */
final class LongObjectMap<V> {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys = filled(16);
    private Object[] values = new Object[16];
    private int size;

    interface Visitor<V> {
        void visit(long key, V value);
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int i = find(keys, key);
        return keys[i] == key ? (V) values[i] : null;
    }

    void put(long key, V value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = find(keys, key);
        if (keys[i] != key) {
            keys[i] = key;
            size++;
        }
        values[i] = value;
    }

    void remove(long key) {
        int i = find(keys, key);
        if (keys[i] != key) {
            return;
        }
        // Re-insert the rest of the probe run so look-ups still find them.
        keys[i] = EMPTY;
        values[i] = null;
        size--;
        int mask = keys.length - 1;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            long k = keys[j];
            Object v = values[j];
            keys[j] = EMPTY;
            values[j] = null;
            int t = find(keys, k);
            keys[t] = k;
            values[t] = v;
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Visitor<V> visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], (V) values[i]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = filled(oldKeys.length * 2);
        values = new Object[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int t = find(keys, oldKeys[i]);
                keys[t] = oldKeys[i];
                values[t] = oldValues[i];
            }
        }
    }

    private static int find(long[] keys, long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return k ^ (k >>> 29);
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, EMPTY);
        return a;
    }
}
