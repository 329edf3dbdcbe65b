package dev.minerua.cpu;

import dev.minerua.ir.LazyFamilies;
import dev.minerua.ir.Op;
import org.junit.jupiter.api.Test;

import java.io.IOException;

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
}
