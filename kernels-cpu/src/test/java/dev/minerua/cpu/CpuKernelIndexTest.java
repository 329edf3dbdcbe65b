package dev.minerua.cpu;

import dev.minerua.ir.Op;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The CPU backend's kernel family index (families register lazily through it) matches the families. */
class CpuKernelIndexTest {
    @Test
    void checkedInIndexMatchesTheFamilies() throws IOException {
        String expected = CpuBackend.indexText();
        String actual;
        try (InputStream in = CpuBackend.class.getResourceAsStream(CpuBackend.INDEX)) {
            actual = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            Path fresh = Path.of("target", CpuBackend.INDEX);
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, expected);
            assertEquals(expected, actual, "the kernel family index is stale: cp kernels-cpu/" + fresh
                    + " kernels-cpu/src/main/resources/dev/minerua/cpu/" + CpuBackend.INDEX);
        }
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
