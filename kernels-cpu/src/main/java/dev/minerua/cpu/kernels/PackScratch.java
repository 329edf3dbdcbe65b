package dev.minerua.cpu.kernels;

import dev.minerua.backend.KernelContext;
import dev.minerua.tensor.DataType;

/**
 * A per-thread buffer for operands packed on every run (im2col panels, run-time right-hand matrices): packing
 * overwrites every float it uses, so the buffer needs none of the zeroing a fresh allocation gets. Valid on the
 * calling thread until its next call; the pool's workers may write into it during that call. Requests above
 * {@link #MAX_KEPT} floats get a fresh array from the context, so no thread keeps a huge buffer alive.
 */
final class PackScratch {
    /** The largest buffer a thread keeps (16 MiB of floats). */
    static final int MAX_KEPT = 1 << 22;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private PackScratch() {
    }

    /** At least {@code size} floats with any contents. */
    static float[] floats(KernelContext ctx, int size) {
        if (size > MAX_KEPT) {
            return ctx.allocate(DataType.FLOAT, size).floatData();
        }
        float[] b = BUFFER.get();
        if (b.length < size) {
            b = new float[size];
            BUFFER.set(b);
        }
        return b;
    }
}
