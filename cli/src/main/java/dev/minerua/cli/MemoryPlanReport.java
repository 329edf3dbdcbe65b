package dev.minerua.cli;

import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.ValueLifetime;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.TestDataSet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The table {@code minerua inspect MODEL --memory-plan} prints. */
final class MemoryPlanReport {
    private MemoryPlanReport() {
    }

    static void print(Path model, Path testData, PrintStream out) {
        GraphMemoryPlan plan;
        try (Environment env = Environment.create();
             Session session = env.createSession(model, new SessionOptions().setIntraOpThreads(1))) {
            plan = session.memoryPlan(testData == null ? null
                    : TestDataSet.load(testData, session.inputs(), session.outputs()).inputs());
        }
        out.println("memory plan:  " + model + (testData == null ? " (shapes from type inference)"
                : " (shapes from " + testData + ")"));
        out.println("steps:        " + plan.steps());
        int width = Math.min(60, Math.max(6, widest(plan)));
        out.printf(Locale.ROOT, "%-" + width + "s %14s %14s %6s %6s  %s%n", "tensor", "bytes", "offset", "first", "last", "storage");
        printRows(plan, "", width, out);
        long dynamic = plan.dynamicValues().size();
        out.printf(Locale.ROOT, "values=%d dynamic=%d blocks=%d ratio=%.3f%n", plan.values().size(), dynamic,
                plan.plan().placements().size(), plan.plan().ratio());
        out.println("planned_peak_bytes=" + plan.plan().plannedPeak() + " lower_bound_bytes=" + plan.plan().lowerBound());
    }

    private static int widest(GraphMemoryPlan plan) {
        int w = plan.values().stream().mapToInt(v -> v.name().length()).max().orElse(0);
        for (GraphMemoryPlan.SubgraphPlan sub : plan.subgraphs()) {
            w = Math.max(w, 2 + widest(sub.plan()));
        }
        return w;
    }

    /** The rows of one graph, then those of its subgraphs (indented, offsets inside the body's block). */
    private static void printRows(GraphMemoryPlan plan, String indent, int width, PrintStream out) {
        for (ValueLifetime v : plan.values()) {
            String storage = v.isDynamic() ? "dynamic (run-time pool)"
                    : v.block() < 0 ? "view of " + v.viewOf() + " (not in the arena)"
                    : v.inPlace() ? "in place of " + v.viewOf()
                    : v.viewOf() != null ? "view of " + v.viewOf() : "arena";
            out.printf(Locale.ROOT, "%-" + width + "s %14s %14s %6d %6d  %s%n", clip(indent + v.name(), width),
                    v.isDynamic() ? "?" : Long.toString(v.bytes()),
                    v.block() < 0 ? "-" : Long.toString(plan.offsetOf(v)), v.first(), v.last(), storage);
        }
        for (GraphMemoryPlan.SubgraphPlan sub : plan.subgraphs()) {
            out.printf(Locale.ROOT, "%ssubgraph %s of %s: %d steps, planned_peak_bytes=%d lower_bound_bytes=%d%n",
                    indent, sub.name(), sub.node(), sub.plan().steps(), sub.plan().plan().plannedPeak(),
                    sub.plan().plan().lowerBound());
            printRows(sub.plan(), indent + "  ", width, out);
        }
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
