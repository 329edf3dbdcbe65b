package dev.minerua.bench;

/**
 * When warm-up may end. The JIT compiles hot code in tiers over thousands of invocations, so a few
 * rounds measure the interpreter and C1, not steady state (mnist-8 read 2.1 ms after 20 rounds and 0.18 ms
 * after 3000). The rule: at least {@code minRounds} rounds and {@code minSeconds}; then stop once, for every
 * engine, the median of the last window of rounds is within {@code tolerance} (relative) of the median of
 * the window before it; stop at {@code maxSeconds} in any case. The window is the latest rounds that took
 * about {@code windowSeconds}, between {@link #MIN_WINDOW} and {@link #MAX_WINDOW} rounds. Models too slow to
 * reach {@code minRounds} are judged on stability alone from half of {@code maxSeconds} on. Stable also
 * requires a quiet JIT: during the last window, compilation took at most {@link #JIT_QUIET_FRACTION} of the
 * window's run time (the JVM's cumulative compilation time, where it reports one).
 *
 * <p>Pure logic: it sees the timings so far and the time spent, and measures nothing itself.
 */
public record WarmupRule(int minRounds, double minSeconds, double maxSeconds, double windowSeconds, double tolerance) {
    static final int MIN_WINDOW = 3;
    static final int MAX_WINDOW = 200;
    /** Compilation time, as a fraction of the window's run time, that still counts as a quiet JIT. */
    static final double JIT_QUIET_FRACTION = 0.05;

    /** What warm-up should do after a round. */
    public enum Verdict {
        CONTINUE,
        /** Every engine's latency is stable: time now. */
        STABLE,
        /** Out of warm-up time without settling: time anyway, and say so. */
        CAPPED
    }

    /**
     * @param rounds  rounds done so far
     * @param elapsed seconds spent in warm-up so far
     * @param jitMs   the JIT's cumulative compilation time in ms after each round (at least {@code rounds} long),
     *                or null where the JVM does not report it
     * @param times   per engine, its round timings in milliseconds (at least {@code rounds} long, the first
     *                {@code rounds} used); a null entry is ignored
     */
    public Verdict verdict(int rounds, double elapsed, double[] jitMs, double[]... times) {
        // Slow models cannot reach minRounds within the cap; from half the cap on they are judged on stability alone.
        boolean enoughRounds = rounds >= minRounds || elapsed >= maxSeconds / 2;
        if (enoughRounds && elapsed >= minSeconds) {
            int w = window(rounds, times);
            if (rounds >= 2 * w && allStable(rounds, w, times) && jitQuiet(rounds, w, jitMs, times)) {
                return Verdict.STABLE;
            }
        }
        return elapsed >= maxSeconds ? Verdict.CAPPED : Verdict.CONTINUE;
    }

    /**
     * Whether the JIT spent at most {@link #JIT_QUIET_FRACTION} of the last window's run time compiling. A
     * plateau while compilations are still queued is not steady state: on a busy machine the compiler
     * threads get little CPU, and latency can sit flat at the C1 level for seconds before C2 code lands.
     */
    boolean jitQuiet(int n, int w, double[] jitMs, double[]... times) {
        if (jitMs == null) {
            return true;
        }
        double runMs = 0;
        for (double[] t : times) {
            if (t != null) {
                for (int i = n - w; i < n; i++) {
                    runMs += t[i];
                }
            }
        }
        double compiled = jitMs[n - 1] - jitMs[n - 1 - w];
        return compiled <= JIT_QUIET_FRACTION * runMs;
    }

    /**
     * The window in rounds: the latest rounds that together took about {@code windowSeconds} (every engine's
     * time summed), clamped to [{@link #MIN_WINDOW}, {@link #MAX_WINDOW}]. Measured from the end, so that the
     * slow cold rounds at the start do not shrink the window once the code is compiled.
     */
    int window(int rounds, double[]... times) {
        double budgetMs = windowSeconds * 1000;
        double sum = 0;
        int w = 0;
        while (w < rounds && w < MAX_WINDOW && sum < budgetMs) {
            w++;
            for (double[] t : times) {
                if (t != null) {
                    sum += t[rounds - w];
                }
            }
        }
        return Math.max(MIN_WINDOW, w);
    }

    private boolean allStable(int rounds, int w, double[][] times) {
        for (double[] t : times) {
            if (t != null && !stable(t, rounds, w)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the median of t[n-w, n) is within tolerance of the median of t[n-2w, n-w). */
    boolean stable(double[] t, int n, int w) {
        double last = Stats.medianOf(t, n - w, n);
        double before = Stats.medianOf(t, n - 2 * w, n - w);
        return before > 0 && Math.abs(last - before) / before < tolerance;
    }
}
