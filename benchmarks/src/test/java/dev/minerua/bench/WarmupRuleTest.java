package dev.minerua.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The warm-up stopping rule on synthetic timings. No timing. */
class WarmupRuleTest {
    private final WarmupRule rule = new WarmupRule(20, 2, 8, 0.5, 0.03);

    @Test
    void windowIsTheLatestHalfSecondOfRoundsWithinBounds() {
        assertEquals(50, rule.window(1000, constant(1000, 10))); // 10 ms a round
        assertEquals(50, rule.window(1000, constant(1000, 4), constant(1000, 6))); // both engines count
        assertEquals(WarmupRule.MAX_WINDOW, rule.window(100_000, constant(100_000, 0.02)));
        assertEquals(WarmupRule.MIN_WINDOW, rule.window(4, constant(4, 1000))); // 1 s a round
        assertEquals(WarmupRule.MIN_WINDOW, rule.window(0, new double[0]));
        // Slow cold rounds at the start do not shrink the window once rounds are fast.
        double[] t = constant(1010, 1);
        Arrays.fill(t, 0, 10, 500);
        assertEquals(WarmupRule.MAX_WINDOW, rule.window(1010, t));
        assertEquals(10, rule.window(10, constant(10, 1), null)); // fewer rounds than the window: all of them
    }

    @Test
    void waitsForTheMinimumRoundsAndSecondsEvenWhenFlat() {
        double[] flat = constant(10_000, 0.1);
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(19, 3, null, flat));
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(5000, 1.9, null, flat));
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(5000, 2.0, null, flat));
    }

    @Test
    void slowModelsAreJudgedOnStabilityFromHalfTheCap() {
        double[] flat = constant(100, 1000); // 1 s a round: window 3, so 6 rounds are needed
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(6, 3.9, null, flat)); // fewer than 20 rounds, before 4 s
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(6, 4, null, flat));
        WarmupRule noMinimum = new WarmupRule(1, 2, 100, 0.5, 0.03);
        assertEquals(WarmupRule.Verdict.CONTINUE, noMinimum.verdict(5, 5, null, flat));
        assertEquals(WarmupRule.Verdict.STABLE, noMinimum.verdict(6, 6, null, flat));
    }

    @Test
    void keepsWarmingWhileTheJitIsStillSpeedingThingsUp() {
        // Latency falling steadily by 0.05 % a round: every window is faster than the one before.
        double[] t = new double[1000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1.0 - i * 0.0005;
        }
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(1000, 2, null, t));
        // The same, but capped: time anyway and say so.
        assertEquals(WarmupRule.Verdict.CAPPED, rule.verdict(1000, 8, null, t));
    }

    @Test
    void toleranceIsRelativeAndStrict() {
        // 1 ms rounds: windows of 200, the last [600, 800) against [400, 600).
        double[] t = constant(800, 1.0);
        Arrays.fill(t, 600, 800, 1.029); // +2.9 %: stable
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(800, 2, null, t));
        Arrays.fill(t, 600, 800, 0.969); // −3.1 %: not yet
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(800, 2, null, t));
    }

    @Test
    void everyEngineMustBeStableAndAMissingOneIsIgnored() {
        double[] settled = constant(800, 1.0);
        double[] moving = constant(800, 1.0);
        Arrays.fill(moving, 600, 800, 0.8);
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(800, 2, null, settled, moving));
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(800, 2, null, settled, null));
    }

    @Test
    void outliersInsideAWindowDoNotMoveTheMedian() {
        double[] t = constant(800, 1.0);
        for (int i = 600; i < 800; i += 5) {
            t[i] = 50; // a GC pause every fifth round: 20 % of the last window
        }
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(800, 2, null, t));
    }

    @Test
    void aPlateauWhileTheJitIsStillCompilingIsNotSteadyState() {
        double[] flat = constant(800, 1.0); // windows of 200 rounds = 200 ms of runs
        double[] busy = new double[800];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = i * 0.2; // 40 ms of compiling per window: 20 %
        }
        assertEquals(WarmupRule.Verdict.CONTINUE, rule.verdict(800, 2, busy, flat));
        assertEquals(WarmupRule.Verdict.CAPPED, rule.verdict(800, 8, busy, flat));
        double[] quiet = constant(800, 3000); // compiled earlier, nothing since
        quiet[700] = 3009; // a late 9 ms compile: 4.5 % of the window
        for (int i = 701; i < 800; i++) {
            quiet[i] = 3009;
        }
        assertEquals(WarmupRule.Verdict.STABLE, rule.verdict(800, 2, quiet, flat));
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Settings(0, 2, 8, 0.5, 0.03, 100, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> new Settings(20, 9, 8, 0.5, 0.03, 100, 5, 3));
        assertEquals(Settings.DEFAULT.warmupRule(), new WarmupRule(1000, 2, 12, 0.5, 0.03));
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
