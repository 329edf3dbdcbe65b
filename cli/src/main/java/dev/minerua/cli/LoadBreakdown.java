package dev.minerua.cli;

import dev.minerua.runtime.CreationTimes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench command's {@code --load-breakdown} table: the first (cold) session creation's phases next to the
 * median of each phase over the warm creations after it, largest warm phase first.
 */
final class LoadBreakdown {
    private LoadBreakdown() {
    }

    static String format(CreationTimes cold, List<CreationTimes> warm) {
        Map<String, Double> warmMedians = new LinkedHashMap<>();
        for (String phase : cold.phases().keySet()) {
            double[] ms = warm.stream().mapToDouble(t -> t.phases().getOrDefault(phase, 0.0)).toArray();
            warmMedians.put(phase, ms.length == 0 ? Double.NaN : LatencyStats.median(ms));
        }
        List<String> order = new ArrayList<>(cold.phases().keySet());
        order.sort((a, b) -> Double.compare(warmMedians.get(b), warmMedians.get(a)));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %10s %10s%n", "phase", "cold_ms",
                "warm_ms"));
        for (String phase : order) {
            sb.append(String.format(Locale.ROOT, "%-28s %10.2f %10.2f%n", phase, cold.phases().get(phase),
                    warmMedians.get(phase)));
        }
        double warmTotal = warm.isEmpty() ? Double.NaN
                : LatencyStats.median(warm.stream().mapToDouble(CreationTimes::totalMs).toArray());
        sb.append(String.format(Locale.ROOT, "%-28s %10.2f %10.2f  (warm: median of %d creations)%n", "total",
                cold.totalMs(), warmTotal, warm.size()));
        return sb.toString();
    }
}
