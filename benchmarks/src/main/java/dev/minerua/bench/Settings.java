package dev.minerua.bench;

import java.util.Locale;

/**
 * How long to measure each model at each thread count. Warm-up follows {@link WarmupRule}: at least
 * {@code warmupMinRounds} runs per engine and {@code warmupMinSeconds}, then until each engine's median over the last
 * window moved less than {@code stableTolerance} against the window before, stopping at
 * {@code warmupMaxSeconds} regardless. Then timed rounds until {@code runs} runs per engine or {@code timedSeconds}
 * have passed, at least three (one if a single round is longer than the whole timed budget).
 *
 * @param warmupMinRounds  warm-up runs of each engine at least; waived from half of
 *                         {@code warmupMaxSeconds} on, for models too slow to reach it
 * @param warmupMinSeconds warm-up seconds at least
 * @param warmupMaxSeconds warm-up stops here even when latency is not stable yet (the row says so)
 * @param windowSeconds    the stability window: the latest runs that took about this long (3 to 200 runs)
 * @param stableTolerance  relative change of the window median that counts as stable, e.g. 0.03
 * @param runs             timed runs of each engine at most
 * @param timedSeconds     timed phase stops starting rounds after this long
 * @param loadRepeats      session creations after the cold one whose median is the warm load time
 */
public record Settings(int warmupMinRounds, double warmupMinSeconds, double warmupMaxSeconds, double windowSeconds,
                       double stableTolerance, int runs, double timedSeconds, int loadRepeats) {
    /** About 15 minutes for the default suite (22 models at 1 and 2 threads) on two cores. */
    public static final Settings DEFAULT = new Settings(1000, 2, 12, 0.5, 0.03, 2000, 5, 3);
    /** A quick look: cold-ish figures, fine for checking that the runner works. */
    public static final Settings QUICK = new Settings(5, 0.3, 1, 0.1, 0.05, 50, 1, 1);

    public Settings {
        if (warmupMinRounds < 1 || warmupMinSeconds < 0 || warmupMaxSeconds <= 0 || windowSeconds <= 0
                || stableTolerance <= 0 || runs < 1 || timedSeconds <= 0 || loadRepeats < 0) {
            throw new IllegalArgumentException("warm-up, runs and budgets must be positive (load repeats may be 0)");
        }
        if (warmupMaxSeconds < warmupMinSeconds) {
            throw new IllegalArgumentException("--warmup-max " + warmupMaxSeconds + " s is below --warmup-min "
                    + warmupMinSeconds + " s");
        }
    }

    /** The rule this warm-up follows. */
    public WarmupRule warmupRule() {
        return new WarmupRule(warmupMinRounds, warmupMinSeconds, warmupMaxSeconds, windowSeconds, stableTolerance);
    }

    /** One line for report headers. */
    public String describe() {
        return String.format(Locale.ROOT, "warm-up: at least %d runs (waived after half the cap) and %s s, then "
                        + "until each engine's median over the last ~%s s of runs (3–%d runs) moves < %s %% against the "
                        + "window before, capped at %s s; "
                        + "timed: up to %d runs or %s s (at least %d); load: 1 cold + %d warm session creations",
                warmupMinRounds, num(warmupMinSeconds), num(windowSeconds), WarmupRule.MAX_WINDOW,
                num(stableTolerance * 100), num(warmupMaxSeconds), runs, num(timedSeconds), Interleaved.MIN_ROUNDS,
                loadRepeats);
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
