package dev.minerua.runtime.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent per operator type over the runs of one session, gathered when profiling is switched on
 * ({@code SessionOptions.setProfiling(true)}). Safe to update from concurrent runs.
 *
 * <p>A node that runs a subgraph (If, Loop, Scan) is timed as a whole, so its inner nodes' time is
 * counted under their own op types and again under the enclosing node's.
 */
public final class OpProfile {
    /** Totals for one op type. */
    public record Entry(String opType, long calls, long nanos) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    private final Map<String, LongAdder[]> totals = new ConcurrentHashMap<>();

    /** Records one kernel execution. */
    public void record(String opType, long nanos) {
        LongAdder[] t = totals.computeIfAbsent(opType, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        t[0].increment();
        t[1].add(nanos);
    }

    /** Forgets everything recorded so far (e.g. after warm-up runs). */
    public void reset() {
        totals.clear();
    }

    /** The totals, most expensive op type first. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>();
        totals.forEach((op, t) -> list.add(new Entry(op, t[0].sum(), t[1].sum())));
        list.sort(Comparator.comparingLong(Entry::nanos).reversed().thenComparing(Entry::opType));
        return list;
    }

    /**
     * A table of op type, calls, total and per-run milliseconds and share of the total.
     *
     * @param runs how many runs the totals cover, to report time per run
     */
    public String format(int runs) {
        List<Entry> list = entries();
        long all = list.stream().mapToLong(Entry::nanos).sum();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-28s %10s %12s %8s%n",
                "op", "calls/run", "ms/run", "share"));
        int perRun = Math.max(1, runs);
        for (Entry e : list) {
            b.append(String.format(Locale.ROOT, "%-28s %10.1f %12.4f %7.1f%%%n", e.opType(),
                    e.calls() / (double) perRun, e.millis() / perRun, all == 0 ? 0 : 100.0 * e.nanos() / all));
        }
        return b.toString();
    }
}
