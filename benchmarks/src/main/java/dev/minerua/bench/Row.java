package dev.minerua.bench;

/**
 * One line of the latency report: one model at one intra-op thread count, both engines timed in the same
 * alternating rounds (see {@link Schedule}).
 *
 * @param model         the case name
 * @param threads       intra-op threads both engines used
 * @param ort           ORT's run times, or null when ORT could not run the model
 * @param minerua       Minerua's run times, or null when Minerua could not run it (see {@code note})
 * @param warmupRounds  warm-up runs of each engine before timing (0 when nothing was timed)
 * @param warmupSeconds seconds of warm-up
 * @param stable        whether warm-up ended on the stability rule (false: it hit its time cap)
 * @param agree         whether Minerua's outputs match ORT's: "yes", "NO (…)", or "–" when not compared
 * @param note          why something is missing (unsupported op, crash, time limit), or ""
 */
public record Row(String model, int threads, Stats ort, Stats minerua, int warmupRounds, double warmupSeconds,
                  boolean stable, String agree, String note) {

    /** A row for a case that could not be timed at all. */
    static Row failed(String model, int threads, String agree, String note) {
        return new Row(model, threads, null, null, 0, 0, false, agree, note);
    }

    /** Minerua median / ORT median, or NaN when either is missing. */
    public double ratio() {
        return Stats.ratio(minerua, ort);
    }
}
