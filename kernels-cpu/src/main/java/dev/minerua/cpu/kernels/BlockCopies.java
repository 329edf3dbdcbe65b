package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;

/**
 * A list of block copies into one destination tensor whose destination ranges follow each other without
 * gaps (a Concat's output, say), run in parallel: the destination is split into ranges of equal length
 * whatever the blocks' sizes, so two inputs of very different sizes still split evenly over the threads.
 * Copies are bit for bit ({@link ElementMoves#copy}). Built and used within one kernel execution.
 */
final class BlockCopies {
    private final Tensor dst;
    private Tensor[] src = new Tensor[8];
    private int[] srcOffset = new int[8];
    /** Destination start of block i; the block ends where block i + 1 starts (or at {@link #end}). */
    private int[] dstOffset = new int[8];
    private int count;
    private int end;

    /** Copies into {@code dst} starting at destination element {@code start}. */
    BlockCopies(Tensor dst, int start) {
        this.dst = dst;
        this.end = start;
    }

    /** Appends a copy of {@code length} elements of {@code source} from {@code from}, right after the previous one. */
    void add(Tensor source, int from, int length) {
        if (length <= 0) {
            return;
        }
        if (count == src.length) {
            src = Arrays.copyOf(src, count * 2);
            srcOffset = Arrays.copyOf(srcOffset, count * 2);
            dstOffset = Arrays.copyOf(dstOffset, count * 2);
        }
        src[count] = source;
        srcOffset[count] = from;
        dstOffset[count] = end;
        count++;
        end += length;
    }

    /** Runs every copy, split over {@code pool} when there are enough elements. */
    void run(CpuThreadPool pool) {
        if (count == 0) {
            return;
        }
        int start = dstOffset[0];
        pool.parallelRanges(end - start, ParallelGrain.CHEAP, (lo, hi) -> copyRange(start + lo, start + hi));
    }

    /** Copies the destination elements {@code [from, to)}. */
    private void copyRange(int from, int to) {
        int i = Arrays.binarySearch(dstOffset, 0, count, from);
        if (i < 0) {
            i = -i - 2; // the block that contains from
        }
        for (int at = from; at < to; i++) {
            int blockEnd = i + 1 < count ? dstOffset[i + 1] : end;
            int n = Math.min(blockEnd, to) - at;
            ElementMoves.copy(src[i], srcOffset[i] + at - dstOffset[i], dst, at, n);
            at += n;
        }
    }
}
