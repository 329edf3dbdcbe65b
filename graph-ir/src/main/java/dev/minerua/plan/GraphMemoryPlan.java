package dev.minerua.plan;

import java.util.List;

/**
 * A graph's memory plan at one input-shape signature: per intermediate value its lifetime and storage
 * block, and the arena placement of the blocks.
 *
 * @param steps     number of steps (nodes) in the execution order
 * @param values    every value a node produces, in production order
 * @param plan      placement of the storage blocks (views add none)
 * @param subgraphs the plans of the subgraphs (If/Loop/Scan bodies) of this graph's nodes; each node's
 *                  bodies share one block of this plan, as large as the largest body's planned peak,
 *                  alive during the node's step (a Loop body's arena is reused by every iteration)
 */
public record GraphMemoryPlan(int steps, List<ValueLifetime> values, MemoryPlan plan, List<SubgraphPlan> subgraphs) {
    /** The plan of one subgraph, named with the node that owns it. */
    public record SubgraphPlan(String node, String name, GraphMemoryPlan plan) {
    }

    public GraphMemoryPlan {
        values = List.copyOf(values);
        subgraphs = List.copyOf(subgraphs);
    }

    /** Values whose size is only known while running, planned by the run-time pool instead. */
    public List<ValueLifetime> dynamicValues() {
        return values.stream().filter(ValueLifetime::isDynamic).toList();
    }

    /** The arena offset of a planned value (views report their root's), or -1. */
    public long offsetOf(ValueLifetime v) {
        return v.block() < 0 ? -1 : plan.placements().get(v.block()).offset();
    }
}
