package dev.minerua.bench;

/**
 * Memory of one engine running one model, measured in a child JVM that runs only that engine.
 *
 * @param engine         "minerua" or "ort"
 * @param threads        intra-op threads
 * @param baselineMiB    resident set (VmRSS) after reading the model and its inputs, before the session
 * @param peakMiB        peak resident set (VmHWM) after session creation, warm-up and timed runs
 * @param latency        this engine's latency alone in that JVM (for reference), or null
 * @param plannedPeakMiB the memory planner's planned arena peak, NaN when the engine does not expose it
 * @param lowerBoundMiB  the largest total of tensors alive at one step, NaN when not exposed
 * @param note           failures, or ""
 */
public record MemRow(String model, String engine, int threads, double baselineMiB, double peakMiB, Stats latency,
                     double plannedPeakMiB, double lowerBoundMiB, String note) {
}
