package dev.minerua.cli;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Model;
import dev.minerua.ir.Value;
import dev.minerua.runtime.Environment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code minerua inspect MODEL}: what a model file declares, without binding any operator. */
public final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "show a model's producer, opsets, inputs/outputs, sizes and op histogram";
    }

    @Override
    public String usage() {
        return """
                Usage: minerua inspect MODEL [--memory-plan [--test-data DIR]]

                Prints the producer, IR version, opsets, graph inputs and outputs (with symbolic
                dimensions), initializer count and bytes, node count (subgraphs included) and how
                often each operator occurs. Needs no operator support.

                --memory-plan  prepares a CPU session and prints the static memory plan of the
                               main graph: per intermediate tensor its size, arena offset and
                               first and last step, ending with
                               planned_peak_bytes=X lower_bound_bytes=Y
                --test-data D  sizes from one run on D's inputs (symbolic dimensions resolved);
                               without it, tensors whose shape is not static are listed as dynamic
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("--test-data"), Set.of("--memory-plan"));
        Path file = Path.of(args.singlePositional("MODEL"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file not found: " + file);
        }
        if (args.has("--memory-plan")) {
            String testData = args.value("--test-data", null);
            MemoryPlanReport.print(file, testData == null ? null : Path.of(testData), out);
            return Main.OK;
        }
        if (args.has("--test-data")) {
            throw new UsageException("--test-data goes with --memory-plan");
        }
        Model model;
        try (Environment env = Environment.create()) {
            model = env.loadModel(file);
        }
        print(file, ModelSummary.of(model), out);
        return Main.OK;
    }

    /** Writes the report for one model. */
    static void print(Path file, ModelSummary s, PrintStream out) {
        Model m = s.model();
        Graph g = m.graph();
        out.println("model:        " + file);
        String producer = (m.producerName() + " " + m.producerVersion()).strip();
        out.println("producer:     " + (producer.isEmpty() ? "(none)" : producer));
        out.println("ir_version:   " + m.irVersion());
        StringBuilder opsets = new StringBuilder();
        for (Map.Entry<String, Long> e : m.opsetImports().entrySet()) {
            if (!opsets.isEmpty()) {
                opsets.append(", ");
            }
            opsets.append(e.getKey().isEmpty() ? "ai.onnx" : e.getKey()).append(' ').append(e.getValue());
        }
        out.println("opsets:       " + opsets);
        if (!m.domain().isEmpty() || m.modelVersion() != 0) {
            out.println("domain:       " + m.domain() + " (model version " + m.modelVersion() + ")");
        }
        if (!g.name().isEmpty()) {
            out.println("graph:        " + g.name());
        }
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
            out.println("metadata:     " + e.getKey() + " = " + abbreviate(e.getValue(), 100));
        }
        Set<Value> initialized = new HashSet<>(g.initializers());
        List<Value> feeds = g.feedInputs();
        out.println("inputs:       " + feeds.size());
        for (Value v : feeds) {
            out.println("  " + v.name() + ": " + typeOf(v));
        }
        long backed = g.inputs().stream().filter(initialized::contains).count();
        if (backed > 0) {
            out.println("  (+" + backed + " inputs with initializer defaults, not listed)");
        }
        out.println("outputs:      " + g.outputs().size());
        for (Value v : g.outputs()) {
            out.println("  " + v.name() + ": " + typeOf(v));
        }
        out.println("initializers: " + s.initializerCount() + " (" + bytes(s.initializerBytes()) + ")");
        out.println("nodes:        " + s.nodeCount() + (s.subgraphCount() > 0
                ? " (" + g.nodes().size() + " in the main graph, " + s.subgraphCount() + " subgraphs)" : ""));
        out.println("ops:          " + s.opCounts().size() + " types");
        int width = s.opCounts().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Integer> e : s.opCounts().entrySet()) {
            out.printf("  %-" + width + "s %6d%n", e.getKey(), e.getValue());
        }
    }

    private static String typeOf(Value v) {
        return v.type() == null ? "(type not declared)" : v.type().toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        double kib = n / 1024.0;
        String human = kib < 1024 ? String.format(java.util.Locale.ROOT, "%.1f KiB", kib)
                : String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024);
        return String.format(java.util.Locale.ROOT, "%,d bytes, %s", n, human);
    }

    private static String abbreviate(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 3) + "...";
    }
}
