package dev.minerua.opencl;

import java.util.List;

/**
 * What one node becomes on the device: kernel launches, or for views (Reshape and friends) nothing but
 * the statement that an output shares an input's buffer.
 *
 * @param launches the launches in order
 * @param viewOf   per output, the input whose buffer it shares, or -1 when a launch writes it
 */
record Lowered(List<Launch> launches, int[] viewOf) {
    static Lowered of(int outputs, Launch... launches) {
        int[] none = new int[outputs];
        java.util.Arrays.fill(none, -1);
        return new Lowered(List.of(launches), none);
    }

    /** Output 0 is input 0's buffer under another shape. */
    static Lowered view() {
        return new Lowered(List.of(), new int[] {0});
    }
}
