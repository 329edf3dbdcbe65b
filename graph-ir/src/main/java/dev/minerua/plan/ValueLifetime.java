package dev.minerua.plan;

/**
 * One intermediate value's row in a graph's memory plan.
 *
 * @param name    the value's name
 * @param bytes   its size, or -1 when only known while running ("dynamic")
 * @param first   the step that produces it
 * @param last    the last step that reads it (graph outputs: the last step)
 * @param viewOf  the value whose storage it shares (the root of a Reshape, Squeeze, ... chain, or of an in-place
 *                output's input), else null
 * @param block   index of its storage block in {@link GraphMemoryPlan#plan()}'s placements, -1 when dynamic
 *                or when it views storage the arena does not hold (an initializer or graph input)
 * @param inPlace true when a kernel writes it over the storage of an input that dies at its step
 */
public record ValueLifetime(String name, long bytes, int first, int last, String viewOf, int block, boolean inPlace) {
    /** A row of a value that is not written in place. */
    public ValueLifetime(String name, long bytes, int first, int last, String viewOf, int block) {
        this(name, bytes, first, last, viewOf, block, false);
    }

    public boolean isDynamic() {
        return bytes < 0;
    }
}
