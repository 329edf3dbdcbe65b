package dev.minerua.backend;

import java.util.List;

/**
 * A backend for a device with its own memory (OpenCL). Moving tensors between host and device costs
 * more than most kernels, so the session does not ask such a backend node by node: it asks
 * {@link #supports} for every node, groups the supported ones into {@link Partition}s, and then hands
 * each partition node to {@link #compile}, whose kernel keeps the region's intermediate values on the
 * device and exchanges host tensors only at the partition's boundary.
 */
public interface DeviceBackend extends Backend {
    /**
     * Whether this backend can run {@code ctx.node()} inside a partition: the op, its attributes, element
     * types and (static) shapes are all handled. Must be cheap and must not throw for unsupported nodes.
     */
    boolean supports(CompileContext ctx);

    /** The device memory of the partitions compiled so far, in compile order (empty when not reported). */
    default List<PartitionMemory> partitionMemory() {
        return List.of();
    }
}
