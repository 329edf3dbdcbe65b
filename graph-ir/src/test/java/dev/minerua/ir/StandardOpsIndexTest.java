package dev.minerua.ir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void registeringSomeOperatorsAloneThenEverythingGivesTheWholeRegistry() {
        OpRegistry eager = new OpRegistry();
        StandardOps.FAMILIES.forEach(f -> f.register(eager));
        OpRegistry lazy = new OpRegistry(StandardOps.FAMILIES, StandardOps.class, StandardOps.INDEX);
        for (String op : List.of("Conv", "Relu", "Reshape", "Clip", "Add")) {
            assertTrue(lazy.knows("", op), op);
        }
        assertEquals(eager.operators(), lazy.operators(), "the rest registers once, without duplicates");
    }

    @Test
    void eachOperatorOfAFamilyRegistersAloneAndNothingElse() {
        for (OpFamily f : StandardOps.FAMILIES) {
            OpRegistry whole = new OpRegistry();
            f.register(whole);
            for (String key : whole.keys()) {
                OpRegistry alone = new OpRegistry();
                int colon = key.indexOf(':');
                if (f.register(alone, key.substring(0, colon), key.substring(colon + 1))) {
                    assertEquals(Set.of(key), alone.keys(), f.getClass().getSimpleName() + " " + key);
                }
            }
        }
    }
}
