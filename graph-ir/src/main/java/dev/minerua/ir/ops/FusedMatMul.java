package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.ValueType;

import java.util.List;

/**
 * {@code dev.minerua:FusedMatMul}: {@code activation(MatMul(A, B) + bias + R)}. Inputs A and B as for MatMul,
 * an optional bias (input 2) of the last output dimension's length, added along the last axis, and an
 * optional residual R (input 3) of the output's shape; {@link FusedActivation}'s attributes.
 *
 * @param activation what follows the sum
 */
public record FusedMatMul(FusedActivation activation) implements Op {

    static FusedMatMul create(OpContext ctx) {
        return new FusedMatMul(FusedActivation.parse(ctx));
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return new MatMul().inferTypes(ctx);
    }
}
