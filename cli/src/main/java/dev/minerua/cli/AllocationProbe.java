package dev.minerua.cli;

import dev.minerua.plan.ValueSizes;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Measures heap bytes allocated per run in steady state (a developer tool, not a subcommand):
 * {@code java -cp 'cli/target/minerua-cli-*.jar:cli/target/lib/*' dev.minerua.cli.AllocationProbe
 * MODEL TEST_DATA_DIR THREADS [WARMUP [RUNS]]}. Counts every Java thread's allocations (the session's
 * worker threads included) with {@code com.sun.management.ThreadMXBean}, and prints them next to the
 * bytes of the outputs, which every run must allocate because the caller owns them.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Environment env = Environment.create();
             Session session = env.createSession(model, new SessionOptions().setIntraOpThreads(threads))) {
            TestDataSet set = TestDataSet.load(data, session.inputs(), session.outputs());
            Map<String, OnnxValue> feeds = set.inputs();
            long outputBytes = 0;
            for (int i = 0; i < warmup; i++) {
                try (Result r = session.run(feeds)) {
                    if (i == 0) {
                        for (var e : r) {
                            if (e.getValue() instanceof Tensor t) {
                                outputBytes += ValueSizes.bytesOf(t.type(), t.size());
                            }
                        }
                    }
                }
            }
            long before = mx.getTotalThreadAllocatedBytes();
            for (int i = 0; i < runs; i++) {
                session.run(feeds).close();
            }
            long perRun = (mx.getTotalThreadAllocatedBytes() - before) / runs;
            System.out.printf(Locale.ROOT, "%s threads=%d allocated_bytes_per_run=%d output_bytes=%d excess=%d%n",
                    model.getParent().getFileName(), threads, perRun, outputBytes, perRun - outputBytes);
        }
    }
}
