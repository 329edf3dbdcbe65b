package dev.minerua.runtime.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

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
    /** The idle frame runs take first: one run at a time passes it on without a queue node per run. */
    private final AtomicReference<Frame> first = new AtomicReference<>();
    /** Further idle frames, left by concurrent runs. */
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
        Frame f = first.getAndSet(null);
        if (f == null) {
            f = idle.poll();
        }
        return f != null ? f : Frame.pooled(plan, limits);
    }

    /** Bytes of pooled arrays the idle frames keep for later runs. */
    public long pooledBytes() {
        Frame f0 = first.get();
        long total = f0 == null ? 0 : f0.pooledBytes();
        for (Frame f : idle) {
            total += f.pooledBytes();
        }
        return total;
    }

    /** Takes back a frame whose run succeeded and whose outputs the caller has read. */
    public void release(Frame frame) {
        if (ENABLED) {
            frame.endRun();
            if (!first.compareAndSet(null, frame)) {
                idle.offer(frame);
            }
        }
    }
}
