package dev.minerua.runtime;

import dev.minerua.error.InvalidInputException;
import dev.minerua.ir.Dim;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import dev.minerua.tensor.TensorSequence;
import dev.minerua.tensor.OptionalValue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a run's inputs against the model's declared inputs: names, element types, ranks, fixed
 * dimensions, and that each symbolic dimension has one size across all inputs.
 */
final class InputValidator {
    private final List<Value> formalInputs;
    /** Formal inputs by name, built once (not per run). */
    private final Map<String, Value> byName = new HashMap<>();
    private final java.util.Set<Value> optional;
    /** Whether any input has a symbolic dim (only then does a run need a map binding the symbols). */
    private final boolean hasSymbols;

    /**
     * @param formalInputs the graph's inputs
     * @param optional     inputs that may be omitted (they have an initializer as default)
     */
    InputValidator(List<Value> formalInputs, java.util.Set<Value> optional) {
        this.formalInputs = formalInputs;
        this.optional = optional;
        boolean symbolic = false;
        for (Value v : formalInputs) {
            byName.put(v.name(), v);
            if (v.type() instanceof ValueType.TensorType t && t.shape() != null) {
                for (int i = 0; i < t.shape().rank(); i++) {
                    symbolic |= t.shape().dim(i).isSymbolic();
                }
            }
        }
        this.hasSymbols = symbolic;
    }

    void validate(Map<String, ? extends OnnxValue> given) {
        // Unknown names first; only when the feeds hold more than the formal inputs found (no iterator per run).
        int present = 0;
        for (int i = 0; i < formalInputs.size(); i++) {
            if (given.containsKey(formalInputs.get(i).name())) {
                present++;
            }
        }
        if (present != given.size()) {
            for (String name : given.keySet()) {
                if (!byName.containsKey(name)) {
                    throw new InvalidInputException("unknown input '" + name + "'; the model's inputs are "
                            + formalInputs.stream().filter(v -> !optional.contains(v)).map(Value::name).toList());
                }
            }
        }
        // Without symbolic dims no map is needed.
        Map<String, Long> symbols = hasSymbols ? new HashMap<>() : null;
        for (int i = 0; i < formalInputs.size(); i++) {
            Value v = formalInputs.get(i);
            OnnxValue x = given.get(v.name());
            if (x == null) {
                if (!optional.contains(v)) {
                    throw new InvalidInputException("missing input '" + v.name() + "' (" + v.type() + ")");
                }
                continue;
            }
            check(v, x, symbols);
        }
    }

    private static void check(Value formal, OnnxValue given, Map<String, Long> symbols) {
        ValueType type = formal.type();
        if (type == null) {
            return;
        }
        String name = formal.name();
        switch (type) {
            case ValueType.TensorType t -> {
                if (!(given instanceof Tensor tensor)) {
                    throw new InvalidInputException("input '" + name + "' must be a tensor " + t + ", got a "
                            + given.getClass().getSimpleName());
                }
                checkTensor(name, t, tensor, symbols);
            }
            case ValueType.SequenceType s -> {
                if (!(given instanceof TensorSequence)) {
                    throw new InvalidInputException("input '" + name + "' must be a sequence, got a "
                            + given.getClass().getSimpleName());
                }
            }
            case ValueType.OptionalType o -> {
                if (!(given instanceof OptionalValue)) {
                    throw new InvalidInputException("input '" + name + "' must be an optional, got a "
                            + given.getClass().getSimpleName());
                }
            }
            case ValueType.MapType m -> {
            }
        }
    }

    private static void checkTensor(String name, ValueType.TensorType t, Tensor tensor, Map<String, Long> symbols) {
        if (t.elementType() != null && t.elementType() != tensor.type()) {
            throw new InvalidInputException("input '" + name + "' must have element type " + t.elementType()
                    + ", got " + tensor.type());
        }
        Shape s = t.shape();
        if (s == null) {
            return;
        }
        int[] dims = tensor.dims();
        if (s.rank() != dims.length) {
            throw new InvalidInputException("input '" + name + "' must have rank " + s.rank() + " " + s
                    + ", got rank " + dims.length + " " + Arrays.toString(dims));
        }
        for (int i = 0; i < dims.length; i++) {
            Dim d = s.dim(i);
            if (d.isKnown() && d.value() != dims[i]) {
                throw new InvalidInputException("input '" + name + "' dimension " + i + " must be " + d.value()
                        + " (shape " + s + "), got " + dims[i] + " (shape " + Arrays.toString(dims) + ")");
            }
            if (d.isSymbolic()) {
                Long bound = symbols.putIfAbsent(d.symbol(), (long) dims[i]);
                if (bound != null && bound != dims[i]) {
                    throw new InvalidInputException("input '" + name + "' dimension " + i + " ('" + d.symbol()
                            + "') is " + dims[i] + ", but another input set '" + d.symbol() + "' to " + bound);
                }
            }
        }
    }
}
