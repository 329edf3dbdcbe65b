package dev.minerua.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle spin's rule, fed with made-up gaps. No timing. */
class AdaptiveSpinTest {
    private static final long BASE = 10_000;
    private static final long CEILING = 2_000_000;
    private static final long T0 = 123_456_789L;

    @Test
    void spinCoversTwiceTheLatestGapUpToTheCeiling() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        assertEquals(BASE, s.limit());
        s.loopAfter(300_000, T0);
        assertEquals(600_000, s.limit());
        s.loopAfter(2_000, T0); // a short gap: the long one is remembered, a little less
        assertEquals(600_000 - 600_000 / AdaptiveSpin.DECAY, s.limit());
        s.loopAfter(1_500_000, T0);
        assertEquals(CEILING, s.limit());
    }

    @Test
    void shortGapsWearTheRememberedSpinDownToTheBase() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.loopAfter(300_000, T0);
        long previous = s.limit();
        for (int i = 0; i < 200; i++) {
            s.loopAfter(2_000, T0);
            assertTrue(s.limit() <= previous, "never grows on short gaps");
            previous = s.limit();
        }
        assertEquals(BASE, s.limit());
    }

    @Test
    void alternatingGapsKeepTheWorkerSpinningThroughTheLongerOne() {
        // A run whose kernels' loops come back to back, then after 45 us of serial work: the spin must not drop
        // to the base after each short gap, or the worker parks before every longer one.
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        for (int i = 0; i < 100; i++) {
            s.loopAfter(45_000, T0);
            s.loopAfter(500, T0);
            assertTrue(s.limit() > 45_000, "spin " + s.limit() + " after loop " + i);
        }
    }

    @Test
    void aLongPauseResetsTheSpinToTheBase() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.loopAfter(500_000, T0);
        assertEquals(1_000_000, s.limit());
        s.loopAfter(CEILING + 1, T0); // between requests, not between the loops of one run
        assertEquals(BASE, s.limit());
    }

    @Test
    void aLonePreemptionCoolsDownBriefly() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.loopAfter(400_000, T0);
        assertEquals(800_000, s.limit());
        s.preempted(T0);
        assertEquals(BASE, s.limit());
        s.loopAfter(400_000, T0 + 1_000);
        assertEquals(BASE, s.limit());
        s.loopAfter(400_000, T0 + AdaptiveSpin.MIN_COOLDOWN_NANOS - 1);
        assertEquals(BASE, s.limit(), "still cooling down");
        s.loopAfter(400_000, T0 + AdaptiveSpin.MIN_COOLDOWN_NANOS);
        assertEquals(800_000, s.limit(), "the cool-down is over");
        // nanoTime may be negative or wrap: only differences count.
        AdaptiveSpin w = new AdaptiveSpin(BASE, CEILING);
        w.preempted(Long.MAX_VALUE - 10);
        w.loopAfter(400_000, Long.MAX_VALUE);
        assertEquals(BASE, w.limit());
        w.loopAfter(400_000, Long.MAX_VALUE + AdaptiveSpin.MIN_COOLDOWN_NANOS);
        assertEquals(800_000, w.limit());
    }

    @Test
    void preemptionsThatKeepComingLengthenTheCooldownUpToTheLongest() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        long now = T0;
        long expected = AdaptiveSpin.MIN_COOLDOWN_NANOS;
        for (int i = 0; i < 12; i++) {
            s.preempted(now);
            assertEquals(expected, s.cooldown(), "preemption " + i);
            s.loopAfter(400_000, now + s.cooldown() - 1);
            assertEquals(BASE, s.limit(), "cooling down after preemption " + i);
            // The next comes a millisecond after this cool-down ended: the machine is still loaded.
            now += s.cooldown() + 1_000_000;
            expected = Math.min(AdaptiveSpin.COOLDOWN_NANOS, 2 * expected);
        }
        assertEquals(AdaptiveSpin.COOLDOWN_NANOS, s.cooldown());
        s.preempted(now + AdaptiveSpin.COOLDOWN_NANOS + 2 * AdaptiveSpin.COOLDOWN_NANOS);
        assertEquals(AdaptiveSpin.MIN_COOLDOWN_NANOS, s.cooldown(), "long quiet: a lone preemption again");
    }

    @Test
    void aPreemptionDuringTheCooldownLengthensIt() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.preempted(T0);
        s.preempted(T0 + 1_000);
        assertEquals(2 * AdaptiveSpin.MIN_COOLDOWN_NANOS, s.cooldown());
        s.loopAfter(400_000, T0 + 1_000 + 2 * AdaptiveSpin.MIN_COOLDOWN_NANOS - 1);
        assertEquals(BASE, s.limit());
    }

    @Test
    void aCeilingAtTheBaseTurnsAdaptationOff() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, 0);
        s.loopAfter(5_000, T0);
        assertEquals(BASE, s.limit());
        s.loopAfter(300_000, T0);
        assertEquals(BASE, s.limit());
    }
}
