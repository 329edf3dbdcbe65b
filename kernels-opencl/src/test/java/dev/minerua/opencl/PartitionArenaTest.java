package dev.minerua.opencl;

import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.backend.Partition;
import dev.minerua.ir.Attribute;
import dev.minerua.ir.Attributes;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.Shape;
import dev.minerua.ir.TypeInference;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.plan.Placement;
import dev.minerua.plan.ValueLifetime;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partition's device memory follows its static plan: one arena of the plan's peak, sub-buffers at aligned
 * offsets, and after the first run no device buffer is created or released per run.
 */
class PartitionArenaTest {
    private static final int ROWS = 2;
    private static final int COLS = 64;
    private static final long[] INDICES = {1, 0, 1};

    /**
     * x[2,64] -Relu-> a -Add(w)-> b -Sigmoid-> c -Reshape-> v[128] -Neg-> d -Reshape-> e[2,64] -Gather(idx)-> y[3,64],
     * with b also leaving the partition through Tanh -> z. x and idx (int64) are written each run, w is a weight.
     */
    private static Partition partition() {
        Graph g = new Graph("g", null);
        Value x = new Value("x", ValueType.tensor(DataType.FLOAT, Shape.of(ROWS, COLS)));
        Value idx = new Value("idx", ValueType.tensor(DataType.INT64, Shape.of(INDICES.length)));
        Value w = constant("w", Tensor.of(weights(), ROWS, COLS));
        Value flat = constant("flat", Tensor.of(new long[] {ROWS * COLS}, 1));
        Value square = constant("square", Tensor.of(new long[] {ROWS, COLS}, 2));
        g.addInput(x);
        g.addInput(idx);
        Value a = new Value("a", null);
        Value b = new Value("b", null);
        Value c = new Value("c", null);
        Value v = new Value("v", null);
        Value d = new Value("d", null);
        Value e = new Value("e", null);
        Value y = new Value("y", null);
        Value z = new Value("z", null);
        g.addNode(node("Relu", List.of(x), a));
        g.addNode(node("Add", List.of(a, w), b));
        g.addNode(node("Sigmoid", List.of(b), c));
        g.addNode(node("Tanh", List.of(b), z));
        g.addNode(node("Reshape", List.of(c, flat), v));
        g.addNode(node("Neg", List.of(v), d));
        g.addNode(node("Reshape", List.of(d, square), e));
        g.addNode(new Node("gather", "", "Gather", 17, List.of(e, idx), List.of(y),
                new Attributes(List.of(new Attribute("axis", Attribute.Kind.INT, 0L)))));
        g.addOutput(y);
        g.addOutput(z);
        OpRegistry.standard().bindAll(g);
        TypeInference.run(g);
        return new Partition("opencl", g.nodes(), List.of(x, w, flat, square, idx), List.of(y, z));
    }

    private static Value constant(String name, Tensor t) {
        Value v = new Value(name, ValueType.tensor(t.type(), Shape.of(java.util.Arrays.stream(t.dims())
                .asLongStream().toArray())));
        v.setConstant(t);
        return v;
    }

    private static Node node(String op, List<Value> inputs, Value output) {
        return new Node(op + "_" + output.name(), "", op, 17, inputs, List.of(output), Attributes.empty());
    }

    private static float[] weights() {
        float[] w = new float[ROWS * COLS];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) * 0.25f - 0.5f;
        }
        return w;
    }

    private static ClRuntime runtime() {
        OpenClDevices.Discovery d = OpenClDevices.discover();
        Assumptions.assumeFalse(d.devices().isEmpty(), "no OpenCL device: " + d.failure());
        return ClRuntime.of(d.devices().stream().filter(OpenClDevices.Device::gpu).findFirst()
                .orElse(d.devices().getFirst()));
    }

    @Test
    void arenaIsThePlansPeakAndSubBuffersAreAligned() {
        ClRuntime rt = runtime();
        try (PartitionKernel k = new PartitionKernel(rt, partition())) {
            assertEquals(k.memoryPlan().plan().plannedPeak(), k.arenaBytes());
            // x, a, b, c (root of v), d (root of e), z: 512 bytes each; y 768; idx 12 (int64 held as int32).
            assertEquals(6 * 512 + 768 + 12, k.separateBytes());
            assertTrue(k.arenaBytes() < k.separateBytes(), k.arenaBytes() + " vs " + k.separateBytes());
            for (Placement p : k.memoryPlan().plan().placements()) {
                assertEquals(0, p.offset() % rt.baseAddressAlignment(), p.interval().name());
            }
            ValueLifetime v = k.memoryPlan().values().stream().filter(r -> r.name().equals("v")).findFirst().orElseThrow();
            assertEquals("c", v.viewOf());
        }
    }

    @Test
    void steadyStateRunsCreateNoBuffersAndMatchTheHostResult() {
        ClRuntime rt = runtime();
        long before = ClRuntime.buffersCreated();
        long releasedBefore = ClRuntime.buffersReleased();
        try (PartitionKernel k = new PartitionKernel(rt, partition())) {
            run(k, 0);
            long created = ClRuntime.buffersCreated();
            long released = ClRuntime.buffersReleased();
            for (int r = 1; r <= 5; r++) {
                run(k, r);
            }
            assertEquals(created, ClRuntime.buffersCreated(), "buffers created by steady-state runs");
            assertEquals(released, ClRuntime.buffersReleased(), "buffers released by steady-state runs");
        }
        // Everything the partition made is released with it (other tests may run concurrently on other
        // partitions, so compare the deltas).
        assertEquals(ClRuntime.buffersCreated() - before, ClRuntime.buffersReleased() - releasedBefore);
    }

    /** Runs {@code k} on inputs that depend on {@code seed} and checks both outputs against plain Java. */
    private static void run(PartitionKernel k, int seed) {
        float[] x = new float[ROWS * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 31 + seed * 17) % 23) * 0.2f - 2f;
        }
        // The partition's inputs in order (x, w, flat, square, idx); constants are not read.
        ArrayKernelContext ctx = new ArrayKernelContext(new OnnxValue[] {Tensor.of(x, ROWS, COLS), null, null, null,
                Tensor.of(INDICES, INDICES.length)}, new boolean[] {true, true});
        k.execute(ctx);
        float[] w = weights();
        float[] y = ((Tensor) ctx.output(0)).floatData();
        float[] z = ((Tensor) ctx.output(1)).floatData();
        float[] expectY = new float[INDICES.length * COLS];
        float[] expectZ = new float[ROWS * COLS];
        for (int i = 0; i < x.length; i++) {
            expectZ[i] = (float) Math.tanh(Math.max(x[i], 0f) + w[i]);
        }
        for (int r = 0; r < INDICES.length; r++) {
            for (int j = 0; j < COLS; j++) {
                int i = (int) INDICES[r] * COLS + j;
                expectY[r * COLS + j] = (float) (-1 / (1 + Math.exp(-(Math.max(x[i], 0f) + w[i]))));
            }
        }
        assertArrayEquals(expectY, y, 1e-5f);
        assertArrayEquals(expectZ, z, 1e-5f);
    }
}
