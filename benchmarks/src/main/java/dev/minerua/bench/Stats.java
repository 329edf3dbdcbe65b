package dev.minerua.bench;

import java.util.Arrays;

/**
 * Summary figures of a list of timings in milliseconds.
 *
 * @param median the median (mean of the two middle values for an even count)
 * @param p90    the nearest-rank 90th percentile
 * @param count  how many timings there were
 */
public record Stats(double median, double p90, int count) {

    /** Summarizes {@code ms}, which must not be empty. */
    public static Stats of(double[] ms) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        return new Stats(median(s), percentile(s, 90), s.length);
    }

    /** {@code a.median / b.median}, NaN when either is missing or b's median is not positive. */
    public static double ratio(Stats a, Stats b) {
        return a == null || b == null || !(b.median() > 0) ? Double.NaN : a.median() / b.median();
    }

    /** The median of {@code values[from, to)}, which need not be sorted (the array is not changed). */
    static double medianOf(double[] values, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty range " + from + ".." + to);
        }
        double[] s = Arrays.copyOfRange(values, from, to);
        Arrays.sort(s);
        return median(s);
    }

    /** The median of sorted values. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least p percent at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
