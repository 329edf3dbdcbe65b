package dev.minerua.runtime.exec;

import dev.minerua.backend.Kernel;
import dev.minerua.ir.Node;

/**
 * One node in an execution plan.
 *
 * @param node        the node, for error messages
 * @param kernel      its compiled kernel
 * @param backend     the name of the backend that runs it
 * @param inputSlots  the frame slot of each input, -1 for an absent optional input
 * @param outputSlots the frame slot of each output, -1 for an output nobody reads
 * @param freeAfter   slots whose last reader is this step, released once it has run
 * @param inPlace     per output, the inputs (indices) whose storage it may take over: declared by the kernel,
 *                    produced by an earlier step of this plan, read for the last time here, read once by this
 *                    node and not a graph output; null when no output qualifies. The frame still checks at run
 *                    time that the array is pooled, of the right type and shape, and held by no other slot.
 * @param fedKernel   the kernel for runs where a slot of {@code fedSlots} holds a fed value rather than its
 *                    initializer default ({@code kernel} may have packed the default as a constant); null when the
 *                    node reads no such slot
 * @param fedSlots    the node's input slots that hold an initializer a feed may replace
 * @param regions     per output, where it goes inside a later Concat's output ({@link ConcatInPlace}); null when
 *                    no output does
 * @param assembly    for a Concat whose inputs were written into its output, what is left to do instead of running
 *                    the kernel; null otherwise
 */
record Step(Node node, Kernel kernel, String backend, int[] inputSlots, int[] outputSlots, int[] freeAfter,
            int[][] inPlace, Kernel fedKernel, int[] fedSlots, ConcatInPlace.Write[] regions,
            ConcatInPlace.Assembly assembly) {
    /** This step with the in-place Concat roles {@code regions} and {@code assembly}. */
    Step withConcat(ConcatInPlace.Write[] regions, ConcatInPlace.Assembly assembly) {
        return new Step(node, kernel, backend, inputSlots, outputSlots, freeAfter, inPlace, fedKernel, fedSlots,
                regions, assembly);
    }
}
