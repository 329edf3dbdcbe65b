package dev.minerua.ir.ops;

import dev.minerua.ir.OpFamily;
import dev.minerua.ir.OpRegistry;

import java.util.List;

import static dev.minerua.ir.OpRegistry.ONNX_DOMAIN;

/**
 * Registers the ElementwiseOps family: arithmetic, comparison, logical, bitwise, unary math and
 * activation ops of the ai.onnx domain. Since-versions are registered where parsing or semantics
 * change; versions that only widen the type list share the earlier factory.
 */
public final class ElementwiseOps implements OpFamily.OneAtATime {
    private static final int[] ARITH = {1, 6, 7, 13, 14};
    private static final int[] VARIADIC = {1, 6, 8, 13};
    private static final int[] CLASSIC = {1, 6, 13};
    private static final int[] TRIG = {7, 22};
    private static final int[] HYPERBOLIC = {9, 22};

    /** Every operator of the family, in registration order. */
    static final List<String> OPERATORS = List.of(
            "Clip", "Where", "IsNaN", "IsInf", "Sum", "Mean", "Min", "Max", "Add", "Sub", "Mul", "Div",
            "Pow", "Mod", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "PRelu", "Equal", "Less",
            "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Neg", "Abs", "Reciprocal",
            "Ceil", "Floor", "Exp", "Log", "Sqrt", "Sigmoid", "Tanh", "Relu", "Sign", "Erf", "Round",
            "Softplus", "Softsign", "Mish", "HardSwish", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan",
            "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Not", "BitwiseNot", "HardSigmoid", "LeakyRelu",
            "Elu", "Selu", "Celu", "ThresholdedRelu", "Shrink", "Gelu");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One operator at a time: each case links only its own factory (see OpFamily). */
    @Override
    public boolean registerOne(OpRegistry r, String opType) {
        switch (opType) {
            case "Clip" -> {
                r.register(ONNX_DOMAIN, opType, new int[] {1, 6}, Clip::fromAttributes);
                r.register(ONNX_DOMAIN, opType, new int[] {11, 12, 13}, Clip::fromInputs);
            }
            case "Where" -> r.register(ONNX_DOMAIN, opType, new int[] {9, 16}, Where::of);
            case "IsNaN" -> r.register(ONNX_DOMAIN, opType, new int[] {9, 13, 20}, FloatTest::isNaN);
            case "IsInf" -> r.register(ONNX_DOMAIN, opType, new int[] {10, 20}, FloatTest::isInf);
            case "Sum" -> r.register(ONNX_DOMAIN, opType, VARIADIC, c -> VariadicMath.of(c, VariadicMath.Kind.SUM));
            case "Mean" -> r.register(ONNX_DOMAIN, opType, VARIADIC, c -> VariadicMath.of(c, VariadicMath.Kind.MEAN));
            case "Min" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 8, 12, 13},
                            c -> VariadicMath.of(c, VariadicMath.Kind.MIN));
            case "Max" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 8, 12, 13},
                            c -> VariadicMath.of(c, VariadicMath.Kind.MAX));
            case "Add" -> r.register(ONNX_DOMAIN, opType, ARITH, c -> BinaryMath.arithmetic(c, BinaryMath.Kind.ADD));
            case "Sub" -> r.register(ONNX_DOMAIN, opType, ARITH, c -> BinaryMath.arithmetic(c, BinaryMath.Kind.SUB));
            case "Mul" -> r.register(ONNX_DOMAIN, opType, ARITH, c -> BinaryMath.arithmetic(c, BinaryMath.Kind.MUL));
            case "Div" -> r.register(ONNX_DOMAIN, opType, ARITH, c -> BinaryMath.arithmetic(c, BinaryMath.Kind.DIV));
            case "Pow" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 7, 12, 13, 15},
                            c -> BinaryMath.arithmetic(c, BinaryMath.Kind.POW));
            case "Mod" -> r.register(ONNX_DOMAIN, opType, new int[] {10, 13}, BinaryMath::mod);
            case "BitShift" -> r.register(ONNX_DOMAIN, opType, 11, BinaryMath::bitShift);
            case "BitwiseAnd" ->
                    r.register(ONNX_DOMAIN, opType, 18, c -> BinaryMath.numpy(c, BinaryMath.Kind.BITWISE_AND));
            case "BitwiseOr" ->
                    r.register(ONNX_DOMAIN, opType, 18, c -> BinaryMath.numpy(c, BinaryMath.Kind.BITWISE_OR));
            case "BitwiseXor" ->
                    r.register(ONNX_DOMAIN, opType, 18, c -> BinaryMath.numpy(c, BinaryMath.Kind.BITWISE_XOR));
            case "PRelu" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 7, 9, 16}, BinaryMath::prelu);
            case "Equal" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 7, 11, 13, 19},
                            c -> Comparison.of(c, Comparison.Kind.EQUAL));
            case "Less" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 7, 9, 13},
                            c -> Comparison.of(c, Comparison.Kind.LESS));
            case "Greater" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {1, 7, 9, 13},
                            c -> Comparison.of(c, Comparison.Kind.GREATER));
            case "LessOrEqual" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {12, 16},
                            c -> Comparison.of(c, Comparison.Kind.LESS_OR_EQUAL));
            case "GreaterOrEqual" ->
                    r.register(ONNX_DOMAIN, opType, new int[] {12, 16},
                            c -> Comparison.of(c, Comparison.Kind.GREATER_OR_EQUAL));
            case "And" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 7}, c -> Comparison.of(c, Comparison.Kind.AND));
            case "Or" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 7}, c -> Comparison.of(c, Comparison.Kind.OR));
            case "Xor" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 7}, c -> Comparison.of(c, Comparison.Kind.XOR));
            case "Neg" -> unary(r, opType, CLASSIC, UnaryMath.Kind.NEG);
            case "Abs" -> unary(r, opType, CLASSIC, UnaryMath.Kind.ABS);
            case "Reciprocal" -> unary(r, opType, CLASSIC, UnaryMath.Kind.RECIPROCAL);
            case "Ceil" -> unary(r, opType, CLASSIC, UnaryMath.Kind.CEIL);
            case "Floor" -> unary(r, opType, CLASSIC, UnaryMath.Kind.FLOOR);
            case "Exp" -> unary(r, opType, CLASSIC, UnaryMath.Kind.EXP);
            case "Log" -> unary(r, opType, CLASSIC, UnaryMath.Kind.LOG);
            case "Sqrt" -> unary(r, opType, CLASSIC, UnaryMath.Kind.SQRT);
            case "Sigmoid" -> unary(r, opType, CLASSIC, UnaryMath.Kind.SIGMOID);
            case "Tanh" -> unary(r, opType, CLASSIC, UnaryMath.Kind.TANH);
            case "Relu" -> unary(r, opType, new int[] {1, 6, 13, 14}, UnaryMath.Kind.RELU);
            case "Sign" -> unary(r, opType, new int[] {9, 13}, UnaryMath.Kind.SIGN);
            case "Erf" -> unary(r, opType, new int[] {9, 13}, UnaryMath.Kind.ERF);
            case "Round" -> unary(r, opType, new int[] {11, 22}, UnaryMath.Kind.ROUND);
            case "Softplus" -> unary(r, opType, new int[] {1, 22}, UnaryMath.Kind.SOFTPLUS);
            case "Softsign" -> unary(r, opType, new int[] {1, 22}, UnaryMath.Kind.SOFTSIGN);
            case "Mish" -> unary(r, opType, new int[] {18, 22}, UnaryMath.Kind.MISH);
            case "HardSwish" -> unary(r, opType, new int[] {14, 22}, UnaryMath.Kind.HARD_SWISH);
            case "Sin" -> unary(r, opType, TRIG, UnaryMath.Kind.SIN);
            case "Cos" -> unary(r, opType, TRIG, UnaryMath.Kind.COS);
            case "Tan" -> unary(r, opType, TRIG, UnaryMath.Kind.TAN);
            case "Asin" -> unary(r, opType, TRIG, UnaryMath.Kind.ASIN);
            case "Acos" -> unary(r, opType, TRIG, UnaryMath.Kind.ACOS);
            case "Atan" -> unary(r, opType, TRIG, UnaryMath.Kind.ATAN);
            case "Sinh" -> unary(r, opType, HYPERBOLIC, UnaryMath.Kind.SINH);
            case "Cosh" -> unary(r, opType, HYPERBOLIC, UnaryMath.Kind.COSH);
            case "Asinh" -> unary(r, opType, HYPERBOLIC, UnaryMath.Kind.ASINH);
            case "Acosh" -> unary(r, opType, HYPERBOLIC, UnaryMath.Kind.ACOSH);
            case "Atanh" -> unary(r, opType, HYPERBOLIC, UnaryMath.Kind.ATANH);
            case "Not" -> unary(r, opType, new int[] {1}, UnaryMath.Kind.NOT);
            case "BitwiseNot" -> unary(r, opType, new int[] {18}, UnaryMath.Kind.BITWISE_NOT);
            case "HardSigmoid" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 22}, Activation::hardSigmoid);
            case "LeakyRelu" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 16}, Activation::leakyRelu);
            case "Elu" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 22}, Activation::elu);
            case "Selu" -> r.register(ONNX_DOMAIN, opType, new int[] {1, 6, 22}, Activation::selu);
            case "Celu" -> r.register(ONNX_DOMAIN, opType, 12, Activation::celu);
            case "ThresholdedRelu" -> r.register(ONNX_DOMAIN, opType, new int[] {10, 22}, Activation::thresholdedRelu);
            case "Shrink" -> r.register(ONNX_DOMAIN, opType, 9, Activation::shrink);
            case "Gelu" -> r.register(ONNX_DOMAIN, opType, 20, Activation::gelu);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void unary(OpRegistry r, String opType, int[] versions, UnaryMath.Kind kind) {
        r.register(ONNX_DOMAIN, opType, versions, c -> UnaryMath.of(c, kind));
    }
}
