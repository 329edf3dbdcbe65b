package dev.minerua.bench;

/**
 * Session creation of one model, measured the same way for both engines in one child JVM: the cold figure
 * is the first session that JVM creates for the model (Minerua's includes loading and JIT-compiling its own
 * classes, ORT's its first-session set-up); the warm figure is the median of {@code repeats} more creations,
 * the two engines alternating.
 *
 * @param model   the case name
 * @param threads intra-op threads of those sessions
 * @param note    failures, or ""
 */
public record LoadTimes(String model, int threads, double mineruaColdMs, double ortColdMs, double mineruaWarmMs,
                        double ortWarmMs, int repeats, String note) {

    /** A row for a measurement that did not happen, saying why. */
    static LoadTimes failed(String model, int threads, String why) {
        return new LoadTimes(model, threads, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, why);
    }

    public double coldRatio() {
        return mineruaColdMs / ortColdMs;
    }

    public double warmRatio() {
        return mineruaWarmMs / ortWarmMs;
    }
}
