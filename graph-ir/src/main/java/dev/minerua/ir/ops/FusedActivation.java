package dev.minerua.ir.ops;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.OpContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The activation a fused Conv / Gemm / MatMul applies to its result, stored on the node as the attributes
 * {@code activation} (the ONNX op name: Relu, Clip, LeakyRelu, Sigmoid, HardSigmoid, HardSwish, Tanh, Gelu,
 * GeluTanh) and {@code activation_params} (Clip: min, max; LeakyRelu: alpha; HardSigmoid: alpha, beta).
 *
 * @param kind  the function
 * @param alpha first parameter (Clip's lower bound)
 * @param beta  second parameter (Clip's upper bound)
 */
public record FusedActivation(Kind kind, float alpha, float beta) {
    /** No activation. */
    public static final FusedActivation NONE = new FusedActivation(Kind.NONE, 0f, 0f);

    /** The functions, named as their attribute value, with the number of parameters each takes. */
    public enum Kind {
        NONE("", 0), RELU("Relu", 0), CLIP("Clip", 2), LEAKY_RELU("LeakyRelu", 1), SIGMOID("Sigmoid", 0),
        HARD_SIGMOID("HardSigmoid", 2), HARD_SWISH("HardSwish", 0), TANH("Tanh", 0), GELU("Gelu", 0),
        GELU_TANH("GeluTanh", 0);

        private final String attributeName;
        private final int params;

        Kind(String attributeName, int params) {
            this.attributeName = attributeName;
            this.params = params;
        }

        public String attributeName() {
            return attributeName;
        }
    }

    /** Reads the {@code activation} / {@code activation_params} attributes (absent: {@link #NONE}). */
    static FusedActivation parse(OpContext ctx) {
        String name = ctx.attrs().getString("activation", "");
        float[] params = ctx.attrs().getFloats("activation_params", new float[0]);
        for (Kind k : Kind.values()) {
            if (k.attributeName.equals(name)) {
                if (params.length != k.params) {
                    throw ctx.invalid("activation " + name + " takes " + k.params + " activation_params, got "
                            + params.length);
                }
                return new FusedActivation(k, params.length > 0 ? params[0] : 0f, params.length > 1 ? params[1] : 0f);
            }
        }
        throw ctx.unsupported("activation='" + name + "'");
    }

    /** The attributes that {@link #parse} reads back to this activation (none for {@link #NONE}). */
    public List<Attribute> toAttributes() {
        List<Attribute> a = new ArrayList<>();
        if (kind != Kind.NONE) {
            a.add(new Attribute("activation", Attribute.Kind.STRING, kind.attributeName));
        }
        if (kind.params > 0) {
            float[] p = kind.params == 1 ? new float[] {alpha} : new float[] {alpha, beta};
            a.add(new Attribute("activation_params", Attribute.Kind.FLOATS, p));
        }
        return a;
    }
}
