package dev.minerua.runtime.profile;

import dev.minerua.backend.Backend;
import dev.minerua.backend.CompileContext;
import dev.minerua.backend.Kernel;
import dev.minerua.ir.Node;
import dev.minerua.ir.ValueType;

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
        String key = PER_NODE ? nodeKeyOf(ctx) : keyOf(ctx.node());
        return new Kernel() {
            @Override
            public void execute(dev.minerua.backend.KernelContext run) {
                long start = now();
                try {
                    kernel.execute(run);
                } finally {
                    profile.record(key, now() - start);
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

            @Override
            public boolean writesOutputRegion(int output) {
                return kernel.writesOutputRegion(output);
            }

            @Override
            public boolean followsFedDefaults() {
                return kernel.followsFedDefaults();
            }
        };
    }

    /**
     * {@code -Dminerua.profile.nodes=true}: one entry per node instead of per op type, keyed by op type, node
     * name, group (Conv) and input shapes, to find which node of a type costs the time.
     */
    private static final boolean PER_NODE = Boolean.getBoolean("minerua.profile.nodes");

    /**
     * {@code -Dminerua.profile.cpu=true}: time by the running thread's CPU time instead of the wall clock (about
     * a microsecond per reading, but on a loaded machine it leaves out the time the thread waited for a core).
     * Work a kernel hands to pool threads is not counted then.
     */
    private static final boolean CPU_TIME = Boolean.getBoolean("minerua.profile.cpu");
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String nodeKeyOf(CompileContext ctx) {
        Node node = ctx.node();
        StringBuilder b = new StringBuilder(keyOf(node)).append(' ').append(node.name());
        if (node.op() instanceof dev.minerua.ir.ops.Conv conv) {
            b.append(" g=").append(conv.group()).append(" s=")
                    .append(java.util.Arrays.toString(conv.geometry().strides()));
        }
        for (int i = 0; i < node.inputs().size(); i++) {
            ValueType t = ctx.inputType(i);
            b.append(' ').append(t instanceof ValueType.TensorType tt && tt.shape() != null ? tt.shape() : "-");
        }
        return b.toString();
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
