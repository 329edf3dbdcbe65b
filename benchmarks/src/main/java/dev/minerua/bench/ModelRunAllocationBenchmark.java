package dev.minerua.bench;

import dev.minerua.plan.ValueSizes;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One steady-state run of a shared model on its {@code test_data_set_0}, for {@code -prof gc}: the issue's
 * target is that {@code gc.alloc.rate.norm} (bytes allocated per run, every thread's allocations, the
 * session's workers included) stays within the run's output bytes plus 4 KiB. {@link ModelRunAllocationReport}
 * runs it and prints the comparison; by hand:
 * {@code ./benchmarks/run-jmh.sh ModelRunAllocation -prof gc}. The models come from the shared data directory
 * ($MINERUA_SHARED_DIR, -Dminerua.shared.dir or ../shared).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ModelRunAllocationBenchmark {
    /** The 11 shared models (models/MODELS.md). */
    @Param({"mnist-8", "mnist-burn", "silero-vad-legacy", "silero-vad-v5", "silero-vad-v6", "all-minilm-l6-v2-q",
            "ppocr-mobile-v2-cls", "squeezenet1.0-fp16", "ppocr-v4-det", "ppocr-v4-rec", "ultraface-rfb-320"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    /** Untimed runs in {@link #setup} before JMH's warm-up, at most. */
    static final int WARMUP_RUNS = 2000;
    /**
     * The time those runs may take, at most: 20 s, or {@code -Dminerua.alloc.warmupSeconds} (pass it to the forks
     * with {@code -jvmArgsAppend}); on a busy machine the JIT needs more for the big models.
     */
    static final long WARMUP_NANOS = Long.getLong("minerua.alloc.warmupSeconds", 20) * 1_000_000_000L;

    private Environment env;
    private Session session;
    private Map<String, Tensor> feeds;

    @Setup
    public void setup() throws Exception {
        BenchCase.Prepared p = CaseCatalog.modelDir(SharedDir.get().resolve("models").resolve(model)).prepare();
        env = Environment.create();
        session = env.createSession(p.model(), new SessionOptions().setIntraOpThreads(threads));
        feeds = p.feeds();
        warmUp();
    }

    /**
     * Runs until {@link #WARMUP_RUNS} runs or {@link #WARMUP_NANOS} have passed, before JMH's own warm-up: JMH's is
     * timed, and a big model's first runs are so slow (interpreted, on a busy machine seconds each) that a few
     * seconds of it would leave the vector code boxing and the figure measuring the JIT, not the runtime.
     */
    private void warmUp() {
        long start = System.nanoTime();
        for (int i = 0; i < WARMUP_RUNS && System.nanoTime() - start < WARMUP_NANOS; i++) {
            session.run(feeds).close();
        }
    }

    @Benchmark
    public OnnxValue run() {
        try (Result r = session.run(feeds)) {
            return r.get(0);
        }
    }

    @TearDown
    public void tearDown() {
        session.close();
        env.close();
    }

    /** Element bytes of every output of one run: what a run must allocate, since the caller owns its outputs. */
    static long outputBytes(Session session, Map<String, Tensor> feeds) {
        long bytes = 0;
        try (Result r = session.run(feeds)) {
            for (var e : r) {
                if (e.getValue() instanceof Tensor t) {
                    bytes += ValueSizes.bytesOf(t.type(), t.size());
                }
            }
        }
        return bytes;
    }
}
