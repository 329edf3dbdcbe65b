package dev.minerua.plan;

import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPlannerTest {
    /** Two small blocks and a larger one, all alive at step 1. */
    private static final List<StorageInterval> SMALL_BLOCKS = List.of(
            new StorageInterval("a", 10, 0, 1),
            new StorageInterval("b", 10, 1, 2),
            new StorageInterval("c", 100, 1, 1));

    private static long[] offsets(MemoryPlan p) {
        return p.placements().stream().mapToLong(Placement::offset).toArray();
    }

    @Test
    void chainReusesTheFirstBlockOnceItsReaderHasRun() {
        // A [0,1] 64, B [1,2] 128, C [2,3] 64. B (largest) goes first at 0; A overlaps B -> 128;
        // C overlaps B but not A -> above B at 128 again. Peak = lower bound = 192.
        MemoryPlan p = MemoryPlanner.plan(List.of(
                new StorageInterval("A", 64, 0, 1),
                new StorageInterval("B", 128, 1, 2),
                new StorageInterval("C", 64, 2, 3)));
        assertEquals(List.of(128L, 0L, 128L), List.of(offsets(p)[0], offsets(p)[1], offsets(p)[2]));
        assertEquals(192, p.plannedPeak());
        assertEquals(192, p.lowerBound());
    }

    @Test
    void smallBlockFillsTheGapLeftBetweenLargerOnes() {
        // A 256 [0,0] -> 0. B 128 [0,5] overlaps A -> 256. C 128 [1,5] overlaps only B: gap [0,256) -> 0.
        // E 64 [0,0] (ties with D on size, earlier first use) overlaps A and B -> 384.
        // D 64 [2,5] overlaps B and C: gap [128,256) -> 128.
        MemoryPlan p = MemoryPlanner.plan(List.of(
                new StorageInterval("A", 256, 0, 0),
                new StorageInterval("B", 128, 0, 5),
                new StorageInterval("C", 128, 1, 5),
                new StorageInterval("D", 64, 2, 5),
                new StorageInterval("E", 64, 0, 0)));
        long[] o = offsets(p);
        assertEquals(0, o[0]);
        assertEquals(256, o[1]);
        assertEquals(0, o[2]);
        assertEquals(128, o[3]);
        assertEquals(384, o[4]);
        assertEquals(448, p.plannedPeak());
        assertEquals(448, p.lowerBound()); // step 0: A + B + E
    }

    @Test
    void bestFitPrefersTheSmallestGapThatHolds() {
        // Long-lived L1 64 at 0..64 (placed after the 256s), W1/W2 256 [0,0] stacked at 0 and 256,
        // then at step 1: G1 192 [1,3] -> 0; G2 64 [1,3]: gaps among {G1 0..192}: none below, -> 192.
        // Hand layout: W1 0, W2 256, G1 0 (W's are dead at step 1), L 512 (overlaps W1, W2, G1? L is [0,3]:
        // live W1 0..256, W2 256..512, G1 0..192 -> cursor 512), G2 [1,3] overlaps G1 (0..192) and L (512..576):
        // gaps [192,512) of 320 -> 192.
        MemoryPlan p = MemoryPlanner.plan(List.of(
                new StorageInterval("W1", 256, 0, 0),
                new StorageInterval("W2", 256, 0, 0),
                new StorageInterval("G1", 192, 1, 3),
                new StorageInterval("L", 64, 0, 3),
                new StorageInterval("G2", 64, 1, 3)));
        long[] o = offsets(p);
        assertEquals(0, o[0]);
        assertEquals(256, o[1]);
        assertEquals(0, o[2]);
        assertEquals(512, o[3]);
        assertEquals(192, o[4]);
        assertEquals(576, p.plannedPeak());
        assertEquals(576, p.lowerBound()); // step 0: W1 + W2 + L
    }

    @Test
    void equalSizesAreTriedInMoreThanOneOrder() {
        // silero-vad-v5's STFT: P 2304 [4,6], two 3096-byte blocks (3136 aligned) A [6,7] and B [7,9], then four
        // 1548-byte slices (1600 aligned) C [8,10], D [9,11], E [10,12], F [11,13]. By earlier first use, A goes to
        // 0 and B above it (3136), C to 0, and D, alive with B and C, finds the gap 1600..3136 of 1536 bytes too
        // small: 6272, peak 7872. By later first use: B 0, A 3136, P 0, F 0, E 1600, D 3200, C 4800: peak 6400.
        // By longer life (B and the slices before A and P, slices in input order): B 0, A 3136, P 0, C 3136,
        // D 4736, E 0 (the one gap, below C), F 1600: peak 6336 = B + C + D aligned, kept as the lowest.
        // Lower bound (unaligned) at step 9: B + C + D = 6192.
        MemoryPlan p = MemoryPlanner.plan(List.of(
                new StorageInterval("P", 2304, 4, 6),
                new StorageInterval("A", 3096, 6, 7),
                new StorageInterval("B", 3096, 7, 9),
                new StorageInterval("C", 1548, 8, 10),
                new StorageInterval("D", 1548, 9, 11),
                new StorageInterval("E", 1548, 10, 12),
                new StorageInterval("F", 1548, 11, 13)));
        assertEquals(6192, p.lowerBound());
        assertEquals(6336, p.plannedPeak());
    }

    @Test
    void sizesAreRoundedUpToTheAlignmentButTheBoundIsNot() {
        // 10-byte blocks are small: 8-byte alignment, 16 bytes each. c (100 bytes, largest) goes first at 0
        // and takes 128; a overlaps it -> 128; b overlaps c and a (128..144) -> 144.
        MemoryPlan p = MemoryPlanner.plan(SMALL_BLOCKS, 64);
        assertEquals(0, p.placements().get(2).offset());
        assertEquals(128, p.placements().get(0).offset());
        assertEquals(144, p.placements().get(1).offset());
        assertEquals(160, p.plannedPeak());
        assertEquals(120, p.lowerBound()); // step 1: a + b + c, unaligned
    }

    @Test
    void emptyPlan() {
        MemoryPlan p = MemoryPlanner.plan(List.of());
        assertEquals(0, p.plannedPeak());
        assertEquals(0, p.lowerBound());
        assertEquals(1.0, p.ratio());
    }

    private static Value f32(String name, long... dims) {
        return new Value(name, ValueType.tensor(DataType.FLOAT, Shape.of(dims)));
    }

    private static Node node(String op, List<Value> in, List<Value> out) {
        return new Node(op + "_" + out.getFirst().name(), "", op, 17, in, out, Attributes.empty());
    }

    @Test
    void graphLifetimesFoldViewsIntoTheirRootAndKeepOutputsToTheEnd() {
        // x(input) -Relu-> a[16] -Reshape-> v[4,4] ; a -Relu-> b[16] ; v,b -Add-> c[16] (output) ; x -Neg-> d[8, unused]
        Graph g = new Graph("g", null);
        Value x = f32("x", 16);
        Value shape = new Value("shape", ValueType.tensor(DataType.INT64, Shape.of(2)));
        Value a = f32("a", 16);
        Value v = f32("v", 4, 4);
        Value b = f32("b", 16);
        Value c = f32("c", 16);
        Value d = new Value("d", ValueType.tensor(DataType.FLOAT, Shape.unknownDims(1)));
        g.addInput(x);
        g.addInput(shape);
        g.addNode(node("Relu", List.of(x), List.of(a)));          // step 0
        g.addNode(node("Reshape", List.of(a, shape), List.of(v))); // step 1
        g.addNode(node("Relu", List.of(a), List.of(b)));          // step 2
        g.addNode(node("Neg", List.of(x), List.of(d)));            // step 3
        g.addNode(node("Add", List.of(v, b), List.of(c)));         // step 4
        g.addOutput(c);
        GraphMemoryPlan plan = GraphLifetimes.plan(g, ValueSizes.fromInferredShapes());
        assertEquals(5, plan.steps());
        List<ValueLifetime> rows = plan.values();
        assertEquals(List.of("a", "v", "b", "d", "c"), rows.stream().map(ValueLifetime::name).toList());
        ValueLifetime ra = rows.get(0);
        ValueLifetime rv = rows.get(1);
        assertEquals(64, ra.bytes());
        assertEquals(2, ra.last()); // read last by the second Relu...
        assertEquals("a", rv.viewOf());
        assertEquals(4, rv.last());
        assertEquals(ra.block(), rv.block());
        // ...but its block lives until its view v is read at step 4.
        StorageInterval blockA = plan.plan().placements().get(ra.block()).interval();
        assertEquals(0, blockA.first());
        assertEquals(4, blockA.last());
        assertTrue(rows.get(3).isDynamic());
        assertEquals(-1, rows.get(3).block());
        assertEquals(1, plan.dynamicValues().size());
        ValueLifetime rc = rows.get(4);
        assertEquals(4, rc.first());
        assertEquals(4, rc.last());
        // a [0,4], b [2,4], c [4,4]: all live at step 4 -> 192 bytes, and the plan meets it.
        assertEquals(192, plan.plan().lowerBound());
        assertEquals(192, plan.plan().plannedPeak());
        assertFalse(plan.offsetOf(ra) == plan.offsetOf(rows.get(2)));
    }

    @Test
    void uniformPlanAlignsSmallBlocksToo() {
        // Device sub-buffers: every origin a multiple of 128, whatever the block's size: c at 0, a at 128, b at 256.
        MemoryPlan p = MemoryPlanner.planUniform(SMALL_BLOCKS, 128);
        for (Placement q : p.placements()) {
            assertEquals(0, q.offset() % 128, q.interval().name());
        }
        assertEquals(384, p.plannedPeak());
    }

    @Test
    void aRegionPlansItsInputsFromStepZeroAndTakesViewsFromTheRule() {
        // x (written before step 0) -Relu-> a -Flatten-> f (a view only by the caller's rule) -Neg-> y (output);
        // k (a constant the caller holds) is read but takes no block.
        Value x = f32("x", 16);
        Value k = f32("k", 16);
        Value a = f32("a", 16);
        Value f = f32("f", 16);
        Value y = f32("y", 16);
        Node relu = node("Relu", List.of(x), List.of(a));
        Node flatten = node("Flatten", List.of(a), List.of(f));
        Node add = node("Add", List.of(f, k), List.of(y));
        GraphLifetimes.Views views = (n, o) -> n == flatten ? n.input(0) : null;
        GraphMemoryPlan plan = GraphLifetimes.plan(List.of(relu, flatten, add), List.of(x), List.of(y), views,
                ValueSizes.fromInferredShapes(), InPlaceHints.NONE, blocks -> MemoryPlanner.planUniform(blocks, 128));
        assertEquals(List.of("x", "a", "f", "y"), plan.values().stream().map(ValueLifetime::name).toList());
        ValueLifetime rx = plan.values().get(0);
        assertEquals(0, rx.first());
        assertEquals(0, rx.last());
        assertEquals("a", plan.values().get(2).viewOf());
        assertEquals(3, plan.plan().placements().size()); // x, a, y: no block for k or the view
        // x dies at step 0, so y (step 2) reuses its bytes; a lives to step 2 through its view.
        assertEquals(plan.offsetOf(rx), plan.offsetOf(plan.values().get(3)));
        assertEquals(256, plan.plan().plannedPeak());
    }

    @Test
    void inPlaceOutputsTakeTheBlockOfAnInputThatDiesAtTheirStepOnly() {
        // x(input) -Reshape-> v (a view of the graph input) -Relu-> a ; a -Sigmoid-> b ; a -Tanh-> c ;
        // b,c -Add-> d ; d -Neg-> y (output). Every op declares that output 0 may overwrite input 0 (Add: 0 or 1).
        Graph g = new Graph("g", null);
        Value x = f32("x", 16);
        Value shape = new Value("shape", ValueType.tensor(DataType.INT64, Shape.of(2)));
        Value v = f32("v", 4, 4);
        Value a = f32("a", 4, 4);
        Value b = f32("b", 4, 4);
        Value c = f32("c", 4, 4);
        Value d = f32("d", 4, 4);
        Value y = f32("y", 4, 4);
        g.addInput(x);
        g.addInput(shape);
        g.addNode(node("Reshape", List.of(x, shape), List.of(v))); // step 0
        g.addNode(node("Relu", List.of(v), List.of(a)));           // step 1: v views a graph input
        g.addNode(node("Sigmoid", List.of(a), List.of(b)));        // step 2: a is read again at step 3
        g.addNode(node("Tanh", List.of(a), List.of(c)));           // step 3: a dies here
        g.addNode(node("Add", List.of(b, c), List.of(d)));         // step 4: b and c die; d takes b
        g.addNode(node("Neg", List.of(d), List.of(y)));            // step 5: y takes d
        g.addOutput(y);
        InPlaceHints hints = (n, out) -> n.opType().equals("Add") ? new int[] {0, 1} : new int[] {0};
        GraphMemoryPlan plan = GraphLifetimes.plan(g, ValueSizes.fromInferredShapes(), hints);
        java.util.Map<String, ValueLifetime> rows = new java.util.HashMap<>();
        plan.values().forEach(r -> rows.put(r.name(), r));
        assertFalse(rows.get("a").inPlace(), "the graph input behind the view is never overwritten");
        assertFalse(rows.get("b").inPlace(), "a has a later reader");
        assertTrue(rows.get("c").inPlace());
        assertEquals("a", rows.get("c").viewOf());
        assertEquals("b", rows.get("d").viewOf());
        assertEquals("b", rows.get("y").viewOf());
        assertEquals(rows.get("b").block(), rows.get("y").block());
        // Blocks: {a, c} [1,4] and {b, d, y} [2,5]: 128 bytes, against 192 without in-place (a, b, c at step 3).
        assertEquals(128, plan.plan().plannedPeak());
        assertEquals(192, GraphLifetimes.plan(g, ValueSizes.fromInferredShapes()).plan().plannedPeak());
    }
}
