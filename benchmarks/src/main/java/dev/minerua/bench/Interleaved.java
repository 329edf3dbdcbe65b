package dev.minerua.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Warms up and times one or two engines in alternating rounds: each round runs a block of every engine, the
 * order alternating (A B, B A, A B, ...), so that a burst of background load, a GC or a frequency change
 * lands on both engines alike instead of on whichever happened to be timed in that minute. How long a block
 * is and the pause after it follow the {@link Schedule}; both engines run the same number of runs per round,
 * so their samples line up run by run for the {@link WarmupRule}.
 */
final class Interleaved {
    /** Timed runs per engine at least, so that a median means something (one if a round exceeds the whole budget). */
    static final int MIN_ROUNDS = 3;
    /** The JIT's cumulative compilation time, for the warm-up rule; null in a JVM without a JIT. */
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** Pauses last at most this many times the schedule's pause. */
    static final int MAX_SETTLE_FACTOR = 4;
    private static final long SETTLE_POLL_MILLIS = 10;
    /** The process's CPU clock (all threads, native ones included), null where the JVM has none. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS = processCpu();

    private final Settings settings;
    private final Schedule schedule;

    Interleaved(Settings settings, Schedule schedule) {
        this.settings = settings;
        this.schedule = schedule;
    }

    /**
     * What one measurement gave.
     *
     * @param a               A's timed runs
     * @param b               B's timed runs, null without B
     * @param warmupRounds    warm-up runs of each engine
     * @param warmupSeconds   time spent warming up
     * @param stable          whether warm-up ended because latency settled (false: it hit the cap)
     */
    record Timing(Stats a, Stats b, int warmupRounds, double warmupSeconds, boolean stable) {
    }

    /** Warm-up by the settings' {@link WarmupRule}, then timed rounds; {@code b} may be null. */
    Timing measure(Engine a, Engine b) throws Exception {
        WarmupRule rule = settings.warmupRule();
        Samples wa = new Samples();
        Samples wb = new Samples();
        Samples jit = JIT != null && JIT.isCompilationTimeMonitoringSupported() ? new Samples() : null;
        long start = System.nanoTime();
        WarmupRule.Verdict verdict;
        int rounds = 0;
        int checked = 0;
        while (true) {
            int k = round(a, b, rounds++, wa, wb, Integer.MAX_VALUE);
            if (jit != null) {
                jit.addTimes(JIT.getTotalCompilationTime(), k);
            }
            int n = wa.size;
            double elapsed = secondsSince(start);
            // Checking sorts two windows; every few runs is plenty when runs are short.
            int every = Math.max(1, rule.window(n, wa.values, b == null ? null : wb.values) / 8);
            if (n - checked < every && elapsed < settings.warmupMaxSeconds()) {
                continue;
            }
            checked = n;
            verdict = rule.verdict(n, elapsed, jit == null ? null : jit.values, wa.values,
                    b == null ? null : wb.values);
            if (verdict != WarmupRule.Verdict.CONTINUE) {
                break;
            }
        }
        double warmSeconds = secondsSince(start);
        int warmRuns = wa.size;
        System.gc(); // start the timed phase with a clean heap for both
        settle();
        Samples ta = new Samples();
        Samples tb = new Samples();
        long t0 = System.nanoTime();
        double lastRound = 0;
        while (ta.size < settings.runs()) {
            double spent = secondsSince(t0);
            int atLeast = lastRound > settings.timedSeconds() ? 1 : MIN_ROUNDS;
            if (ta.size >= atLeast && spent + lastRound > settings.timedSeconds()) {
                break;
            }
            long r0 = System.nanoTime();
            round(a, b, rounds++, ta, tb, settings.runs() - ta.size);
            lastRound = secondsSince(r0);
        }
        return new Timing(ta.stats(), b == null ? null : tb.stats(), warmRuns, warmSeconds,
                verdict == WarmupRule.Verdict.STABLE);
    }

    /** One round: a block of each engine, in alternating order, at most {@code cap} runs each; returns the runs. */
    private int round(Engine a, Engine b, int index, Samples sa, Samples sb, int cap) throws Exception {
        if (b == null) {
            sa.add(a.timedRun());
            return 1;
        }
        int k = schedule.runsPerBlock(sa.last(), sb.last(), cap);
        boolean aFirst = index % 2 == 0;
        block(aFirst ? a : b, k, aFirst ? sa : sb);
        block(aFirst ? b : a, k, aFirst ? sb : sa);
        return k;
    }

    private void block(Engine e, int k, Samples s) throws Exception {
        for (int i = 0; i < k; i++) {
            s.add(e.timedRun());
        }
        settle();
    }

    /**
     * The schedule's pause, for the engine that just ran to let its threads go idle: at least
     * {@code settleMillis}, then on in short sleeps while the process still burns CPU (an engine's threads
     * spinning, or JIT and GC threads at work), up to {@link #MAX_SETTLE_FACTOR} times the pause. On a busy
     * machine a spinning thread is preempted, so its spin lasts longer in wall time than in CPU time.
     */
    private void settle() throws InterruptedException {
        long ms = (long) schedule.settleMillis();
        if (ms <= 0) {
            return;
        }
        long deadline = System.nanoTime() + MAX_SETTLE_FACTOR * ms * 1_000_000;
        Thread.sleep(ms);
        while (PROCESS != null && System.nanoTime() < deadline) {
            long c0 = PROCESS.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(SETTLE_POLL_MILLIS);
            if (!stillBusy(PROCESS.getProcessCpuTime() - c0, System.nanoTime() - t0)) {
                return;
            }
        }
    }

    /** Whether the process used more than a fifth of a core over {@code wallNanos} (its main thread slept). */
    static boolean stillBusy(long cpuNanos, long wallNanos) {
        return cpuNanos * 5 > wallNanos;
    }

    private static com.sun.management.OperatingSystemMXBean processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0 ? os : null;
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A growing list of timings; {@code values} may be longer than {@code size}. */
    private static final class Samples {
        double[] values = new double[256];
        int size;

        double last() {
            return size == 0 ? Double.NaN : values[size - 1];
        }

        void addTimes(double v, int times) {
            for (int i = 0; i < times; i++) {
                add(v);
            }
        }

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        Stats stats() {
            return size == 0 ? null : Stats.of(Arrays.copyOf(values, size));
        }
    }
}
