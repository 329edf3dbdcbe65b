package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.ir.ops.Gru;
import dev.minerua.ir.ops.RnnActivation;

/**
 * Reference GRU. For each direction and batch entry, steps through that entry's valid time steps:
 * <pre>
 *   z = f(Xt Wz^T + Ht-1 Rz^T + Wbz + Rbz)
 *   r = f(Xt Wr^T + Ht-1 Rr^T + Wbr + Rbr)
 *   h = g(Xt Wh^T + (r . Ht-1) Rh^T + Rbh + Wbh)        linear_before_reset = 0
 *   h = g(Xt Wh^T + r . (Ht-1 Rh^T + Rbh) + Wbh)        linear_before_reset = 1
 *   Ht = (1 - z) . h + z . Ht-1
 * </pre>
 * Gate rows in W/R/B are ordered z, r, h. clip bounds every activation's input. Y is zero past a
 * sequence's length; Y_h holds the state after its last valid step (zeros for length 0).
 */
final class GruKernel implements Kernel {
    private static final int GATE_Z = 0;
    private static final int GATE_R = 1;
    private static final int GATE_H = 2;

    private final Gru op;
    private final RecurrentRun.Constants constants;

    GruKernel(Gru op, RecurrentRun.Constants constants) {
        this.op = op;
        this.constants = constants;
    }

    /** W, R and B, when constant, are kept as doubles in {@link #constants}. */
    @Override
    public boolean readsConstantInput(int input) {
        return !constants.holds(input);
    }

    @Override
    public void execute(KernelContext ctx) {
        RecurrentRun run = new RecurrentRun(ctx, constants, op.common(), 3, "GRU");
        int hidden = run.hidden;
        double[] initialH = run.stateInput(ctx, RecurrentRun.INITIAL_H, "initial_h", "GRU");

        double[] h = new double[hidden];
        double[] z = new double[hidden];
        double[] r = new double[hidden];
        double[] resetH = new double[hidden];
        double[] candidate = new double[hidden];
        for (int d = 0; d < run.directions; d++) {
            RnnActivation fAct = op.common().activation(d, 0);
            RnnActivation gAct = op.common().activation(d, 1);
            for (int bi = 0; bi < run.batch; bi++) {
                int len = run.seqLens[bi];
                run.loadState(initialH, d, bi, h);
                for (int s = 0; s < len; s++) {
                    int t = run.timeIndex(d, s, len);
                    int xOffset = run.xOffset(t, bi);
                    for (int k = 0; k < hidden; k++) {
                        z[k] = gate(run, fAct, fullPreactivation(run, d, GATE_Z * hidden + k, xOffset, h));
                        r[k] = gate(run, fAct, fullPreactivation(run, d, GATE_R * hidden + k, xOffset, h));
                    }
                    if (!op.linearBeforeReset()) {
                        for (int k = 0; k < hidden; k++) {
                            resetH[k] = run.round(r[k] * h[k]);
                        }
                    }
                    for (int k = 0; k < hidden; k++) {
                        int row = GATE_H * hidden + k;
                        double xw = run.round(run.dot(run.x, xOffset, run.w, run.wOffset(d, row), run.inputSize)
                                + run.wBias(d, row));
                        double recurrent;
                        if (op.linearBeforeReset()) {
                            double hr = run.round(run.dot(h, 0, run.r, run.rOffset(d, row), hidden) + run.rBias(d, row));
                            recurrent = run.round(r[k] * hr);
                        } else {
                            recurrent = run.round(run.dot(resetH, 0, run.r, run.rOffset(d, row), hidden)
                                    + run.rBias(d, row));
                        }
                        candidate[k] = gate(run, gAct, xw + recurrent);
                    }
                    // h is read by every candidate row above, so it is updated only now.
                    for (int k = 0; k < hidden; k++) {
                        h[k] = run.round((1.0 - z[k]) * candidate[k] + z[k] * h[k]);
                    }
                    run.writeY(t, d, bi, h);
                }
                if (len == 0) {
                    java.util.Arrays.fill(h, 0.0);
                }
                run.writeState(run.yH, d, bi, h);
            }
        }
        run.publish(ctx, run.y, run.yH);
    }

    /** X[t,b] . W[row] + H . R[row] + Wb[row] + Rb[row]. */
    private static double fullPreactivation(RecurrentRun run, int d, int row, int xOffset, double[] h) {
        double xw = run.dot(run.x, xOffset, run.w, run.wOffset(d, row), run.inputSize);
        double hr = run.dot(h, 0, run.r, run.rOffset(d, row), run.hidden);
        return run.round(run.round(xw + hr) + run.round(run.wBias(d, row) + run.rBias(d, row)));
    }

    private static double gate(RecurrentRun run, RnnActivation a, double preactivation) {
        return run.round(RnnActivations.apply(a, run.round(preactivation), run.attrs.clip()));
    }
}
