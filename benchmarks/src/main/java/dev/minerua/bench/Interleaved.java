package dev.minerua.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Warms up and times one or two engines in interleaved rounds: each round runs every engine once, the
 * order alternating (A B, B A, A B, ...), so that a burst of background load, a GC or a frequency change
 * lands on both engines alike instead of on whichever happened to be timed in that minute.
 */
final class Interleaved {
    /** Timed rounds at least, so that a median means something (one if a round exceeds the whole budget). */
    static final int MIN_ROUNDS = 3;
    /** The JIT's cumulative compilation time, for the warm-up rule; null in a JVM without a JIT. */
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private final Settings settings;

    Interleaved(Settings settings) {
        this.settings = settings;
    }

    /**
     * What one measurement gave.
     *
     * @param a               A's timed runs
     * @param b               B's timed runs, null without B
     * @param warmupRounds    warm-up rounds (each ran every engine once)
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
        while (true) {
            round(a, b, rounds, wa, wb);
            if (jit != null) {
                jit.add(JIT.getTotalCompilationTime());
            }
            rounds++;
            double elapsed = secondsSince(start);
            // Checking sorts two windows; every few rounds is plenty when rounds are short.
            int every = Math.max(1, rule.window(rounds, wa.values, b == null ? null : wb.values) / 8);
            if (rounds % every != 0 && elapsed < settings.warmupMaxSeconds()) {
                continue;
            }
            verdict = rule.verdict(rounds, elapsed, jit == null ? null : jit.values, wa.values,
                    b == null ? null : wb.values);
            if (verdict != WarmupRule.Verdict.CONTINUE) {
                break;
            }
        }
        double warmSeconds = secondsSince(start);
        System.gc(); // start the timed phase with a clean heap for both
        Samples ta = new Samples();
        Samples tb = new Samples();
        long t0 = System.nanoTime();
        double lastRound = 0;
        int done = 0;
        while (done < settings.runs()) {
            double spent = secondsSince(t0);
            int atLeast = lastRound > settings.timedSeconds() ? 1 : MIN_ROUNDS;
            if (done >= atLeast && spent + lastRound > settings.timedSeconds()) {
                break;
            }
            long r0 = System.nanoTime();
            round(a, b, done + rounds, ta, tb);
            lastRound = secondsSince(r0);
            done++;
        }
        return new Timing(ta.stats(), b == null ? null : tb.stats(), rounds, warmSeconds,
                verdict == WarmupRule.Verdict.STABLE);
    }

    private static void round(Engine a, Engine b, int index, Samples sa, Samples sb) throws Exception {
        if (b == null) {
            sa.add(a.timedRun());
        } else if (index % 2 == 0) {
            sa.add(a.timedRun());
            sb.add(b.timedRun());
        } else {
            sb.add(b.timedRun());
            sa.add(a.timedRun());
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A growing list of timings; {@code values} may be longer than {@code size}. */
    private static final class Samples {
        double[] values = new double[256];
        int size;

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
