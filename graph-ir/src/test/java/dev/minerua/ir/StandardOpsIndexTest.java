package dev.minerua.ir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The standard registry's family index (families register lazily through it) matches the families. */
class StandardOpsIndexTest {
    @Test
    void checkedInIndexMatchesTheFamilies() throws IOException {
        String expected = StandardOps.indexText();
        String actual;
        try (InputStream in = StandardOps.class.getResourceAsStream(StandardOps.INDEX)) {
            actual = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            Path fresh = Path.of("target", StandardOps.INDEX);
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, expected);
            assertEquals(expected, actual, "the operator family index is stale: cp graph-ir/" + fresh
                    + " graph-ir/src/main/resources/dev/minerua/ir/" + StandardOps.INDEX);
        }
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
