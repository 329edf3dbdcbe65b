package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.ir.ops.FusedConv;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A pre-activation before a convolution — Relu of a per-channel affine chain (inference BatchNormalization, Mul and
 * Add by constants that vary at most per channel) of X — becomes the input transform of a FusedConv (inputs 4 and
 * 5: one scale and shift per input channel, attribute {@code input_activation=Relu}), which the CPU kernel applies
 * while packing X into its GEMM panels. DenseNet's BN + Relu before each 1x1 convolution cannot fold into the
 * filter (the Relu is in between), so otherwise it is a separate pass writing and reading back a whole tensor.
 * Fires on float32 Conv / FusedConv nodes (without an input transform yet) whose X is a Relu read by them alone,
 * with every link of the chain read by the next alone, and at least one link (a lone Relu stays as it is); the
 * convolution must be pointwise (see {@link #takesTransform}). Runs after
 * {@link ActivationFusion}, so the output side is already fused.
 */
public final class PreActivationFusion implements GraphPass {
    @Override
    public String name() {
        return "PreActivationFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyNode(graph, PreActivationFusion::takesTransform)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        GraphEdits.FreshNames names = new GraphEdits.FreshNames(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node conv : graph.nodes()) {
            if (!takesTransform(conv)) {
                continue;
            }
            Value x = conv.input(0);
            Node relu = producers.get(x);
            int channels = channels(x);
            if (channels <= 0 || !Patterns.isFloat32(x) || !Patterns.isUnary(relu, UnaryMath.Kind.RELU)
                    || !uses.isOnlyReader(x, conv)) {
                continue;
            }
            List<Node> chain = new ArrayList<>(List.of(conv, relu));
            // pre(v) = v * s + t maps the chain's current source v to the Relu's input; walk back while it can grow.
            double[] s = new double[channels];
            double[] t = new double[channels];
            Arrays.fill(s, 1.0);
            Value v = relu.input(0);
            Node link = relu;
            while (uses.isOnlyReader(v, link) && Patterns.provablySameShape(v, x)) {
                Node p = producers.get(v);
                Step step = p == null ? null : step(graph, p, v, channels);
                if (step == null) {
                    break;
                }
                // pre(v) = (v' * a + b) * s + t = v' * (a s) + (b s + t).
                for (int c = 0; c < channels; c++) {
                    t[c] += step.b[c] * s[c];
                    s[c] *= step.a[c];
                }
                chain.add(p);
                link = p;
                v = step.input;
            }
            // A lone Relu stays a node of its own (in place, parallel): as a transform it would cost as much.
            if (chain.size() < 3 || !Patterns.provablySameShape(v, x) || !rewrites.claim(chain.toArray(Node[]::new))) {
                continue;
            }
            Value scale = GraphEdits.addInitializer(graph, names, conv.name() + "_input_scale", floats(s));
            Value shift = GraphEdits.addInitializer(graph, names, conv.name() + "_input_shift", floats(t));
            List<Value> inputs = new ArrayList<>(conv.inputs());
            inputs.set(0, v);
            while (inputs.size() < 4) {
                inputs.add(null);
            }
            inputs.add(scale);
            inputs.add(shift);
            List<Attribute> attrs = new ArrayList<>(Patterns.attributesExcept(conv, FusedConv.INPUT_ACTIVATION));
            attrs.add(new Attribute(FusedConv.INPUT_ACTIVATION, Attribute.Kind.STRING, "Relu"));
            rewrites.replace(conv, Patterns.minerua(conv.name(), "FusedConv", inputs, conv.outputs(), attrs));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null
                : "fused " + rewrites.count() + " pre-activation(s) (BatchNormalization/Mul/Add + Relu) into Conv";
    }

    /**
     * A pointwise Conv, or such a FusedConv without an input transform. Only a pointwise product applies the
     * transform while packing its panels; other convolutions would read a transformed copy of X, made on one
     * thread, which is slower than the separate in-place nodes (ultraface-rfb-320 at 2 threads: 4.2 -> 5.1 ms
     * when its Relus before depthwise convs were fused).
     */
    private static boolean takesTransform(Node n) {
        // instanceof tests rather than a pattern switch, whose bootstrap spins a class in a JVM's first session.
        if (n.op() instanceof Conv c) {
            return n.domain().isEmpty() && !n.inputs().isEmpty() && pointwise(c, n);
        } else if (n.op() instanceof FusedConv f) {
            return !FusedConv.hasInputTransform(n) && n.inputs().size() <= 4 && pointwise(f.conv(), n);
        }
        return false;
    }

    /** Group 1, a 1x1... kernel (from W's shape), unit strides, no padding. */
    private static boolean pointwise(Conv c, Node n) {
        ConvGeometry g = c.geometry();
        Shape w = n.inputs().size() > 1 ? Patterns.shape(n.input(1)) : null;
        if (c.group() != 1 || w == null || w.rank() < 3 || !g.unitStridesNoPads()) {
            return false;
        }
        for (int d = 2; d < w.rank(); d++) {
            if (!w.dim(d).isKnown() || w.dim(d).value() != 1) {
                return false;
            }
        }
        return true;
    }

    /** The known channel count (axis 1) of a tensor of rank 3 or more, else -1. */
    private static int channels(Value x) {
        Shape s = Patterns.shape(x);
        return s != null && s.rank() >= 3 && s.dim(1).isKnown() && s.dim(1).value() <= Integer.MAX_VALUE
                ? (int) s.dim(1).value() : -1;
    }

    /** One link {@code out = input * a + b} (per channel). */
    private record Step(Value input, double[] a, double[] b) {
    }

    /** The link node {@code p} (producing {@code out}) computes, or null when it is no per-channel affine map. */
    private static Step step(Graph graph, Node p, Value out, int channels) {
        int rank = Patterns.shape(out).rank();
        if (p.op() instanceof BatchNormalization bn && p.domain().isEmpty() && !bn.training()
                && p.outputs().stream().skip(1).allMatch(o -> o == null)) {
            double[][] st = BatchNormFolding.scaleAndShift(graph, p, bn.epsilon());
            return st == null || st[0].length != channels ? null : new Step(p.input(0), st[0], st[1]);
        }
        boolean mul = Patterns.isBinary(p, BinaryMath.Kind.MUL);
        if (!mul && !Patterns.isBinary(p, BinaryMath.Kind.ADD)) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            Tensor k = ChannelScaling.floatConstant(graph, p.input(i));
            Value data = p.input(1 - i);
            double[] perChannel = k == null ? null : ConvAddMulFolding.perChannel(k, rank, channels);
            if (perChannel != null && GraphEdits.fixedConstant(graph, data) == null) {
                return mul ? new Step(data, perChannel, new double[channels])
                        : new Step(data, ones(channels), perChannel);
            }
        }
        return null;
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }

    private static Tensor floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return Tensor.of(f, f.length);
    }
}
