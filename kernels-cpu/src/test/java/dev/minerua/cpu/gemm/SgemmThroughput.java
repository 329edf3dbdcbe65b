package dev.minerua.cpu.gemm;

import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.simd.SimdSupport;
import dev.minerua.cpu.simd.SimdTier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Random;

/**
 * A quick throughput check, not a test: {@code n x n x n} SGEMM in GFLOP/s against a Vector API FMA-peak loop.
 * Best of 40 interleaved repetitions of each (the maximum is the estimate least disturbed by other load).
 * Run with {@code java --add-modules jdk.incubator.vector -cp ... dev.minerua.cpu.gemm.SgemmThroughput [n] [threads]}.
 */
public final class SgemmThroughput {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

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
        double best = 0;
        double bestUnpacked = 0;
        double peak = 0;
        for (int rep = 0; rep < 40; rep++) {
            peak = Math.max(peak, fmaPeak());
            long t0 = System.nanoTime();
            g.multiply(Matrix.rowMajor(a, 0, n), pb, c, 0, n, n, 1f, false, null, pool);
            long t1 = System.nanoTime();
            g.multiply(Matrix.rowMajor(a, 0, n), Matrix.rowMajor(b, 0, n), c, 0, n, n, n, n, 1f, false, null, pool);
            long t2 = System.nanoTime();
            best = Math.max(best, flop / (t1 - t0));
            bestUnpacked = Math.max(bestUnpacked, flop / (t2 - t1));
        }
        System.out.printf("sgemm %s n=%d threads=%d: %.1f GFLOP/s (B pre-packed), %.1f GFLOP/s (packing B per call);"
                + " 1-thread FMA peak %.1f GFLOP/s (%d-bit); %.0f%% of peak%n", g.describe(), n, threads, best,
                bestUnpacked, peak, S.vectorBitSize(), 100 * best / (peak * threads));
        pool.close();
    }

    /** GFLOP/s of 12 independent FMA chains on the preferred species (what one core can do at most). */
    static double fmaPeak() {
        FloatVector x = FloatVector.broadcast(S, 0.999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        int iters = 2_000_000;
        long t0 = System.nanoTime();
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
        long t1 = System.nanoTime();
        float sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        if (sink == 42f) {
            System.out.println();
        }
        return 12.0 * 2 * S.length() * iters / (t1 - t0);
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
