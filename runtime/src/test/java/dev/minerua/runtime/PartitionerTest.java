package dev.minerua.runtime;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.DeviceBackend;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.Partition;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regions are convex, cross only at their boundary, and keep the graph in a valid execution order. */
class PartitionerTest {
    /** A device that runs Relu and Add only. */
    private static final class ReluAddDevice implements DeviceBackend {
        @Override
        public boolean supports(CompileContext ctx) {
            return Set.of("Relu", "Add").contains(ctx.node().opType());
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String deviceDescription() {
            return "fake device";
        }

        @Override
        public Kernel compile(CompileContext ctx) {
            return null;
        }
    }

    private final Graph g = new Graph("g", null);
    private int counter;

    private Node node(String op, Value... in) {
        Node n = new Node(op + counter, "", op, 17, List.of(in), List.of(new Value("v" + counter++, null)),
                Attributes.empty());
        g.addNode(n);
        return n;
    }

    @Test
    void aHostNodeBetweenDeviceNodesSplitsTheRegionWithoutACycle() {
        Value x = new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(2, 3)));
        g.addInput(x);
        Node r1 = node("Relu", x);
        Node s = node("Sigmoid", r1.output(0));   // host only
        Node r2 = node("Relu", r1.output(0));
        Node a = node("Add", r2.output(0), s.output(0));
        Node r3 = node("Relu", a.output(0));
        g.addOutput(r3.output(0));
        g.addOutput(r1.output(0));
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);

        Partitioner.Report report = Partitioner.partition(g, new ReluAddDevice());

        assertEquals(4, report.nodesOnDevice());
        List<String> ops = g.nodes().stream().map(Node::opType).toList();
        assertEquals(List.of(Partition.OP_TYPE, "Sigmoid", Partition.OP_TYPE), ops);
        Partition first = (Partition) g.nodes().getFirst().op();
        assertEquals(List.of("Relu", "Relu"), first.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of(x), first.inputs());
        // r1 leaves for Sigmoid and as a graph output; r2 leaves for the Add in the second region.
        assertEquals(Set.of(r1.output(0), r2.output(0)), Set.copyOf(first.outputs()));
        Partition second = (Partition) g.nodes().get(2).op();
        assertEquals(List.of(r3.output(0)), second.outputs());
        assertTopological(g);
    }

    @Test
    void aGraphWithoutSupportedNodesIsUnchanged() {
        Value x = new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(4)));
        g.addInput(x);
        Node s = node("Sigmoid", x);
        g.addOutput(s.output(0));
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        assertEquals(0, Partitioner.partition(g, new ReluAddDevice()).partitions());
        assertEquals(List.of(s), g.nodes());
    }

    private static void assertTopological(Graph g) {
        Set<Value> ready = new HashSet<>(g.inputs());
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                assertTrue(v == null || ready.contains(v), n.describe() + " reads " + v + " before it is produced");
            }
            ready.addAll(n.outputs());
        }
        assertTrue(ready.containsAll(g.outputs()));
    }
}
