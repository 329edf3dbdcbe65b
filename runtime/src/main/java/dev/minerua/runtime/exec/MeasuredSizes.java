package dev.minerua.runtime.exec;

import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.plan.GraphLifetimes;
import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.InPlaceHints;
import dev.minerua.plan.ValueSizes;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Plans a graph's memory at the shapes of one concrete set of inputs: runs the plan once (with fresh
 * allocations) and records the size of every tensor a step produces, so symbolic and data-dependent
 * dimensions are resolved. Values that are not tensors, or that no step wrote, fall back to their
 * inferred static size. Subgraph frames report to the same observer, so bodies are measured too (a branch
 * that did not run keeps its inferred sizes).
 */
public final class MeasuredSizes {
    private MeasuredSizes() {
    }

    /** Plans with the in-place declarations {@code inPlace} of the plan's kernels. */
    public static GraphMemoryPlan plan(ExecutionPlan plan, RunLimits limits, Map<String, ? extends OnnxValue> feeds,
                                       InPlaceHints inPlace) {
        Map<Value, Long> measured = new HashMap<>();
        Frame frame = new Frame(plan, limits);
        frame.setObserver((index, f) -> {
            Step step = f.plan().steps().get(index);
            Node n = step.node();
            int[] out = step.outputSlots();
            for (int i = 0; i < out.length; i++) {
                if (out[i] >= 0 && f.slot(out[i]) instanceof Tensor t) {
                    // A Loop body runs many times: plan for its largest iteration.
                    measured.merge(n.output(i), ValueSizes.bytesOf(t.type(), t.size()), Math::max);
                }
            }
        });
        frame.feed(feeds);
        frame.run();
        ValueSizes inferred = ValueSizes.fromInferredShapes();
        return GraphLifetimes.plan(plan.graph(), v -> measured.containsKey(v) ? measured.get(v) : inferred.bytes(v),
                inPlace);
    }
}
