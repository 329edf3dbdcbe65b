package dev.minerua.bench;

import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link ModelRunAllocationBenchmark} under JMH's GC profiler and prints, per model and thread count,
 * the output bytes of a run, {@code gc.alloc.rate.norm} (bytes allocated per run) and the excess over the
 * outputs, against the budget of outputs + 4 KiB, and the time per run. Arguments are JMH's own
 * ({@code -p model=mnist-8,silero-vad-v5 -p threads=1 -wi 3 ...}); {@code benchmarks/run-alloc.sh} starts it.
 */
public final class ModelRunAllocationReport {
    /** The slack over the outputs the target allows. */
    static final long BUDGET = 4096;

    private ModelRunAllocationReport() {
    }

    public static void main(String[] args) throws Exception {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(ModelRunAllocationBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class);
        Collection<RunResult> results = new Runner(opts.build()).run();
        List<String> lines = new ArrayList<>();
        lines.add("| model | threads | output bytes | bytes/op | bytes/op - outputs | within outputs + 4 KiB | us/op |");
        lines.add("|---|---:|---:|---:|---:|---|---:|");
        for (RunResult rr : results) {
            String model = rr.getParams().getParam("model");
            int threads = Integer.parseInt(rr.getParams().getParam("threads"));
            Result<?> norm = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            double perOp = norm == null ? Double.NaN : norm.getScore();
            long outputs = outputBytes(model, threads);
            double excess = perOp - outputs;
            // The time per run shows whether the run was warm: a time far above the model's usual one means the
            // JIT had not finished, and bytes/op then includes boxed vectors of interpreted Vector API code.
            lines.add(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %,.0f | %s | %,.0f |", model, threads,
                    outputs, perOp, excess, excess <= BUDGET ? "yes" : "no", rr.getPrimaryResult().getScore()));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    /** One run in this JVM (the forks measured the allocation); only the outputs' sizes are read. */
    private static long outputBytes(String model, int threads) throws Exception {
        BenchCase.Prepared p = CaseCatalog.modelDir(SharedDir.get().resolve("models").resolve(model)).prepare();
        try (Environment env = Environment.create();
             Session session = env.createSession(p.model(), new SessionOptions().setIntraOpThreads(threads))) {
            return ModelRunAllocationBenchmark.outputBytes(session, p.feeds());
        }
    }
}
