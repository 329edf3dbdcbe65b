package dev.minerua.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The idle spin's rule, fed with made-up gaps. No timing. */
class AdaptiveSpinTest {
    private static final long BASE = 10_000;
    private static final long CEILING = 2_000_000;

    @Test
    void spinCoversTwiceTheLatestGapUpToTheCeiling() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        assertEquals(BASE, s.limit());
        s.loopAfter(300_000);
        assertEquals(600_000, s.limit());
        s.loopAfter(2_000); // a short gap: never below the base
        assertEquals(BASE, s.limit());
        s.loopAfter(1_500_000);
        assertEquals(CEILING, s.limit());
    }

    @Test
    void aLongPauseResetsTheSpinToTheBase() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.loopAfter(500_000);
        assertEquals(1_000_000, s.limit());
        s.loopAfter(CEILING + 1); // between requests, not between the loops of one run
        assertEquals(BASE, s.limit());
    }

    @Test
    void afterAPreemptionTheSpinStaysShortForAWhile() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, CEILING);
        s.loopAfter(400_000);
        s.preempted();
        assertEquals(BASE, s.limit());
        for (int i = 0; i < AdaptiveSpin.COOLDOWN_LOOPS; i++) {
            s.loopAfter(400_000);
            assertEquals(BASE, s.limit(), "loop " + i + " of the cool-down");
        }
        s.loopAfter(400_000);
        assertEquals(800_000, s.limit());
    }

    @Test
    void aCeilingAtTheBaseTurnsAdaptationOff() {
        AdaptiveSpin s = new AdaptiveSpin(BASE, 0);
        s.loopAfter(5_000);
        assertEquals(BASE, s.limit());
        s.loopAfter(300_000);
        assertEquals(BASE, s.limit());
    }
}
