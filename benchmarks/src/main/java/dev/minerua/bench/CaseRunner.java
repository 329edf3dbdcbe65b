package dev.minerua.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures one prepared model in this JVM: session creation, latency of both engines side by side at each
 * thread count, optionally Minerua's optimizer off vs on, or one engine's memory. Failures of either engine
 * end up in the records' notes; nothing is thrown for them. Each engine's environment is created on first
 * use, so a memory measurement of one engine never loads the other.
 */
public final class CaseRunner {
    /** Warm session creations stop early once they have taken this long (big models, slow loads). */
    static final double LOAD_REPEAT_SECONDS = 10;

    private final Settings settings;
    private final BackendKind backend;
    private final Interleaved timer;
    /** Session config entries given to every ORT session (none by default: ORT as it ships). */
    private final Map<String, String> ortConfig;
    /** Which engines to measure: "both", "minerua" or "ort". */
    private final String engines;
    private Environment minerua;
    private OrtEnvironment ort;

    public CaseRunner(Settings settings, BackendKind backend) {
        this(settings, backend, Schedule.DEFAULT, Map.of(), "both");
    }

    /**
     * @param schedule  how the engines take turns
     * @param ortConfig ORT session config entries (e.g. session.intra_op.allow_spinning=0), usually none
     * @param engines   "both", or "minerua" / "ort" to measure one engine alone (the other's columns stay empty)
     */
    CaseRunner(Settings settings, BackendKind backend, Schedule schedule, Map<String, String> ortConfig, String engines) {
        this.settings = settings;
        this.backend = backend;
        this.timer = new Interleaved(settings, schedule);
        this.ortConfig = Map.copyOf(ortConfig);
        this.engines = engines;
    }

    private boolean runsMinerua() {
        return !engines.equals("ort");
    }

    private boolean runsOrt() {
        return !engines.equals("minerua");
    }

    /**
     * With {@code latency}: load times at the first thread count (unless {@code load} is false) and one
     * {@link Row} per thread count; with {@code optimizer}: then the optimizer comparison at the first thread
     * count.
     */
    public void compare(String name, BenchCase.Prepared p, List<Integer> threads, boolean latency, boolean load,
                        boolean optimizer, Consumer<Record> out) {
        if (latency) {
            if (load) {
                out.accept(loadTimes(name, p, threads.getFirst()));
            }
            for (int t : threads) {
                System.gc();
                out.accept(measure(name, p, t));
            }
        }
        if (optimizer) {
            System.gc();
            out.accept(optimizerOffVsOn(name, p, threads.getFirst()));
        }
    }

    LoadTimes loadTimes(String name, BenchCase.Prepared p, int threads) {
        List<String> notes = new ArrayList<>();
        // The environments (ORT's loads its native library) are per process, not per session: not timed.
        double mCold = Double.NaN;
        double oCold = Double.NaN;
        if (runsMinerua()) {
            mineruaEnvironment();
            mCold = creationMs(() -> mineruaSession(p, threads, OptimizationLevel.ALL), "Minerua", notes);
        }
        if (runsOrt()) {
            ortEnvironment();
            oCold = creationMs(() -> ortEngine(p, threads), "ORT", notes);
        }
        double[] mw = new double[settings.loadRepeats()];
        double[] ow = new double[settings.loadRepeats()];
        int n = 0;
        long t0 = System.nanoTime();
        while (n < settings.loadRepeats() && (n == 0 || (System.nanoTime() - t0) / 1e9 < LOAD_REPEAT_SECONDS)) {
            mw[n] = Double.isNaN(mCold) ? Double.NaN : creationMs(() -> mineruaSession(p, threads, OptimizationLevel.ALL), "Minerua", notes);
            ow[n] = Double.isNaN(oCold) ? Double.NaN : creationMs(() -> ortEngine(p, threads), "ORT", notes);
            n++;
        }
        return new LoadTimes(name, threads, mCold, oCold, medianOrNaN(mw, n), medianOrNaN(ow, n), n,
                String.join("; ", notes.stream().distinct().toList()));
    }

