package dev.minerua.cli;

import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.CreationTimes;
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

/** {@code minerua bench MODEL ...}: session creation time and per-run latency. */
public final class BenchCommand implements Command {
    static final int DEFAULT_WARMUP = 10;
    static final int DEFAULT_RUNS = 50;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "time session creation and repeated runs (median and p90 latency)";
    }

    @Override
    public String usage() {
        return """
                Usage: minerua bench MODEL [options]

                Options:
                  --test-data DIR       feed DIR/input_N.pb (default: random inputs)
                  --warmup N            untimed runs first (default %d)
                  --runs N              timed runs (default %d)
                  --dim SYMBOL=N        size of a symbolic dimension for random inputs (default 1); repeatable;
                                        with --backend opencl it also fixes the session's shapes
                  --threads N           intra-op threads (default: available processors)
                  --backend cpu|opencl  preferred backend (default cpu)
                  --device TEXT         OpenCL device whose name contains TEXT, or gpu / cpu
                  --opt LEVEL           none, basic, extended or all (default all)
                  --profile             after the timed runs, print the time per op type
                  --load-breakdown N    after the first session, create N more and print where creation spends
                                        its time, phase by phase (cold: the first session; warm: the median)

                Ends with the line: median_ms=X p90_ms=Y runs=N
                """.formatted(DEFAULT_WARMUP, DEFAULT_RUNS);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = SessionSettings.parseArgs(argv, Set.of("--profile"), "--test-data", "--warmup", "--runs",
                "--load-breakdown");
        boolean profiling = args.has("--profile");
        Path model = Path.of(args.singlePositional("MODEL"));
        SessionSettings settings = SessionSettings.from(args);
        int warmup = args.intValue("--warmup", DEFAULT_WARMUP, 0);
        int runs = args.intValue("--runs", DEFAULT_RUNS, 1);
        String testData = args.value("--test-data", null);
        int breakdown = args.intValue("--load-breakdown", -1, 0);
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model file not found: " + model);
        }

        try (Environment env = Environment.create()) {
            long t0 = System.nanoTime();
            Session session = env.createSession(model, settings.toOptions().setProfiling(profiling));
            out.printf(Locale.ROOT, "session_create_ms=%.1f%n", RunCommand.millis(System.nanoTime() - t0));
            out.println(SessionSettings.backendLine(session));
            if (breakdown >= 0) {
                List<CreationTimes> warm = new ArrayList<>();
                for (int i = 0; i < breakdown; i++) {
                    try (Session again = env.createSession(model, settings.toOptions().setProfiling(profiling))) {
                        warm.add(again.creationTimes());
                    }
                }
                out.print(LoadBreakdown.format(session.creationTimes(), warm));
            }
            Map<String, OnnxValue> feeds = testData != null
                    ? TestDataSet.load(Path.of(testData), session.inputs(), session.outputs()).inputs()
                    : Feeds.build(session, Map.of(), settings.dimensions(), out);

            for (int i = 0; i < warmup; i++) {
                session.run(feeds).close();
            }
            if (warmup > 0) {
                out.println("warmup: " + warmup + " runs");
            }
            if (profiling) {
                session.profile().reset();
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                Result r = session.run(feeds);
                ms[i] = RunCommand.millis(System.nanoTime() - t);
                r.close();
                out.printf(Locale.ROOT, "run %d: %.3f ms%n", i + 1, ms[i]);
            }
            if (profiling) {
                out.print(session.profile().format(runs));
            }
            session.close();
            out.println(LatencyStats.summaryLine(ms));
            return Main.OK;
        }
    }
}
