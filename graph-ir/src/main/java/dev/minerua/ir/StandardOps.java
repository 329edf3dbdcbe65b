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

    /** Where the build writes {@link #indexText()} (FamilyIndexWriter), next to this class. */
    static final String INDEX = "standard-ops.index";

    /** Each family registers on the first lookup of one of its operators (see LazyFamilies for why). */
    static final OpRegistry REGISTRY = new OpRegistry(FAMILIES, StandardOps.class, INDEX);

    private StandardOps() {
    }

    /** The index of {@link #FAMILIES} by the operator keys each registers. */
    static String indexText() {
        return LazyFamilies.indexText(FAMILIES, f -> {
            OpRegistry alone = new OpRegistry();
            f.register(alone);
            return alone.keys();
        });
    }
}
