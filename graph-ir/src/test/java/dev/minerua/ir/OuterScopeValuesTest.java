package dev.minerua.ir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The kept outer-scope sets follow every kind of edit, also edits two graphs deep. */
class OuterScopeValuesTest {
    private static Node node(String op, List<Value> in, Value out, Attribute... attrs) {
        return new Node(op + "_" + out.name(), "", op, 13, in, List.of(out), new Attributes(List.of(attrs)));
    }

    @Test
    void followsEditsOfNestedSubgraphs() {
        Graph main = new Graph("main", null);
        Value a = new Value("a", null);
        Value b = new Value("b", null);
        main.addInput(a);
        main.addInput(b);

        Graph branch = new Graph("branch", main);
        Graph inner = new Graph("inner", branch);
        Value innerOut = new Value("inner_out", null);
        Node innerNode = node("Identity", List.of(a), innerOut);
        inner.addNode(innerNode);
        inner.addOutput(innerOut);
        Value branchOut = new Value("branch_out", null);
        branch.addNode(node("If", List.of(b), branchOut, new Attribute("then_branch", Attribute.Kind.GRAPH, inner)));
        branch.addOutput(branchOut);

        Value out = new Value("out", null);
        Node outer = node("Loop", List.of(), out, new Attribute("body", Attribute.Kind.GRAPH, branch));
        main.addNode(outer);
        main.addOutput(out);

        assertEquals(Set.of(a, b), outer.implicitInputs());
        assertEquals(Set.of(a), inner.outerScopeValues());

        innerNode.setInput(0, b); // two levels down: both enclosing sets must change
        assertEquals(Set.of(b), inner.outerScopeValues());
        assertEquals(Set.of(b), branch.outerScopeValues());
        assertEquals(Set.of(b), outer.implicitInputs());

        Value c = new Value("c", null);
        main.addInput(c);
        inner.setOutput(0, c);
        assertEquals(Set.of(b, c), outer.implicitInputs());

        inner.setNodes(List.of());
        assertEquals(Set.of(b, c), branch.outerScopeValues()); // the If still reads b, inner's output is c
        inner.setOutput(0, a);
        assertEquals(Set.of(a, b), outer.implicitInputs());
    }

    @Test
    void twoSubgraphsJoinTheirReads() {
        Graph main = new Graph("main", null);
        Value a = new Value("a", null);
        Value b = new Value("b", null);
        Graph then = new Graph("then", main);
        Graph other = new Graph("else", main);
        then.addOutput(a);
        other.addOutput(b);
        Value out = new Value("out", null);
        Node iff = node("If", List.of(), out, new Attribute("then_branch", Attribute.Kind.GRAPH, then),
                new Attribute("else_branch", Attribute.Kind.GRAPH, other));
        main.addNode(iff);
        assertEquals(List.of(a, b), List.copyOf(iff.implicitInputs()));
        other.setOutput(0, a);
        assertEquals(Set.of(a), iff.implicitInputs());
    }
}
