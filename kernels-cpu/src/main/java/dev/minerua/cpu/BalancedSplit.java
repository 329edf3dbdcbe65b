package dev.minerua.cpu;

/**
 * How many contiguous chunks to cut a parallel loop into so that the threads finish together. Tasks are
 * claimed one at a time, so with {@code c} chunks of {@code n/c} items (some one longer) over {@code T} threads
 * the busiest thread runs {@code ceil(c/T)} chunks, the longer ones if it is unlucky: 3 equal chunks over 2
 * threads take two chunk times where 1.5 would do (a 2-thread speed-up of 1.5 at best), and 27 panels in 8
 * chunks can give one thread 15 panels where 14 is possible. The rule: among the allowed counts, that bound
 * on the busiest thread's items decides; counts within {@code 1/}{@link #SLACK} of the best bound count as
 * equal, and the largest of those wins, since more chunks let the caller take over the work of a worker that
 * starts late or loses its core.
 */
public final class BalancedSplit {
    /** The bound may exceed the best by this fraction (1/16) for the sake of more, smaller chunks. */
    static final int SLACK = 16;

    private BalancedSplit() {
    }

    /**
     * The number of chunks, at most {@code maxChunks} (and at most {@code n}), to cut {@code n} items into for
     * {@code threads} threads; 1 when {@code maxChunks} or {@code n} is at most 1.
     */
    public static int chunks(int n, int maxChunks, int threads) {
        return chunks(n, maxChunks, threads, 1);
    }

    /**
     * As {@link #chunks(int, int, int)} when the loop is {@code groups} such splits claimed from one counter
     * (e.g. row blocks of a product, each cut into the same number of panel ranges): there are
     * {@code groups * c} tasks of about {@code n/c} items.
     */
    public static int chunks(int n, int maxChunks, int threads, int groups) {
        int max = Math.min(maxChunks, n);
        if (max <= 1 || threads <= 1) {
            return Math.max(1, max);
        }
        long best = Long.MAX_VALUE;
        for (int c = 1; c <= max; c++) {
            best = Math.min(best, bound(n, c, threads, groups));
        }
        long allowed = best + best / SLACK;
        for (int c = max; c > 1; c--) {
            if (bound(n, c, threads, groups) <= allowed) {
                return c;
            }
        }
        return 1;
    }

    /**
     * The items the busiest of {@code threads} threads may get when {@code n} items are cut into {@code chunks}
     * chunks claimed one at a time (see the class comment).
     */
    public static long busiest(int n, int chunks, int threads) {
        return bound(n, Math.max(1, Math.min(chunks, n)), Math.max(1, threads), 1);
    }

    /**
     * Items of the busiest thread, at most: {@code groups * c} tasks of {@code n / c} items, {@code n % c} of
     * each group's one item longer, and the busiest thread claims {@code ceil(tasks / threads)} of them.
     */
    private static long bound(int n, int c, int threads, int groups) {
        long g = Math.max(1, groups);
        long claims = ceilDiv(g * c, threads);
        return claims * (n / c) + Math.min(claims, g * (n % c));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
