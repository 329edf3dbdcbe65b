package dev.minerua.ir.ops;

import dev.minerua.ir.OpFamily;
import dev.minerua.ir.OpRegistry;

import java.util.List;

/**
 * Registers Minerua's own operators, domain {@value #DOMAIN} version 1: what the optimizer's EXTENDED level
 * fuses patterns into (FusedConv, FusedGemm, FusedMatMul,
 * MatMulIntegerToFloat, SkipLayerNormalization), and Gelu and
 * LayerNormalization and HardSwish for models whose ai.onnx opset predates them (20, 17 and 14).
 */
public final class FusedOps implements OpFamily.OneAtATime {
    /** Minerua's operator domain. */
    public static final String DOMAIN = "dev.minerua";
    /** The one version of {@link #DOMAIN} so far. */
    public static final int VERSION = 1;

    private static final List<String> OPERATORS = List.of("FusedConv", "FusedGemm", "FusedMatMul",
            "MatMulIntegerToFloat", "SkipLayerNormalization", "Gelu", "HardSwish", "LayerNormalization");

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One operator at a time: each case links only its own factory (see OpFamily). */
    @Override
    public boolean registerOne(OpRegistry r, String opType) {
        switch (opType) {
            case "FusedConv" -> r.register(DOMAIN, opType, VERSION, FusedConv::create);
            case "FusedGemm" -> r.register(DOMAIN, opType, VERSION, FusedGemm::create);
            case "FusedMatMul" -> r.register(DOMAIN, opType, VERSION, FusedMatMul::create);
            case "MatMulIntegerToFloat" -> r.register(DOMAIN, opType, VERSION, c -> new MatMulIntegerToFloat());
            case "SkipLayerNormalization" -> r.register(DOMAIN, opType, VERSION, SkipLayerNormalization::create);
            case "Gelu" -> r.register(DOMAIN, opType, VERSION, Activation::gelu);
            case "HardSwish" -> r.register(DOMAIN, opType, VERSION, c -> UnaryMath.of(c, UnaryMath.Kind.HARD_SWISH));
            case "LayerNormalization" -> r.register(DOMAIN, opType, VERSION, LayerNormalization::create);
            default -> {
                return false;
            }
        }
        return true;
    }
}
