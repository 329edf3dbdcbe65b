package dev.minerua.cli;

import dev.minerua.ir.Model;
import dev.minerua.optimizer.ModelWriter;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.GraphPreparation;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code minerua optimize IN OUT [--level L]}: applies the optimizer's passes and saves the result as ONNX. */
public final class OptimizeCommand implements Command {
    @Override
    public String name() {
        return "optimize";
    }

    @Override
    public String summary() {
        return "rewrite a model with the optimizer's passes and save it as a new .onnx file";
    }

    @Override
    public String usage() {
        return """
                Usage: minerua optimize IN.onnx OUT.onnx [--level basic|extended|all] [--disable PASS]... [--verbose]

                Loads IN, binds its operators, infers types, runs the passes of the level (default basic:
                constant folding, no-op elimination, BatchNorm and Conv Add/Mul folding, dead-node
                elimination) and writes the graph as it would run to OUT. Basic-level output is standard
                ONNX that other runtimes load. extended and all also compute float16 chains in float32
                (Casts at their borders), recognise GELU, HardSwish and LayerNormalization patterns and fuse Conv/Gemm/MatMul with bias, residual and activation
                into ops of the domain dev.minerua (declared in the saved model's opset imports), which
                only Minerua runs. --disable skips a pass by name; --verbose prints each change.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("--level", "--disable"), Set.of("--verbose"));
        if (args.positional().size() != 2) {
            throw new UsageException("expected IN.onnx and OUT.onnx");
        }
        Path in = Path.of(args.positional().get(0));
        Path target = Path.of(args.positional().get(1));
        if (!Files.isRegularFile(in)) {
            throw new IllegalArgumentException("model file not found: " + in);
        }
        OptimizationLevel level = level(args.value("--level", "basic"));
        Set<String> disabled = new LinkedHashSet<>(args.values("--disable"));
        boolean verbose = args.has("--verbose");
        Model model;
        try (Environment env = Environment.create()) {
            model = env.loadModel(in);
        }
        int before = model.graph().nodeCountDeep();
        GraphPreparation.prepare(model.graph(), level, disabled, line -> {
            if (verbose) {
                out.println("  " + line);
            }
        });
        ModelWriter.write(model, target);
        out.println("optimized " + in + " at level " + level.name().toLowerCase(Locale.ROOT) + ": " + before
                + " -> " + model.graph().nodeCountDeep() + " nodes; wrote " + target);
        return Main.OK;
    }

    private static OptimizationLevel level(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none" -> OptimizationLevel.NONE;
            case "basic" -> OptimizationLevel.BASIC;
            case "extended" -> OptimizationLevel.EXTENDED;
            case "all" -> OptimizationLevel.ALL;
            default -> throw new UsageException("unknown level '" + s + "' (none, basic, extended, all)");
        };
    }
}
