package dev.minerua.ir;

import dev.minerua.ir.ops.ControlFlowOps;
import dev.minerua.ir.ops.MiscOps;
import dev.minerua.ir.ops.SequenceOps;
import dev.minerua.ir.ops.StringOps;
import dev.minerua.ir.ops.MlOps;
import dev.minerua.ir.ops.SignalOps;
import dev.minerua.ir.ops.RandomOps;
import dev.minerua.ir.ops.AttentionOps;
import dev.minerua.ir.ops.LossOps;
import dev.minerua.ir.ops.VisionOps;
import dev.minerua.ir.ops.TrainingOps;
import dev.minerua.ir.ops.ElementwiseOps;
import dev.minerua.ir.ops.FusedOps;
import dev.minerua.ir.ops.NnOps;
import dev.minerua.ir.ops.QuantizationOps;
import dev.minerua.ir.ops.ReductionOps;
import dev.minerua.ir.ops.RecurrentOps;
import dev.minerua.ir.ops.TensorOps;

import java.util.List;

/** Every operator family Minerua implements, in one registry. */
final class StandardOps {
    static final List<OpFamily> FAMILIES = List.of(
            new ElementwiseOps(),
            new NnOps(),
            new TensorOps(),
            new ReductionOps(),
            new QuantizationOps(),
            new ControlFlowOps(),
            new RecurrentOps(),
            new SequenceOps(),
            new StringOps(),
            new MlOps(),
            new SignalOps(),
            new RandomOps(),
            new AttentionOps(),
            new LossOps(),
            new VisionOps(),
            new TrainingOps(),
            new MiscOps(),
            new FusedOps());

    static final OpRegistry REGISTRY = build();

    private StandardOps() {
    }

    private static OpRegistry build() {
        OpRegistry r = new OpRegistry();
        for (OpFamily f : FAMILIES) {
            f.register(r);
        }
        return r;
    }
}
