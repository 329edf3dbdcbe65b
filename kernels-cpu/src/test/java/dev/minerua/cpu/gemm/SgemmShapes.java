package dev.minerua.cpu.gemm;

/**
 * A tuning aid, not a test: GFLOP/s (by this thread's CPU time, best of the repetitions) of convolution-shaped
 * products as {@code SgemmConvKernel} runs them on one thread: filters pre-packed as A (M x K), B packed
 * (K x N), all panels through {@link Sgemm#multiplyPanels}. Arguments: {@code reps MxNxK ...}.
 */
public final class SgemmShapes {
    public static void main(String[] args) {
        int reps = Integer.parseInt(args[0]);
        Sgemm g = Sgemm.standard();
        double peak = 0;
        for (int rep = 0; rep < 3; rep++) {
            peak = Math.max(peak, SgemmThroughput.peakGflops());
        }
        System.out.printf("%s, FMA peak %.1f GFLOP/s%n", g.describe(), peak);
        for (int s = 1; s < args.length; s++) {
            String[] f = args[s].split("x");
            int m = Integer.parseInt(f[0]);
            int n = Integer.parseInt(f[1]);
            int k = Integer.parseInt(f[2]);
            PackedA pa = g.packA(Matrix.rowMajor(SgemmThroughput.random(m * k), 0, k), m, k);
            PackedB pb = g.packB(Matrix.rowMajor(SgemmThroughput.random(k * n), 0, n), k, n);
            float[] c = new float[m * n];
            int panels = (n + g.nr() - 1) / g.nr();
            double flop = 2.0 * m * n * k;
            int inner = (int) Math.max(1, 2e8 / flop);
            double best = 0;
            for (int rep = 0; rep < reps; rep++) {
                long t0 = SgemmThroughput.cpuNanos();
                for (int i = 0; i < inner; i++) {
                    g.multiplyPanels(pa, pb, 0, panels, c, 0, n, 1f, false, Epilogue.NONE.withRelu());
                }
                best = Math.max(best, inner * flop / (SgemmThroughput.cpuNanos() - t0));
            }
            System.out.printf("  %-16s %6.1f GFLOP/s %4.0f%%%n", args[s], best, 100 * best / peak);
        }
    }
}
