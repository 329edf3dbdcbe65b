package dev.minerua.plan;

/**
 * One intermediate value's row in a graph's memory plan.
 *
 * @param name   the value's name
 * @param bytes  its size, or -1 when only known while running ("dynamic")
 * @param first  the step that produces it
 * @param last   the last step that reads it (graph outputs: the last step)
 * @param viewOf the value whose storage it shares (Reshape, Squeeze, ... outputs), else null
 * @param block  index of its storage block in {@link GraphMemoryPlan#plan()}'s placements, -1 when dynamic
 *               or when it views storage the arena does not hold (an initializer or graph input)
 */
public record ValueLifetime(String name, long bytes, int first, int last, String viewOf, int block) {
    public boolean isDynamic() {
        return bytes < 0;
    }
}
