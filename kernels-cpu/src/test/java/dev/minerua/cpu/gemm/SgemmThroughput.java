package dev.minerua.cpu.gemm;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * A quick throughput check, not a test: {@code n x n x n} SGEMM in GFLOP/s against a Vector API FMA-peak loop.
 * Best of 40 interleaved repetitions of each (the maximum is the estimate least disturbed by other load), timed
 * by this thread's CPU time, which leaves out the time it waited for a core on a shared machine (wall-clock
 * figures, which only match when the machine is quiet, are printed after).
 * Run with {@code java --add-modules jdk.incubator.vector -cp ... dev.minerua.cpu.gemm.SgemmThroughput [n] [threads]}.
 */
public final class SgemmThroughput {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final int PEAK_ITERS = 2_000_000;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        SimdTier tier = args.length > 2 ? SimdTier.valueOf(args[2]) : SimdSupport.tier();
        Sgemm g = Sgemm.forTier(tier);
        float[] a = random(n * n);
        float[] b = random(n * n);
        float[] c = new float[n * n];
        CpuThreadPool pool = threads == 1 ? CpuThreadPool.serial() : new CpuThreadPool(threads);
        PackedB pb = g.packB(Matrix.rowMajor(b, 0, n), n, n);
        double flop = 2.0 * n * n * n;
        double[] best = new double[3];
        double[] wall = new double[3];
        for (int rep = 0; rep < 40; rep++) {
            // Timed around the call, not inside: a clock call inside the vector loop's method halved its rate.
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            fmaPeak();
            long c1 = MX.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            g.multiply(Matrix.rowMajor(a, 0, n), pb, c, 0, n, n, 1f, false, null, pool);
            long c2 = MX.getCurrentThreadCpuTime();
            long t2 = System.nanoTime();
            g.multiply(Matrix.rowMajor(a, 0, n), Matrix.rowMajor(b, 0, n), c, 0, n, n, n, n, 1f, false, null, pool);
            long c3 = MX.getCurrentThreadCpuTime();
            long t3 = System.nanoTime();
            double peakFlop = 12.0 * 2 * S.length() * PEAK_ITERS;
            best[0] = Math.max(best[0], peakFlop / (c1 - c0));
            wall[0] = Math.max(wall[0], peakFlop / (t1 - t0));
            if (threads == 1) {
                best[1] = Math.max(best[1], flop / (c2 - c1));
                best[2] = Math.max(best[2], flop / (c3 - c2));
            }
            wall[1] = Math.max(wall[1], flop / (t2 - t1));
            wall[2] = Math.max(wall[2], flop / (t3 - t2));
        }
        if (threads == 1) {
            System.out.printf("sgemm %s n=%d threads=1 (thread CPU time): %.1f GFLOP/s (B pre-packed), %.1f GFLOP/s"
                    + " (packing B per call); FMA peak %.1f GFLOP/s (%d-bit); %.0f%% of peak%n", g.describe(), n,
                    best[1], best[2], best[0], S.vectorBitSize(), 100 * best[1] / best[0]);
        }
        System.out.printf("sgemm %s n=%d threads=%d (wall clock): %.1f GFLOP/s (B pre-packed), %.1f GFLOP/s"
                + " (packing B per call); 1-thread FMA peak %.1f GFLOP/s; %.0f%% of peak%n", g.describe(), n,
                threads, wall[1], wall[2], wall[0], 100 * wall[1] / (wall[0] * threads));
        pool.close();
    }

    /**
     * 12 independent FMA chains of {@link #PEAK_ITERS} steps on the preferred species (what one core can do at
     * most); the caller times it. Returns a value to keep the chains alive.
     */
    static float fmaPeak() {
        FloatVector x = FloatVector.broadcast(S, 0.999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        int iters = PEAK_ITERS;
        for (int i = 0; i < iters; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        float sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        return sink;
    }

    /** This thread's CPU time in nanoseconds. */
    static long cpuNanos() {
        return MX.getCurrentThreadCpuTime();
    }

    /** The FMA peak in GFLOP/s of this thread's CPU time. */
    static double peakGflops() {
        long t0 = cpuNanos();
        fmaPeak();
        return 12.0 * 2 * S.length() * PEAK_ITERS / (cpuNanos() - t0);
    }

    static float[] random(int size) {
        Random r = new Random(1);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        return x;
    }
}
