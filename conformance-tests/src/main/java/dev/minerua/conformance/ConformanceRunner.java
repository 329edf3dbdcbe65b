package dev.minerua.conformance;

import dev.minerua.runtime.Environment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs conformance cases and reports one {@link CaseResult} each. Nothing a case does can stop the suite:
 * every case runs on its own worker thread under a timeout, and every {@code Throwable} (out-of-memory and
 * stack overflow included) becomes a failure reason.
 *
 * <p>Rules:
 * <ul>
 *   <li>PASSED: every expected output matched within the case's tolerance ({@link CaseTolerances}). When the
 *       outputs are random draws ({@link ModelFacts#randomFor}: a random op, or Dropout in training mode with
 *       a nonzero ratio) values cannot match numpy's generator, so only the kind, element type and shape of
 *       each output are compared, and the result carries a note.</li>
 *   <li>FAILED: anything else, including a timeout (the case's thread is interrupted and abandoned; it is a
 *       daemon thread, so it cannot keep the JVM alive).</li>
 *   <li>SKIPPED: only a case with nothing to check: a case folder with no {@code test_data_set_N}
 *       folder. The ONNX data has none, so a normal run skips nothing.</li>
 * </ul>
 * One runner may run cases one after another; it is not meant to run cases concurrently (timeouts assume the
 * case has the machine to itself).
 */
public final class ConformanceRunner {
    /** Worker stack size: deep models and recursive kernels get room before a StackOverflowError. */
    private static final long WORKER_STACK = 256L << 20;

    private final RunOptions options;
    private final CaseBody executor;

    public ConformanceRunner(Environment env, RunOptions options) {
        this(options, new CaseExecutor(env, options));
    }

    /** For tests: run {@code body} in place of the real case work. */
    ConformanceRunner(RunOptions options, CaseBody body) {
        this.options = options;
        this.executor = body;
    }

    public RunOptions options() {
        return options;
    }

    /** Discovers the cases under {@code dirs} (see {@link CaseDiscovery}). */
    public static List<ConformanceCase> discover(List<Path> dirs) {
        return CaseDiscovery.discover(dirs);
    }

    /** Runs every case in order, calling {@code progress} after each. */
    public List<CaseResult> runAll(List<ConformanceCase> cases, Consumer<CaseResult> progress) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (ConformanceCase c : cases) {
            CaseResult r = run(c);
            results.add(r);
            progress.accept(r);
        }
        return results;
    }

    /** Runs one case under its timeout. Never throws. */
    public CaseResult run(ConformanceCase c) {
        long start = System.nanoTime();
        ModelFacts facts;
        try {
            facts = ModelFacts.read(c.model());
        } catch (Throwable t) {
            return result(c, ModelFacts.UNKNOWN, CaseStatus.FAILED,
                    "load: cannot read " + c.model().getFileName() + ": " + FailureReason.head(t.toString()), start);
        }
        if (!c.isLight() && c.dataSets().isEmpty()) {
            return result(c, facts, CaseStatus.SKIPPED, "no test_data_set_N folder: nothing to compare", start);
        }
        CaseExecutor.Outcome outcome = runWithTimeout(c, facts, options.timeoutFor(c));
        CaseResult r = result(c, facts, outcome.status(), outcome.reason(), start);
        return new CaseResult(r.suite(), r.name(), r.status(), r.reason(), r.opTypes(), r.elementTypes(), r.millis(),
                outcome.nodesOnDevice(), outcome.nodeCount());
    }

    private CaseExecutor.Outcome runWithTimeout(ConformanceCase c, ModelFacts facts, Duration timeout) {
        CompletableFuture<CaseExecutor.Outcome> future = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().daemon().name("conformance " + c.id()).stackSize(WORKER_STACK)
                .unstarted(() -> {
                    try {
                        future.complete(executor.execute(c, facts));
                    } catch (Throwable t) {
                        future.complete(CaseExecutor.Outcome.failed(FailureReason.of(t)));
                    }
                });
        worker.start();
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return CaseExecutor.Outcome.failed("timeout: no result after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return CaseExecutor.Outcome.failed("error: interrupted while waiting for the case");
        } catch (ExecutionException e) {
            return CaseExecutor.Outcome.failed(FailureReason.of(e.getCause()));
        }
    }

    private static CaseResult result(ConformanceCase c, ModelFacts facts, CaseStatus status, String reason, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new CaseResult(c.suite(), c.name(), status, reason, facts.opTypes(), facts.elementTypes(), millis);
    }
}
