package dev.minerua.runtime.exec;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A session's idle run states. A run takes one (or makes one when all are busy, so concurrent runs
 * never share), and gives it back when it has finished; the next run on any thread reuses its frame,
 * subgraph frames and buffers. A run that fails does not give its state back. The system property
 * {@code minerua.bufferPool=false} turns reuse off (every run allocates afresh), for comparison.
 */
public final class FramePool {
    private static final boolean ENABLED = !"false".equals(System.getProperty("minerua.bufferPool"));

    private final ExecutionPlan plan;
    private final RunLimits limits;
    private final ConcurrentLinkedQueue<Frame> idle = new ConcurrentLinkedQueue<>();

    public FramePool(ExecutionPlan plan, RunLimits limits) {
        this.plan = plan;
        this.limits = limits;
    }

    /** A frame ready to be fed and run. */
    public Frame acquire() {
        if (!ENABLED) {
            return new Frame(plan, limits);
        }
        Frame f = idle.poll();
        return f != null ? f : Frame.pooled(plan, limits);
    }

    /** Bytes of pooled arrays the idle frames keep for later runs. */
    public long pooledBytes() {
        long total = 0;
        for (Frame f : idle) {
            total += f.pooledBytes();
        }
        return total;
    }

    /** Takes back a frame whose run succeeded and whose outputs the caller has read. */
    public void release(Frame frame) {
        if (ENABLED) {
            frame.endRun();
            idle.offer(frame);
        }
    }
}
