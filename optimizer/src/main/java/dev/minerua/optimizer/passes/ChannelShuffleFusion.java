package dev.minerua.optimizer.passes;

import dev.minerua.ir.Attribute;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.FusedConv;
import dev.minerua.ir.ops.FusedOps;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ShuffleNet's channel shuffle after a grouped convolution — Reshape [N,C,...] to [N,G,C/G,...], Transpose
 * swapping axes 1 and 2, Reshape back to [N,C,...] — with G the convolution's group count, becomes the
 * convolution's {@code output_shuffle} attribute ({@link FusedConv}): each group's product then writes its
 * output channels G apart instead of side by side, so the shuffle costs nothing and the three nodes (a strided
 * copy of the whole tensor) go. Float32, static shapes; every intermediate value read by the next node alone.
 */
public final class ChannelShuffleFusion implements GraphPass {
    @Override
    public String name() {
        return "ChannelShuffleFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyNode(graph, n -> n.domain().isEmpty() && n.op() instanceof Transpose)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node t : graph.nodes()) {
            if (!(t.op() instanceof Transpose tr) || !t.domain().isEmpty() || t.outputs().size() != 1) {
                continue;
            }
            Value split = t.input(0);
            Node r1 = producers.get(split);
            List<Node> after = uses.readers(t.output(0));
            if (r1 == null || !isReshape(r1) || after.size() != 1 || !isReshape(after.getFirst())) {
                continue;
            }
            Node r2 = after.getFirst();
            Value x = r1.input(0);
            Node conv = producers.get(x);
            int groups = conv == null ? 0 : shuffleGroups(conv);
            if (groups < 2 || !Patterns.isFloat32(x) || !swapsAxes12(tr, split)
                    || !isShuffleOf(Patterns.shape(x), Patterns.shape(split), groups)
                    || !restores(graph, r2, Patterns.shape(x))
                    || !uses.isOnlyReader(x, r1) || !uses.isOnlyReader(split, t)
                    || !uses.isOnlyReader(t.output(0), r2) || !rewrites.claim(conv, r1, t, r2)) {
                continue;
            }
            List<Attribute> attrs = new ArrayList<>(conv.domain().isEmpty() ? List.copyOf(conv.attributes().all())
                    : Patterns.attributesExcept(conv, FusedConv.OUTPUT_SHUFFLE));
            attrs.add(new Attribute(FusedConv.OUTPUT_SHUFFLE, Attribute.Kind.INT, (long) groups));
            rewrites.replace(r2, Patterns.minerua(conv.name(), "FusedConv", conv.inputs(), List.of(r2.output(0)),
                    attrs));
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null
                : "folded " + rewrites.count() + " channel shuffle(s) into the grouped Conv before them";
    }

    private static boolean isReshape(Node n) {
        return n.domain().isEmpty() && n.op() instanceof Reshape && n.outputs().size() == 1;
    }

    /** The group count of a Conv or a FusedConv without a shuffle yet (single output), else 0. */
    private static int shuffleGroups(Node n) {
        if (n.outputs().size() != 1) {
            return 0;
        }
        return switch (n.op()) {
            case Conv c when n.domain().isEmpty() -> c.group();
            case FusedConv f when n.domain().equals(FusedOps.DOMAIN) && f.outputShuffle() == 0 -> f.conv().group();
            case null, default -> 0;
        };
    }

    /** Whether the Transpose swaps axes 1 and 2 of {@code in} and keeps the others. */
    private static boolean swapsAxes12(Transpose t, Value in) {
        Shape s = Patterns.shape(in);
        if (s == null || s.rank() < 3 || t.perm() == null || t.perm().length != s.rank()) {
            return false;
        }
        long[] want = new long[s.rank()];
        for (int i = 0; i < want.length; i++) {
            want[i] = i;
        }
        want[1] = 2;
        want[2] = 1;
        return Arrays.equals(t.perm(), want);
    }

    /**
     * Whether Reshape {@code r2} gives back {@code x}'s static shape: its output's inferred shape, or (for a graph output
     * declared otherwise) its constant shape input, all sizes spelled out.
     */
    private static boolean restores(Graph graph, Node r2, Shape x) {
        Shape out = Patterns.shape(r2.output(0));
        if (out != null && out.isStatic() && Arrays.equals(out.sizes(), x.sizes())) {
            return true;
        }
        Tensor target = r2.inputs().size() > 1 ? GraphEdits.fixedConstant(graph, r2.input(1)) : null;
        return target != null && target.type() == DataType.INT64
                && Arrays.equals(target.longData(), x.sizes());
    }

    /** Whether {@code split} is {@code x} ([N,C,...] static) with C cut into [groups, C/groups]. */
    private static boolean isShuffleOf(Shape x, Shape split, int groups) {
        if (x == null || split == null || !x.isStatic() || !split.isStatic() || split.rank() != x.rank() + 1
                || x.rank() < 2) {
            return false;
        }
        long[] a = x.sizes();
        long[] b = split.sizes();
        if (b[0] != a[0] || b[1] != groups || b[1] * b[2] != a[1]) {
            return false;
        }
        for (int i = 2; i < a.length; i++) {
            if (a[i] != b[i + 1]) {
                return false;
            }
        }
        return true;
    }
}