    /** Both engines at one thread count: outputs compared on the first run, then interleaved warm-up and timing. */
    public Row measure(String name, BenchCase.Prepared p, int threads) {
        List<String> notes = new ArrayList<>();
        Engine m = !runsMinerua() ? null
                : open(() -> new Engine.Minerua(mineruaSession(p, threads, OptimizationLevel.ALL), p.feeds()),
                "Minerua", notes);
        Engine o = !runsOrt() ? null : open(() -> ortEngine(p, threads), "ORT", notes);
        if (m instanceof Engine.Minerua mm && backend != BackendKind.CPU) {
            // Nodes the preferred backend cannot run fall back to the CPU: say where they went.
            System.out.println("Minerua at " + threads + " threads runs on " + mm.session().backendDescriptions()
                    + ", nodes per backend " + mm.session().nodesPerBackend());
        }
        try {
            Map<String, Tensor> mOut = m == null ? null : firstRun(m, "Minerua", notes);
            if (mOut == null) {
                m = closeQuietly(m);
            }
            Map<String, Tensor> oOut = o == null ? null : firstRun(o, "ORT", notes);
            if (oOut == null) {
                o = closeQuietly(o);
            }
            String agree = mOut != null && oOut != null ? compare(oOut, mOut) : "–";
            if (m == null && o == null) {
                return Row.failed(name, threads, agree, String.join("; ", notes));
            }
            try {
                Interleaved.Timing t = m != null ? timer.measure(m, o) : timer.measure(o, null);
                Stats ms = m != null ? t.a() : null;
                Stats os = m != null ? t.b() : t.a();
                return new Row(name, threads, os, ms, t.warmupRounds(), t.warmupSeconds(), t.stable(), agree,
                        String.join("; ", notes));
            } catch (Throwable e) {
                notes.add("failed while timing: " + describe(e));
                return Row.failed(name, threads, agree, String.join("; ", notes));
            }
        } finally {
            closeQuietly(m);
            closeQuietly(o);
        }
    }

