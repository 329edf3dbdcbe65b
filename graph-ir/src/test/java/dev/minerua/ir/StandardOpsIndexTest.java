package dev.minerua.ir;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The standard registry's family index (families register lazily through it) matches the families. */
class StandardOpsIndexTest {
    @Test
    void builtIndexMatchesTheFamilies() throws IOException {
        assertEquals(StandardOps.indexText(), LazyFamilies.indexResource(StandardOps.class, StandardOps.INDEX),
                "the build (exec-maven-plugin, FamilyIndexWriter) writes the index into target/classes");
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
