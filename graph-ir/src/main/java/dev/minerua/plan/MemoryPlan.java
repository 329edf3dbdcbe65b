package dev.minerua.plan;

import java.util.List;

/**
 * The result of planning one execution order at one input-shape signature.
 *
 * @param placements  every block, in the order they were given
 * @param plannedPeak bytes of arena the placements need (the highest end offset)
 * @param lowerBound  the largest total of block sizes needed at any one step: no placement can do better
 */
public record MemoryPlan(List<Placement> placements, long plannedPeak, long lowerBound) {
    public MemoryPlan {
        placements = List.copyOf(placements);
    }

    /** Planned peak over lower bound (1.0 when nothing is planned). */
    public double ratio() {
        return lowerBound == 0 ? 1.0 : (double) plannedPeak / lowerBound;
    }
}
