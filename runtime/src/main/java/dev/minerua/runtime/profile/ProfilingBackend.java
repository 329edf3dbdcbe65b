package dev.minerua.runtime.profile;

import dev.minerua.backend.Backend;
import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.ir.Node;

/**
 * Wraps a backend so that each kernel it compiles reports its execution time to an {@link OpProfile},
 * keyed by the node's op type (prefixed by its domain when that is not the default one).
 */
public final class ProfilingBackend implements Backend {
    private final Backend delegate;
    private final OpProfile profile;

    public ProfilingBackend(Backend delegate, OpProfile profile) {
        this.delegate = delegate;
        this.profile = profile;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String deviceDescription() {
        return delegate.deviceDescription();
    }

    @Override
    public Kernel compile(CompileContext ctx) {
        Kernel kernel = delegate.compile(ctx);
        if (kernel == null) {
            return null;
        }
        String key = keyOf(ctx.node());
        return new Kernel() {
            @Override
            public void execute(dev.minerua.backend.KernelContext run) {
                long start = System.nanoTime();
                try {
                    kernel.execute(run);
                } finally {
                    profile.record(key, System.nanoTime() - start);
                }
            }

            @Override
            public int[] inPlaceInputs(int output) {
                return kernel.inPlaceInputs(output);
            }

            @Override
            public boolean readsConstantInput(int input) {
                return kernel.readsConstantInput(input);
            }
        };
    }

    private static String keyOf(Node node) {
        String domain = node.domain();
        return domain == null || domain.isEmpty() || domain.equals("ai.onnx") ? node.opType()
                : domain + "." + node.opType();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
