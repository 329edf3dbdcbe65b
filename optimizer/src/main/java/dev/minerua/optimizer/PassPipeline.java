package dev.minerua.optimizer;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.optimizer.passes.BatchNormFolding;
import dev.minerua.optimizer.passes.ConstantFolding;
import dev.minerua.optimizer.passes.ConvAddMulFolding;
import dev.minerua.optimizer.passes.DeadNodeElimination;
import dev.minerua.optimizer.passes.Float16Compute;
import dev.minerua.optimizer.passes.ActivationFusion;
import dev.minerua.optimizer.passes.ChannelShuffleFusion;
import dev.minerua.optimizer.passes.GeluFusion;
import dev.minerua.optimizer.passes.HardSwishFusion;
import dev.minerua.optimizer.passes.IdentityElimination;
import dev.minerua.optimizer.passes.LayerNormFusion;
import dev.minerua.optimizer.passes.MatMulBiasFusion;
import dev.minerua.optimizer.passes.MatMulIntegerScaleFusion;
import dev.minerua.optimizer.passes.PreActivationFusion;
import dev.minerua.optimizer.passes.ResidualFusion;
import dev.minerua.optimizer.passes.SkipLayerNormFusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/** An ordered list of passes for one optimization level, applied to a graph and all its subgraphs. */
public final class PassPipeline {
    private final List<GraphPass> passes;

    public PassPipeline(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /** The pipeline for a level, folding only Constant and Shape nodes (no kernels to evaluate others). */
    public static PassPipeline forLevel(OptimizationLevel level) {
        return forLevel(level, null);
    }

    /**
     * The pipeline for a level.
     *
     * @param evaluator runs nodes with constant inputs for {@link ConstantFolding}; null folds only
     *                  Constant and Shape nodes
     */
    public static PassPipeline forLevel(OptimizationLevel level, ConstantEvaluator evaluator) {
        List<GraphPass> p = new ArrayList<>();
        if (level == OptimizationLevel.NONE) {
            return new PassPipeline(p);
        }
        // BASIC: rewrites whose result is still standard ONNX, in this order:
        // 1. Constant folding first: it turns Constant nodes into initializers (the form the folding passes
        //    below look for) and resolves static shape arithmetic (Shape -> Gather -> Concat -> Reshape).
        p.add(new ConstantFolding(evaluator));
        // 2. No-ops next: folding may have made Reshapes reshape to their own shape, and removing Identity /
        //    Dropout between a Conv and its BatchNormalization lets the BN fold.
        p.add(new IdentityElimination());
        // 3. Then the folds into Conv/Gemm weights. Exporters put a separate bias Add between a Conv and its
        //    BN (Conv -> Add -> BN) as well as scales after a BN (Conv -> BN -> Mul), so Add/Mul folding runs
        //    on both sides of BN folding.
        p.add(new ConvAddMulFolding());
        p.add(new BatchNormFolding());
        p.add(new ConvAddMulFolding());
        // 4. Drop what the rewrites left unread (the old weights, dead branches).
        p.add(new DeadNodeElimination());
        if (level == OptimizationLevel.BASIC) {
            return new PassPipeline(p);
        }
        // EXTENDED (and ALL, which has nothing more yet): fusions into ops of Minerua's domain dev.minerua, run
        // after BASIC so that they see folded weights and no no-ops in between.
        // 5. Float16 chains computed in float32 first, with Casts at their borders only: the fusions below are
        //    mostly float32-only, and the kernels are float32 kernels that widen and narrow a float16 node's
        //    tensors one node at a time otherwise.
        p.add(new Float16Compute());
        // 6. Then recognise written-out functions, so the fusions below see one op where exporters wrote many:
        //    GELU and HardSwish (which may then become a MatMul's or Conv's activation) and LayerNormalization.
        p.add(new GeluFusion());
        p.add(new HardSwishFusion());
        p.add(new LayerNormFusion());
        // 7. The residual Add feeding a LayerNormalization, before ResidualFusion could take that Add into a MatMul.
        p.add(new SkipLayerNormFusion());
        // 8. The GEMM epilogue, in its order of application: bias, then residual, then the activation, each pass
        //    extending what the one before built (MatMul -> FusedMatMul(bias) -> + residual -> + Relu); the
        //    quantized form (MatMulInteger -> Cast -> Mul by scale -> Add bias) becomes MatMulIntegerToFloat.
        p.add(new MatMulIntegerScaleFusion());
        p.add(new MatMulBiasFusion());
        p.add(new ResidualFusion());
        p.add(new ActivationFusion());
        //    A channel shuffle after a grouped Conv goes into that Conv's output last: its activation is fused by
        //    now (the shuffle stood between them), and a residual is never added after a shuffle.
        p.add(new ChannelShuffleFusion());
        // 9. The input side of a convolution last: a Relu before a Conv is taken as its pre-activation only once
        //    ActivationFusion had its chance to put that Relu on the producer's epilogue instead.
        p.add(new PreActivationFusion());
        p.add(new DeadNodeElimination());
        return new PassPipeline(p);
    }

    public List<GraphPass> passes() {
        return passes;
    }

    /**
     * Applies every pass not in {@code disabled}, innermost subgraphs first.
     *
     * @param log receives one line per change, for the session's debug switch
     */
    public void run(Graph graph, Set<String> disabled, Consumer<String> log) {
        run(graph, disabled, log, (pass, nanos) -> {
        });
    }

    /**
     * Applies every pass not in {@code disabled}, innermost subgraphs first, reporting each pass application's
     * wall time (once per graph it ran on) to {@code timer}, for the session's creation breakdown.
     *
     * @param log   receives one line per change, for the session's debug switch
     * @param timer receives the pass name and the nanoseconds one application took
     */
    public void run(Graph graph, Set<String> disabled, Consumer<String> log, ObjLongConsumer<String> timer) {
        // Loops, not streams: session creation runs this in interpreted code, where each lambda site costs a spun class.
        if (hasSubgraphs(graph) && !disabled.contains("ConstantFolding") && foldsConstants()) {
            // A subgraph can fold what it computes from its enclosing graphs' Constant nodes (an If branch
            // slicing LSTM weights, say) only once those are initializers, and subgraphs go first.
            apply(new ConstantFolding(null), graph, log, timer);
        }
        for (Node n : graph.nodes()) {
            for (Graph g : n.subgraphs()) {
                run(g, disabled, log, timer);
            }
        }
        try {
            for (GraphPass pass : passes) {
                if (!disabled.contains(pass.name())) {
                    apply(pass, graph, log, timer);
                }
            }
        } finally {
            graph.forgetAnalysis(); // the passes' shared reader index must not keep removed nodes alive
        }
    }

    private static boolean hasSubgraphs(Graph graph) {
        for (Node n : graph.nodes()) {
            if (!n.subgraphs().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean foldsConstants() {
        for (GraphPass pass : passes) {
            if (pass instanceof ConstantFolding) {
                return true;
            }
        }
        return false;
    }

    private static void apply(GraphPass pass, Graph graph, Consumer<String> log, ObjLongConsumer<String> timer) {
        long start = System.nanoTime();
        String change = pass.apply(graph);
        timer.accept(pass.name(), System.nanoTime() - start);
        if (change != null) {
            log.accept(pass.name() + " on graph '" + graph.name() + "': " + change);
        }
    }
}
