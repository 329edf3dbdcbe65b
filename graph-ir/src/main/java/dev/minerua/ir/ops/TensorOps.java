package dev.minerua.ir.ops;

import dev.minerua.ir.OpFamily;
import dev.minerua.ir.OpRegistry;

import java.util.List;

/**
 * Registers the tensor-manipulation family: casts, constants, shape and layout changes, indexing and
 * resampling. One factory serves every since-version of an op; it reads the opset to parse the
 * version-specific attribute or input form.
 */
public final class TensorOps implements OpFamily.OneAtATime {
    private static final String D = OpRegistry.ONNX_DOMAIN;

    /** Every operator of the family, in registration order. */
    static final List<String> OPERATORS = List.of(
            "Cast", "CastLike", "Concat", "Constant", "ConstantOfShape", "Flatten", "Gather", "Identity",
            "Pad", "Reshape", "Resize", "Upsample", "Shape", "Size", "Slice", "Squeeze", "Unsqueeze",
            "Transpose", "Expand", "Tile", "Split", "Range", "TopK", "GatherElements", "GatherND",
            "Scatter", "ScatterElements", "ScatterND", "DepthToSpace", "SpaceToDepth", "OneHot", "NonZero",
            "EyeLike", "Trilu", "CumSum", "Compress", "ReverseSequence", "Unique", "CenterCropPad");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One operator at a time: each case links only its own factory (see OpFamily). */
    @Override
    public boolean registerOne(OpRegistry r, String opType) {
        switch (opType) {
            case "Cast" -> r.register(D, opType, new int[] {1, 6, 9, 13, 19, 21, 23, 24, 25}, Cast::create);
            case "CastLike" -> r.register(D, opType, new int[] {15, 19, 21, 23, 24, 25}, Cast::createLike);
            case "Concat" -> r.register(D, opType, new int[] {1, 4, 11, 13}, Concat::create);
            case "Constant" ->
                    r.register(D, opType, new int[] {1, 9, 11, 12, 13, 19, 21, 23, 24, 25}, Constant::create);
            case "ConstantOfShape" -> r.register(D, opType, new int[] {9, 20, 21, 23, 24, 25}, ConstantOfShape::create);
            case "Flatten" -> r.register(D, opType, new int[] {1, 9, 11, 13, 21, 23, 24, 25}, Flatten::create);
            case "Gather" -> r.register(D, opType, new int[] {1, 11, 13}, Gather::create);
            case "Identity" -> r.register(D, opType, new int[] {1, 13, 14, 16, 19, 21, 23, 24, 25}, Identity::create);
            case "Pad" -> r.register(D, opType, new int[] {1, 2, 11, 13, 18, 19, 21, 23, 24, 25}, Pad::create);
            case "Reshape" -> r.register(D, opType, new int[] {1, 5, 13, 14, 19, 21, 23, 24, 25}, Reshape::create);
            case "Resize" -> r.register(D, opType, new int[] {10, 11, 13, 18, 19}, Resize::createResize);
            case "Upsample" -> r.register(D, opType, new int[] {7, 9, 10}, Resize::createUpsample);
            case "Shape" -> r.register(D, opType, new int[] {1, 13, 15, 19, 21, 23, 24, 25}, ShapeOf::create);
            case "Size" -> r.register(D, opType, new int[] {1, 13, 19, 21, 23, 24, 25}, Size::create);
            case "Slice" -> r.register(D, opType, new int[] {1, 10, 11, 13}, Slice::create);
            case "Squeeze" -> r.register(D, opType, new int[] {1, 11, 13, 21, 23, 24, 25}, Squeeze::create);
            case "Unsqueeze" -> r.register(D, opType, new int[] {1, 11, 13, 21, 23, 24, 25}, Unsqueeze::create);
            case "Transpose" -> r.register(D, opType, new int[] {1, 13, 21, 23, 24, 25}, Transpose::create);
            case "Expand" -> r.register(D, opType, new int[] {8, 13}, Expand::create);
            case "Tile" -> r.register(D, opType, new int[] {6, 13}, Tile::create);
            case "Split" -> r.register(D, opType, new int[] {2, 11, 13, 18}, Split::create);
            case "Range" -> r.register(D, opType, 11, Range::create);
            case "TopK" -> r.register(D, opType, new int[] {1, 10, 11, 24}, TopK::create);
            case "GatherElements" -> r.register(D, opType, new int[] {11, 13}, GatherElements::create);
            case "GatherND" -> r.register(D, opType, new int[] {11, 12, 13}, GatherND::create);
            case "Scatter" -> r.register(D, opType, new int[] {9, 11}, Scatter::createElements);
            case "ScatterElements" -> r.register(D, opType, new int[] {11, 13, 16, 18}, Scatter::createElements);
            case "ScatterND" -> r.register(D, opType, new int[] {11, 13, 16, 18}, Scatter::createND);
            case "DepthToSpace" -> r.register(D, opType, new int[] {1, 11, 13}, c -> DepthSpace.create(c, true));
            case "SpaceToDepth" -> r.register(D, opType, new int[] {1, 13}, c -> DepthSpace.create(c, false));
            case "OneHot" -> r.register(D, opType, new int[] {9, 11}, OneHot::create);
            case "NonZero" -> r.register(D, opType, new int[] {9, 13}, NonZero::create);
            case "EyeLike" -> r.register(D, opType, new int[] {9, 22}, EyeLike::create);
            case "Trilu" -> r.register(D, opType, 14, Trilu::create);
            case "CumSum" -> r.register(D, opType, new int[] {11, 14}, CumSum::create);
            case "Compress" -> r.register(D, opType, new int[] {9, 11}, Compress::create);
            case "ReverseSequence" -> r.register(D, opType, 10, ReverseSequence::create);
            case "Unique" -> r.register(D, opType, 11, Unique::create);
            case "CenterCropPad" -> r.register(D, opType, 18, CenterCropPad::create);
            default -> {
                return false;
            }
        }
        return true;
    }
}
