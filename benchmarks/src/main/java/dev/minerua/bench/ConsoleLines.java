package dev.minerua.bench;

import java.util.Locale;

/** One progress line per result record, printed as results arrive. */
final class ConsoleLines {
    private ConsoleLines() {
    }

    static String of(Record rec) {
        return switch (rec) {
            case Row r -> String.format(Locale.ROOT,
                    "%-28s %dt  ORT %8s ms  Minerua %8s ms  ratio %7s  %s  agree %s%s",
                    r.model(), r.threads(), median(r.ort()), median(r.minerua()), Formats.ratio(r.ratio()),
                    r.warmupRounds() == 0 ? "not timed" : String.format(Locale.ROOT, "warm-up %d runs %.1f s%s",
                            r.warmupRounds(), r.warmupSeconds(), r.stable() ? "" : " (capped)"),
                    r.agree(), note(r.note()));
            case LoadTimes l -> String.format(Locale.ROOT,
                    "%-28s %dt  load cold Minerua %s / ORT %s ms, warm %s / %s ms (%s)%s",
                    l.model(), l.threads(), Formats.ms(l.mineruaColdMs()), Formats.ms(l.ortColdMs()),
                    Formats.ms(l.mineruaWarmMs()), Formats.ms(l.ortWarmMs()), Formats.ratio(l.warmRatio()), note(l.note()));
            case OptRow o -> String.format(Locale.ROOT,
                    "%-28s %dt  optimizer nodes %d -> %d, Minerua none %s ms / all %s ms (speed-up %s)  agree %s%s",
                    o.model(), o.threads(), o.nodesNone(), o.nodesAll(), median(o.none()), median(o.all()),
                    Formats.ratio(o.speedup()), o.agree(), note(o.note()));
            case MemRow m -> String.format(Locale.ROOT,
                    "%-28s %dt  memory %-7s peak RSS %.0f MiB (baseline %.0f MiB), latency %s ms%s",
                    m.model(), m.threads(), m.engine(), m.peakMiB(), m.baselineMiB(), median(m.latency()), note(m.note()));
            default -> rec.toString();
        };
    }

    private static String median(Stats s) {
        return s == null ? "–" : Formats.ms(s.median());
    }

    private static String note(String n) {
        return n.isEmpty() ? "" : "  [" + n + "]";
    }
}
