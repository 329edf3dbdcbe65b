package dev.minerua.runtime;

import dev.minerua.ir.Dim;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replaces symbolic dimensions of a graph's inputs by the sizes of {@link SessionOptions#setDimension}. */
final class DimensionOverrides {
    private DimensionOverrides() {
    }

    static void apply(Graph graph, Map<String, Long> sizes) {
        if (sizes.isEmpty()) {
            return;
        }
        for (Value v : graph.inputs()) {
            if (v.type() instanceof ValueType.TensorType(var element, Shape shape) && shape != null) {
                List<Dim> dims = new ArrayList<>(shape.dims());
                boolean changed = false;
                for (int i = 0; i < dims.size(); i++) {
                    Long size = dims.get(i).isSymbolic() ? sizes.get(dims.get(i).symbol()) : null;
                    if (size != null) {
                        dims.set(i, Dim.of(size));
                        changed = true;
                    }
                }
                if (changed) {
                    v.setType(ValueType.tensor(element, new Shape(dims)));
                }
            }
        }
    }
}
