package dev.minerua.ir.ops;

import dev.minerua.ir.OpFamily;
import dev.minerua.ir.OpRegistry;

/**
 * Registers Minerua's own operators, domain {@value #DOMAIN} version 1: what the optimizer's EXTENDED level
 * fuses patterns into (FusedConv, FusedGemm, FusedMatMul,
 * MatMulIntegerToFloat, SkipLayerNormalization), and Gelu and
 * LayerNormalization and HardSwish for models whose ai.onnx opset predates them (20, 17 and 14).
 */
public final class FusedOps implements OpFamily {
    /** Minerua's operator domain. */
    public static final String DOMAIN = "dev.minerua";
    /** The one version of {@link #DOMAIN} so far. */
    public static final int VERSION = 1;

    @Override
    public void register(OpRegistry r) {
        r.register(DOMAIN, "FusedConv", VERSION, FusedConv::create);
        r.register(DOMAIN, "FusedGemm", VERSION, FusedGemm::create);
        r.register(DOMAIN, "FusedMatMul", VERSION, FusedMatMul::create);
        r.register(DOMAIN, "MatMulIntegerToFloat", VERSION, c -> new MatMulIntegerToFloat());
        r.register(DOMAIN, "SkipLayerNormalization", VERSION, SkipLayerNormalization::create);
        r.register(DOMAIN, "Gelu", VERSION, Activation::gelu);
        r.register(DOMAIN, "HardSwish", VERSION, c -> UnaryMath.of(c, UnaryMath.Kind.HARD_SWISH));
        r.register(DOMAIN, "LayerNormalization", VERSION, LayerNormalization::create);
    }
}
