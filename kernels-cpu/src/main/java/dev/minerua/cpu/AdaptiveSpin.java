package dev.minerua.cpu;

/**
 * How long one idle pool worker spins before it parks, learnt from how soon the loops came. Within a run,
 * parallel loops follow each other after a few to a few hundred microseconds of serial work, and runs often
 * come back to back; a worker that parks after a short spin then costs a wake-up (tens of microseconds in a
 * VM) on the critical path of nearly every loop. A long fixed spin fixes that but burns a core between
 * sporadic requests and, on a machine with more runnable threads than cores, takes the core from the
 * threads doing the work. So the spin follows the gaps: after a loop that came {@code d} after the last one
 * ended (with {@code d} at most the ceiling), the next spin lasts at least {@code 2d} (and the base); after a
 * longer pause it is back to the base. A long gap is remembered over the next loops, the spin shrinking by
 * {@code 1/}{@link #DECAY} of itself per loop: in a run the gaps alternate (back-to-back loops of one kernel,
 * then tens of microseconds of serial work before the next kernel's loop), and a spin sized by the latest
 * gap alone would be the base after every short gap, so the worker parked before each longer one (mnist-burn:
 * one wake-up per run on the critical path, 2 threads slower than 1). Once the worker notices it lost its
 * core while spinning (a loaded machine, where a spinner delays the threads that work), it stays at the base
 * for a cool-down: {@link #MIN_COOLDOWN_NANOS} after a lone preemption, doubled for each one that follows soon
 * after the last cool-down ended, up to {@link #COOLDOWN_NANOS}. A machine that stays loaded takes the spin
 * back to the base within a few cool-downs, while one preemption on a quiet machine (another process waking
 * for a moment, or the hypervisor taking the core) no longer leaves the worker parking before every loop, a
 * wake-up on each loop's critical path, for a whole second.
 *
 * <p>Not thread-safe: each worker owns one.
 */
final class AdaptiveSpin {
    /**
     * The longest the spin stays at the base after a preemption: long against a run, so that on a machine that
     * stays loaded a worker wastes at most one time slice per second finding out whether the load is gone.
     */
    static final long COOLDOWN_NANOS = 1_000_000_000L;
    /** The cool-down after a lone preemption, one that came long after the last cool-down ended. */
    static final long MIN_COOLDOWN_NANOS = 50_000_000L;
    /**
     * A gap this long between two polls of one spin means the thread was descheduled (a poll takes tens of
     * nanoseconds; a time slice is milliseconds).
     */
    static final long PREEMPTED_NANOS = 200_000;
    /**
     * Per loop the remembered spin loses this fraction of itself (1/16): a gap that recurs once a run of some
     * tens of loops keeps the worker awake for it, while a one-off gap is forgotten within about 50 loops.
     */
    static final int DECAY = 16;

    private final long base;
    private final long ceiling;
    private final long minCooldown;
    private long limit;
    private long quietUntil;
    private boolean cooling;
    /** The latest cool-down's length; 0 before the first preemption. */
    private long cooldown;

    /**
     * @param baseNanos    the spin after a long pause (and the least spin)
     * @param ceilingNanos the longest spin; at most {@code baseNanos} turns the adaptation off
     */
    AdaptiveSpin(long baseNanos, long ceilingNanos) {
        this(baseNanos, ceilingNanos, MIN_COOLDOWN_NANOS);
    }

    /**
     * @param minCooldownNanos the cool-down after a lone preemption (at least 1 ns, at most
     *                         {@link #COOLDOWN_NANOS}; the latter keeps every cool-down at the longest)
     */
    AdaptiveSpin(long baseNanos, long ceilingNanos, long minCooldownNanos) {
        this.minCooldown = Math.clamp(minCooldownNanos, 1, COOLDOWN_NANOS);
        this.base = baseNanos;
        this.ceiling = Math.max(baseNanos, ceilingNanos);
        this.limit = baseNanos;
    }

    /** How long to spin now. */
    long limit() {
        return limit;
    }

    /** A loop arrived {@code idleNanos} after the worker finished the previous one, at {@code now} (nanoTime). */
    void loopAfter(long idleNanos, long now) {
        if (cooling && now - quietUntil < 0) {
            limit = base;
            return;
        }
        cooling = false;
        limit = idleNanos > ceiling ? base
                : Math.min(ceiling, Math.max(Math.max(base, 2 * idleNanos), limit - limit / DECAY));
    }

    /**
     * At {@code now} (nanoTime) the worker found it lost its core while spinning. The cool-down doubles when
     * this comes within one cool-down's length after the last one ended (the load persists), else it starts
     * again at the shortest ({@link #MIN_COOLDOWN_NANOS} by default).
     */
    void preempted(long now) {
        boolean soon = cooldown > 0 && now - quietUntil < cooldown;
        cooldown = soon ? Math.min(COOLDOWN_NANOS, 2 * cooldown) : minCooldown;
        limit = base;
        cooling = true;
        quietUntil = now + cooldown;
    }

    /** The length of the current (or latest) cool-down; 0 before the first preemption. */
    long cooldown() {
        return cooldown;
    }
}
