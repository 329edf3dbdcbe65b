package dev.minerua.backend;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Node;
import dev.minerua.ir.Op;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;

import java.util.List;

/**
 * The op of a partition node: a convex region of nodes that one {@link DeviceBackend} runs as a whole.
 * The partition node's inputs are {@link #inputs} (values the region reads but does not produce, constants
 * included) and its outputs are {@link #outputs} (values the region produces that something outside it
 * reads, graph outputs included).
 *
 * @param backend the backend the region was formed for
 * @param nodes   the region's nodes in execution order
 * @param inputs  the values crossing into the region
 * @param outputs the values crossing out of it
 */
public record Partition(String backend, List<Node> nodes, List<Value> inputs, List<Value> outputs) implements Op {
    public Partition {
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The operator type partition nodes carry. */
    public static final String OP_TYPE = "DevicePartition";

    /** The domain partition nodes carry; no model uses it. */
    public static final String DOMAIN = "dev.minerua";

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return outputs.stream().map(Value::type).toList();
    }
}
