package dev.minerua.cpu;

/**
 * How many contiguous chunks to cut a parallel loop into so that the threads finish together. Tasks are
 * claimed one at a time, so with {@code c} chunks of about {@code n/c} items each over {@code T} threads the
 * busiest thread runs {@code ceil(c/T)} chunks: 3 equal chunks over 2 threads take two chunk times where 1.5
 * would do (a 2-thread speed-up of 1.5 at best), and 27 panels in 8 chunks give one thread 14 panels or more.
 * The rule: among the allowed counts, the bound {@code ceil(c/T) * ceil(n/c)} on the busiest thread's items
 * decides; counts within {@link #SLACK_EIGHTHS}/8 of the best bound count as equal, and the largest of those
 * wins, since more chunks let the caller take over the work of a worker that starts late or loses its core.
 */
public final class BalancedSplit {
    /** The bound may exceed the best by this many eighths (12.5%) for the sake of more, smaller chunks. */
    static final int SLACK_EIGHTHS = 1;

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
        long allowed = best + best * SLACK_EIGHTHS / 8;
        for (int c = max; c > 1; c--) {
            if (bound(n, c, threads, groups) <= allowed) {
                return c;
            }
        }
        return 1;
    }

    /** Items of the busiest thread, at most: its share of the tasks times the longest chunk. */
    private static long bound(int n, int c, int threads, int groups) {
        return ceilDiv((long) Math.max(1, groups) * c, threads) * ceilDiv(n, c);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