    /** Minerua at optimization level none vs all: node counts, agreement, interleaved latency. */
    public OptRow optimizerOffVsOn(String name, BenchCase.Prepared p, int threads) {
        List<String> notes = new ArrayList<>();
        Session none = open(() -> mineruaSession(p, threads, OptimizationLevel.NONE), "level none", notes);
        Session all = open(() -> mineruaSession(p, threads, OptimizationLevel.ALL), "level all", notes);
        int nodesNone = none == null ? -1 : none.graph().nodeCountDeep();
        int nodesAll = all == null ? -1 : all.graph().nodeCountDeep();
        Engine a = none == null ? null : new Engine.Minerua(none, p.feeds());
        Engine b = all == null ? null : new Engine.Minerua(all, p.feeds());
        try {
            Map<String, Tensor> aOut = a == null ? null : firstRun(a, "level none", notes);
            Map<String, Tensor> bOut = b == null ? null : firstRun(b, "level all", notes);
            if (aOut == null || bOut == null) {
                return new OptRow(name, threads, nodesNone, nodesAll, null, null, false, "–", String.join("; ", notes));
            }
            Interleaved.Timing t = timer.measure(a, b);
            return new OptRow(name, threads, nodesNone, nodesAll, t.a(), t.b(), t.stable(), compare(aOut, bOut),
                    String.join("; ", notes));
        } catch (Throwable e) {
            notes.add("failed while timing: " + describe(e));
            return new OptRow(name, threads, nodesNone, nodesAll, null, null, false, "–", String.join("; ", notes));
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    /**
     * One engine alone ("minerua" or "ort"): the resident set before its environment and session exist, then
     * the peak resident set after session creation, warm-up and timed runs. Meaningful only when nothing
     * else ran in this JVM before.
     */
    public MemRow memory(String name, BenchCase.Prepared p, int threads, String engine) {
        List<String> notes = new ArrayList<>();
        double baseline = ProcStatus.residentMiB();
        boolean isOrt = engine.equals("ort");
        Engine e = isOrt ? open(() -> ortEngine(p, threads), "ORT", notes)
                : open(() -> new Engine.Minerua(mineruaSession(p, threads, OptimizationLevel.ALL), p.feeds()),
                "Minerua", notes);
        Stats latency = null;
        try {
            if (e != null && firstRun(e, engine, notes) != null) {
                latency = timer.measure(e, null).a();
            }
        } catch (Throwable t) {
            notes.add("failed while timing: " + describe(t));
        }
        double peak = ProcStatus.peakResidentMiB();
        // After the peak is read: planning may allocate. Only Minerua has a plan.
        double[] planned = e instanceof Engine.Minerua mm ? PlannerFigures.of(mm.session(), p.feeds())
                : new double[] {Double.NaN, Double.NaN};
        closeQuietly(e);
        return new MemRow(name, engine, threads, baseline, peak, latency, planned[0], planned[1], String.join("; ", notes));
    }

    private Environment mineruaEnvironment() {
        if (minerua == null) {
            minerua = Environment.create();
        }
        return minerua;
    }

    private OrtEnvironment ortEnvironment() {
        if (ort == null) {
            ort = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        }
        return ort;
    }

    private Session mineruaSession(BenchCase.Prepared p, int threads, OptimizationLevel level) {
        SessionOptions o = new SessionOptions().setIntraOpThreads(threads).setOptimizationLevel(level).setBackend(backend);
        return mineruaEnvironment().createSession(p.model(), o);
    }

    private Engine.Ort ortEngine(BenchCase.Prepared p, int threads) throws Exception {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        for (Map.Entry<String, String> e : ortConfig.entrySet()) {
            opts.addConfigEntry(e.getKey(), e.getValue());
        }
        OrtEnvironment env = ortEnvironment();
        return new Engine.Ort(env, env.createSession(p.model(), opts), p.feeds());
    }

    /** Something that creates a session-like resource. */
    private interface Opener<T extends AutoCloseable> {
        T open() throws Exception;
    }

    private static <T extends AutoCloseable> T open(Opener<T> opener, String who, List<String> notes) {
        try {
            return opener.open();
        } catch (Throwable e) {
            notes.add(who + " cannot load: " + describe(e));
            return null;
        }
    }

    /** Milliseconds to create (and not count closing) one session, NaN with a note on failure. */
    private static double creationMs(Opener<? extends AutoCloseable> opener, String who, List<String> notes) {
        long t0 = System.nanoTime();
        AutoCloseable c = open(opener, who, notes);
        double ms = Engine.millisSince(t0);
        if (c == null) {
            return Double.NaN;
        }
        closeQuietly(c);
        return ms;
    }

    private static Map<String, Tensor> firstRun(Engine e, String who, List<String> notes) {
        try {
            return e.runForOutputs();
        } catch (Throwable t) {
            notes.add(who + " cannot run: " + describe(t));
            return null;
        }
    }

    private static double medianOrNaN(double[] v, int n) {
        double[] ok = Arrays.stream(v, 0, n).filter(x -> !Double.isNaN(x)).toArray();
        return ok.length == 0 ? Double.NaN : Stats.of(ok).median();
    }

    /** "yes" when every expected output has a counterpart within tolerance, else what differs. */
    static String compare(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor a = actual.get(e.getKey());
            if (a == null) {
                bad.add(e.getKey() + " missing");
                continue;
            }
            // rtol 1e-3, atol 1e-4 (float16 outputs: 1e-2 both, the precision of the type)
            Tolerance tol = Tolerance.forModelOutput(e.getValue().type());
            Comparison c = Comparison.of(e.getValue(), a, tol);
            if (!c.passed()) {
                bad.add(e.getKey() + ": " + c);
            }
        }
        return bad.isEmpty() ? "yes" : "NO (" + String.join("; ", bad) + ")";
    }

    static String describe(Throwable e) {
        String msg = e.getMessage() == null ? "" : e.getMessage().strip();
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        if (msg.length() > 160) {
            msg = msg.substring(0, 157) + "...";
        }
        return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }

    private static <T extends AutoCloseable> T closeQuietly(T c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort after a failure
            }
        }
        return null;
    }
}
