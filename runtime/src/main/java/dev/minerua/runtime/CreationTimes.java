package dev.minerua.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ObjLongConsumer;

/**
 * Where one session's creation spent its wall time, phase by phase in the order they ran: {@code load}
 * (parsing the model and importing its graph), {@code bind} (operator records), {@code infer} (types and
 * shapes), one {@code pass:NAME} entry per optimization pass (summed over the graphs it ran on), {@code compile}
 * (kernels and the execution plan) and {@code other} (backends, partitioning, the frame pool). Recorded for
 * every session; the first session of a JVM also pays for loading and compiling Minerua's own classes, which
 * lands in whichever phase first touches them.
 *
 * @param phases milliseconds per phase, in the order the phases ran
 */
public record CreationTimes(Map<String, Double> phases) {
    public CreationTimes {
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** Milliseconds of all phases together. */
    public double totalMs() {
        return phases.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** One line, e.g. {@code total 12.3 ms: load 1.2, bind 0.4, ...}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", String.format(Locale.ROOT, "total %.2f ms: ", totalMs()), "");
        phases.forEach((k, v) -> j.add(String.format(Locale.ROOT, "%s %.2f", k, v)));
        return j.toString();
    }

    /** Accumulates phase times while a session is created. */
    static final class Recorder implements ObjLongConsumer<String> {
        private final Map<String, Double> phases = new LinkedHashMap<>();
        private long mark = System.nanoTime();

        /** Adds the time since the last mark to {@code phase} and starts a new mark. */
        void lap(String phase) {
            long now = System.nanoTime();
            add(phase, now - mark);
            mark = now;
        }

        /** Adds {@code nanos} measured elsewhere to {@code phase}, leaving the mark alone. */
        void add(String phase, long nanos) {
            Double before = phases.get(phase);
            phases.put(phase, before == null ? nanos / 1e6 : before + nanos / 1e6);
        }

        /** Adds one optimization pass's {@code nanos} to phase {@code pass:NAME} (the pipeline's timer). */
        @Override
        public void accept(String pass, long nanos) {
            add("pass:" + pass, nanos);
        }

        /** Restarts the mark: the time since the last lap was already reported through {@link #add}. */
        void restart() {
            mark = System.nanoTime();
        }

        CreationTimes done() {
            return new CreationTimes(phases);
        }
    }
}
