package dev.minerua.cpu;

import dev.minerua.ir.LazyFamilies;
import dev.minerua.ir.Op;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** CPU kernel factories keyed by op record class. */
public final class CpuKernelRegistry {
    /** A factory plus whether it handles float16/bfloat16 tensors itself. */
    record Entry(KernelFactory<Op> factory, boolean handlesReducedPrecision) {
    }

    // Concurrent: the backend's registry grows while sessions compile (LazyFamilies).
    private final Map<Class<? extends Op>, Entry> factories = new ConcurrentHashMap<>();
    private final LazyFamilies<KernelFamily> lazy;

    /** An empty registry; {@link #register} fills it. */
    public CpuKernelRegistry() {
        this.lazy = null;
    }

    /**
     * A registry whose families register on the first lookup of an op record class they serve.
     *
     * @param index the families' index by op record class name (see {@link LazyFamilies}), a resource next to
     *              {@code owner}
     */
    CpuKernelRegistry(List<KernelFamily> families, Class<?> owner, String index) {
        Registering r = new Registering(this);
        this.lazy = new LazyFamilies<>(families, r, r, owner, index);
    }

    /**
     * Registers families, or single kernels of them, into one registry for {@link LazyFamilies}: a class rather than
     * two lambdas, whose call sites the first session of a JVM would link in interpreted code.
     */
    private record Registering(CpuKernelRegistry registry)
            implements Consumer<KernelFamily>, LazyFamilies.KeyRegistrar<KernelFamily> {
        @Override
        public void accept(KernelFamily family) {
            family.register(registry);
        }

        @Override
        public boolean register(KernelFamily family, String key) {
            return family.register(registry, key);
        }
    }

    /**
     * Registers a kernel whose numerics are written for float32/float64 and integer types; float16
     * and bfloat16 inputs are widened to float32 around it.
     */
    public <O extends Op> CpuKernelRegistry register(Class<O> op, KernelFactory<O> factory) {
        return put(op, factory, false);
    }

    /**
     * Registers a kernel that handles every element type itself, including float16 and bfloat16
     * (data-movement ops such as Reshape or Concat, and Cast).
     */
    public <O extends Op> CpuKernelRegistry registerTypeAgnostic(Class<O> op, KernelFactory<O> factory) {
        return put(op, factory, true);
    }

    @SuppressWarnings("unchecked")
    private synchronized <O extends Op> CpuKernelRegistry put(Class<O> op, KernelFactory<O> factory, boolean reduced) {
        if (factories.putIfAbsent(op, new Entry((KernelFactory<Op>) factory, reduced)) != null) {
            throw new IllegalStateException("two CPU kernels registered for " + op.getSimpleName());
        }
        return this;
    }

    Entry lookup(Class<? extends Op> op) {
        if (lazy == null) {
            return factories.get(op);
        }
        lazy.ensure(op.getName());
        Entry e = factories.get(op);
        if (e == null) {
            lazy.ensureAll();
            e = factories.get(op);
        }
        return e;
    }

    /** Names of the op record classes registered so far, for building a family index. */
    Set<String> keys() {
        return factories.keySet().stream().map(Class::getName).collect(java.util.stream.Collectors.toSet());
    }
}
