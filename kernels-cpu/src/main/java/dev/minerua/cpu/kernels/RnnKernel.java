package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.ir.ops.Rnn;
import dev.minerua.ir.ops.RnnActivation;

/**
 * Reference simple RNN: Ht = f(Xt Wi^T + Ht-1 Ri^T + Wbi + Rbi) for each direction and batch entry
 * over that entry's valid time steps. clip bounds the activation's input. Y is zero past a
 * sequence's length; Y_h holds the state after its last valid step (zeros for length 0).
 */
final class RnnKernel implements Kernel {
    private final Rnn op;
    private final RecurrentRun.Constants constants;

    RnnKernel(Rnn op, RecurrentRun.Constants constants) {
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
        RecurrentRun run = new RecurrentRun(ctx, constants, op.common(), 1, "RNN");
        int hidden = run.hidden;
        double[] initialH = run.stateInput(ctx, RecurrentRun.INITIAL_H, "initial_h", "RNN");

        double[] h = new double[hidden];
        double[] next = new double[hidden];
        double[] bias = new double[hidden];
        for (int d = 0; d < run.directions; d++) {
            RnnActivation fAct = op.common().activation(d, 0);
            run.combinedBias(d, bias);
            for (int bi = 0; bi < run.batch; bi++) {
                int len = run.seqLens[bi];
                run.loadState(initialH, d, bi, h);
                for (int s = 0; s < len; s++) {
                    int t = run.timeIndex(d, s, len);
                    int xOffset = run.xOffset(t, bi);
                    for (int k = 0; k < hidden; k++) {
                        double xw = run.dot(run.x, xOffset, run.w, run.wOffset(d, k), run.inputSize);
                        double hr = run.dot(h, 0, run.r, run.rOffset(d, k), hidden);
                        double pre = run.round(run.round(xw + hr) + bias[k]);
                        next[k] = run.round(RnnActivations.apply(fAct, pre, run.attrs.clip()));
                    }
                    System.arraycopy(next, 0, h, 0, hidden);
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
}
