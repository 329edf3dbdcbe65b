package dev.minerua.cpu;

import dev.minerua.ir.LazyFamilies;
import dev.minerua.ir.Op;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The CPU backend's kernel family index (families register lazily through it) matches the families. */
class CpuKernelIndexTest {
    @Test
    void builtIndexMatchesTheFamilies() throws IOException {
        assertEquals(CpuBackend.indexText(), LazyFamilies.indexResource(CpuBackend.class, CpuBackend.INDEX),
                "the build (exec-maven-plugin, FamilyIndexWriter) writes the index into target/classes");
    }

    @Test
    void lazyRegistryFindsEveryKernelOfTheEagerOne() throws ClassNotFoundException {
        CpuKernelRegistry eager = new CpuKernelRegistry();
        CpuBackend.families().forEach(f -> f.register(eager));
        CpuKernelRegistry lazy = new CpuKernelRegistry(CpuBackend.families(), CpuBackend.class, CpuBackend.INDEX);
        for (String name : eager.keys()) {
            @SuppressWarnings("unchecked")
            Class<? extends Op> op = (Class<? extends Op>) Class.forName(name);
            CpuKernelRegistry.Entry e = lazy.lookup(op);
            assertNotNull(e, name);
            assertEquals(eager.lookup(op).handlesReducedPrecision(), e.handlesReducedPrecision(), name);
        }
    }

    @Test
    void someKernelsAloneThenEveryKernelRegistersEachOnce() throws ClassNotFoundException {
        CpuKernelRegistry eager = new CpuKernelRegistry();
        CpuBackend.families().forEach(f -> f.register(eager));
        CpuKernelRegistry lazy = new CpuKernelRegistry(CpuBackend.families(), CpuBackend.class, CpuBackend.INDEX);
        for (String name : new String[] {"Conv", "Reshape", "Gemm", "Concat"}) {
            @SuppressWarnings("unchecked")
            Class<? extends Op> op = (Class<? extends Op>) Class.forName(KernelFamily.OP_RECORDS + name);
            assertNotNull(lazy.lookup(op), name);
        }
        // A family that registered some kernels alone finishes key by key: a second registration would throw.
        @SuppressWarnings("unchecked")
        Class<? extends Op> unknown = (Class<? extends Op>) (Class<?>) Op.class;
        lazy.lookup(unknown);
        assertEquals(eager.keys(), lazy.keys());
    }

    @Test
    void eachKernelOfAFamilyRegistersAloneAndNothingElse() {
        for (KernelFamily f : CpuBackend.families()) {
            CpuKernelRegistry whole = new CpuKernelRegistry();
            f.register(whole);
            for (String key : whole.keys()) {
                CpuKernelRegistry alone = new CpuKernelRegistry();
                if (f.register(alone, key)) {
                    assertEquals(Set.of(key), alone.keys(), f.getClass().getSimpleName() + " " + key);
                }
            }
        }
    }
}
