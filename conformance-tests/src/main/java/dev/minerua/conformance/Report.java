package dev.minerua.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders a run as Markdown (for people, e.g. {@code docs/CONFORMANCE.md}) or JSON (for tools; written by
 * hand, no dependency).
 */
public final class Report {
    private Report() {
    }

    /** Counts for one row of a table. */
    record Tally(int passed, int failed, int skipped) {
        int total() {
            return passed + failed + skipped;
        }

        Tally plus(CaseResult r) {
            return new Tally(passed + (r.passed() ? 1 : 0), failed + (r.failed() ? 1 : 0),
                    skipped + (r.status() == CaseStatus.SKIPPED ? 1 : 0));
        }
    }

    /** The Markdown report: header, per-suite summary, per-op and per-element-type tables, failures. */
    public static String markdown(RunInfo info, List<CaseResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Minerua ONNX conformance\n\n");
        sb.append("- Date: ").append(info.date()).append('\n');
        sb.append("- ONNX backend test data: onnx ").append(info.dataVersion()).append('\n');
        sb.append("- Options: ").append(info.options()).append('\n');
        sb.append("- Command: `").append(info.command()).append("`\n");
        Tally all = tally(results, r -> List.of("all")).getOrDefault("all", new Tally(0, 0, 0));
        long millis = results.stream().mapToLong(CaseResult::millis).sum();
        sb.append("- Result: ").append(summaryLine(results)).append(String.format(Locale.ROOT, " (%.1f s)%n", millis / 1000.0));

        sb.append("\n## Suites\n\n| suite | passed | failed | skipped | total | pass rate |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, Tally> suites = tally(results, r -> List.of(r.suite()));
        suites.forEach((k, t) -> row(sb, k, t, true));
        row(sb, "**total**", all, true);

        sb.append("\n## Operators\n\nA case counts for every operator its model uses (subgraphs included), so a failure may be due to another operator in the same model.\n\n");
        sb.append("| operator | passed | total |\n|---|---:|---:|\n");
        tally(results, r -> new ArrayList<>(r.opTypes())).forEach((k, t) -> row(sb, "`" + k + "`", t, false));

        sb.append("\n## Element types\n\nTypes of the models' graph inputs and outputs.\n\n| type | passed | total |\n|---|---:|---:|\n");
        tally(results, r -> new ArrayList<>(r.elementTypes())).forEach((k, t) -> row(sb, "`" + k + "`", t, false));

        if (results.stream().anyMatch(r -> r.nodesOnDevice() > 0)) {
            sb.append("\n## Operators on the device\n\nCases that passed with every node on the device backend, per operator.\n\n");
            sb.append("| operator | passed on device | total |\n|---|---:|---:|\n");
            Map<String, long[]> perOp = new java.util.TreeMap<>();
            for (CaseResult r : results) {
                for (String op : r.opTypes()) {
                    long[] t = perOp.computeIfAbsent(op, k -> new long[2]);
                    t[0] += r.passedOnDevice() ? 1 : 0;
                    t[1]++;
                }
            }
            perOp.forEach((op, t) -> sb.append("| `").append(op).append("` | ").append(t[0]).append(" | ")
                    .append(t[1]).append(" |\n"));
        }

        List<CaseResult> failing = results.stream().filter(r -> !r.passed()).toList();
        sb.append("\n## Failing and skipped cases (").append(failing.size()).append(")\n\n");
        if (failing.isEmpty()) {
            sb.append("None.\n");
        } else {
            sb.append("| case | status | reason |\n|---|---|---|\n");
            for (CaseResult r : failing) {
                sb.append("| ").append(r.id()).append(" | ").append(r.status().name().toLowerCase(Locale.ROOT))
                        .append(" | ").append(escapeCell(r.reason())).append(" |\n");
            }
        }

        sb.append("\n## Slowest cases\n\n| case | ms |\n|---|---:|\n");
        results.stream().sorted(Comparator.comparingLong(CaseResult::millis).reversed()).limit(10)
                .forEach(r -> sb.append("| ").append(r.id()).append(" | ").append(r.millis()).append(" |\n"));
        return sb.toString();
    }

    /** {@code N passed, M failed, K skipped}. */
    public static String summaryLine(List<CaseResult> results) {
        long p = results.stream().filter(CaseResult::passed).count();
        long f = results.stream().filter(CaseResult::failed).count();
        long s = results.size() - p - f;
        String line = p + " passed, " + f + " failed, " + s + " skipped";
        long device = results.stream().mapToLong(CaseResult::nodesOnDevice).sum();
        if (device > 0) {
            long nodes = results.stream().mapToLong(CaseResult::nodeCount).sum();
            long all = results.stream().filter(CaseResult::passedOnDevice).count();
            line += "; on the device: " + device + "/" + nodes + " nodes, " + all + " cases passed entirely on it";
        }
        return line;
    }

    /** The JSON report: the header facts, totals per suite and every case. */
    public static String json(RunInfo info, List<CaseResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"date\": ").append(str(info.date().toString())).append(",\n");
        sb.append("  \"onnxDataVersion\": ").append(str(info.dataVersion())).append(",\n");
        sb.append("  \"options\": ").append(str(info.options())).append(",\n");
        sb.append("  \"command\": ").append(str(info.command())).append(",\n");
        sb.append("  \"suites\": {");
        boolean first = true;
        for (var e : tally(results, r -> List.of(r.suite())).entrySet()) {
            sb.append(first ? "\n" : ",\n");
            first = false;
            Tally t = e.getValue();
            sb.append("    ").append(str(e.getKey())).append(": {\"passed\": ").append(t.passed())
                    .append(", \"failed\": ").append(t.failed()).append(", \"skipped\": ").append(t.skipped()).append('}');
        }
        sb.append(first ? "},\n" : "\n  },\n");
        sb.append("  \"cases\": [");
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"suite\": ").append(str(r.suite()))
                    .append(", \"name\": ").append(str(r.name()))
                    .append(", \"status\": ").append(str(r.status().name()))
                    .append(", \"reason\": ").append(r.reason() == null ? "null" : str(r.reason()))
                    .append(", \"opTypes\": ").append(array(r.opTypes()))
                    .append(", \"elementTypes\": ").append(array(r.elementTypes()))
                    .append(", \"millis\": ").append(r.millis());
            if (r.nodesOnDevice() > 0) {
                sb.append(", \"nodesOnDevice\": ").append(r.nodesOnDevice())
                        .append(", \"nodeCount\": ").append(r.nodeCount());
            }
            sb.append('}');
        }
        sb.append(results.isEmpty() ? "]\n" : "\n  ]\n");
        sb.append("}\n");
        return sb.toString();
    }

    public static void writeMarkdown(Path file, RunInfo info, List<CaseResult> results) {
        write(file, markdown(info, results));
    }

    public static void writeJson(Path file, RunInfo info, List<CaseResult> results) {
        write(file, json(info, results));
    }

    private static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, Tally> tally(List<CaseResult> results, Function<CaseResult, List<String>> keys) {
        Map<String, Tally> m = new TreeMap<>();
        for (CaseResult r : results) {
            for (String k : keys.apply(r)) {
                m.put(k, m.getOrDefault(k, new Tally(0, 0, 0)).plus(r));
            }
        }
        return m;
    }

    private static void row(StringBuilder sb, String key, Tally t, boolean full) {
        sb.append("| ").append(key).append(" | ").append(t.passed()).append(" | ");
        if (full) {
            sb.append(t.failed()).append(" | ").append(t.skipped()).append(" | ").append(t.total()).append(" | ")
                    .append(t.total() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * t.passed() / t.total()));
        } else {
            sb.append(t.total());
        }
        sb.append(" |\n");
    }

    private static String escapeCell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String array(Iterable<String> items) {
        List<String> sorted = new ArrayList<>();
        items.forEach(sorted::add);
        sorted.sort(null);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(str(sorted.get(i)));
        }
        return sb.append(']').toString();
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
