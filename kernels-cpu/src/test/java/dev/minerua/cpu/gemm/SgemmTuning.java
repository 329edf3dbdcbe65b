package dev.minerua.cpu.gemm;

import dev.minerua.cpu.CpuThreadPool;

import java.util.ArrayList;
import java.util.List;

/**
 * A tuning aid, not a test: runs GEMM block-size variants (KC, MC) interleaved in one JVM, so that
 * load from other processes hits them alike, and prints the best GFLOP/s of each and of the FMA-peak loop
 * (by this thread's CPU time).
 * {@code java ... dev.minerua.cpu.gemm.SgemmTuning [n] [reps] [KC:MC ...]}.
 */
public final class SgemmTuning {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<String> names = new ArrayList<>();
        List<Sgemm> variants = new ArrayList<>();
        // Each argument after the first two: KC:MC for the 512-bit 8x32 kernel.
        String[] specs = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"1024:96", "512:96", "256:96", "1024:48"};
        for (String spec : specs) {
            String[] f = spec.split(":");
            names.add("8x32 kc" + f[0] + " mc" + f[1]);
            variants.add(new Sgemm(new SgemmMicroKernel8x32(), Integer.parseInt(f[0]), Integer.parseInt(f[1])));
        }
        float[] a = SgemmThroughput.random(n * n);
        float[] b = SgemmThroughput.random(n * n);
        float[] c = new float[n * n];
        PackedB[] pbs = new PackedB[variants.size()];
        for (int v = 0; v < pbs.length; v++) {
            pbs[v] = variants.get(v).packB(Matrix.rowMajor(b, 0, n), n, n);
        }
        double[] best = new double[variants.size()];
        double peak = 0;
        double flop = 2.0 * n * n * n;
        for (int rep = 0; rep < reps; rep++) {
            peak = Math.max(peak, SgemmThroughput.peakGflops());
            for (int v = 0; v < best.length; v++) {
                long t0 = SgemmThroughput.cpuNanos();
                variants.get(v).multiply(Matrix.rowMajor(a, 0, n), pbs[v], c, 0, n, n, 1f, false, null,
                        CpuThreadPool.serial());
                best[v] = Math.max(best[v], flop / (SgemmThroughput.cpuNanos() - t0));
            }
        }
        System.out.printf("FMA peak %.1f GFLOP/s%n", peak);
        for (int v = 0; v < best.length; v++) {
            System.out.printf("%-22s %6.1f GFLOP/s %4.0f%%%n", names.get(v), best[v], 100 * best[v] / peak);
        }
    }
}
