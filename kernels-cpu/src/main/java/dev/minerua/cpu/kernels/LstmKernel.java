package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.ir.ops.Lstm;
import dev.minerua.ir.ops.RnnActivation;
import dev.minerua.tensor.Tensor;

/**
 * Reference LSTM. For each direction and batch entry, steps through that entry's valid time steps:
 * <pre>
 *   i = f(Xt Wi^T + Ht-1 Ri^T + Pi . Ct-1 + Wbi + Rbi)
 *   f = f(Xt Wf^T + Ht-1 Rf^T + Pf . Ct-1 + Wbf + Rbf)      (input_forget: f = 1 - i)
 *   c = g(Xt Wc^T + Ht-1 Rc^T + Wbc + Rbc)
 *   Ct = f . Ct-1 + i . c
 *   o = f(Xt Wo^T + Ht-1 Ro^T + Po . Ct + Wbo + Rbo)
 *   Ht = o . h(Ct)
 * </pre>
 * Gate rows in W/R/B are ordered i, o, f, c; P holds i, o, f. clip bounds every activation's input,
 * h(Ct) included (as ONNX Runtime does). Y is zero past a sequence's length; Y_h/Y_c hold the state
 * after its last valid step, zeros for a sequence of length 0 (as ONNX Runtime does).
 */
final class LstmKernel implements Kernel {
    private static final int GATE_I = 0;
    private static final int GATE_O = 1;
    private static final int GATE_F = 2;
    private static final int GATE_C = 3;
    private static final int INITIAL_C = 6;
    private static final int P = 7;

    private final Lstm op;
    private final RecurrentRun.Constants constants;

    LstmKernel(Lstm op, RecurrentRun.Constants constants) {
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
        RecurrentRun run = new RecurrentRun(ctx, constants, op.common(), 4, "LSTM");
        int hidden = run.hidden;
        double[] initialH = run.stateInput(ctx, RecurrentRun.INITIAL_H, "initial_h", "LSTM");
        double[] initialC = run.stateInput(ctx, INITIAL_C, "initial_c", "LSTM");
        double[] peepholes = peepholes(ctx, run);
        Tensor yC = run.stateOutput(ctx, 2);

        double[] h = RecurrentRun.scratch(ctx, hidden);
        double[] c = RecurrentRun.scratch(ctx, hidden);
        double[] preact = RecurrentRun.scratch(ctx, 4 * hidden);
        double[] bias = RecurrentRun.scratch(ctx, 4 * hidden);
        for (int d = 0; d < run.directions; d++) {
            RnnActivation fAct = op.common().activation(d, 0);
            RnnActivation gAct = op.common().activation(d, 1);
            RnnActivation hAct = op.common().activation(d, 2);
            run.combinedBias(d, bias);
            int pOffset = d * 3 * hidden;
            for (int bi = 0; bi < run.batch; bi++) {
                int len = run.seqLens[bi];
                run.loadState(initialH, d, bi, h);
                run.loadState(initialC, d, bi, c);
                for (int s = 0; s < len; s++) {
                    int t = run.timeIndex(d, s, len);
                    gatePreactivations(run, d, run.xOffset(t, bi), h, bias, preact);
                    for (int k = 0; k < hidden; k++) {
                        double pi = peepholes == null ? 0 : peepholes[pOffset + k];
                        double po = peepholes == null ? 0 : peepholes[pOffset + hidden + k];
                        double pf = peepholes == null ? 0 : peepholes[pOffset + 2 * hidden + k];
                        double cPrev = c[k];
                        double inGate = gate(run, fAct, preact[GATE_I * hidden + k] + pi * cPrev);
                        double forgetGate = op.inputForget()
                                ? 1.0 - inGate
                                : gate(run, fAct, preact[GATE_F * hidden + k] + pf * cPrev);
                        double cellIn = gate(run, gAct, preact[GATE_C * hidden + k]);
                        c[k] = run.round(forgetGate * cPrev + inGate * cellIn);
                        double outGate = gate(run, fAct, preact[GATE_O * hidden + k] + po * c[k]);
                        // Safe in place: all of h's uses in this step were in gatePreactivations.
                        h[k] = run.round(outGate * gate(run, hAct, c[k]));
                    }
                    run.writeY(t, d, bi, h);
                }
                if (len == 0) {
                    java.util.Arrays.fill(h, 0.0);
                    java.util.Arrays.fill(c, 0.0);
                }
                run.writeState(run.yH, d, bi, h);
                run.writeState(yC, d, bi, c);
            }
        }
        run.publish(ctx, run.y, run.yH, yC);
    }

    /** preact[row] = X[t,b] . W[row] + H . R[row] + bias[row] for the 4*hidden rows of direction d. */
    static void gatePreactivations(RecurrentRun run, int d, int xOffset, double[] h, double[] bias, double[] preact) {
        for (int row = 0; row < preact.length; row++) {
            double xw = run.dot(run.x, xOffset, run.w, run.wOffset(d, row), run.inputSize);
            double hr = run.dot(h, 0, run.r, run.rOffset(d, row), run.hidden);
            preact[row] = run.round(run.round(xw + hr) + bias[row]);
        }
    }

    private static double gate(RecurrentRun run, RnnActivation a, double preactivation) {
        return run.round(RnnActivations.apply(a, run.round(preactivation), run.attrs.clip()));
    }

    private static double[] peepholes(KernelContext ctx, RecurrentRun run) {
        Tensor p = ctx.input(P);
        if (p == null) {
            return null;
        }
        RecurrentRun.checkShape(p, "LSTM", "P", run.directions, 3 * run.hidden);
        return p.asDoubles();
    }
}
