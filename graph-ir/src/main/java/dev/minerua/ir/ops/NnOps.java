package dev.minerua.ir.ops;

import dev.minerua.ir.OpFamily;
import dev.minerua.ir.OpRegistry;

import java.util.List;

/**
 * Registers the neural-network family: convolutions, pooling, normalizations, Gemm/MatMul,
 * the softmax family and Dropout. Factories read {@code ctx.opset()} where attributes changed between
 * since-versions; every since-version is listed so the registry reflects the ONNX history.
 */
public final class NnOps implements OpFamily.OneAtATime {
    private static final String D = OpRegistry.ONNX_DOMAIN;

    /** Every operator of the family, in registration order. */
    static final List<String> OPERATORS = List.of(
            "Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
            "GlobalMaxPool", "GlobalLpPool", "BatchNormalization", "InstanceNormalization",
            "LayerNormalization", "GroupNormalization", "LpNormalization", "MeanVarianceNormalization",
            "LRN", "Gemm", "MatMul", "Softmax", "LogSoftmax", "Hardmax", "Einsum", "Dropout");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One operator at a time: each case links only its own factory (see OpFamily). */
    @Override
    public boolean registerOne(OpRegistry r, String opType) {
        switch (opType) {
            case "Conv" -> r.register(D, opType, new int[] {1, 11, 22}, Conv::create);
            case "ConvTranspose" -> r.register(D, opType, new int[] {1, 11, 22}, ConvTranspose::create);
            case "MaxPool" -> r.register(D, opType, new int[] {1, 8, 10, 11, 12, 22}, Pool::maxPool);
            case "AveragePool" -> r.register(D, opType, new int[] {1, 7, 10, 11, 19, 22}, Pool::averagePool);
            case "LpPool" -> r.register(D, opType, new int[] {1, 2, 11, 18, 22}, Pool::lpPool);
            case "GlobalAveragePool" -> r.register(D, opType, new int[] {1, 22}, GlobalPool::average);
            case "GlobalMaxPool" -> r.register(D, opType, new int[] {1, 22}, GlobalPool::max);
            case "GlobalLpPool" -> r.register(D, opType, new int[] {1, 2, 22}, GlobalPool::lp);
            case "BatchNormalization" ->
                    r.register(D, opType, new int[] {1, 6, 7, 9, 14, 15}, BatchNormalization::create);
            case "InstanceNormalization" -> r.register(D, opType, new int[] {1, 6, 22}, InstanceNormalization::create);
            case "LayerNormalization" -> r.register(D, opType, 17, LayerNormalization::create);
            case "GroupNormalization" -> r.register(D, opType, new int[] {18, 21}, GroupNormalization::create);
            case "LpNormalization" -> r.register(D, opType, new int[] {1, 22}, LpNormalization::create);
            case "MeanVarianceNormalization" ->
                    r.register(D, opType, new int[] {9, 13}, MeanVarianceNormalization::create);
            case "LRN" -> r.register(D, opType, new int[] {1, 13}, Lrn::create);
            case "Gemm" -> r.register(D, opType, new int[] {1, 6, 7, 9, 11, 13}, Gemm::create);
            case "MatMul" -> r.register(D, opType, new int[] {1, 9, 13}, MatMul::create);
            case "Softmax" -> r.register(D, opType, new int[] {1, 11, 13}, Softmax.factory(Softmax.Kind.SOFTMAX));
            case "LogSoftmax" ->
                    r.register(D, opType, new int[] {1, 11, 13}, Softmax.factory(Softmax.Kind.LOG_SOFTMAX));
            case "Hardmax" -> r.register(D, opType, new int[] {1, 11, 13}, Softmax.factory(Softmax.Kind.HARDMAX));
            case "Einsum" -> r.register(D, opType, 12, Einsum::create);
            case "Dropout" -> r.register(D, opType, new int[] {1, 6, 7, 10, 12, 13, 22}, Dropout::create);
            default -> {
                return false;
            }
        }
        return true;
    }
}
