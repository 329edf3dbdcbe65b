package dev.minerua.cli;

import dev.minerua.ir.onnx.TensorProtos;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} and {@code bench} end to end on a model without nodes (outputs = inputs), so they need
 * no kernels: the expected outputs are the inputs themselves.
 */
class RunCommandTest {
    @TempDir
    Path tmp;
    Path model;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyModels.passThrough(tmp);
        data = Files.createDirectories(tmp.resolve("test_data_set_0"));
        write(data.resolve("input_0.pb"), Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3));
        write(data.resolve("input_1.pb"), Tensor.of(new long[] {7, 8}, 2));
        write(data.resolve("output_0.pb"), Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 2, 3));
        write(data.resolve("output_1.pb"), Tensor.of(new long[] {7, 8}, 2));
    }

    private static void write(Path file, Tensor t) throws Exception {
        Files.write(file, TensorProtos.encode(t, "").toByteArray());
    }

    @Test
    void testDataPasses() {
        CliRun r = CliRun.of("run", model.toString(), "--test-data", data.toString(), "--threads", "1");
        assertEquals(Main.OK, r.code(), r::toString);
        assertTrue(r.out().contains("backend: cpu"), r::toString);
        assertTrue(r.out().contains("output x float32[2,3]: max_abs_err=0.000e+00 max_rel_err=0.000e+00"), r::toString);
        assertTrue(r.out().contains("output ids int64[2]: max_abs_err=0.000e+00"), r::toString);
        assertTrue(r.out().strip().endsWith("PASS"), r::toString);
    }

    @Test
    void wrongExpectationFails() throws Exception {
        write(data.resolve("output_0.pb"), Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6.5f}, 2, 3));
        CliRun r = CliRun.of("run", model.toString(), "--test-data", data.toString());
        assertEquals(Main.FAILURE, r.code(), r::toString);
        // worst error 0.5 at expected 6.5: relative 0.5/6.5
        assertTrue(r.out().contains("max_abs_err=5.000e-01 max_rel_err=7.692e-02 (1 elements out of tolerance)"), r::toString);
        assertTrue(r.out().strip().endsWith("FAIL"), r::toString);
    }

    @Test
    void randomInputsUseDimAndOutputDirWritesProtos() throws Exception {
        Path outDir = tmp.resolve("out");
        CliRun r = CliRun.of("run", model.toString(), "--dim", "batch=4", "--output-dir", outDir.toString());
        assertEquals(Main.OK, r.code(), r::toString);
        assertTrue(r.out().contains("input x: random float32[4,3]"), r::toString);
        assertTrue(r.out().contains("output x: float32[4,3] ["), r::toString);
        OnnxValue ids = ValueFiles.read(outDir.resolve("output_1.pb"), null);
        assertArrayEquals(new int[] {2}, ((Tensor) ids).dims());
        for (long v : ((Tensor) ids).longData()) {
            assertTrue(v == 0 || v == 1, "random ints are 0 or 1");
        }
        Tensor x = (Tensor) ValueFiles.read(outDir.resolve("output_0.pb"), null);
        for (float v : x.floatData()) {
            assertTrue(v >= 0 && v < 1, "random floats are in [0,1)");
        }
    }

    @Test
    void npyAndPbInputs() throws Exception {
        Path npy = tmp.resolve("x.npy");
        // 1 x 3 float32: 1.0, 2.0, 0.5
        Files.write(npy, NpyReaderTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }",
                NpyReaderTest.le(4, 0x3F800000L, 0x40000000L, 0x3F000000L)));
        Path outDir = tmp.resolve("out");
        CliRun r = CliRun.of("run", model.toString(), "--input", "x=" + npy, "--input", "ids=" + data.resolve("input_1.pb"),
                "--output-dir", outDir.toString());
        assertEquals(Main.OK, r.code(), r::toString);
        Tensor x = (Tensor) ValueFiles.read(outDir.resolve("output_0.pb"), null);
        assertArrayEquals(new float[] {1f, 2f, 0.5f}, x.floatData());
        assertTrue(r.out().contains("output ids: int64[2] [7, 8]"), r::toString);
    }

    @Test
    void unknownInputNameIsAUsageError() {
        CliRun r = CliRun.of("run", model.toString(), "--input", "nope=" + data.resolve("input_1.pb"));
        assertEquals(Main.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("no input 'nope'"), r::toString);
    }

    @Test
    void benchEndsWithTheSummaryLine() {
        CliRun r = CliRun.of("bench", model.toString(), "--test-data", data.toString(), "--warmup", "2", "--runs", "5");
        assertEquals(Main.OK, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("median_ms=\\d+\\.\\d{3} p90_ms=\\d+\\.\\d{3} runs=5"), r::toString);
        assertTrue(r.out().contains("session_create_ms="), r::toString);
        assertTrue(r.out().contains("run 5: "), r::toString);
    }

    @Test
    void benchPrintsTheLoadBreakdown() {
        CliRun r = CliRun.of("bench", model.toString(), "--test-data", data.toString(), "--warmup", "0", "--runs", "1",
                "--load-breakdown", "2");
        assertEquals(Main.OK, r.code(), r::toString);
        assertTrue(r.out().contains("phase") && r.out().contains("cold_ms") && r.out().contains("warm_ms"), r::toString);
        for (String phase : new String[] {"load ", "bind ", "infer ", "compile ", "pass:ConstantFolding "}) {
            assertTrue(r.out().contains("\n" + phase), phase + "\n" + r);
        }
        assertTrue(r.out().contains("(warm: median of 2 creations)"), r::toString);
    }
}
