package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.OpContext;
import dev.minerua.ir.ValueType;

import java.util.List;

/**
 * {@code dev.minerua:FusedConv}: {@code activation(Conv(pre(X), W, B) + Z)}. Inputs X, W, optional B as for
 * Conv, an optional residual Z of the output's shape (input 3), and an optional input transform: per input
 * channel scale (input 4) and shift (input 5), both [C], so that {@code pre(X)[n,c,...] = X[n,c,...] * scale[c]
 * + shift[c]}, then Relu when the attribute {@code input_activation} is {@code "Relu"} (a pre-activation
 * BatchNormalization + Relu before the convolution, as in DenseNet, which cannot fold into the filter because
 * of the Relu). The attribute {@code output_shuffle} (an int G &gt; 1, 0 or absent for none) then applies
 * ShuffleNet's channel shuffle to the result: with C output channels as G blocks of J = C/G, output channel
 * {@code j*G + g} is the result's channel {@code g*J + j} (Reshape to [N,G,J,...], Transpose of axes 1 and 2,
 * Reshape back). Conv's attributes plus {@link FusedActivation}'s, {@code input_activation} and
 * {@code output_shuffle}.
 *
 * @param conv          the convolution
 * @param activation    what follows it
 * @param inputRelu     whether Relu follows the input transform
 * @param outputShuffle the channel shuffle's group count G, or 0 for none
 */
public record FusedConv(Conv conv, FusedActivation activation, boolean inputRelu, int outputShuffle) implements Op {

    /** The attribute naming the activation applied to the transformed input ("Relu" or absent). */
    public static final String INPUT_ACTIVATION = "input_activation";
    /** The attribute giving the group count of a channel shuffle of the output (absent or 0 for none). */
    public static final String OUTPUT_SHUFFLE = "output_shuffle";

    /** A FusedConv without an input activation. */
    public FusedConv(Conv conv, FusedActivation activation) {
        this(conv, activation, false, 0);
    }

    static FusedConv create(OpContext ctx) {
        String pre = ctx.attrs().getString(INPUT_ACTIVATION, "");
        if (!pre.isEmpty() && !pre.equals("Relu")) {
            throw ctx.unsupported(INPUT_ACTIVATION + "='" + pre + "'");
        }
        long shuffle = ctx.attrs().getInt(OUTPUT_SHUFFLE, 0);
        if (shuffle < 0 || shuffle > Integer.MAX_VALUE || shuffle == 1) {
            throw ctx.unsupported(OUTPUT_SHUFFLE + "=" + shuffle);
        }
        return new FusedConv(Conv.create(ctx), FusedActivation.parse(ctx), pre.equals("Relu"), (int) shuffle);
    }

    /** True when input 3 (the residual) is given. */
    public static boolean hasResidual(dev.minerua.ir.Node n) {
        return n.inputs().size() > 3 && n.input(3) != null;
    }

    /** True when inputs 4 and 5 (the input transform's scale and shift) are given. */
    public static boolean hasInputTransform(dev.minerua.ir.Node n) {
        return n.inputs().size() > 5 && n.input(4) != null && n.input(5) != null;
    }

    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return conv.inferTypes(ctx);
    }
}
