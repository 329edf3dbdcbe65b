package dev.minerua.cli;

import dev.minerua.cpu.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workload ./minerua aot-train records: it runs to the end quietly and says what it ran. */
class AotWorkloadCommandTest {
    @Test
    void runsTheDemoAndTheCasesGivenPrintingOnlyASummary() {
        Path conv = SharedData.root().resolve("onnx-backend-tests/node/test_conv_with_strides_padding");
        CliRun r = Files.isDirectory(conv) ? CliRun.of("aot-workload", conv.toString()) : CliRun.of("aot-workload");
        assertEquals(Main.OK, r.code(), r.err());
        String expected = Files.isDirectory(conv)
                ? "aot-workload: ran demo at 1 thread(s), demo at 2 thread(s), conformance on 1 folder(s)\n"
                : "aot-workload: ran demo at 1 thread(s), demo at 2 thread(s)\n";
        assertEquals(expected, r.out().replace(System.lineSeparator(), "\n"));
        assertTrue(Main.overview().contains("aot-workload"), "listed in the overview");
    }
}
