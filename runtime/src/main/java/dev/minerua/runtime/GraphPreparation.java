package dev.minerua.runtime;

import dev.minerua.ir.GradientExpansion;
import dev.minerua.ir.Graph;
import dev.minerua.ir.OpRegistry;
import dev.minerua.ir.TypeInference;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.optimizer.PassPipeline;

import java.util.Set;
import java.util.function.Consumer;

/**
 * What a session does to a loaded graph before choosing kernels: expand Gradient nodes, bind every
 * operator, infer types, and run the optimization passes of a level (constant folding evaluates nodes
 * with the CPU kernels). Public so tools (the CLI's {@code optimize}) can produce the graph a session runs.
 */
public final class GraphPreparation {
    private GraphPreparation() {
    }

    /**
     * Prepares {@code graph} in place.
     *
     * @param disabled names of passes to skip
     * @param log      receives one line per change a pass makes
     */
    public static void prepare(Graph graph, OptimizationLevel level, Set<String> disabled, Consumer<String> log) {
        prepare(graph, level, disabled, log, new CreationTimes.Recorder());
    }

    static void prepare(Graph graph, OptimizationLevel level, Set<String> disabled, Consumer<String> log,
                        CreationTimes.Recorder times) {
        GradientExpansion.expandAll(graph);
        OpRegistry.standard().bindAll(graph);
        times.lap("bind");
        TypeInference.run(graph);
        times.lap("infer");
        PassPipeline.forLevel(level, new CpuConstantEvaluator())
                .run(graph, disabled, log, times);
        times.restart();
    }
}
