package dev.minerua.backend;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

/**
 * What a kernel sees while it runs: its inputs, where to put its outputs, memory, and how to run
 * subgraphs. One context serves one run of one graph on one thread; it is not shared between threads.
 */
public interface KernelContext {
    /** Number of input slots of the node, including absent optional ones. */
    int inputCount();

    /** Input {@code i} as a tensor, or null when the slot is absent (past the end or empty). */
    Tensor input(int i);

    /** Input {@code i} as any value (tensor, sequence, optional, map), or null when absent. */
    OnnxValue inputValue(int i);

    /** True when input slot {@code i} is given. */
    default boolean hasInput(int i) {
        return inputValue(i) != null;
    }

    int outputCount();

    /** True when the model consumes output {@code i} (or it is a graph output). */
    boolean isOutputUsed(int i);

    void setOutput(int i, OnnxValue value);

    /**
     * A zero-filled tensor for this run, subject to the session's size limit.
     *
     * @throws dev.minerua.error.TensorSizeException when the shape is too large
     */
    Tensor allocate(DataType type, int... shape);

    /**
     * Allocates a tensor and sets it as output {@code i}. When the kernel declared that output {@code i} may
     * overwrite an input ({@link Kernel#inPlaceInputs}), the runtime may return that input's tensor instead:
     * same type and shape, holding the input's values rather than zeros.
     */
    default Tensor allocateOutput(int i, DataType type, int... shape) {
        Tensor t = allocate(type, shape);
        setOutput(i, t);
        return t;
    }

    /**
     * As {@link #allocateOutput}, for a kernel that writes every element of output {@code i}: the runtime may
     * hand out a reused array without zero-filling it (its elements are then unspecified), which spares the
     * calling thread a pass over the output before the kernel's own (serial, ahead of any parallel region). The
     * default zero-fills anyway.
     */
    default Tensor allocateOutputUnzeroed(int i, DataType type, int... shape) {
        return allocateOutput(i, type, shape);
    }

    /**
     * Where output {@code i}, of this type and shape, should be written when the runtime wants it inside a larger
     * tensor (see {@link Kernel#writesOutputRegion}); null (the default) when the output gets a tensor of its
     * own. A kernel that writes into the region sets no output {@code i}; the region's elements are not zeroed
     * for it, so it writes every element of the output. Asking is free: a kernel that then finds the region
     * unusable may still allocate the output.
     */
    default OutputRegion outputRegion(int i, DataType type, int... shape) {
        return null;
    }

    /**
     * Runs a subgraph compiled with {@link CompileContext#compileSubgraph}, feeding its formal inputs in
     * order; values it reads from enclosing graphs are taken from the current run.
     *
     * @return the subgraph's outputs in order
     */
    OnnxValue[] runSubgraph(CompiledSubgraph subgraph, OnnxValue... inputs);

    /** How many threads the session allows one kernel to use. */
    int intraOpThreads();
}
