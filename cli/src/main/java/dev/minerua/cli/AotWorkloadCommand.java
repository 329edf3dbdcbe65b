package dev.minerua.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code minerua aot-workload [CASE_DIR...]}: the generic workload that {@code ./minerua aot-train} runs while the
 * JVM records its AOT cache (JEP 483/514/515): the demo at one and at two threads, then the conformance cases given
 * (e.g. a few ONNX backend-test node cases), with their output dropped. What it touches (the classes loaded and
 * linked, the method profiles) is what later runs start with; it deliberately is not any model that is benchmarked.
 */
final class AotWorkloadCommand implements Command {
    @Override
    public String name() {
        return "aot-workload";
    }

    @Override
    public String summary() {
        return "the generic workload that ./minerua aot-train records (demo, then CASE_DIRs)";
    }

    @Override
    public String usage() {
        return """
                Usage: minerua aot-workload [CASE_DIR...]

                Runs the demo at 1 and 2 threads and then the ONNX backend-test cases given (any
                layout that `minerua conformance` takes), printing only a summary. `./minerua
                aot-train [CASE_DIR...]` runs this while the JVM records its AOT cache.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<String> done = new ArrayList<>();
        for (String threads : List.of("1", "2")) {
            check(new DemoCommand().run(List.of("--threads", threads), quiet, err), "demo");
            done.add("demo at " + threads + " thread(s)");
        }
        if (!args.isEmpty()) {
            // Failed cases are fine here: the cache only needs the code they ran.
            new ConformanceCommand().run(args, quiet, err);
            done.add("conformance on " + args.size() + " folder(s)");
        }
        out.println("aot-workload: ran " + String.join(", ", done));
        return Main.OK;
    }

    private static void check(int code, String what) {
        if (code != Main.OK) {
            throw new IllegalStateException(what + " ended with exit code " + code);
        }
    }
}
