package dev.minerua.bench;

import dev.minerua.runtime.Environment;
import dev.minerua.runtime.SessionOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Minerua's 1 → 2 thread speed-up under different waiting settings of its CPU thread pool
 * ({@code minerua.cpu.spinMicros}, {@code yieldMicros}, {@code joinSpinMicros}, optionally {@code minCooldownMicros},
 * read when a session's pool is made), all
 * sessions in one JVM taking turns in short blocks (0.1 s, 5 ms apart, order rotating), so that the settings
 * are compared under the same load. Reports, per setting, the minimum, 10th percentile and median of the
 * block medians: on a shared machine the low end is what a quiet moment gives.
 *
 * <p>Usage: {@code java ... dev.minerua.bench.PoolWaitProbe MODEL_DIR|LIGHT_MODEL_FILE SECONDS
 * SPIN:YIELD[:JOIN[:COOL]]...}
 * (microseconds), e.g. {@code ... light_squeezenet.onnx 60 10:0 50:0 10:0:100}.
 */
public final class PoolWaitProbe {
    private static final double BLOCK_SECONDS = 0.1;

    private PoolWaitProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path p = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        BenchCase c = CaseCatalog.fromPath(p);
        BenchCase.Prepared prep = c.prepare();
        Environment env = Environment.create();
        List<String> names = new ArrayList<>(List.of("1 thread"));
        List<Engine> engines = new ArrayList<>();
        engines.add(new Engine.Minerua(env.createSession(prep.model(), new SessionOptions().setIntraOpThreads(1)),
                prep.feeds()));
        for (int i = 2; i < args.length; i++) {
            String[] sy = args[i].split(":");
            System.setProperty("minerua.cpu.spinMicros", sy[0]);
            System.setProperty("minerua.cpu.yieldMicros", sy[1]);
            System.setProperty("minerua.cpu.joinSpinMicros", sy.length > 2 ? sy[2] : "0");
            if (sy.length > 3) {
                System.setProperty("minerua.cpu.minCooldownMicros", sy[3]);
            } else {
                System.clearProperty("minerua.cpu.minCooldownMicros");
            }
            names.add("2t spin " + sy[0] + " yield " + sy[1] + " join " + (sy.length > 2 ? sy[2] : "0")
                    + (sy.length > 3 ? " cool " + sy[3] : "") + " us");
            engines.add(new Engine.Minerua(env.createSession(prep.model(),
                    new SessionOptions().setIntraOpThreads(2)), prep.feeds()));
        }
        int n = engines.size();
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < 12e9) { // warm-up: every session's code reaches C2
            for (Engine e : engines) {
                e.timedRun();
            }
        }
        List<List<Double>> medians = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            medians.add(new ArrayList<>());
        }
        long t0 = System.nanoTime();
        for (int round = 0; System.nanoTime() - t0 < seconds * 1e9; round++) {
            for (int j = 0; j < n; j++) {
                int v = (j + round) % n;
                medians.get(v).add(blockMedian(engines.get(v)));
                Thread.sleep(5);
            }
        }
        double[] one = sorted(medians.getFirst());
        System.out.println(c.name() + ": block medians in ms (speed-up against 1 thread at the same statistic)");
        for (int i = 0; i < n; i++) {
            double[] s = sorted(medians.get(i));
            System.out.printf(Locale.ROOT, "%-36s min %8.3f (%.2fx)  p10 %8.3f (%.2fx)  median %8.3f (%.2fx)  %d blocks%n",
                    names.get(i), s[0], one[0] / s[0], p10(s), p10(one) / p10(s), s[s.length / 2],
                    one[one.length / 2] / s[s.length / 2], s.length);
        }
        for (Engine e : engines) {
            e.close();
        }
    }

    private static double blockMedian(Engine e) throws Exception {
        double[] t = new double[64];
        int k = 0;
        long b0 = System.nanoTime();
        while (System.nanoTime() - b0 < BLOCK_SECONDS * 1e9) {
            if (k == t.length) {
                t = Arrays.copyOf(t, k * 2);
            }
            t[k++] = e.timedRun();
        }
        return Stats.medianOf(t, 0, k);
    }

    private static double[] sorted(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double p10(double[] s) {
        return s[s.length / 10];
    }
}
