package dev.minerua.cpu.kernels;

import java.util.Arrays;

/**
 * Remembers what a kernel derived from its inputs' shapes (resolved geometry, output shape, loop plan) for
 * the last shapes it saw, so that a run with the same shapes as the one before computes and allocates
 * nothing for them. One entry, replaced whole: the entry is immutable and published through a volatile
 * field, so concurrent runs of one kernel (two sessions' runs, different shapes) each see a consistent
 * entry, at worst one computed for other shapes, which {@link #get} then rejects. Values must be immutable
 * (or never written after construction) since runs share them.
 *
 * @param <V> what is derived from the shapes
 */
final class ShapeMemo<V> {
    private record Entry<V>(int[] first, int[] second, V value) {
    }

    private volatile Entry<V> last;

    /** The value remembered for exactly these shapes ({@code second} may be null), or null. */
    V get(int[] first, int[] second) {
        Entry<V> e = last;
        return e != null && Arrays.equals(e.first, first) && Arrays.equals(e.second, second) ? e.value : null;
    }

    /** Remembers {@code value} for these shapes (copied) in place of the previous entry; returns {@code value}. */
    V put(int[] first, int[] second, V value) {
        last = new Entry<>(first.clone(), second == null ? null : second.clone(), value);
        return value;
    }
}
