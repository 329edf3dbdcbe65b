package dev.minerua.runtime;

import dev.minerua.optimizer.OptimizationLevel;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Settings for creating a session. Setters return {@code this} for chaining. Options are read once,
 * when a session is created; changing them later does not affect existing sessions.
 * Closing is a no-op kept for symmetry with the other API objects (try-with-resources).
 */
public final class SessionOptions implements AutoCloseable {
    private int intraOpThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
    private BackendKind backend = BackendKind.CPU;
    private String deviceFilter;
    private long maxTensorElements = dev.minerua.tensor.Tensor.MAX_SLOTS;
    private final Set<String> disabledPasses = new LinkedHashSet<>();
    private boolean debugOptimizer;
    private boolean profiling;
    private final java.util.Map<String, Long> dimensions = new java.util.LinkedHashMap<>();

    public SessionOptions() {
    }

    /** Threads one kernel may use (default: available processors). */
    public SessionOptions setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, got " + threads);
        }
        this.intraOpThreads = threads;
        return this;
    }

    public SessionOptions setOptimizationLevel(OptimizationLevel level) {
        this.optimizationLevel = java.util.Objects.requireNonNull(level);
        return this;
    }

    /** The preferred backend; nodes it cannot run, or a missing device, fall back to the CPU. */
    public SessionOptions setBackend(BackendKind backend) {
        this.backend = java.util.Objects.requireNonNull(backend);
        return this;
    }

    /**
     * Fixes the symbolic dimension {@code symbol} of the graph's inputs to {@code size} for this session
     * (ONNX Runtime calls this a free dimension override). Shapes become static, which device backends
     * need; feeds of another size are then rejected.
     */
    public SessionOptions setDimension(String symbol, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("dimension " + symbol + " must not be negative, got " + size);
        }
        dimensions.put(java.util.Objects.requireNonNull(symbol), size);
        return this;
    }

    /** The dimension overrides, by symbol. */
    public java.util.Map<String, Long> dimensions() {
        return java.util.Collections.unmodifiableMap(dimensions);
    }

    /**
     * Picks the device (OpenCL): the first whose name contains this text, or with {@code "gpu"} or
     * {@code "cpu"} the first device of that type. Without a filter a GPU is preferred. When no device
     * matches, the session runs on the CPU backend and says so in one log line.
     */
    public SessionOptions setDeviceFilter(String filter) {
        this.deviceFilter = filter;
        return this;
    }

    /**
     * The most elements any one tensor may have, declared in the model or allocated while running;
     * larger shapes raise {@link dev.minerua.error.TensorSizeException} instead of exhausting memory.
     */
    public SessionOptions setMaxTensorElements(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max tensor elements must be positive");
        }
        this.maxTensorElements = max;
        return this;
    }

    /** Switches one optimizer pass off by name. */
    public SessionOptions disablePass(String name) {
        disabledPasses.add(name);
        return this;
    }

    /** Logs what every optimizer pass changed. */
    public SessionOptions setDebugOptimizer(boolean debug) {
        this.debugOptimizer = debug;
        return this;
    }

    /**
     * Times every kernel execution per op type (see {@link Session#profile()}). Costs two clock reads per
     * node and run, so leave it off in production.
     */
    public SessionOptions setProfiling(boolean profiling) {
        this.profiling = profiling;
        return this;
    }

    public boolean profiling() {
        return profiling;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    public OptimizationLevel optimizationLevel() {
        return optimizationLevel;
    }

    public BackendKind backend() {
        return backend;
    }

    public String deviceFilter() {
        return deviceFilter;
    }

    public long maxTensorElements() {
        return maxTensorElements;
    }

    public Set<String> disabledPasses() {
        return Set.copyOf(disabledPasses);
    }

    public boolean debugOptimizer() {
        return debugOptimizer;
    }

    @Override
    public void close() {
    }
}
