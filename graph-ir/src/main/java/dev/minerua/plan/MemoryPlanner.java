package dev.minerua.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Assigns arena offsets to storage blocks with known lifetimes so that blocks needed at a common step
 * never share bytes, and a block's bytes are reused once its last reader has run.
 *
 * <p>Greedy by size: blocks are placed largest first; each goes into the smallest gap between the already
 * placed blocks whose lifetimes overlap its own that can hold it (best fit), or above all of them when no
 * gap is large enough. Placing large blocks first keeps the small ones from fragmenting the arena. Among
 * blocks of one size the order still matters (silero-vad-v5's STFT: equal slices placed by earlier first use
 * left a gap 64 bytes too small, peak 1.24x the bound; by later first use, 1.03x), so the plan is made with
 * each tie order of {@link #TIE_ORDERS} and the lowest peak kept (the first on a tie). Offsets of blocks of at least the alignment (64 bytes by default) are multiples
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

    /**
     * Orders of blocks of equal size tried by {@link #plan}: earlier first use, later first use, longer life.
     * Each is a comparator over block indices into the list being planned.
     */
    private static final List<java.util.function.Function<List<StorageInterval>, Comparator<Integer>>> TIE_ORDERS =
            List.of(
                    blocks -> Comparator.comparingInt(i -> blocks.get(i).first()),
                    blocks -> Comparator.comparingInt(i -> -blocks.get(i).first()),
                    blocks -> Comparator.comparingInt(i -> blocks.get(i).first() - blocks.get(i).last()));

    private static MemoryPlan plan(List<StorageInterval> blocks, int alignment, int smallAlignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, not " + alignment);
        }
        MemoryPlan best = null;
        for (var tieOrder : TIE_ORDERS) {
            Integer[] order = new Integer[blocks.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -blocks.get(i).bytes())
                    .thenComparing(tieOrder.apply(blocks))
                    .thenComparingInt(i -> i));
            MemoryPlan plan = place(blocks, order, alignment, smallAlignment);
            if (best == null || plan.plannedPeak() < best.plannedPeak()) {
                best = plan;
            }
        }
        return best;
    }

    /** Places {@code blocks} in {@code order}, each at its best fit (see the class comment). */
    private static MemoryPlan place(List<StorageInterval> blocks, Integer[] order, int alignment,
                                    int smallAlignment) {
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
