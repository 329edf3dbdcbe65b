package dev.minerua.plan;

/** Where the planner put one block: bytes {@code [offset, offset + alignedBytes)} of the arena. */
public record Placement(StorageInterval interval, long offset, long alignedBytes) {
    public long end() {
        return offset + alignedBytes;
    }
}
