package dev.minerua.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuThreadPoolTest {

    @Test
    void everyTaskRunsExactlyOnceForManyLoops() {
        try (CpuThreadPool pool = new CpuThreadPool(3)) {
            for (int tasks : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
                for (int rep = 0; rep < 200; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(tasks, 1));
                    pool.parallelFor(tasks, hits::incrementAndGet);
                    for (int t = 0; t < tasks; t++) {
                        assertEquals(1, hits.get(t), "task " + t + " of " + tasks);
                    }
                }
            }
        }
    }

    @Test
    void waitingWithYieldsOrWithoutSpinningStillRunsEveryTask() {
        // The wait settings are read when a pool is made; both extremes must stay correct, including loops
        // that follow each other after a pause long enough for the workers to park.
        // The fourth setting is the adaptive spin's ceiling (0: adaptation off; 2000: the default).
        for (String[] spinYield : new String[][] {{"0", "0", "0", "0"}, {"10", "500", "0", "2000"},
                {"10", "0", "300", "0"}, {"10", "0", "0", "2000"}}) {
            System.setProperty("minerua.cpu.spinMicros", spinYield[0]);
            System.setProperty("minerua.cpu.yieldMicros", spinYield[1]);
            System.setProperty("minerua.cpu.joinSpinMicros", spinYield[2]);
            System.setProperty("minerua.cpu.maxSpinMicros", spinYield[3]);
            try (CpuThreadPool pool = new CpuThreadPool(2)) {
                for (int rep = 0; rep < 300; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(9);
                    pool.parallelFor(9, hits::incrementAndGet);
                    for (int t = 0; t < 9; t++) {
                        assertEquals(1, hits.get(t), "task " + t + " with spin/yield " + String.join("/", spinYield));
                    }
                    if (rep % 100 == 99) {
                        java.util.concurrent.locks.LockSupport.parkNanos(3_000_000);
                    } else if (rep % 10 == 9) {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000); // within the adaptive spin
                    }
                }
            } finally {
                System.clearProperty("minerua.cpu.spinMicros");
                System.clearProperty("minerua.cpu.yieldMicros");
                System.clearProperty("minerua.cpu.joinSpinMicros");
                System.clearProperty("minerua.cpu.maxSpinMicros");
            }
        }
    }

    @Test
    void workersWokenAfterTheirLoopEndedStillServeTheNextLoops() throws Exception {
        // With no idle spin every loop wakes a parked worker; tiny loops end on the caller before the worker
        // runs, so it wakes to find its loop gone (and must then still serve later loops, not hang or skip).
        System.setProperty("minerua.cpu.spinMicros", "0");
        System.setProperty("minerua.cpu.maxSpinMicros", "0");
        try {
            for (int threads : new int[] {2, 3}) {
                try (CpuThreadPool pool = new CpuThreadPool(threads)) {
                    for (int r = 0; r < 20; r++) {
                        int round = r;
                        AtomicIntegerArray hits = new AtomicIntegerArray(2);
                        for (int rep = 0; rep < 100; rep++) {
                            pool.parallelFor(2, hits::incrementAndGet);
                        }
                        assertEquals(100, hits.get(0));
                        assertEquals(100, hits.get(1));
                        // Every thread of the pool must take one task: each waits for all the others.
                        java.util.concurrent.CyclicBarrier all = new java.util.concurrent.CyclicBarrier(threads);
                        pool.parallelFor(threads, t -> {
                            try {
                                all.await(10, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException("a worker did not come in round " + round, e);
                            }
                        });
                    }
                }
            }
        } finally {
            System.clearProperty("minerua.cpu.spinMicros");
            System.clearProperty("minerua.cpu.maxSpinMicros");
        }
    }

    @Test
    void rangesCoverTheLoopWithoutOverlap() {
        try (CpuThreadPool pool = new CpuThreadPool(3)) {
            for (int n : new int[] {0, 1, 5, 97, 100_003}) {
                for (int min : new int[] {1, 7, 1000, 1 << 20}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    pool.parallelRanges(n, min, (from, to) -> {
                        assertTrue(from < to, "empty range");
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i));
                    }
                }
            }
        }
    }

    @Test
    void firstFailureIsRethrownAfterTheLoop() {
        try (CpuThreadPool pool = new CpuThreadPool(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.parallelFor(50, t -> {
                if (t == 17) {
                    throw new IllegalArgumentException("task 17");
                }
            }));
            assertEquals("task 17", e.getMessage());
            // The pool still works afterwards.
            AtomicInteger sum = new AtomicInteger();
            pool.parallelFor(10, sum::addAndGet);
            assertEquals(45, sum.get());
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnLoop() throws Exception {
        try (CpuThreadPool pool = new CpuThreadPool(3); ExecutorService callers = Executors.newFixedThreadPool(4)) {
            Future<?>[] f = new Future<?>[4];
            for (int c = 0; c < f.length; c++) {
                f[c] = callers.submit(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(37);
                        pool.parallelFor(37, hits::incrementAndGet);
                        for (int t = 0; t < 37; t++) {
                            assertEquals(1, hits.get(t));
                        }
                    }
                });
            }
            for (Future<?> x : f) {
                x.get();
            }
        }
    }

    @Test
    void nestedLoopsRunOnTheWorker() {
        try (CpuThreadPool pool = new CpuThreadPool(2)) {
            AtomicInteger inner = new AtomicInteger();
            pool.parallelFor(8, t -> pool.parallelFor(5, u -> inner.incrementAndGet()));
            assertEquals(40, inner.get());
            assertFalse(pool.isWorkerThread());
        }
    }

    @Test
    void splitRunsExactlyTheChunksAskedFor() {
        try (CpuThreadPool pool = new CpuThreadPool(3)) {
            for (int n : new int[] {0, 1, 5, 97, 10_007}) {
                for (int chunks : new int[] {1, 2, 3, 8, 13}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    AtomicInteger calls = new AtomicInteger();
                    pool.parallelSplit(n, chunks, (from, to) -> {
                        calls.incrementAndGet();
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    assertEquals(chunks, calls.get(), "n " + n);
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i));
                    }
                }
            }
        }
    }

    /**
     * The pool reuses its loop object: loops nested in a task (on the caller and on workers) and loops of
     * concurrent callers, back to back, must each still cover every index exactly once.
     */
    @Test
    void reusedLoopsStayCorrectWhenNestedAndConcurrent() throws Exception {
        try (CpuThreadPool pool = new CpuThreadPool(3); ExecutorService callers = Executors.newFixedThreadPool(3)) {
            Future<?>[] f = new Future<?>[3];
            for (int c = 0; c < f.length; c++) {
                int outer = 5 + c;
                f[c] = callers.submit(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        int inner = 11 + rep % 7;
                        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
                        pool.parallelFor(outer, t -> pool.parallelRanges(inner, 1, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                hits.incrementAndGet(t * inner + i);
                            }
                        }));
                        for (int i = 0; i < outer * inner; i++) {
                            assertEquals(1, hits.get(i), "index " + i + " of rep " + rep);
                        }
                        AtomicIntegerArray flat = new AtomicIntegerArray(inner);
                        pool.parallelSplit(inner, 4, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                flat.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < inner; i++) {
                            assertEquals(1, flat.get(i));
                        }
                    }
                });
            }
            for (Future<?> x : f) {
                x.get();
            }
        }
    }

    @Test
    void closedAndSerialPoolsRunOnTheCaller() {
        CpuThreadPool pool = new CpuThreadPool(4);
        pool.parallelFor(8, t -> { });
        pool.close();
        pool.close();
        Thread caller = Thread.currentThread();
        pool.parallelFor(16, t -> assertSame(caller, Thread.currentThread()));
        CpuThreadPool.serial().parallelFor(16, t -> assertSame(caller, Thread.currentThread()));
        assertEquals(1, CpuThreadPool.serial().threads());
        assertThrows(IllegalArgumentException.class, () -> new CpuThreadPool(0));
    }
}
