package dev.minerua.runtime;

import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The outputs of one run, by name, in the order they were requested. The tensors belong to the
 * caller. Closing releases the references (kept AutoCloseable for parity with ORT's results and for
 * backends that hold device memory).
 */
public final class Result implements AutoCloseable, Iterable<Map.Entry<String, OnnxValue>> {
    private final Map<String, OnnxValue> values;

    /** @param values the outputs in order; the result keeps this map (its maker hands it over). */
    Result(LinkedHashMap<String, OnnxValue> values) {
        this.values = values;
    }

    /** The tensor output {@code name}. */
    public Tensor get(String name) {
        OnnxValue v = value(name);
        if (v instanceof Tensor t) {
            return t;
        }
        throw new IllegalStateException("output '" + name + "' is a " + v.getClass().getSimpleName()
                + ", not a tensor; use value(name)");
    }

    /** The {@code index}-th output as a tensor. */
    public Tensor get(int index) {
        return get(names().get(index));
    }

    /** The output {@code name} as any value (tensor, sequence, optional, map). */
    public OnnxValue value(String name) {
        OnnxValue v = values.get(name);
        if (v == null && !values.containsKey(name)) {
            throw new NoSuchElementException("no output named '" + name + "'; outputs are " + values.keySet());
        }
        return v;
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(values.keySet()));
    }

    public int size() {
        return values.size();
    }

    @Override
    public Iterator<Map.Entry<String, OnnxValue>> iterator() {
        return Collections.unmodifiableMap(values).entrySet().iterator();
    }

    @Override
    public void close() {
        values.clear();
    }
}
