package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Comparison;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.opencl.DeviceTypes.Storage;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.minerua.opencl.LoweringSupport.broadcastMeta;
import static dev.minerua.opencl.LoweringSupport.constant;
import static dev.minerua.opencl.LoweringSupport.deviceDims;
import static dev.minerua.opencl.LoweringSupport.dims;
import static dev.minerua.opencl.LoweringSupport.floatDims;
import static dev.minerua.opencl.LoweringSupport.global;
import static dev.minerua.opencl.LoweringSupport.has;
import static dev.minerua.opencl.LoweringSupport.require;
import static dev.minerua.opencl.LoweringSupport.singleOutput;
import static dev.minerua.opencl.LoweringSupport.size;
import static dev.minerua.opencl.LoweringSupport.storage;
import static dev.minerua.opencl.LoweringSupport.typeOption;

/**
 * Elementwise nodes: float unary math and activations, Clip, broadcast binary arithmetic (float and int32),
 * variadic Min/Max/Sum/Mean, comparisons and logical ops into bool, Not, Where and Cast among the device types.
 */
final class ElementwiseLowering {
    private static final Set<UnaryMath.Kind> FLOAT_UNARY = EnumSet.complementOf(EnumSet.of(
            UnaryMath.Kind.NOT, UnaryMath.Kind.BITWISE_NOT));
    private static final Set<UnaryMath.Kind> INT_UNARY = EnumSet.of(UnaryMath.Kind.NEG, UnaryMath.Kind.ABS,
            UnaryMath.Kind.SIGN, UnaryMath.Kind.RELU);
    private static final Set<BinaryMath.Kind> FLOAT_BINARY = EnumSet.of(BinaryMath.Kind.ADD, BinaryMath.Kind.SUB,
            BinaryMath.Kind.MUL, BinaryMath.Kind.DIV, BinaryMath.Kind.POW, BinaryMath.Kind.PRELU, BinaryMath.Kind.FMOD);
    private static final Set<BinaryMath.Kind> INT_BINARY = EnumSet.of(BinaryMath.Kind.ADD, BinaryMath.Kind.SUB,
            BinaryMath.Kind.MUL, BinaryMath.Kind.DIV, BinaryMath.Kind.MOD, BinaryMath.Kind.FMOD);

    private ElementwiseLowering() {
    }

    /** Float unary math by kind, int32 unary for the integer-defined kinds, Not on bools. */
    static Lowered unaryMath(Node node, UnaryMath u) {
        Storage s = storage(node.input(0));
        if (s != null && s.isFloat() && FLOAT_UNARY.contains(u.kind())) {
            return unary(node, "OP_" + u.kind().name(), 0, 0);
        }
        require(s == Storage.INT && INT_UNARY.contains(u.kind()) || s == Storage.BOOL && u.kind() == UnaryMath.Kind.NOT);
        int[] in = dims(node.input(0), s);
        require(Arrays.equals(in, singleOutput(node, s)));
        return Lowered.of(1, new Launch("elementwise.cl", typeOption(s) + " -DOP_" + u.kind().name(), "unary_int",
                global(size(in)), null, List.of(new Launch.In(0), new Launch.Out(0))));
    }

    static Lowered unary(Node node, String op, float alpha, float beta) {
        int[] in = floatDims(node.input(0));
        int[] out = singleOutput(node);
        require(Arrays.equals(in, out));
        return Lowered.of(1, unaryLaunch(0, op, alpha, beta, size(out)));
    }

    private static Launch unaryLaunch(int input, String op, float alpha, float beta, int n) {
        return new Launch("elementwise.cl", "-D" + op, "unary", global(n), null,
                List.of(new Launch.In(input), new Launch.Out(0), new Launch.FloatArg(alpha), new Launch.FloatArg(beta)));
    }

    static Lowered clip(Node node, Clip c) {
        float min = c.min();
        float max = c.max();
        if (c.boundsFromInputs() && !constantOrAbsent(node, 1) || c.boundsFromInputs() && !constantOrAbsent(node, 2)) {
            return clipFromBuffers(node);
        }
        if (c.boundsFromInputs()) {
            Tensor lo = constant(node, 1);
            Tensor hi = constant(node, 2);
            min = lo == null ? Float.NEGATIVE_INFINITY : (float) lo.getDouble(0);
            max = hi == null ? Float.POSITIVE_INFINITY : (float) hi.getDouble(0);
        }
        return unary(node, "OP_CLIP", min, max);
    }

    private static boolean constantOrAbsent(Node node, int i) {
        return !has(node, i) || node.input(i).isConstant();
    }

    /** Clip whose bounds are computed in the graph: scalar buffers read by every work item. */
    private static Lowered clipFromBuffers(Node node) {
        int[] in = floatDims(node.input(0));
        int[] out = singleOutput(node);
        require(Arrays.equals(in, out));
        boolean lo = has(node, 1);
        boolean hi = has(node, 2);
        if (lo) {
            require(size(floatDims(node.input(1))) == 1);
        }
        if (hi) {
            require(size(floatDims(node.input(2))) == 1);
        }
        return Lowered.of(1, new Launch("elementwise.cl", "", "clip_buffers", global(size(out)), null,
                List.of(new Launch.In(0), new Launch.In(lo ? 1 : 0), new Launch.In(hi ? 2 : 0), new Launch.Out(0),
                        new Launch.IntArg((lo ? 1 : 0) | (hi ? 2 : 0)))));
    }

