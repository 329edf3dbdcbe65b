package dev.minerua.backend;

/**
 * The compiled form of one node on one backend, chosen once at session creation.
 *
 * <p>Contract: {@link #execute} reads the node's inputs from the context and sets each output it
 * produces (outputs the model does not use may be left unset). Input tensors are read-only, except that
 * an output may take over an input's storage when the kernel declares it ({@link #inPlaceInputs}).
 * A kernel holds no per-run state, so one instance may run concurrently in different contexts;
 * everything computed at compile time (strides, packed weights) must be immutable.
 */
@FunctionalInterface
public interface Kernel {
    void execute(KernelContext ctx);

    /**
     * The inputs whose storage output {@code output} may overwrite, in order of preference; empty (the
     * default) when none. By listing input {@code j} the kernel promises to compute correctly when
     * {@link KernelContext#allocateOutput} for {@code output} returns input {@code j}'s very tensor: it
     * requests that output through {@code allocateOutput} (not {@code allocate}), reads each element of
     * input {@code j} before it writes the same element of the output and writes no element it has yet to
     * read, and does not count on the output being zero-filled. The runtime decides whether to hand the input
     * over (only when it has the output's type and shape, dies at this step and nothing else holds it).
     * Asked once per output at session creation.
     */
    default int[] inPlaceInputs(int output) {
        return new int[0];
    }

    /**
     * False when the kernel, compiled against the constant it found at input {@code input}, no longer reads
     * that input while it runs (it keeps its own form of it, such as packed weights) and copes with the input
     * being absent ({@link KernelContext#input} returning null). The runtime may then drop the decoded
     * constant when no other kernel reads it. Default true.
     */
    default boolean readsConstantInput(int input) {
        return true;
    }

    /**
     * True when one kernel serves runs that feed a value for an input whose initializer is only a default (an
     * initializer that is also a graph input) as well as runs that keep the default: it notices a fed value and
     * uses it. False (the default) when the kernel may have built its own form of the default at compile time;
     * the runtime then compiles a second kernel, with such inputs as run-time values, for runs that feed them.
     */
    default boolean followsFedDefaults() {
        return false;
    }

    /**
     * True when the kernel asks {@link KernelContext#outputRegion} for output {@code output} and, when it gets a
     * region, writes the output there and sets no tensor for it (the runtime may then produce a Concat's inputs
     * straight into the Concat's output). The runtime offers only regions of one block (the whole output) or of
     * one block per index of the output's first axis (an image of a batch). A kernel that gets a region it cannot use (other block geometry, a
     * path without the feature) allocates and sets the output as usual, and the runtime copies it. Default false.
     */
    default boolean writesOutputRegion(int output) {
        return false;
    }
}
