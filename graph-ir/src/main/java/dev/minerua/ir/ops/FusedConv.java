package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.ValueType;

import java.util.List;

/**
 * {@code dev.minerua:FusedConv}: {@code activation(Conv(X, W, B) + Z)}. Inputs X, W, optional B as for Conv,
 * and an optional residual Z of the output's shape (input 3); Conv's attributes plus
 * {@link FusedActivation}'s.
 *
 * @param conv       the convolution
 * @param activation what follows it
 */
public record FusedConv(Conv conv, FusedActivation activation) implements Op {

    static FusedConv create(OpContext ctx) {
        return new FusedConv(Conv.create(ctx), FusedActivation.parse(ctx));
    }

    /** True when input 3 (the residual) is given. */
    public static boolean hasResidual(dev.minerua.ir.Node n) {
        return n.inputs().size() > 3 && n.input(3) != null;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return conv.inferTypes(ctx);
    }
}
