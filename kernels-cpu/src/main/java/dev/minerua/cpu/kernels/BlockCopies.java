package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * Block copies into one destination tensor that repeat with a period (a Concat's output: for every index
 * of the axes before the concatenation axis, one block per input), run in parallel. One period is described
 * once, {@link #add} per block, and repeated {@code repeats} times: repetition {@code r} copies block
 * {@code i}'s {@code length} elements from its source at {@code r * length}, right after the blocks before
 * it. Memory is therefore proportional to the blocks of one period, not to the output's outer size (a Concat
 * along the last axis of [1, 4420, 2] inputs is two blocks, not 8840). The destination is split into ranges
 * of equal length whatever the blocks' sizes, so inputs of very different sizes still split evenly over the
 * threads. Copies are bit for bit ({@link ElementMoves#copy}). Once its blocks are added it is not changed, so a
 * kernel may keep it for its next call with the same tensors ({@link #sameInputs}, {@link #withDestination}).
 */
final class BlockCopies {
    private final Tensor dst;
    private final int repeats;
    private final Tensor[] src;
    private final int[] length;
    /** Start of block i within a period; the block ends where block i + 1 starts (or at {@link #period}). */
    private final int[] start;
    private int count;
    private int period;
    /** The node's inputs the blocks were taken from, null entries included (see {@link #keepInputs}). */
    private Tensor[] inputs;
    /** {@link #copyRange}, made once rather than on every {@link #run}. */
    private final CpuThreadPool.RangeBody copier = this::copyRange;

    /** Room for {@code maxBlocks} blocks per period, repeated {@code repeats} times from destination element 0. */
    BlockCopies(Tensor dst, int repeats, int maxBlocks) {
        this.dst = dst;
        this.repeats = repeats;
        this.src = new Tensor[maxBlocks];
        this.length = new int[maxBlocks];
        this.start = new int[maxBlocks];
    }

    /** Appends a block of {@code length} elements of {@code source} to the period (empty blocks are skipped). */
    void add(Tensor source, int blockLength) {
        if (blockLength <= 0) {
            return;
        }
        src[count] = source;
        length[count] = blockLength;
        start[count] = period;
        count++;
        period += blockLength;
    }

    /** Records the node inputs {@code 0..n-1} of {@code ctx} that the blocks come from, for {@link #sameInputs}. */
    void keepInputs(dev.minerua.backend.KernelContext ctx) {
        inputs = new Tensor[ctx.inputCount()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = ctx.input(i);
        }
    }

    /** True when {@code ctx}'s inputs are the very tensors of {@link #keepInputs}: the same blocks again. */
    boolean sameInputs(dev.minerua.backend.KernelContext ctx) {
        if (inputs == null || inputs.length != ctx.inputCount()) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (ctx.input(i) != inputs[i]) {
                return false;
            }
        }
        return true;
    }

    /** The destination tensor. */
    Tensor destination() {
        return dst;
    }

    /** The same copies into {@code other} (of the destination's type and shape). */
    BlockCopies withDestination(Tensor other) {
        if (other == dst) {
            return this;
        }
        BlockCopies c = new BlockCopies(other, repeats, src.length);
        for (int i = 0; i < count; i++) {
            c.add(src[i], length[i]);
        }
        c.inputs = inputs;
        return c;
    }

    /** Runs every copy, split over {@code pool} when there are enough elements. */
    void run(CpuThreadPool pool) {
        if (count == 0 || repeats == 0) {
            return;
        }
        // period * repeats is the destination's size, an int.
        pool.parallelRanges(period * repeats, ParallelGrain.CHEAP, copier);
    }

    /** Copies the destination elements {@code [from, to)}. */
    private void copyRange(int from, int to) {
        int rep = from / period;
        int i = Arrays.binarySearch(start, 0, count, from - rep * period);
        if (i < 0) {
            i = -i - 2; // the block that contains from
        }
        for (int at = from; at < to; ) {
            int blockStart = rep * period + start[i];
            int n = Math.min(blockStart + length[i], to) - at;
            ElementMoves.copy(src[i], rep * length[i] + at - blockStart, dst, at, n);
            at += n;
            if (++i == count) {
                i = 0;
                rep++;
            }
        }
    }
}
