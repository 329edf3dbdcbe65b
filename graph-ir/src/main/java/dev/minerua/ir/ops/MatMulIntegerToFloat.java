package dev.minerua.ir.ops;

import dev.minerua.ir.InferenceContext;
import dev.minerua.ir.Op;
import dev.minerua.ir.ValueType;
import dev.minerua.tensor.DataType;

import java.util.List;

/**
 * {@code dev.minerua:MatMulIntegerToFloat}: the dequantizing tail of a dynamically quantized MatMul in one node,
 * {@code Cast<float>(MatMulInteger(A, B, a_zero_point, b_zero_point)) * scale + bias}, computed as those nodes
 * compute it (a float32 multiply, then a float32 add, each rounded). Inputs 0 to 3 as for MatMulInteger (A and B
 * int8/uint8, zero points optional); input 4 the float32 scale, a scalar or one value per output column ([N]);
 * optional input 5 a float32 bias of N values added along the last axis. Output float32, MatMulInteger's shape.
 */
public record MatMulIntegerToFloat() implements Op {
    @Override
    public List<ValueType> inferTypes(InferenceContext ctx) {
        return List.of(ValueType.tensor(DataType.FLOAT, MatMulInteger.matMulShape(ctx.shape(0), ctx.shape(1))));
    }
}
