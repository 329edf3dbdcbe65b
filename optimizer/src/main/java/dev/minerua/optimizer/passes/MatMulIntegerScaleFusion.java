package dev.minerua.optimizer.passes;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.MatMulInteger;
import dev.minerua.optimizer.GraphPass;
import dev.minerua.tensor.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The dequantizing tail of a dynamically quantized MatMul, MatMulInteger → Cast to float32 → Mul by a scale
 * (a scalar or one value per column, constant or not) → optionally Add of a constant bias along the last axis,
 * becomes one {@code MatMulIntegerToFloat}, whose kernel applies scale and bias to the product's accumulators
 * instead of materialising the int32 and float32 intermediates. Every intermediate must have no other reader.
 */
public final class MatMulIntegerScaleFusion implements GraphPass {
    @Override
    public String name() {
        return "MatMulIntegerScaleFusion";
    }

    @Override
    public String apply(Graph graph) {
        if (!Patterns.anyOp(graph, MatMulInteger.class)) {
            return null;
        }
        Uses uses = Uses.of(graph);
        Map<Value, Node> producers = GraphEdits.producers(graph);
        Patterns.Rewrites rewrites = new Patterns.Rewrites();
        for (Node mul : graph.nodes()) {
            if (!Patterns.isBinary(mul, BinaryMath.Kind.MUL) || !Patterns.isFloat32(mul.output(0))) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                Value cast = mul.input(side);
                Node castNode = producers.get(cast);
                if (!isCastToFloat(castNode) || !uses.isOnlyReader(cast, mul)) {
                    continue;
                }
                Value product = castNode.input(0);
                Node mmi = producers.get(product);
                Value scale = mul.input(1 - side);
                if (mmi == null || !(mmi.op() instanceof MatMulInteger) || !mmi.domain().isEmpty()
                        || !uses.isOnlyReader(product, castNode) || !isColumnScale(scale, product)) {
                    continue;
                }
                Node add = biasAdd(graph, uses, mul);
                Node last = add != null ? add : mul;
                if (!(add != null ? rewrites.claim(mmi, castNode, mul, add) : rewrites.claim(mmi, castNode, mul))) {
                    continue;
                }
                List<Value> inputs = new ArrayList<>(Arrays.asList(mmi.input(0), mmi.input(1), mmi.input(2),
                        mmi.input(3), scale));
                if (add != null) {
                    inputs.add(vectorBias(graph, add, mul.output(0)));
                }
                rewrites.replace(last, Patterns.minerua(mmi.name(), "MatMulIntegerToFloat", inputs,
                        List.of(last.output(0)), List.of()));
                break;
            }
        }
        rewrites.commit(graph);
        return rewrites.count() == 0 ? null
                : "fused " + rewrites.count() + " MatMulInteger dequantization tail(s) into MatMulIntegerToFloat";
    }

    private static boolean isCastToFloat(Node n) {
        return n != null && n.domain().isEmpty() && n.op() instanceof Cast c && c.to() == DataType.FLOAT
                && Patterns.elementType(n.input(0)) == DataType.INT32;
    }

    /**
     * True when {@code scale} is float32 and multiplies each column alike without changing the product's shape:
     * a scalar, a one-element vector, or a vector of the product's (known) last dimension.
     */
    private static boolean isColumnScale(Value scale, Value product) {
        Shape s = Patterns.shape(scale);
        Shape y = Patterns.shape(product);
        if (!Patterns.isFloat32(scale) || s == null || y == null || y.rank() < 1 || s.rank() > 1) {
            return false;
        }
        if (s.rank() == 0) {
            return true;
        }
        long n = Patterns.lastDim(product);
        return s.dim(0).isKnown() && (s.dim(0).value() == 1 || s.dim(0).value() == n);
    }

    /** The Add that is the scaled product's only reader when its other operand is a constant column bias. */
    private static Node biasAdd(Graph graph, Uses uses, Node mul) {
        Value scaled = mul.output(0);
        List<Node> readers = uses.readers(scaled);
        if (readers.size() != 1 || !uses.isOnlyReader(scaled, readers.get(0))) {
            return null;
        }
        Node add = readers.get(0);
        if (!Patterns.isBinary(add, BinaryMath.Kind.ADD) || !Patterns.isFloat32(add.output(0))) {
            return null;
        }
        return Patterns.isLastAxisBias(GraphEdits.fixedConstant(graph, Patterns.other(add, scaled)), scaled) ? add : null;
    }

    /** The Add's bias as a rank-1 value (a new initializer when the model's has leading ones). */
    private static Value vectorBias(Graph graph, Node add, Value scaled) {
        Value b = Patterns.other(add, scaled);
        return GraphEdits.vectorBias(graph, new GraphEdits.FreshNames(graph), b, GraphEdits.fixedConstant(graph, b));
    }
}
