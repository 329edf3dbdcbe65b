package dev.minerua.plan;

/**
 * One block of storage the planner places: {@code bytes} long, needed from step {@code first} (the step
 * that writes it) through step {@code last} (the last step that reads it or a view of it), inclusive.
 *
 * @param name  what the block holds, for reports (the root value's name)
 * @param bytes size in bytes, at least 0
 * @param first first step, at least 0
 * @param last  last step, at least {@code first}
 */
public record StorageInterval(String name, long bytes, int first, int last) {
    public StorageInterval {
        if (bytes < 0 || first < 0 || last < first) {
            throw new IllegalArgumentException("bad storage interval " + name + ": " + bytes + " bytes, steps "
                    + first + ".." + last);
        }
    }

    /** True when both blocks are needed at some common step. */
    public boolean overlapsInTime(StorageInterval other) {
        return first <= other.last && other.first <= last;
    }
}
