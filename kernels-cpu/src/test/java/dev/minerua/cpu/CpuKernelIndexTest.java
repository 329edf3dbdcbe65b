package dev.minerua.cpu;

import dev.minerua.ir.LazyFamilies;
import dev.minerua.ir.Op;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The CPU backend's kernel family index (families register lazily through it) matches the families. */
class CpuKernelIndexTest {
    @Test
    void checkedInIndexMatchesTheFamilies() throws IOException {
        assertNull(LazyFamilies.staleIndex(CpuBackend.class, CpuBackend.INDEX, CpuBackend.indexText(),
                Path.of("target", CpuBackend.INDEX), "kernels-cpu/src/main/resources/dev/minerua/cpu"));
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
