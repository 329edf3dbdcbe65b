package dev.minerua.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RangeTaskTest {
    /** out[i] = in[i] * scale + k, over ranges. */
    private static final RangeTask<float[], float[], float[]> AXPB =
            new RangeTask<>((in, out, scale, k, from, to) -> {
                for (int i = from; i < to; i++) {
                    out[i] = in[i] * scale[0] + k;
                }
            });

    @Test
    void eachCallSeesItsOwnOperandsOverEveryRange() {
        try (CpuThreadPool pool = new CpuThreadPool(3)) {
            for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
                for (int call = 0; call < 5; call++) {
                    float[] in = ramp(n);
                    float[] out = new float[n];
                    if (call % 2 == 0) {
                        AXPB.parallelRanges(pool, n, 13, in, out, new float[] {call}, call);
                    } else {
                        AXPB.parallelSplit(pool, n, 4, in, out, new float[] {call}, call);
                    }
                    assertArrayEquals(expected(in, call), out, "n=" + n + " call " + call);
                }
            }
        }
    }

    @Test
    void overlappingCallsFromSeveralThreadsDoNotShareOperands() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (CpuThreadPool pool = new CpuThreadPool(2)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int caller = c;
                done.add(callers.submit(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        float[] in = ramp(4099 + caller);
                        float[] out = new float[in.length];
                        AXPB.parallelRanges(pool, in.length, 64, in, out, new float[] {caller}, rep);
                        assertArrayEquals(expected(in, caller, rep), out, "caller " + caller + " rep " + rep);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void aFailingBodyIsRethrownAndTheTaskStaysUsable() {
        RangeTask<int[], Void, Void> failing = new RangeTask<>((a, b, c, k, from, to) -> {
            if (from <= k && k < to) {
                throw new IllegalStateException("item " + k);
            }
            for (int i = from; i < to; i++) {
                a[i]++;
            }
        });
        try (CpuThreadPool pool = new CpuThreadPool(2)) {
            int[] hits = new int[100];
            assertThrows(IllegalStateException.class, () -> failing.parallelRanges(pool, 100, 1, hits, null, null, 42));
            int[] again = new int[100];
            failing.parallelRanges(pool, 100, 1, again, null, null, -1);
            for (int i = 0; i < again.length; i++) {
                assertEquals(1, again[i], "item " + i);
            }
        }
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 3;
        }
        return v;
    }

    private static float[] expected(float[] in, int call) {
        return expected(in, call, call);
    }

    private static float[] expected(float[] in, float scale, int k) {
        float[] e = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            e[i] = in[i] * scale + k;
        }
        return e;
    }
}