    /** Add, Sub, Mul, Div, Pow, PRelu, Fmod on floats; Add, Sub, Mul, Div, Mod, Fmod on int32. */
    static Lowered binary(Node node, BinaryMath b) {
        require(b.legacy() == null || !b.legacy().enabled());
        Storage s = storage(node.input(0));
        require(s != null && s.isFloat() && FLOAT_BINARY.contains(b.kind())
                || s == Storage.INT && INT_BINARY.contains(b.kind()));
        return Lowered.of(1, binaryLaunch(node, s, b.kind().name(), new Launch.In(0), deviceDims(node.input(0)), 1));
    }

    /**
     * {@code out = a op input(b)} broadcast to output 0, where a is {@code first} (an input or output 0 itself,
     * for the running value of a variadic op) with dims {@code aDims}.
     */
    private static Launch binaryLaunch(Node node, Storage s, String op, Launch.Arg first, int[] aDims, int b) {
        int[] out = singleOutput(node, s);
        int[] meta = broadcastMeta(out, aDims, dims(node.input(b), s));
        return new Launch("elementwise.cl", "-DOP_" + op, s.isFloat() ? "binary" : "binary_int",
                global(size(out)), null, List.of(first, new Launch.In(b), new Launch.Out(0), new Launch.Ints(meta)));
    }

    /** Min, Max, Sum, Mean of any number of broadcast float or int32 operands: a chain of binary launches. */
    static Lowered variadic(Node node, VariadicMath v) {
        Storage s = storage(node.output(0));
        require(s != null && (s.isFloat() || s == Storage.INT && v.kind() != VariadicMath.Kind.MEAN));
        int[] out = singleOutput(node, s);
        int n = node.inputs().size();
        require(n >= 1);
        String op = switch (v.kind()) {
            case MIN -> "MIN";
            case MAX -> "MAX";
            case SUM, MEAN -> "ADD";
        };
        List<Launch> launches = new ArrayList<>();
        if (n == 1) {
            int[] in = dims(node.input(0), s);
            require(Arrays.equals(in, out));
            int[] flat = {size(out)};
            launches.add(MovementLowering.copy(s, 0, flat, new int[] {1}, 0, new int[] {1}, 0));
        } else {
            launches.add(binaryLaunch(node, s, op, new Launch.In(0), dims(node.input(0), s), 1));
            for (int i = 2; i < n; i++) {
                launches.add(binaryLaunch(node, s, op, new Launch.Out(0), out, i));
            }
        }
        if (v.kind() == VariadicMath.Kind.MEAN && n > 1) {
            launches.add(new Launch("elementwise.cl", "-DOP_SCALE", "unary", global(size(out)), null,
                    List.of(new Launch.Out(0), new Launch.Out(0), new Launch.FloatArg(1f / n), new Launch.FloatArg(0))));
        }
        return Lowered.of(1, launches.toArray(Launch[]::new));
    }

    /** Equal, Less, Greater, LessOrEqual, GreaterOrEqual on any device type; And, Or, Xor on bools. */
    static Lowered compare(Node node, Comparison c) {
        require(c.legacy() == null || !c.legacy().enabled());
        Storage s = storage(node.input(0));
        require(s != null);
        int[] out = singleOutput(node, Storage.BOOL);
        int[] meta = broadcastMeta(out, dims(node.input(0), s), dims(node.input(1), s));
        return Lowered.of(1, new Launch("elementwise.cl", typeOption(s) + " -DOP_" + c.kind().name(), "compare",
                global(size(out)), null, List.of(new Launch.In(0), new Launch.In(1), new Launch.Out(0),
                        new Launch.Ints(meta))));
    }

    static Lowered where(Node node) {
        Storage s = storage(node.output(0));
        require(s != null);
        int[] out = singleOutput(node, s);
        int[] meta = broadcastMeta(out, dims(node.input(0), Storage.BOOL), dims(node.input(1), s),
                dims(node.input(2), s));
        return Lowered.of(1, new Launch("elementwise.cl", typeOption(s), "where", global(size(out)), null,
                List.of(new Launch.In(0), new Launch.In(1), new Launch.In(2), new Launch.Out(0), new Launch.Ints(meta))));
    }

    /**
     * Cast among float32, float16, int32/int64 and bool: a view when source and target share a device form
     * (int64 is int32 there), else one conversion launch (float32 to float16 rounds to nearest even).
     */
    static Lowered cast(Node node, Cast c) {
        Storage from = storage(node.input(0));
        Storage to = DeviceTypes.storage(c.to());
        require(from != null && to != null);
        int[] in = dims(node.input(0), from);
        require(Arrays.equals(in, singleOutput(node, to)));
        if (from == to) {
            return Lowered.view();
        }
        String options = typeOption(from) + " -DTO=" + to.cType() + switch (to) {
            case BOOL -> " -DTO_BOOL";
            case HALF -> " -DTO_HALF";
            case INT -> from.isFloat() ? " -DFROM_FLOAT_TO_INT" : "";
            case FLOAT -> "";
        };
        return Lowered.of(1, new Launch("elementwise.cl", options, "cast", global(size(in)), null,
                List.of(new Launch.In(0), new Launch.Out(0))));
    }
}
