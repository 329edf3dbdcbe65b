package dev.minerua.cpu;

/**
 * How long one idle pool worker spins before it parks, learnt from how soon the loops came. Within a run,
 * parallel loops follow each other after a few to a few hundred microseconds of serial work, and runs often
 * come back to back; a worker that parks after a short spin then costs a wake-up (tens of microseconds in a
 * VM) on the critical path of nearly every loop. A long fixed spin fixes that but burns a core between
 * sporadic requests and, on a machine with more runnable threads than cores, takes the core from the
 * threads doing the work. So the spin follows the gaps: after a loop that came {@code d} after the last one
 * ended (with {@code d} at most the ceiling), the next spin lasts {@code 2d} (at least the base); after a
 * longer pause, or once the worker noticed it lost its core while spinning (a loaded machine), it is back to
 * the base and, after a preemption, stays there for {@link #COOLDOWN_LOOPS} loops.
 *
 * <p>Not thread-safe: each worker owns one.
 */
final class AdaptiveSpin {
    /** Loops after a preemption during which the spin does not grow. */
    static final int COOLDOWN_LOOPS = 256;
    /**
     * A gap this long between two polls of one spin means the thread was descheduled (a poll takes tens of
     * nanoseconds; a time slice is milliseconds).
     */
    static final long PREEMPTED_NANOS = 200_000;

    private final long base;
    private final long ceiling;
    private long limit;
    private int cooldown;

    /**
     * @param baseNanos    the spin after a long pause (and the least spin)
     * @param ceilingNanos the longest spin; at most {@code baseNanos} turns the adaptation off
     */
    AdaptiveSpin(long baseNanos, long ceilingNanos) {
        this.base = baseNanos;
        this.ceiling = Math.max(baseNanos, ceilingNanos);
        this.limit = baseNanos;
    }

    /** How long to spin now. */
    long limit() {
        return limit;
    }

    /** A loop arrived {@code idleNanos} after the worker finished the previous one. */
    void loopAfter(long idleNanos) {
        if (cooldown > 0) {
            cooldown--;
            limit = base;
        } else {
            limit = idleNanos > ceiling ? base : Math.min(ceiling, Math.max(base, 2 * idleNanos));
        }
    }

    /** The worker lost its core while spinning: spinning now only delays the threads that work. */
    void preempted() {
        limit = base;
        cooldown = COOLDOWN_LOOPS;
    }
}
