package dev.minerua.opencl;

/**
 * How many OpenCL buffers (sub-buffers included) this JVM has created and released, for tests and reports
 * that check that steady-state runs allocate no device memory.
 */
public final class OpenClBufferCounts {
    private OpenClBufferCounts() {
    }

    public static long created() {
        return ClRuntime.buffersCreated();
    }

    public static long released() {
        return ClRuntime.buffersReleased();
    }
}
