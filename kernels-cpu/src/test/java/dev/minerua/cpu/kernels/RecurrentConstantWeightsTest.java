package dev.minerua.cpu.kernels;

import dev.minerua.ir.ops.Lstm;
import dev.minerua.ir.ops.RecurrentAttributes;
import dev.minerua.ir.ops.RnnActivation;
import dev.minerua.ir.ops.RnnDirection;
import dev.minerua.backend.ArrayKernelContext;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The kernel's compile-time conversion of constant W/R/B gives the same result as run-time inputs. */
class RecurrentConstantWeightsTest {

    @Test
    void constantWeightsAreUsed() {
        run(false);
    }

    /** W, R and B dropped by the runtime (the kernel declared it no longer reads them): the kept doubles suffice. */
    @Test
    void droppedConstantInputsAreNotNeeded() {
        run(true);
    }

    private static void run(boolean dropped) {
        // Same single-unit case as RecurrentKernelsTest.lstmSingleUnitByHand: H1 = 0.6203167029871306.
        Tensor w = Tensor.of(new float[] {1, 0, -1, 0.5f}, 1, 4, 1);
        Tensor r = Tensor.of(new float[4], 1, 4, 1);
        Tensor b = Tensor.of(new float[] {0, 0, 0, 0, 0, 2, 0, 0}, 1, 8);
        Lstm op = new Lstm(new RecurrentAttributes(RnnDirection.FORWARD, 1, List.of(
                RnnActivation.of(RnnActivation.Function.SIGMOID), RnnActivation.of(RnnActivation.Function.TANH),
                RnnActivation.of(RnnActivation.Function.TANH)), Float.POSITIVE_INFINITY, 0), false);
        // Constants differ from the run-time tensors' (zero) contents, so the result shows which were read.
        LstmKernel kernel = new LstmKernel(op, new RecurrentRun.Constants(
                RecurrentRun.Constant.of(w), RecurrentRun.Constant.of(r), RecurrentRun.Constant.of(b)));
        assertFalse(kernel.readsConstantInput(1) || kernel.readsConstantInput(2) || kernel.readsConstantInput(3));
        Tensor[] inputs = {Tensor.of(new float[] {1}, 1, 1, 1), dropped ? null : Tensor.allocate(DataType.FLOAT, 1, 4, 1),
            dropped ? null : Tensor.allocate(DataType.FLOAT, 1, 4, 1), dropped ? null : Tensor.allocate(DataType.FLOAT, 1, 8), null,
            Tensor.of(new float[] {0}, 1, 1, 1), Tensor.of(new float[] {2}, 1, 1, 1)};
        ArrayKernelContext ctx = new ArrayKernelContext(inputs, new boolean[] {true, true, true});
        kernel.execute(ctx);
        OnnxValue[] outputs = {ctx.output(0), ctx.output(1), ctx.output(2)};
        assertEquals(0.6203167029871306, ((Tensor) outputs[1]).getDouble(0), 1e-6);
        assertEquals(0.8757175548870313, ((Tensor) outputs[2]).getDouble(0), 1e-6);
    }
}
