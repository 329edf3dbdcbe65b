package dev.minerua.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Assigns arena offsets to storage blocks with known lifetimes so that blocks needed at a common step
 * never share bytes, and a block's bytes are reused once its last reader has run.
 *
 * <p>Greedy by size: blocks are placed largest first (earlier first use breaks ties, then input order);
 * each goes into the smallest gap between the already placed blocks whose lifetimes overlap its own
 * that can hold it (best fit), or above all of them when no gap is large enough. Placing large blocks
 * first keeps the small ones from fragmenting the arena, which keeps the peak close to the lower bound
 * on the networks we run. Offsets of blocks of at least the alignment (64 bytes by default) are multiples
 * of it, smaller blocks of 8. Backend-neutral: the same plan serves heap buffers and device buffers.
 */
public final class MemoryPlanner {
    /** Default alignment of every offset, in bytes (a cache line; also enough for any SIMD load). */
    public static final int DEFAULT_ALIGNMENT = 64;

    private MemoryPlanner() {
    }

    public static MemoryPlan plan(List<StorageInterval> blocks) {
        return plan(blocks, DEFAULT_ALIGNMENT);
    }

    /**
     * Plans {@code blocks} with offsets and sizes rounded up to {@code alignment} (a power of two) for blocks
     * of at least that size, and to 8 bytes for smaller ones, so that scalars and tiny tensors do not each
     * waste most of a cache line.
     */
    public static MemoryPlan plan(List<StorageInterval> blocks, int alignment) {
        return plan(blocks, alignment, Math.min(alignment, 8));
    }

    /**
     * Plans {@code blocks} with every offset and size a multiple of {@code alignment} (a power of two),
     * small blocks included: a device sub-buffer's origin must be aligned to the device's base address
     * alignment whatever its size.
     */
    public static MemoryPlan planUniform(List<StorageInterval> blocks, int alignment) {
        return plan(blocks, alignment, alignment);
    }

    private static MemoryPlan plan(List<StorageInterval> blocks, int alignment, int smallAlignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, not " + alignment);
        }
        Integer[] order = new Integer[blocks.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -blocks.get(i).bytes())
                .thenComparingInt(i -> blocks.get(i).first())
                .thenComparingInt(i -> i));
        Placement[] placed = new Placement[blocks.size()];
        List<Placement> done = new ArrayList<>();
        long peak = 0;
        for (int i : order) {
            StorageInterval b = blocks.get(i);
            int blockAlignment = b.bytes() >= alignment ? alignment : smallAlignment;
            long size = align(b.bytes(), blockAlignment);
            Placement p = new Placement(b, bestFit(b, size, blockAlignment, done), size);
            placed[i] = p;
            done.add(p);
            peak = Math.max(peak, p.end());
        }
        return new MemoryPlan(Arrays.asList(placed), peak, lowerBound(blocks));
    }

    /** The offset of the smallest gap among overlapping placed blocks that holds {@code size} bytes. */
    private static long bestFit(StorageInterval b, long size, int blockAlignment, List<Placement> done) {
        List<Placement> live = new ArrayList<>();
        for (Placement p : done) {
            if (p.alignedBytes() > 0 && p.interval().overlapsInTime(b)) {
                live.add(p);
            }
        }
        live.sort(Comparator.comparingLong(Placement::offset));
        long bestOffset = -1;
        long bestGap = Long.MAX_VALUE;
        long cursor = 0;
        for (Placement p : live) {
            long start = align(cursor, blockAlignment);
            long gap = p.offset() - start;
            if (gap >= size && gap < bestGap) {
                bestGap = gap;
                bestOffset = start;
            }
            cursor = Math.max(cursor, p.end());
        }
        return bestOffset >= 0 ? bestOffset : align(cursor, blockAlignment);
    }

    /** The largest total of block sizes (unaligned) needed at any one step. */
    public static long lowerBound(List<StorageInterval> blocks) {
        int steps = 0;
        for (StorageInterval b : blocks) {
            steps = Math.max(steps, b.last() + 1);
        }
        long[] delta = new long[steps + 1];
        for (StorageInterval b : blocks) {
            delta[b.first()] += b.bytes();
            delta[b.last() + 1] -= b.bytes();
        }
        long live = 0;
        long max = 0;
        for (int s = 0; s < steps; s++) {
            live += delta[s];
            max = Math.max(max, live);
        }
        return max;
    }

    static long align(long bytes, int alignment) {
        return (bytes + alignment - 1) & -(long) alignment;
    }
}
