package dev.minerua.cpu;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The intra-op worker threads of one CPU backend (one per session). {@link #parallelFor} splits a loop of
 * independent tasks over the workers and the calling thread, and returns when every task has run.
 *
 * <p>Kernels run back to back and many take well under a millisecond, so the hand-off must be cheap: no
 * executor queue or task objects, one published loop that idle workers poll. After each loop a worker spins for
 * a while (so a loop that follows soon finds it awake: {@link #SPIN_NANOS} after a long pause, up to
 * {@link #MAX_SPIN_NANOS} while loops come back to back, see {@link AdaptiveSpin}; optionally it then polls
 * with yields for {@link #YIELD_NANOS}), then parks until a caller unparks it,
 * and a worker idle for {@link #IDLE_EXIT_SECONDS} ends (started again by the next loop). Tasks are
 * claimed one at a time from a shared counter, so a worker that arrives late (or a busy core) only means
 * the caller runs more of them.
 *
 * <p>Thread-safety: several kernels may call {@link #parallelFor} at once (concurrent runs of a session);
 * the workers serve one loop at a time, and a call that finds them busy runs its loop on its own thread.
 * Workers are daemon threads, started lazily on the first parallel call, so a pool that is never used in
 * parallel costs nothing. {@link #close()} stops them; a closed pool runs every loop on the calling thread.
 * Tasks must not call {@link #parallelFor} of the same pool from a worker (nested loops run serially
 * instead, see {@link #isWorkerThread}).
 *
 * <p>Steady state allocates nothing: the loop object is reused from call to call (an idle slot, so only one
 * caller holds it at a time; a nested or concurrent call finds the workers busy before it needs one) and
 * {@link #parallelRanges} splits its ranges inside the loop rather than through a wrapping lambda.
 */
public final class CpuThreadPool implements AutoCloseable {
    /**
     * How long an idle worker (and a caller waiting for the last task) spins before it yields. Short on
     * purpose: on a machine with more runnable threads than cores, a thread that spins spends its fair
     * share and is scheduled late when real work comes (measured: 200 us of pure spinning made 2 threads
     * 2-3x slower than parking on a loaded 2-core machine). The default of property
     * {@code minerua.cpu.spinMicros}, read when a pool is made.
     */
    static final long SPIN_NANOS = 10_000;
    /**
     * The longest an idle worker spins while loops come back to back ({@link AdaptiveSpin}: twice the latest
     * gap, back to {@link #SPIN_NANOS} after a longer pause or once the worker lost its core while spinning).
     * The default of property {@code minerua.cpu.maxSpinMicros}; at most the base spin turns adaptation off.
     */
    static final long MAX_SPIN_NANOS = 2_000_000;
    /**
     * How long a waiting thread then keeps polling with {@link Thread#yield()} before it parks; none by
     * default. On an idle core a yield returns at once and keeps the worker awake for the next region, but on
     * a busy core it hands the core away for a whole time slice, and a caller that yields while it waits for
     * the last task comes back milliseconds late: on the loaded 2-core machine, squeezenet1.0-fp16 at 2
     * threads took 48-57 ms (block medians, min and p10) with 10 us of yielding against 13.6-14.0 ms without
     * (0.1 s blocks of each setting taking turns in one JVM), while a woken parked thread is scheduled promptly.
     * The default of property {@code minerua.cpu.yieldMicros}, read when a pool is made, for tuning on a
     * dedicated machine: {@code PoolWaitProbe} in the benchmarks module compares settings side by side.
     */
    static final long YIELD_NANOS = 0;
    /** The most ranges per thread {@link #parallelRanges} cuts a loop into. */
    static final int RANGES_PER_THREAD = 4;
    /** Idle time after which a parked worker thread ends. */
    static final long IDLE_EXIT_SECONDS = 30;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final CpuThreadPool SERIAL = new CpuThreadPool(1);

    private final int threads;
    /** Spin and yield limits of waiting threads, see {@link #SPIN_NANOS} and {@link #YIELD_NANOS}. */
    private final long spinNanos = nanosProperty("minerua.cpu.spinMicros", SPIN_NANOS);
    private final long yieldNanos = nanosProperty("minerua.cpu.yieldMicros", YIELD_NANOS);
    private final long maxSpinNanos = nanosProperty("minerua.cpu.maxSpinMicros", MAX_SPIN_NANOS);
    /**
     * How long an idle worker's spin stays at the base after a lone preemption ({@link AdaptiveSpin}: doubled
     * while they keep coming, up to a second). Property {@code minerua.cpu.minCooldownMicros}; a second or
     * more gives every preemption the full second.
     */
    private final long minCooldownNanos =
            nanosProperty("minerua.cpu.minCooldownMicros", AdaptiveSpin.MIN_COOLDOWN_NANOS);
    /**
     * Extra spinning of a caller that waits for the workers' last tasks of its loop, before the usual spin,
     * yield and park; none by default. Unlike an idle worker's spin, this one waits for work already running,
     * so it ends within one task; parking instead puts a wake-up (tens of microseconds in a VM) on the
     * critical path of every loop whose last task ends on a worker. Property {@code minerua.cpu.joinSpinMicros},
     * to be tuned with {@code PoolWaitProbe} on a quiet machine.
     */
    private final long joinSpinNanos = nanosProperty("minerua.cpu.joinSpinMicros", 0);
    private final int id = POOL_IDS.incrementAndGet();
    /** The loop the workers serve now, null when none. */
    private final AtomicReference<Loop> current = new AtomicReference<>();
    /** A finished loop kept for the next call (null while a caller uses it), so loops are not allocated. */
    private final AtomicReference<Loop> idleLoop = new AtomicReference<>();
    /** Numbers the loops, so a worker knows which it served without keeping the last one alive. */
    private final AtomicLong loopSeq = new AtomicLong();
    /** One slot per worker (threads - 1); created on the first parallel loop. */
    private volatile WorkerSlot[] slots;
    private volatile boolean closed;

    /**
     * A pool that lets one loop use {@code threads} threads: the caller plus {@code threads - 1} workers.
     *
     * @param threads at least 1; 1 means every loop runs on the calling thread
     */
    public CpuThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** A shared pool with no workers: every loop runs on the calling thread. */
    public static CpuThreadPool serial() {
        return SERIAL;
    }

    /** How many threads one loop may use (including the caller). */
    public int threads() {
        return threads;
    }

    /** A contiguous range {@code [from, to)} of a loop split by {@link #parallelRanges}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes items {@code [from, to)}. */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous ranges of at least {@code minItems}
     * items (up to {@link #RANGES_PER_THREAD} per thread, a count that keeps the threads even: see
     * {@link BalancedSplit}), in parallel when there is more than one range. Callers size {@code minItems} so
     * that a range's work (tens of thousands of element operations) outweighs the hand-off; below that the
     * whole loop runs as one call on the calling thread.
     */
    public void parallelRanges(int n, int minItems, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = threads == 1 ? 1 : BalancedSplit.chunks(n,
                (int) Math.min(n / Math.max(1, minItems), (long) threads * RANGES_PER_THREAD), threads);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        run(chunks, null, n, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into exactly {@code chunks} contiguous ranges (the last ones
     * longer by one item when {@code n} does not divide), in parallel when {@code chunks} is more than one.
     * For callers that size the split themselves; ranges are empty only when {@code chunks > n}.
     */
    public void parallelSplit(int n, int chunks, RangeBody body) {
        if (chunks <= 1) {
            body.run(0, n);
        } else {
            run(chunks, null, n, body);
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)}, spread over up to
     * {@link #threads()} threads, and returns when all are done. The first exception thrown by a task is
     * rethrown here (after the other tasks finished); remaining tasks are skipped once one failed.
     */
    public void parallelFor(int tasks, IntConsumer body) {
        run(tasks, body, 0, null);
    }

    /** Runs {@code tasks} tasks: {@code body}'s, or range {@code t} of {@code n} items cut into {@code tasks}. */
    private void run(int tasks, IntConsumer body, int n, RangeBody ranges) {
        if (threads == 1 || tasks <= 1 || closed || isWorkerThread() || current.get() != null) {
            // Nested calls (from a task on the caller's thread) and concurrent callers land here too: the
            // workers already serve a loop.
            runSerially(tasks, body, n, ranges);
            return;
        }
        Loop loop = idleLoop.getAndSet(null);
        if (loop == null) {
            loop = new Loop();
        }
        loop.reset(loopSeq.incrementAndGet(), tasks, body, n, ranges, Thread.currentThread());
        if (!current.compareAndSet(null, loop)) {
            loop.clear();
            idleLoop.set(loop);
            runSerially(tasks, body, n, ranges); // another caller's loop came first
            return;
        }
        Throwable failure;
        try {
            wakeWorkers();
            loop.drain();
            loop.awaitCompletion();
        } finally {
            current.set(null);
            failure = loop.failure.get();
            if (loop.awaitNoUsers()) {
                loop.clear();
                idleLoop.set(loop);
            }
        }
        rethrow(failure);
    }

    private static void runSerially(int tasks, IntConsumer body, int n, RangeBody ranges) {
        for (int t = 0; t < tasks; t++) {
            runTask(t, tasks, body, n, ranges);
        }
    }

    private static void runTask(int t, int tasks, IntConsumer body, int n, RangeBody ranges) {
        if (ranges == null) {
            body.accept(t);
        } else {
            ranges.run((int) ((long) n * t / tasks), (int) ((long) n * (t + 1) / tasks));
        }
    }

    private static void rethrow(Throwable f) {
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** True when the current thread is one of this pool's workers. */
    public boolean isWorkerThread() {
        return Thread.currentThread() instanceof Worker w && w.poolId == id;
    }

    private void wakeWorkers() {
        WorkerSlot[] s = slots;
        if (s == null) {
            synchronized (this) {
                s = slots;
                if (s == null) {
                    s = new WorkerSlot[threads - 1];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = new WorkerSlot(i + 1);
                    }
                    slots = s;
                }
            }
        }
        for (WorkerSlot slot : s) {
            slot.wake();
        }
    }

    /** Stops the workers; later loops run on the calling thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        WorkerSlot[] s = slots;
        if (s != null) {
            for (WorkerSlot slot : s) {
                slot.stop();
            }
        }
    }

    /**
     * One parallel loop: a task counter shared by the threads that serve it. Reused for later loops; a worker
     * that still holds it from an earlier loop is harmless: it registers in {@link #users}, then serves it only
     * if it is the published loop, which a caller publishes only after {@link #reset}.
     */
    private final class Loop {
        volatile long seq;
        int tasks;
        IntConsumer body;
        RangeBody ranges;
        int n;
        Thread caller;
        final AtomicInteger next = new AtomicInteger();
        // Kept apart from next: every thread bumps next, only finishers bump completed.
        @SuppressWarnings("unused")
        private long p0, p1, p2, p3, p4, p5, p6, p7;
        final AtomicInteger completed = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean callerParked;
        /** Workers between finding this loop published and leaving its {@link #drain}. */
        final AtomicInteger users = new AtomicInteger();

        void reset(long seq, int tasks, IntConsumer body, int n, RangeBody ranges, Thread caller) {
            this.tasks = tasks;
            this.body = body;
            this.n = n;
            this.ranges = ranges;
            this.caller = caller;
            next.set(0);
            completed.set(0);
            failure.set(null);
            callerParked = false;
            this.seq = seq;
        }

        /**
         * Called by the caller after unpublishing the finished loop: waits (briefly; a worker past the last
         * task only has to leave {@link #drain}) until no worker holds it. False when one still does, then the
         * loop is not reused (a worker preempted there is rare, and only costs the next call a new loop).
         */
        boolean awaitNoUsers() {
            long start = System.nanoTime();
            while (users.get() != 0) {
                if (!poll(System.nanoTime() - start, spinNanos)) {
                    return false;
                }
            }
            return true;
        }

        /** Drops the references to the finished loop's work, so the idle loop keeps nothing alive. */
        void clear() {
            body = null;
            ranges = null;
            caller = null;
            failure.set(null);
        }

        /** Claims and runs tasks until none is left. */
        void drain() {
            int t;
            int done = 0;
            int count = tasks;
            IntConsumer b = body;
            RangeBody r = ranges;
            int items = n;
            Thread c = caller;
            while ((t = next.getAndIncrement()) < count) {
                if (failure.get() == null) {
                    try {
                        runTask(t, count, b, items, r);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
                done++;
            }
            if (done > 0 && completed.addAndGet(done) == count && callerParked) {
                LockSupport.unpark(c);
            }
        }

        /** Called by the caller after its own drain: waits until the workers' claimed tasks finished. */
        void awaitCompletion() {
            long start = System.nanoTime();
            while (completed.get() < tasks) {
                long waited = System.nanoTime() - start;
                if (waited < joinSpinNanos) {
                    Thread.onSpinWait();
                    continue;
                }
                if (poll(waited - joinSpinNanos, spinNanos)) {
                    continue;
                }
                callerParked = true;
                if (completed.get() < tasks) {
                    LockSupport.park(this);
                }
            }
        }

    }

    /** The state of one worker: its thread (null while none runs) and whether it is parked. */
    private final class WorkerSlot {
        final int number;
        /** The thread serving this slot, null when it ended (idle) or never started. */
        private Worker thread;
        volatile boolean parked;
        volatile boolean stopped;

        WorkerSlot(int number) {
            this.number = number;
        }

        /** Makes sure a live worker will look at the current loop. */
        void wake() {
            Worker w;
            synchronized (this) {
                w = thread;
                if (w == null) {
                    if (stopped) {
                        return;
                    }
                    thread = w = new Worker(this::serve, id, number);
                    w.start();
                    return;
                }
            }
            if (parked) {
                LockSupport.unpark(w);
            }
        }

        void stop() {
            Worker w;
            synchronized (this) {
                stopped = true;
                w = thread;
            }
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        /*
         * The worker's own state between polls (only its thread touches it). Kept in fields so that one poll is a
         * method of its own: the worker never returns from serve(), so a loop body written inline there only
         * ever runs as on-stack-replacement code, and each deoptimization of that (an uncommon trap on a
         * branch first taken late, say the first park) drops the worker into the interpreter until the next
         * OSR compile; a called method is compiled normally and replaced without that.
         */
        private long served;
        private long idleSince;
        /** When the current spin began: the end of the last loop served, or the latest wake-up from a park. */
        private long spinSince;
        private long lastPoll;
        /** The latest loop number this worker was woken for but found finished (so it adapts once per loop). */
        private long missed;
        private AdaptiveSpin spin;

        /** The worker's loop: serve published loops, spin a while when idle, then park; end when idle long. */
        private void serve() {
            idleSince = System.nanoTime();
            spinSince = idleSince;
            lastPoll = idleSince;
            spin = new AdaptiveSpin(spinNanos, maxSpinNanos, minCooldownNanos);
            while (!stopped) {
                if (!pollOnce()) {
                    return;
                }
            }
            synchronized (this) {
                thread = null;
            }
        }

        /**
         * One step of an idle or serving worker: serves the published loop if it has not yet, else spins,
         * yields or parks once. False when the worker retired (idle long) and its thread must end.
         */
        private boolean pollOnce() {
            Loop loop = current.get();
            if (loop != null && loop.seq != served) {
                long found = System.nanoTime();
                spin.loopAfter(found - idleSince, found);
                // Register before the second look: a caller reuses a loop only once no worker holds it,
                // so the loop cannot be reset under this worker while it drains.
                loop.users.incrementAndGet();
                try {
                    if (current.get() == loop) {
                        served = loop.seq;
                        loop.drain();
                    }
                } finally {
                    loop.users.decrementAndGet();
                }
                idleSince = System.nanoTime();
                spinSince = idleSince;
                lastPoll = idleSince;
                return true;
            }
            long now = System.nanoTime();
            // The last poll was a spin (not a yield) and the next came late: the core was taken away.
            if (now - lastPoll > AdaptiveSpin.PREEMPTED_NANOS && lastPoll - spinSince < spin.limit()) {
                spin.preempted(now);
            }
            lastPoll = now;
            if (poll(now - spinSince, spin.limit())) {
                return true;
            }
            parked = true;
            loop = current.get();
            if (loop == null || loop.seq == served) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(IDLE_EXIT_SECONDS));
            }
            parked = false;
            long woke = System.nanoTime();
            if (woke - idleSince >= TimeUnit.SECONDS.toNanos(IDLE_EXIT_SECONDS) && retire()) {
                return false;
            }
            Loop after = current.get();
            long published = loopSeq.get();
            if (published != served && published != missed && (after == null || after.seq == served)) {
                // Woken for a loop that the caller finished alone before this worker got a core: the wake-up
                // took longer than the loop. Count it as a loop served now, so the spin adapts to the gap
                // (the loops come back to back) instead of parking again at once and missing the next one too.
                missed = published;
                spin.loopAfter(woke - idleSince, woke);
                idleSince = woke;
            }
            // Spin afresh after every wake-up: a worker woken just after a loop ended is likely to see the next.
            spinSince = woke;
            lastPoll = woke;
            return true;
        }

        /** Ends this worker unless a loop arrived meanwhile; the next {@link #wake} starts a new one. */
        private synchronized boolean retire() {
            Loop loop = current.get();
            if (loop != null && loop.next.get() < loop.tasks) {
                return false;
            }
            thread = null;
            return true;
        }
    }

    /**
     * One poll of a waiting thread that has waited {@code waited} ns and spins for {@code spin} ns: a spin,
     * then a yield, and false once it should park instead.
     */
    private boolean poll(long waited, long spin) {
        if (waited < spin) {
            Thread.onSpinWait();
            return true;
        }
        if (waited < spin + yieldNanos) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /** A duration property given in microseconds, in nanoseconds; {@code defaultNanos} when unset. */
    private static long nanosProperty(String property, long defaultNanos) {
        Long us = Long.getLong(property);
        return us == null ? defaultNanos : Math.max(0, us) * 1000;
    }

    private static final class Worker extends Thread {
        final int poolId;

        Worker(Runnable r, int poolId, int n) {
            super(r, "minerua-cpu-" + poolId + "-" + n);
            this.poolId = poolId;
            setDaemon(true);
        }
    }
}
