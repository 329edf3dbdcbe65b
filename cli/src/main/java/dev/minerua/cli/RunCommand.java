package dev.minerua.cli;

import dev.minerua.runtime.io.OutputComparator;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.tensor.OnnxValue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code minerua run MODEL ...}: runs a model once, checking its outputs against test data when given. */
public final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a model once; with --test-data compare outputs and print PASS/FAIL";
    }

    @Override
    public String usage() {
        return """
                Usage: minerua run MODEL [options]

                Options:
                  --input NAME=FILE     feed input NAME from FILE (.pb TensorProto or .npy); repeatable
                  --test-data DIR       feed DIR/input_N.pb and compare outputs with DIR/output_N.pb
                                        (test_data_set_N layout); prints PASS or FAIL
                  --output-dir DIR      write each output as DIR/output_N.pb
                  --dim SYMBOL=N        size of a symbolic dimension for random inputs (default 1); repeatable;
                                        with --backend opencl it also fixes the session's shapes
                  --backend cpu|opencl  preferred backend (default cpu)
                  --device TEXT         OpenCL device whose name contains TEXT, or gpu / cpu for the first
                                        device of that type (default: the first GPU, else the first device)
                  --verbose             with a device backend, print each partition's device memory
                  --threads N           intra-op threads (default: available processors)
                  --opt LEVEL           none, basic, extended or all (default all)

                Inputs not given are filled with random values (floats in [0,1), integers 0/1).
                Tolerance: |actual-expected| <= atol + rtol*|expected|, rtol 1e-3 atol 1e-4
                (float16/bfloat16: 1e-2 both); integer, bool and string outputs must match exactly.
                Exit code 0 on success or PASS, 1 on failure or FAIL, 2 on a usage error.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = SessionSettings.parseArgs(argv, Set.of("--verbose"), "--input", "--test-data", "--output-dir");
        Path model = Path.of(args.singlePositional("MODEL"));
        SessionSettings settings = SessionSettings.from(args);
        Map<String, String> inputFiles = args.keyValues("--input");
        String testData = args.value("--test-data", null);
        String outputDir = args.value("--output-dir", null);
        if (testData != null && !inputFiles.isEmpty()) {
            throw new UsageException("give either --test-data or --input, not both");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model file not found: " + model);
        }

        try (Environment env = Environment.create()) {
            long t0 = System.nanoTime();
            Session session = env.createSession(model, settings.toOptions());
            out.printf(Locale.ROOT, "session created in %.1f ms%n", millis(System.nanoTime() - t0));
            out.println(SessionSettings.backendLine(session));
            String memory = SessionSettings.deviceMemoryLine(session);
            if (memory != null) {
                out.println(memory);
                if (args.has("--verbose")) {
                    SessionSettings.partitionMemoryLines(session).forEach(out::println);
                }
            }

            TestDataSet data = testData == null ? null
                    : TestDataSet.load(Path.of(testData), session.inputs(), session.outputs());
            Map<String, OnnxValue> feeds = data != null ? data.inputs()
                    : Feeds.build(session, inputFiles, settings.dimensions(), out);

            long t1 = System.nanoTime();
            Result result = session.run(feeds);
            out.printf(Locale.ROOT, "run: %.3f ms%n", millis(System.nanoTime() - t1));

            int code = data == null ? printOutputs(result, out) : compare(data, result, out);
            if (outputDir != null) {
                writeOutputs(result, Path.of(outputDir), out);
            }
            session.close();
            return code;
        }
    }

    private static int printOutputs(Result result, PrintStream out) {
        for (Map.Entry<String, OnnxValue> e : result) {
            out.println("output " + e.getKey() + ": " + ValuePrinter.describe(e.getValue(), 8));
        }
        return Main.OK;
    }

    /** Prints one line per compared tensor, then PASS or FAIL. */
    static int compare(TestDataSet data, Result result, PrintStream out) {
        List<OutputComparator.Comparison> all = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> e : data.expectedOutputs().entrySet()) {
            all.addAll(OutputComparator.compare(e.getKey(), e.getValue(), result.value(e.getKey())));
        }
        for (OutputComparator.Comparison c : all) {
            out.println(format(c));
        }
        boolean pass = OutputComparator.allPassed(all);
        out.println(pass ? "PASS" : "FAIL");
        return pass ? Main.OK : Main.FAILURE;
    }

    static String format(OutputComparator.Comparison c) {
        if (c.problem() != null) {
            return "output " + c.name() + " " + c.shape() + ": MISMATCH " + c.problem();
        }
        return String.format(Locale.ROOT, "output %s %s: max_abs_err=%.3e max_rel_err=%.3e%s", c.name(), c.shape(),
                c.maxAbs(), c.maxRel(), c.passed() ? "" : " (" + c.mismatches() + " elements out of tolerance)");
    }

    private static void writeOutputs(Result result, Path dir, PrintStream out) throws java.io.IOException {
        Files.createDirectories(dir);
        int i = 0;
        for (Map.Entry<String, OnnxValue> e : result) {
            Path file = dir.resolve("output_" + i++ + ".pb");
            ValueFiles.write(file, e.getValue(), e.getKey());
            out.println("wrote " + file);
        }
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
