package dev.minerua.plan;

import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/** How many bytes a value's storage takes at one input-shape signature; -1 when not known before running. */
@FunctionalInterface
public interface ValueSizes {
    long bytes(Value value);

    /** Sizes from the inferred types: a tensor with a fully static shape and a known element type, else -1. */
    static ValueSizes fromInferredShapes() {
        return v -> v.type() instanceof ValueType.TensorType(DataType type, var shape)
                && type != null && shape != null && shape.isStatic()
                ? bytesOf(type, Tensor.elementCount(shape.sizes())) : -1;
    }

    /** Bytes that {@code elements} elements of {@code type} occupy in their Java array. */
    static long bytesOf(DataType type, long elements) {
        int perSlot = switch (type.storage()) {
            case DOUBLE, LONG, STRING -> 8; // a string slot is one reference
            case FLOAT, INT -> 4;
            case SHORT -> 2;
            case BYTE, BOOLEAN -> 1;
        };
        return elements * type.slotsPerElement() * perSlot;
    }
}
