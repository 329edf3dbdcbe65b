package dev.minerua.bench;

/**
 * Minerua with its optimizer off and fully on: node counts of the graph as it runs (subgraphs included)
 * and latency of the two sessions timed in the same interleaved rounds.
 *
 * @param nodesNone nodes at level none, or -1 when that session could not be created
 * @param nodesAll  nodes at level all, or -1
 * @param none      latency at level none, or null
 * @param all       latency at level all, or null
 * @param stable    whether warm-up settled for both
 * @param agree     whether the two levels' outputs agree ("yes", "NO (…)", "–")
 * @param note      failures, or ""
 */
public record OptRow(String model, int threads, int nodesNone, int nodesAll, Stats none, Stats all, boolean stable,
                     String agree, String note) {

    /** Level-none median / level-all median: above 1 the optimizer helps. */
    public double speedup() {
        return Stats.ratio(none, all);
    }
}
