package dev.minerua.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the engines take turns, and the options that set it. No timing. */
class ScheduleTest {
    private final Schedule quarter = new Schedule(0.25, 30);

    @Test
    void blockFillsTheBlockTimeForTheSlowerEngine() {
        assertEquals(50, quarter.runsPerBlock(5, 2, Integer.MAX_VALUE)); // 250 ms / 5 ms
        assertEquals(50, quarter.runsPerBlock(2, 5, Integer.MAX_VALUE)); // whichever is slower
        assertEquals(1, quarter.runsPerBlock(400, 1, Integer.MAX_VALUE)); // a run longer than the block
        assertEquals(Schedule.MAX_BLOCK_RUNS, quarter.runsPerBlock(0.001, 0.001, Integer.MAX_VALUE));
    }

    @Test
    void blockRespectsTheCapAndStartsWithOneRun() {
        assertEquals(7, quarter.runsPerBlock(1, 1, 7)); // the timed phase's runs left
        assertEquals(1, quarter.runsPerBlock(1, 1, 0));
        assertEquals(1, quarter.runsPerBlock(Double.NaN, Double.NaN, 100)); // nothing ran yet
        assertEquals(25, quarter.runsPerBlock(Double.NaN, 10, 100)); // one engine's time is enough
    }

    @Test
    void zeroBlockMeansRunByRun() {
        assertEquals(1, Schedule.RUN_BY_RUN.runsPerBlock(0.01, 0.01, 1000));
        assertTrue(Schedule.RUN_BY_RUN.describe().contains("run by run"), Schedule.RUN_BY_RUN.describe());
        assertTrue(quarter.describe().contains("0.25 s") && quarter.describe().contains("30 ms"), quarter.describe());
        assertThrows(IllegalArgumentException.class, () -> new Schedule(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0.1, Double.NaN));
    }

    @Test
    void settlingWaitsWhileTheProcessBurnsMoreThanAFifthOfACore() {
        assertTrue(Interleaved.stillBusy(7_000_000, 10_000_000)); // a spinning worker: 0.7 cores
        assertTrue(Interleaved.stillBusy(2_100_000, 10_000_000));
        assertFalse(Interleaved.stillBusy(2_000_000, 10_000_000));
        assertFalse(Interleaved.stillBusy(0, 10_000_000));
    }

    @Test
    void optionsReachTheScheduleAndTheChildren() {
        BenchArgs d = BenchArgs.parse(new String[0]);
        assertEquals(Schedule.DEFAULT, d.schedule());
        assertEquals("both", d.engines);
        assertTrue(d.ortConfig.isEmpty());
        BenchArgs a = BenchArgs.parse(new String[] {"--block", "0", "--settle", "5", "--engines", "ort",
                "--ort-config", "session.intra_op.allow_spinning=0"});
        assertEquals(new Schedule(0, 5), a.schedule());
        assertEquals(Map.of("session.intra_op.allow_spinning", "0"), a.ortConfig);
        BenchArgs child = BenchArgs.parse(a.childOptions("compare").toArray(String[]::new));
        assertEquals(a.schedule(), child.schedule());
        assertEquals("ort", child.engines);
        assertEquals(a.ortConfig, child.ortConfig);
        String method = ModelBenchmark.describeMethod(a);
        assertTrue(method.contains("ort only") && method.contains("allow_spinning"), method);
    }

    @Test
    void eachThreadCountIsMeasuredInAChildOfItsOwnAndCreationOnlyInTheFirst() {
        BenchArgs a = BenchArgs.parse(new String[] {"--threads", "1,2,4", "--optimizer", "--quick"});
        List<BenchArgs> children = a.compareChildren().stream()
                .map(o -> BenchArgs.parse(o.toArray(String[]::new))).toList();
        assertEquals(3, children.size());
        for (int i = 0; i < 3; i++) {
            BenchArgs c = children.get(i);
            assertEquals(List.of(a.threads.get(i)), c.threads);
            assertEquals(i == 0, c.loadTimes, "session creation only in the first child");
            assertEquals(i == 0, c.optimizer, "the optimizer section only in the first child");
            assertTrue(c.latency);
            assertEquals(a.settings(), c.settings());
        }
        // A later child has no session creation to wait for, so its hard limit is shorter.
        assertTrue(ModelBenchmark.childLimitSeconds(children.get(2), "compare")
                < ModelBenchmark.childLimitSeconds(children.get(0), "compare"));
        // The optimizer section alone needs one child, at the first thread count.
        BenchArgs optOnly = BenchArgs.parse(new String[] {"--threads", "2,1", "--optimizer", "--no-latency"});
        List<List<String>> one = optOnly.compareChildren();
        assertEquals(1, one.size());
        BenchArgs c = BenchArgs.parse(one.getFirst().toArray(String[]::new));
        assertEquals(List.of(2), c.threads);
        assertTrue(c.optimizer && !c.latency);
        // Memory children still get every option, thread counts included.
        assertEquals(a.threads, BenchArgs.parse(a.childOptions("memory-ort").toArray(String[]::new)).threads);
    }

    @Test
    void badOptionsAreRefusedByName() {
        for (List<String> bad : List.of(List.of("--engines", "tvm"), List.of("--ort-config", "novalue"),
                List.of("--settle", "-1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BenchArgs.parse(bad.toArray(String[]::new)));
            assertTrue(e.getMessage().contains(bad.getFirst().substring(2)) || e.getMessage().contains(">= 0"),
                    e.getMessage());
        }
    }
}
