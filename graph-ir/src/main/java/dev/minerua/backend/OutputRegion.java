package dev.minerua.backend;

import dev.minerua.tensor.Tensor;

/**
 * Part of a larger tensor that a kernel writes one of its outputs into, instead of a tensor of its own (see
 * {@link KernelContext#outputRegion}): a Concat's output, whose inputs are each a run of equal blocks. The
 * output's elements, in order, are {@link #blocks()} blocks of {@link #blockLength()} elements; block {@code k}
 * goes to {@code target} from element {@code offset + k * blockStride}. For a Concat along axis {@code a}, the
 * blocks are indexed by the axes before {@code a} (one block per image for the channel axis of an NCHW tensor).
 *
 * @param target      the tensor written into (its type is the output's)
 * @param offset      where block 0 starts in {@code target}
 * @param blocks      how many blocks the output has
 * @param blockLength elements per block
 * @param blockStride elements from one block's start to the next in {@code target}
 */
public record OutputRegion(Tensor target, int offset, int blocks, int blockLength, int blockStride) {
    /** This geometry on another target tensor. */
    public OutputRegion on(Tensor other) {
        return other == target ? this : new OutputRegion(other, offset, blocks, blockLength, blockStride);
    }
}
