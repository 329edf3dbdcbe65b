package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.ValueType;

import java.util.List;

/**
 * {@code dev.minerua:FusedGemm}: {@code activation(Gemm(A, B, C))} with Gemm's inputs and attributes (opset 11
 * semantics: C optional and broadcast) plus {@link FusedActivation}'s.
 *
 * @param gemm       the product
 * @param activation what follows it
 */
public record FusedGemm(Gemm gemm, FusedActivation activation) implements Op {

    static FusedGemm create(OpContext ctx) {
        Gemm g = new Gemm(ctx.attrs().getFloat("alpha", 1f), ctx.attrs().getFloat("beta", 1f),
                ctx.attrs().getInt("transA", 0) != 0, ctx.attrs().getInt("transB", 0) != 0, false);
        return new FusedGemm(g, FusedActivation.parse(ctx));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return gemm.inferTypes(ctx);
    }
}
