package dev.minerua.ir.onnx;

import dev.minerua.error.InvalidModelException;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologicalOrderTest {
    private static Node node(String name, List<Value> in, Value out) {
        return new Node(name, "", "Relu", 13, in, List.of(out), new Attributes(List.of()));
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }

    @Test
    void graphInDependencyOrderComesBackAsIs() {
        Value x = new Value("x", null);
        Value a = new Value("a", null);
        Value b = new Value("b", null);
        Value c = new Value("c", null);
        Value d = new Value("d", null);
        // A -> B, then C independent of both, then D reading B and C: a FIFO of ready nodes would give A C B D.
        List<Node> nodes = List.of(node("A", List.of(x), a), node("B", List.of(a), b), node("C", List.of(x), c),
                node("D", List.of(b, c), d));
        assertEquals(List.of("A", "B", "C", "D"), names(TopologicalOrder.sort(nodes, "test")));
    }

    @Test
    void outOfOrderNodeRunsAsSoonAsItsProducerHas() {
        Value in = new Value("in", null);
        Value x = new Value("x", null);
        Value p = new Value("p", null);
        Value y = new Value("y", null);
        Value q = new Value("q", null);
        // X reads Y's output but comes first in the file: X must move after Y, and only that far (before Q).
        List<Node> nodes = List.of(node("X", List.of(y), x), node("P", List.of(in), p), node("Y", List.of(in), y),
                node("Q", List.of(in), q));
        assertEquals(List.of("P", "Y", "X", "Q"), names(TopologicalOrder.sort(nodes, "test")));
    }

    @Test
    void cycleIsReportedWithANodeOnIt() {
        Value a = new Value("a", null);
        Value b = new Value("b", null);
        List<Node> nodes = List.of(node("A", List.of(b), a), node("B", List.of(a), b));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> TopologicalOrder.sort(nodes, "graph 'g'"));
        assertTrue(e.getMessage().startsWith("graph 'g': the graph has a cycle through"), e.getMessage());
    }
}
