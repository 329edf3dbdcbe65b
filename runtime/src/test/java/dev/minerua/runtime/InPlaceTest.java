package dev.minerua.runtime;

import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.plan.GraphLifetimes;
import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.ValueLifetime;
import dev.minerua.plan.ValueSizes;
import dev.minerua.runtime.exec.ExecutionPlan;
import dev.minerua.runtime.exec.Frame;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels that declare an input they may overwrite get that input's array as their output when it dies at
 * their step; the results stay bit-identical, graph inputs and values read again later are never written, and
 * the memory plan shrinks accordingly. Also: memory plans are cached per input shape, and the run-time pool
 * stays bounded when input shapes vary.
 */
class InPlaceTest {
    private static final SessionOptions NO_FUSION = new SessionOptions().setOptimizationLevel(OptimizationLevel.NONE);

    private static Tensor input(int batch) {
        float[] x = new float[batch * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37) * 3;
        }
        return Tensor.of(x, batch, 16);
    }

    @Test
    void inPlaceRunsAreBitIdenticalAndOverwriteOnlyDyingValues() {
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.inPlaceChain().toByteArray(), NO_FUSION)) {
            ExecutionPlan plan = s.executionPlan();
            Tensor x = input(3);
            float[] xBefore = x.floatData().clone();
            Frame plain = new Frame(plan, s.runLimits());
            plain.feed(Map.of("x", x));
            plain.run();
            float[] expected = ((Tensor) plain.output(0)).floatData();

            Frame pooled = Frame.pooled(plan, s.runLimits());
            for (int run = 0; run < 3; run++) {
                Map<String, Object> arrays = new HashMap<>();
                pooled.setObserver((step, f) -> {
                    arrays.put(plan.graph().nodes().get(step).output(0).name(), ((Tensor) f.stepOutput(step, 0)).data());
                });
                pooled.feed(Map.of("x", x));
                pooled.run();
                Tensor y = (Tensor) pooled.output(0);
                assertArrayEquals(expected, y.floatData(), "run " + run);
                assertArrayEquals(xBefore, x.floatData(), "the graph input is never written");
                assertNotSame(x.floatData(), arrays.get("a"), "Exp must not write over the graph input");
                assertNotSame(arrays.get("a"), arrays.get("b"), "a is read again by Tanh: Sigmoid must not take it");
                assertSame(arrays.get("a"), arrays.get("c"), "Tanh is a's last reader: it writes in place");
                assertSame(arrays.get("b"), arrays.get("d"), "Mul takes its first dying input");
                assertSame(arrays.get("d"), arrays.get("y"), "Neg writes its output over d");
                pooled.endRun();
                // The output now belongs to the caller: the next run must not write over it.
                float[] kept = y.floatData().clone();
                pooled.feed(Map.of("x", x));
                pooled.run();
                assertArrayEquals(kept, y.floatData(), "an earlier run's output is left alone");
                pooled.endRun();
            }
        }
    }

    @Test
    void memoryPlanPeakDropsByTheBlocksWrittenInPlace() {
        // 16 floats = 64 bytes per value. Without in-place: a [0,2], b [1,3], c [2,3], d [3,4], y [4,4]:
        // three values live at steps 2 and 3 -> 192 bytes. With it: {a, c} [0,3] and {b, d, y} [1,4] -> 128.
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.inPlaceChain().toByteArray(), NO_FUSION)) {
            Map<String, OnnxValue> feeds = Map.of("x", input(1));
            GraphMemoryPlan inPlace = s.memoryPlan(feeds);
            assertEquals(128, inPlace.plan().plannedPeak());
            assertEquals(128, inPlace.plan().lowerBound());
            Map<String, ValueLifetime> rows = inPlace.values().stream()
                    .collect(Collectors.toMap(ValueLifetime::name, Function.identity()));
            assertFalse(rows.get("b").inPlace());
            assertTrue(rows.get("c").inPlace());
            assertEquals("a", rows.get("c").viewOf());
            assertEquals("b", rows.get("y").viewOf());
            GraphMemoryPlan without = GraphLifetimes.plan(s.graph(), v -> 64);
            assertEquals(192, without.plan().plannedPeak());
            assertEquals(192, without.plan().lowerBound());
        }
    }

    @Test
    void memoryPlansAreCachedPerShapeSignatureAndBounded() {
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.inPlaceChain().toByteArray(), NO_FUSION)) {
            GraphMemoryPlan first = s.memoryPlan(Map.of("x", input(2)));
            assertSame(first, s.memoryPlan(Map.of("x", input(2))), "same shapes: the cached plan");
            assertNotSame(first, s.memoryPlan(Map.of("x", input(3))));
            for (int batch = 1; batch <= 20; batch++) {
                s.memoryPlan(Map.of("x", input(batch)));
            }
            assertEquals(Session.PLAN_CACHE_SIGNATURES, s.cachedMemoryPlans());
            assertEquals(64L * 20 * 2, s.memoryPlan(Map.of("x", input(20))).plan().plannedPeak());
        }
    }

    @Test
    void pooledBytesStayBoundedWhenInputShapesAlternate() {
        int[] batches = {1, 7, 33};
        long bound = 0;
        for (int batch : batches) {
            try (Environment env = Environment.create();
                 Session alone = env.createSession(TestModels.inPlaceChain().toByteArray(), NO_FUSION)) {
                alone.run(Map.of("x", input(batch)));
                alone.run(Map.of("x", input(batch)));
                bound = Math.max(bound, alone.pooledBytes());
            }
        }
        assertTrue(bound > 0, "the chain keeps intermediates in the pool");
        try (Environment env = Environment.create();
             Session s = env.createSession(TestModels.inPlaceChain().toByteArray(), NO_FUSION)) {
            List<Tensor> feeds = java.util.Arrays.stream(batches).mapToObj(InPlaceTest::input).toList();
            for (int run = 0; run < 60; run++) {
                Tensor x = feeds.get(run % feeds.size());
                Tensor y = (Tensor) s.run(Map.of("x", x)).value("y");
                assertEquals(x.size(), y.size());
                long pooled = s.pooledBytes();
                assertTrue(pooled <= bound, "run " + run + ": pool holds " + pooled + " bytes, over the "
                        + bound + " of the largest single shape");
            }
        }
    }
}
