package dev.minerua.ir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The standard registry's family index (families register lazily through it) matches the families. */
class StandardOpsIndexTest {
    @Test
    void checkedInIndexMatchesTheFamilies() throws IOException {
        assertNull(LazyFamilies.staleIndex(StandardOps.class, StandardOps.INDEX, StandardOps.indexText(),
                Path.of("target", StandardOps.INDEX), "graph-ir/src/main/resources/dev/minerua/ir"));
    }

    @Test
    void lazyRegistryKnowsWhatRegisteringEveryFamilyKnows() {
        OpRegistry eager = new OpRegistry();
        StandardOps.FAMILIES.forEach(f -> f.register(eager));
        OpRegistry lazy = new OpRegistry(StandardOps.FAMILIES, StandardOps.class, StandardOps.INDEX);
        assertEquals(true, lazy.knows("", "Conv"));
        assertEquals(eager.operators(), lazy.operators());
    }
}
