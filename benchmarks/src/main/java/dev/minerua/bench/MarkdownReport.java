package dev.minerua.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The results as GitHub-flavoured Markdown: one section per kind of measurement that has results. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** Every non-empty section, each with a "### " heading. */
    static String render(Results r) {
        StringBuilder sb = new StringBuilder();
        if (!r.rows.isEmpty()) {
            sb.append("### Latency\n\n").append(summary(r.rows)).append("\n\n").append(latency(r.rows));
            String scaling = threadScaling(r.rows);
            if (!scaling.isEmpty()) {
                sb.append("\n### Thread scaling\n\n").append(scaling);
            }
        }
        if (!r.loads.isEmpty()) {
            sb.append("\n### Session creation\n\n").append(loads(r.loads));
        }
        if (!r.opts.isEmpty()) {
            sb.append("\n### Optimizer: level none vs all (Minerua)\n\n").append(optimizer(r.opts));
        }
        if (!r.mems.isEmpty()) {
            sb.append("\n### Memory: peak resident set, one engine per JVM\n\n").append(memory(r.mems));
        }
        return sb.toString();
    }

    /** One line per model and thread count. */
    static String latency(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | threads | ORT ms (median / p90) | Minerua ms (median / p90) | Minerua/ORT | timed runs | "
                + "warm-up | outputs agree | notes |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Row r : rows) {
            int n = Math.max(count(r.ort()), count(r.minerua()));
            sb.append("| ").append(Formats.cell(r.model()))
                    .append(" | ").append(r.threads())
                    .append(" | ").append(timing(r.ort()))
                    .append(" | ").append(timing(r.minerua()))
                    .append(" | ").append(Formats.ratio(r.ratio()))
                    .append(" | ").append(n == 0 ? "–" : Integer.toString(n))
                    .append(" | ").append(warmup(r))
                    .append(" | ").append(Formats.cell(r.agree()))
                    .append(" | ").append(Formats.cell(r.note()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Median ratio per thread count, agreement, and how many warm-ups settled. */
    static String summary(List<Row> rows) {
        List<String> parts = new ArrayList<>();
        for (int t : new TreeSet<>(rows.stream().map(Row::threads).toList())) {
            double[] ratios = rows.stream().filter(x -> x.threads() == t).mapToDouble(Row::ratio)
                    .filter(Double::isFinite).toArray();
            if (ratios.length > 0) {
                Stats s = Stats.of(ratios);
                double min = java.util.Arrays.stream(ratios).min().orElseThrow();
                double max = java.util.Arrays.stream(ratios).max().orElseThrow();
                parts.add(String.format(Locale.ROOT, "%s at %d thread%s (range %s – %s, %d model%s)", Formats.ratio(s.median()),
                        t, t == 1 ? "" : "s", Formats.ratio(min), Formats.ratio(max), ratios.length,
                        ratios.length == 1 ? "" : "s"));
            }
        }
        long agree = rows.stream().filter(x -> x.agree().equals("yes")).count();
        long timed = rows.stream().filter(x -> x.warmupRounds() > 0).count();
        long stable = rows.stream().filter(Row::stable).count();
        return "Median Minerua/ORT ratio " + (parts.isEmpty() ? "–" : String.join(", ", parts)) + ". Outputs agree in "
                + agree + " of " + rows.size() + " rows. Warm-up settled (< tolerance) in " + stable + " of " + timed
                + " timed rows; the others hit the warm-up cap.";
    }

    /** Per model: each engine's latency at the lowest and highest thread count, and the speed-up between them. */
    static String threadScaling(List<Row> rows) {
        TreeSet<Integer> threads = new TreeSet<>(rows.stream().map(Row::threads).toList());
        if (threads.size() < 2) {
            return "";
        }
        int lo = threads.first();
        int hi = threads.last();
        Map<String, Row[]> byModel = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.threads() == lo || r.threads() == hi) {
                byModel.computeIfAbsent(r.model(), k -> new Row[2])[r.threads() == lo ? 0 : 1] = r;
            }
        }
        String t = lo + "→" + hi + " threads";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Speed-up = median at %d thread%s / median at %d threads (above 1 the extra "
                + "threads help).%n%n", lo, lo == 1 ? "" : "s", hi));
        sb.append("| model | ORT ms ").append(lo).append("t / ").append(hi).append("t | ORT speed-up ").append(t)
                .append(" | Minerua ms ").append(lo).append("t / ").append(hi).append("t | Minerua speed-up ").append(t)
                .append(" |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Row[]> e : byModel.entrySet()) {
            Row a = e.getValue()[0];
            Row b = e.getValue()[1];
            Stats oa = a == null ? null : a.ort();
            Stats ob = b == null ? null : b.ort();
            Stats ma = a == null ? null : a.minerua();
            Stats mb = b == null ? null : b.minerua();
            sb.append("| ").append(Formats.cell(e.getKey()))
                    .append(" | ").append(median(oa)).append(" / ").append(median(ob))
                    .append(" | ").append(Formats.ratio(Stats.ratio(oa, ob)))
                    .append(" | ").append(median(ma)).append(" / ").append(median(mb))
                    .append(" | ").append(Formats.ratio(Stats.ratio(ma, mb)))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String loads(List<LoadTimes> loads) {
        StringBuilder sb = new StringBuilder();
        sb.append("Cold: the first session of the model in a fresh JVM. Warm: median of the next few creations. "
                + "Both engines measured the same way in the same JVM; the target is Minerua ≤ 2× ORT.");
        if (loads.stream().anyMatch(l -> l.model().endsWith(ModelBenchmark.AOT_LABEL))) {
            sb.append(" Rows marked" + ModelBenchmark.AOT_LABEL + ": one more fresh JVM started from the JDK AOT cache"
                    + " of `--aot-cache` (recorded from a generic workload, the demo and a few backend-test node cases,"
                    + " none of these models; it holds the JDK's and Minerua's classes, ORT's Java side only as far as"
                    + " the JDK's); ORT measured in that same JVM.");
        }
        sb.append("\n\n");
        sb.append("| model | threads | cold ms Minerua / ORT | cold Minerua/ORT | warm ms Minerua / ORT | warm Minerua/ORT | "
                + "warm repeats | notes |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (LoadTimes l : loads) {
            sb.append("| ").append(Formats.cell(l.model()))
                    .append(" | ").append(l.threads())
                    .append(" | ").append(Formats.ms(l.mineruaColdMs())).append(" / ").append(Formats.ms(l.ortColdMs()))
                    .append(" | ").append(Formats.ratio(l.coldRatio()))
                    .append(" | ").append(Formats.ms(l.mineruaWarmMs())).append(" / ").append(Formats.ms(l.ortWarmMs()))
                    .append(" | ").append(Formats.ratio(l.warmRatio()))
                    .append(" | ").append(l.repeats())
                    .append(" | ").append(Formats.cell(l.note()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String optimizer(List<OptRow> opts) {
        StringBuilder sb = new StringBuilder();
        sb.append("Nodes of the graph as it runs, subgraphs included. Latency of the two sessions timed in the same "
                + "alternating blocks; speed-up = level none / level all.\n\n");
        sb.append("| model | threads | nodes none → all | Minerua ms none (median / p90) | Minerua ms all (median / p90) | "
                + "speed-up | warm-up settled | outputs agree | notes |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (OptRow o : opts) {
            sb.append("| ").append(Formats.cell(o.model()))
                    .append(" | ").append(o.threads())
                    .append(" | ").append(nodes(o.nodesNone())).append(" → ").append(nodes(o.nodesAll()))
                    .append(" | ").append(timing(o.none()))
                    .append(" | ").append(timing(o.all()))
                    .append(" | ").append(Formats.ratio(o.speedup()))
                    .append(" | ").append(o.none() == null ? "–" : o.stable() ? "yes" : "capped")
                    .append(" | ").append(Formats.cell(o.agree()))
                    .append(" | ").append(Formats.cell(o.note()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static String memory(List<MemRow> mems) {
        Map<String, MemRow[]> byModel = new LinkedHashMap<>();
        for (MemRow m : mems) {
            byModel.computeIfAbsent(m.model() + "\t" + m.threads(), k -> new MemRow[2])[m.engine().equals("ort") ? 1 : 0] = m;
        }
        boolean planned = mems.stream().anyMatch(m -> !Double.isNaN(m.plannedPeakMiB()) || !Double.isNaN(m.lowerBoundMiB()));
        StringBuilder sb = new StringBuilder();
        sb.append("Peak = VmHWM of a JVM that read the model and its inputs, created one engine's session, warmed up "
                + "and ran the timed runs. Baseline = VmRSS of that JVM before the engine's environment and session "
                + "existed (JVM, model bytes, inputs); peak − baseline is what the engine added. MiB.\n\n");
        sb.append("| model | threads | peak Minerua / ORT | Minerua/ORT | peak − baseline Minerua / ORT | baseline Minerua / ORT");
        if (planned) {
            sb.append(" | planned peak | lower bound");
        }
        sb.append(" | notes |\n|---|---:|---:|---:|---:|---:|");
        if (planned) {
            sb.append("---:|---:|");
        }
        sb.append("---|\n");
        for (MemRow[] pair : byModel.values()) {
            MemRow m = pair[0];
            MemRow o = pair[1];
            MemRow any = m != null ? m : o;
            double mp = m == null ? Double.NaN : m.peakMiB();
            double op = o == null ? Double.NaN : o.peakMiB();
            sb.append("| ").append(Formats.cell(any.model()))
                    .append(" | ").append(any.threads())
                    .append(" | ").append(mib(mp)).append(" / ").append(mib(op))
                    .append(" | ").append(Formats.ratio(mp / op))
                    .append(" | ").append(mib(mp - (m == null ? Double.NaN : m.baselineMiB())))
                    .append(" / ").append(mib(op - (o == null ? Double.NaN : o.baselineMiB())))
                    .append(" | ").append(mib(m == null ? Double.NaN : m.baselineMiB()))
                    .append(" / ").append(mib(o == null ? Double.NaN : o.baselineMiB()));
            if (planned) {
                sb.append(" | ").append(mib(m == null ? Double.NaN : m.plannedPeakMiB()))
                        .append(" | ").append(mib(m == null ? Double.NaN : m.lowerBoundMiB()));
            }
            List<String> notes = new ArrayList<>();
            for (MemRow x : pair) {
                if (x != null && !x.note().isEmpty()) {
                    notes.add(x.engine() + ": " + x.note());
                }
            }
            sb.append(" | ").append(Formats.cell(String.join("; ", notes))).append(" |\n");
        }
        return sb.toString();
    }

    private static String warmup(Row r) {
        if (r.warmupRounds() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%d runs, %.1f s%s", r.warmupRounds(), r.warmupSeconds(),
                r.stable() ? "" : ", capped");
    }

    private static String timing(Stats s) {
        return s == null ? "–" : Formats.ms(s.median()) + " / " + Formats.ms(s.p90());
    }

    private static String median(Stats s) {
        return s == null ? "–" : Formats.ms(s.median());
    }

    private static int count(Stats s) {
        return s == null ? 0 : s.count();
    }

    private static String nodes(int n) {
        return n < 0 ? "–" : Integer.toString(n);
    }

    /** MiB: whole numbers, one decimal below 10 (planned arenas of small models). */
    private static String mib(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.1f" : "%.0f", v);
    }
}
