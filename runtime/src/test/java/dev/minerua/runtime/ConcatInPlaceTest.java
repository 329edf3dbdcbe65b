package dev.minerua.runtime;

import dev.minerua.onnx.AttributeProto;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.ValueLifetime;
import dev.minerua.runtime.exec.ExecutionPlan;
import dev.minerua.runtime.exec.Frame;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.minerua.runtime.TestModels.node;
import static dev.minerua.runtime.TestModels.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concat in place: convolutions whose only reader is a Concat write straight into their part of its output.
 * Every variant must compute exactly what the plain Concat computes (property {@code minerua.concatInPlace=false}),
 * run after run on a reused frame; only the eligible ones (each input read by the Concat alone, none a graph
 * output, blocks a convolution can write) go in place, and the memory plan then shares the Concat's block.
 */
class ConcatInPlaceTest {
    /**
     * Input channels: 300 is over DirectConvKernel's depth limit, so both convolutions run on SGEMM; 8 runs them
     * on the direct kernel with the activation finished on the region.
     */
    private static int C = 300;
    private static final int H = 5;
    private static final int W = 7;

    @AfterEach
    void restore() {
        System.clearProperty("minerua.concatInPlace");
    }

    /**
     * x [n, C, H, W] -> a = Relu(Conv1x1(x)) [n, 5, H, W], b = Relu(Conv3x3 pad 1(x)) [n, 6 or 5, H, W],
     * y = Concat(a, b; axis). {@code extra}: "reader" adds z = Sigmoid(a) (a graph output), "output" makes a a
     * graph output, "none" neither.
     */
    private static ModelProto fire(int n, int axis, String extra) {
        int bChannels = axis == 1 ? 6 : 5;
        int[] yDims = {n, 5, H, W};
        yDims[1] = axis == 1 ? 11 : 5;
        if (axis != 1) {
            yDims[axis] *= 2;
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName("fire")
                .addInput(tensorInfo("x", TensorProto.DataType.FLOAT, n, C, H, W))
                .addOutput(tensorInfo("y", TensorProto.DataType.FLOAT, yDims[0], yDims[1], yDims[2], yDims[3]))
                .addInitializer(TestModels.cosines("Wa", TensorProto.DataType.FLOAT, new int[] {5, C, 1, 1}))
                .addInitializer(TestModels.cosines("Ba", TensorProto.DataType.FLOAT, new int[] {5}))
                .addInitializer(TestModels.cosines("Wb", TensorProto.DataType.FLOAT, new int[] {bChannels, C, 3, 3}))
                .addNode(node("Conv", "ca", new String[] {"x", "Wa", "Ba"}, new String[] {"pa"}))
                .addNode(node("Relu", "ra", new String[] {"pa"}, new String[] {"a"}))
                .addNode(node("Conv", "cb", new String[] {"x", "Wb"}, new String[] {"pb"},
                        ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "rb", new String[] {"pb"}, new String[] {"b"}))
                .addNode(node("Concat", "cat", new String[] {"a", "b"}, new String[] {"y"},
                        TestModels.intAttr("axis", axis)));
        if (extra.equals("reader")) {
            g.addNode(node("Sigmoid", "sig", new String[] {"a"}, new String[] {"z"}))
                    .addOutput(tensorInfo("z", TensorProto.DataType.FLOAT, n, 5, H, W));
        } else if (extra.equals("output")) {
            g.addOutput(tensorInfo("a", TensorProto.DataType.FLOAT, n, 5, H, W));
        }
        return TestModels.model(g.build(), 17);
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Tensor input(int n, int seed) {
        float[] x = new float[n * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37 + seed) * 0.3f;
        }
        return Tensor.of(x, n, C, H, W);
    }

    /** Each output of a run, as float arrays by name. */
    private static List<float[]> runAll(Session s, Tensor x) {
        List<float[]> out = new ArrayList<>();
        try (Result r = s.run(Map.of("x", x))) {
            for (String name : r.names()) {
                out.add(r.get(name).floatData().clone());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "n={0} axis={1} extra={2} level={3} channels={5}")
    @CsvSource({
            "1, 1, none, EXTENDED, true, 8", "2, 1, none, EXTENDED, true, 8", "2, 0, none, EXTENDED, true, 8",
            "1, 1, reader, EXTENDED, false, 8",
            "1, 1, none, EXTENDED, true, 300", "2, 1, none, EXTENDED, true, 300", "1, 1, none, NONE, false, 300",
            "1, 2, none, EXTENDED, false, 300", "2, 0, none, EXTENDED, true, 300", "2, 3, none, EXTENDED, false, 300", "1, -3, none, EXTENDED, true, 300",
            "1, 1, reader, EXTENDED, false, 300", "2, 1, output, EXTENDED, false, 300"})
    void matchesThePlainConcat(int n, int axis, String extra, String level, boolean inPlace, int channels) {
        C = channels;
        SessionOptions options = new SessionOptions()
                .setOptimizationLevel(dev.minerua.optimizer.OptimizationLevel.valueOf(level));
        byte[] model = fire(n, axis == -3 ? 1 : axis, extra).toByteArray();
        if (axis == -3) {
            model = fire(n, 1, extra).toBuilder().setGraph(fire(n, 1, extra).getGraph().toBuilder()
                    .setNode(4, node("Concat", "cat", new String[] {"a", "b"}, new String[] {"y"},
                            TestModels.intAttr("axis", -3)))).build().toByteArray();
        }
        try (Environment env = Environment.create()) {
            System.setProperty("minerua.concatInPlace", "false");
            List<List<float[]>> expected = new ArrayList<>();
            try (Session plain = env.createSession(model, options)) {
                for (int seed = 0; seed < 3; seed++) {
                    expected.add(runAll(plain, input(n, seed)));
                }
            }
            System.clearProperty("minerua.concatInPlace");
            try (Session s = env.createSession(model, options)) {
                // Several runs on the session's reused frame, with different inputs: stale values must not leak.
                for (int round = 0; round < 2; round++) {
                    for (int seed = 0; seed < 3; seed++) {
                        List<float[]> got = runAll(s, input(n, seed));
                        for (int o = 0; o < got.size(); o++) {
                            assertArrayEquals(expected.get(seed).get(o), got.get(o), "output " + o + " seed " + seed);
                        }
                    }
                }
                GraphMemoryPlan plan = s.memoryPlan(Map.of("x", input(n, 0)));
                ValueLifetime a = plan.values().stream().filter(v -> v.name().equals("a")).findFirst().orElseThrow();
                assertEquals(inPlace, "y".equals(a.viewOf()), "a shares y's block exactly when in place");
                assertTrue(plan.plan().plannedPeak() >= plan.plan().lowerBound());
                if (inPlace) {
                    assertProducersSetNothing(s, input(n, 1));
                }
            }
        }
    }

    /** The convolutions' steps leave their own slots empty: they wrote into the Concat's output. */
    private static void assertProducersSetNothing(Session s, Tensor x) {
        ExecutionPlan plan = s.executionPlan();
        Frame frame = Frame.pooled(plan, s.runLimits());
        List<String> empty = new ArrayList<>();
        frame.setObserver((step, f) -> {
            String name = plan.graph().nodes().get(step).output(0).name();
            if (f.stepOutput(step, 0) == null) {
                empty.add(name);
            }
        });
        frame.feed(Map.of("x", x));
        frame.run();
        assertEquals(List.of("a", "b"), empty);
        frame.endRun();
    }
}
