package dev.minerua.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.SessionOptions;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.util.Locale;

/**
 * Shows why {@link Schedule} pauses between engines, in two measurements that a busy machine blurs but does
 * not fake (both are paired or relative):
 * <ol>
 *   <li>how many cores the process keeps busy while its main thread sleeps {@code gap} ms right after a run
 *   of each engine (ORT as it ships, ORT with {@code session.intra_op.allow_spinning=0}, Minerua), i.e. how
 *   long an engine's intra-op threads keep spinning after its run returned;</li>
 *   <li>each engine's run time by what ran just before it (see {@link #pairs}).</li>
 * </ol>
 * Usage: {@code java ... dev.minerua.bench.SpinProbe MODEL_DIR|LIGHT_MODEL_FILE [threads] [pauseMs] [pairs]}.
 */
public final class SpinProbe {
    private static final double[] GAPS_MS = {0.5, 1, 2, 5, 10, 20, 50};
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SpinProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path p = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 50;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        BenchCase c = CaseCatalog.fromPath(p);
        BenchCase.Prepared prep = c.prepare();
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        Environment menv = Environment.create();
        try (Engine ort = ort(env, prep, threads, false); Engine quiet = ort(env, prep, threads, true);
             Engine m = new Engine.Minerua(menv.createSession(prep.model(),
                     new SessionOptions().setIntraOpThreads(threads)), prep.feeds())) {
            long w0 = System.nanoTime();
            for (int i = 0; i < 2000 && System.nanoTime() - w0 < 10e9; i++) {
                ort.timedRun();
                quiet.timedRun();
                m.timedRun();
            }
            System.out.println(c.name() + ", " + threads + " threads: cores busy while the caller sleeps after a run");
            System.out.printf(Locale.ROOT, "%-10s %14s %14s %14s%n", "gap ms", "ORT default", "ORT no spin", "Minerua");
            for (double gap : GAPS_MS) {
                System.out.printf(Locale.ROOT, "%-10s %14.2f %14.2f %14.2f%n", Settings.num(gap), busyAfter(ort, gap),
                        busyAfter(quiet, gap), busyAfter(m, gap));
            }
            pairs(ort, quiet, m, pauseMs, n);
        }
        System.exit(0); // ORT keeps non-daemon threads
    }

    /**
     * Each engine's run time by what ran just before it, the variants taking turns run by run so that load
     * changes land on all alike: Minerua after itself, right after ORT, right after ORT without spinning,
     * after ORT and a pause; ORT after itself and right after Minerua; ORT without spinning after itself.
     */
    private static void pairs(Engine ort, Engine quiet, Engine m, long pauseMs, int n) throws Exception {
        String[] names = {"Minerua after Minerua", "Minerua right after ORT", "Minerua right after ORT (no spin)",
                "Minerua after ORT + " + pauseMs + " ms pause", "ORT after ORT", "ORT right after Minerua",
                "ORT (no spin) after itself"};
        double[][] t = new double[names.length][n];
        for (int i = 0; i < n; i++) {
            ort.timedRun();
            t[1][i] = m.timedRun();
            quiet.timedRun();
            t[2][i] = m.timedRun();
            ort.timedRun();
            Thread.sleep(pauseMs);
            t[3][i] = m.timedRun();
            t[0][i] = m.timedRun();
            t[5][i] = ort.timedRun();
            t[4][i] = ort.timedRun();
            quiet.timedRun();
            t[6][i] = quiet.timedRun();
            Thread.sleep(pauseMs); // every iteration starts from idle threads
        }
        double base = Stats.of(t[0]).median();
        double ortBase = Stats.of(t[4]).median();
        for (int v = 0; v < names.length; v++) {
            double med = Stats.of(t[v]).median();
            System.out.printf(Locale.ROOT, "%-40s median %8.3f ms  (%.2fx of %s)%n", names[v], med,
                    med / (v < 4 ? base : ortBase), v < 4 ? "Minerua after Minerua" : "ORT after ORT");
        }
    }

    /** Median over 40 tries of the cores the process used during {@code gapMs} of sleep after a run. */
    private static double busyAfter(Engine e, double gapMs) throws Exception {
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) {
            e.timedRun();
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            long until = t0 + (long) (gapMs * 1e6);
            while (System.nanoTime() < until) {
                Thread.sleep(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            }
            v[i] = (OS.getProcessCpuTime() - c0) / (double) (System.nanoTime() - t0);
            Thread.sleep(60); // let every thread go idle before the next try
        }
        return Arrays.stream(v).sorted().toArray()[v.length / 2];
    }

    private static Engine ort(OrtEnvironment env, BenchCase.Prepared p, int threads, boolean noSpin) throws Exception {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        o.setInterOpNumThreads(1);
        if (noSpin) {
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return new Engine.Ort(env, env.createSession(p.model(), o), p.feeds());
    }
}
