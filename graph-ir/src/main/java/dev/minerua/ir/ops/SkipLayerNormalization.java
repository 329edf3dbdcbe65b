package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code dev.minerua:SkipLayerNormalization}: {@code S = X + Skip} (same shapes), {@code Y = LayerNormalization(S,
 * Scale, B)} over the last {@code rank - axis} axes. Output 0 is Y; the optional output 1 is S, for graphs that
 * read the sum elsewhere (the next residual connection). Attributes: LayerNormalization's {@code axis} and
 * {@code epsilon}.
 *
 * @param norm the normalization applied to the sum
 */
public record SkipLayerNormalization(LayerNormalization norm) implements Op {

    static SkipLayerNormalization create(OpContext ctx) {
        return new SkipLayerNormalization(LayerNormalization.create(ctx));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        List<ValueType> out = new ArrayList<>();
        ValueType x = ValueType.tensor(ctx.elementType(0), ctx.shape(0));
        out.add(x);
        for (int i = 1; i < ctx.outputCount(); i++) {
            out.add(x);
        }
        return out;
    }
}
