package dev.minerua.optimizer.passes;

import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.optimizer.PassPipeline;
import dev.minerua.tensor.DataType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reader index passes share while the graph stays unedited (Graph.analysis). */
class UsesTest {
    @Test
    void sharedUntilAnEditThenRebuiltFromTheEditedGraph() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        Node relu = t.node("Relu", 1, List.of(), x);
        Node neg = t.node("Neg", 1, List.of(), x);
        t.output(relu.output(0));
        t.output(neg.output(0));
        Uses first = Uses.of(t.graph);
        assertSame(first, Uses.of(t.graph), "no edit: the same index");
        assertEquals(List.of(relu, neg), first.readers(x));

        neg.setInput(0, relu.output(0)); // an edit of a node's inputs
        Uses second = Uses.of(t.graph);
        assertNotSame(first, second);
        assertEquals(List.of(relu), second.readers(x));
        assertFalse(second.isOnlyReader(relu.output(0), neg), "relu's output is a graph output");
        assertEquals(List.of(neg), second.readers(relu.output(0)));

        t.node("Abs", 1, List.of(), x); // an added node
        Uses third = Uses.of(t.graph);
        assertNotSame(second, third);
        assertEquals(2, third.readers(x).size());

        t.graph.forgetAnalysis();
        assertNotSame(third, Uses.of(t.graph), "forgotten: built again");
    }

    @Test
    void readersCannotBeChangedThroughTheSharedIndex() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        t.output(t.node("Relu", 1, List.of(), x).output(0));
        List<Node> readers = Uses.of(t.graph).readers(x);
        assertThrows(UnsupportedOperationException.class, readers::clear);
    }

    @Test
    void thePipelineLeavesNoIndexOnTheGraph() {
        TestGraphs t = new TestGraphs();
        Value x = t.input("x", DataType.FLOAT, 2);
        t.output(t.node("Relu", 1, List.of(), x).output(0));
        t.bind();
        Uses before = Uses.of(t.graph);
        PassPipeline.forLevel(OptimizationLevel.ALL, null).run(t.graph, Set.of(), line -> {
        });
        assertNotSame(before, Uses.of(t.graph), "the pipeline forgets the index it shared");
    }
}
