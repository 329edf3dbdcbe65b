package dev.minerua.backend;

/**
 * The device memory one compiled {@link Partition} holds for its run-time values (weights excluded): one
 * arena laid out by the static memory plan.
 *
 * @param nodes         nodes in the partition
 * @param blocks        storage blocks in the arena (uploaded inputs and values launches write; views share)
 * @param arenaBytes    bytes of the arena, the plan's peak
 * @param separateBytes bytes the same blocks would take as one buffer each
 */
public record PartitionMemory(int nodes, int blocks, long arenaBytes, long separateBytes) {
}
