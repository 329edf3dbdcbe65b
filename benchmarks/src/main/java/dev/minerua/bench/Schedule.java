package dev.minerua.bench;

import java.util.Locale;

/**
 * How the two engines take turns within one measurement. Each round runs a block of {@link #runsPerBlock}
 * runs of one engine, waits {@code settleMillis}, then the same number of runs of the other engine and waits
 * again; the order alternates from round to round (A B, B A, ...).
 *
 * <p>Why blocks and a gap rather than run by run: an engine's intra-op threads do not stop when its run
 * returns. ORT's workers spin for a while after each run by default ({@code session.intra_op.allow_spinning}),
 * so with runs interleaved one by one the other engine's next run finds the second core busy, and its
 * two-thread figure reads as if it had one core (squeezenet1.0-fp16, Minerua at 2 threads: 11.9 ms interleaved
 * run by run, 8.7 ms alone). A gap longer than that spin lets each block start on a quiet machine, and blocks
 * long enough to hold many runs make the gap cheap; alternating the blocks keeps what the rounds were for:
 * background load or a clock change in one minute lands on both engines.
 *
 * @param blockSeconds  a block lasts about this long for the slower engine (0: one run per block, no gap
 *                      needed: the old run-by-run interleaving)
 * @param settleMillis  pause after every block, for the engine's threads to go idle (longer while the process
 *                      still burns CPU, see {@link Interleaved})
 */
record Schedule(double blockSeconds, double settleMillis) {
    /**
     * Blocks of about 0.4 s, 50 ms apart: ORT 1.29's workers burn about 10 ms of CPU after a run (SpinProbe),
     * so 50 ms leaves margin on a somewhat busy machine, and costs about an eighth of the measuring time.
     */
    static final Schedule DEFAULT = new Schedule(0.4, 50);
    /** Run by run, no gap: for comparison only (see the class comment). */
    static final Schedule RUN_BY_RUN = new Schedule(0, 0);
    /** Most runs in one block: keeps a block of a tiny model from outgrowing the timed phase's run cap. */
    static final int MAX_BLOCK_RUNS = 5000;

    Schedule {
        if (!(blockSeconds >= 0) || !(settleMillis >= 0)) {
            throw new IllegalArgumentException("block and settle times must be >= 0");
        }
    }

    /**
     * Runs per engine in the next block, given each engine's latest run time in ms (NaN before its first run):
     * enough for the slower engine to fill {@code blockSeconds}, at least 1 and at most {@code cap}. Both
     * engines run the same number, so that their samples line up round by round for the warm-up rule.
     */
    int runsPerBlock(double lastMsA, double lastMsB, int cap) {
        double slower = Math.max(nanToZero(lastMsA), nanToZero(lastMsB));
        if (blockSeconds == 0 || slower <= 0) {
            return 1;
        }
        long k = (long) (blockSeconds * 1000 / slower);
        return (int) Math.max(1, Math.min(Math.min(k, MAX_BLOCK_RUNS), Math.max(1, cap)));
    }

    /** One line for report headers. */
    String describe() {
        if (blockSeconds == 0) {
            return "engines interleaved run by run (A B, B A, …), no pause";
        }
        return String.format(Locale.ROOT, "engines in alternating blocks of ~%s s (A B, B A, …), a pause of %s ms after each "
                        + "block (longer while the process still burns CPU)",
                Settings.num(blockSeconds), Settings.num(settleMillis));
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
