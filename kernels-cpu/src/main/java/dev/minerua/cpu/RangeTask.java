package dev.minerua.cpu;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A loop body over ranges that takes its per-call operands as arguments instead of capturing them. A capturing
 * lambda handed to {@link CpuThreadPool#parallelRanges} escapes to the workers, so it is allocated on every
 * parallel call; a kernel instead keeps one {@code RangeTask} (its body a lambda that captures only what is
 * fixed at compile time) and passes each call's arrays and sizes to {@link #parallelRanges}, which sets them on a
 * holder kept idle between calls. A steady-state call then allocates nothing.
 *
 * <p>Thread-safety: calls may overlap (concurrent runs of a session); a call that finds the idle holder taken
 * makes its own, so only overlapping calls allocate.
 *
 * @param <A> first operand type
 * @param <B> second operand type
 * @param <C> third operand type ({@code Void} and null when unused)
 */
public final class RangeTask<A, B, C> {
    /** The loop body: items {@code [from, to)} of a call with operands {@code a, b, c} and integer {@code k}. */
    @FunctionalInterface
    public interface Body<A, B, C> {
        void run(A a, B b, C c, int k, int from, int to);
    }

    private final Body<A, B, C> body;
    /** The holder no call uses now, null while one does. */
    private final AtomicReference<Bound<A, B, C>> idle = new AtomicReference<>();

    public RangeTask(Body<A, B, C> body) {
        this.body = body;
    }

    /** {@link CpuThreadPool#parallelRanges} of the body with these operands. */
    public void parallelRanges(CpuThreadPool pool, int n, int minItems, A a, B b, C c, int k) {
        Bound<A, B, C> bound = take(a, b, c, k);
        try {
            pool.parallelRanges(n, minItems, bound);
        } finally {
            give(bound);
        }
    }

    /** {@link CpuThreadPool#parallelSplit} of the body with these operands. */
    public void parallelSplit(CpuThreadPool pool, int n, int chunks, A a, B b, C c, int k) {
        Bound<A, B, C> bound = take(a, b, c, k);
        try {
            pool.parallelSplit(n, chunks, bound);
        } finally {
            give(bound);
        }
    }

    private Bound<A, B, C> take(A a, B b, C c, int k) {
        Bound<A, B, C> bound = idle.getAndSet(null);
        if (bound == null) {
            bound = new Bound<>(body);
        }
        bound.set(a, b, c, k);
        return bound;
    }

    private void give(Bound<A, B, C> bound) {
        bound.set(null, null, null, 0); // keeps no run's arrays alive while idle
        idle.set(bound);
    }

    /** The body with one call's operands. */
    private static final class Bound<A, B, C> implements CpuThreadPool.RangeBody {
        private final Body<A, B, C> body;
        private A a;
        private B b;
        private C c;
        private int k;

        Bound(Body<A, B, C> body) {
            this.body = body;
        }

        void set(A a, B b, C c, int k) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.k = k;
        }

        @Override
        public void run(int from, int to) {
            body.run(a, b, c, k, from, to);
        }
    }
}
