package dev.minerua.cpu.kernels;

import dev.minerua.cpu.CpuCompileContext;
import dev.minerua.cpu.CpuKernelRegistry;
import dev.minerua.cpu.KernelFamily;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.CenterCropPad;
import dev.minerua.ir.ops.Compress;
import dev.minerua.ir.ops.CumSum;
import dev.minerua.ir.ops.DepthSpace;
import dev.minerua.ir.ops.Expand;
import dev.minerua.ir.ops.EyeLike;
import dev.minerua.ir.ops.GatherElements;
import dev.minerua.ir.ops.GatherND;
import dev.minerua.ir.ops.NonZero;
import dev.minerua.ir.ops.OneHot;
import dev.minerua.ir.ops.Range;
import dev.minerua.ir.ops.ReverseSequence;
import dev.minerua.ir.ops.Scatter;
import dev.minerua.ir.ops.Split;
import dev.minerua.ir.ops.Tile;
import dev.minerua.ir.ops.TopK;
import dev.minerua.ir.ops.Trilu;
import dev.minerua.ir.ops.Unique;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.Constant;
import dev.minerua.ir.ops.ConstantOfShape;
import dev.minerua.ir.ops.Flatten;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.Identity;
import dev.minerua.ir.ops.Pad;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.ShapeOf;
import dev.minerua.ir.ops.Size;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Squeeze;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.ir.ops.Unsqueeze;

import java.util.List;

/**
 * Registers the tensor-manipulation kernels. Data-movement kernels and Cast are type agnostic: they
 * copy or convert every element type themselves (no float16 widening around them).
 */
public final class TensorKernels implements KernelFamily.OneAtATime {
    /** The op records (simple names, in {@link KernelFamily#OP_RECORDS}) this family has kernels for. */
    static final List<String> OPERATORS = List.of(
            "Cast", "Constant", "ConstantOfShape", "Identity", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
            "ShapeOf", "Size", "Concat", "Gather", "Slice", "Transpose", "Pad", "Resize", "Expand", "Tile",
            "Split", "GatherElements", "GatherND", "Scatter", "OneHot", "NonZero", "Compress", "DepthSpace",
            "ReverseSequence", "Trilu", "EyeLike", "Unique", "TopK", "CenterCropPad", "Range", "CumSum");

    @Override
    public List<String> operators() {
        return OPERATORS;
    }

    /** One kernel at a time: each case links only its own factory (see KernelFamily). */
    @Override
    public boolean registerOne(CpuKernelRegistry r, String name) {
        switch (name) {
            case "Cast" -> r.registerTypeAgnostic(Cast.class, (op, c) -> new CastKernel(op));
            case "Constant" -> r.registerTypeAgnostic(Constant.class, (op, c) -> ctx -> ctx.setOutput(0, op.value()));
            case "ConstantOfShape" ->
                    r.registerTypeAgnostic(ConstantOfShape.class, (op, c) -> LayoutKernels.constantOfShape(op));
            case "Identity" -> r.registerTypeAgnostic(Identity.class, (op, c) -> ViewKernels.identity());
            case "Reshape" -> r.registerTypeAgnostic(Reshape.class, (op, c) -> ViewKernels.reshape(op));
            case "Flatten" -> r.registerTypeAgnostic(Flatten.class, (op, c) -> ViewKernels.flatten(op));
            case "Squeeze" -> r.registerTypeAgnostic(Squeeze.class, (op, c) -> ViewKernels.squeeze(op));
            case "Unsqueeze" -> r.registerTypeAgnostic(Unsqueeze.class, (op, c) -> ViewKernels.unsqueeze(op));
            case "ShapeOf" -> r.registerTypeAgnostic(ShapeOf.class, (op, c) -> ViewKernels.shape(op));
            case "Size" -> r.registerTypeAgnostic(Size.class, (op, c) -> ViewKernels.size());
            case "Concat" ->
                    r.registerTypeAgnostic(Concat.class,
                            (op, c) -> LayoutKernels.concat(op, CpuCompileContext.threadPool(c)));
            case "Gather" -> r.registerTypeAgnostic(Gather.class,
                    (op, c) -> new GatherKernel(op, CpuCompileContext.threadPool(c)));
            case "Slice" -> r.registerTypeAgnostic(Slice.class, LayoutKernels::slice);
            case "Transpose" ->
                    r.registerTypeAgnostic(Transpose.class,
                            (op, c) -> LayoutKernels.transpose(op, CpuCompileContext.threadPool(c)));
            case "Pad" -> r.registerTypeAgnostic(Pad.class, (op, c) -> LayoutKernels.pad(op));
            case "Resize" -> r.register(Resize.class, (op, c) -> new ResizeKernel(op, CpuCompileContext.threadPool(c)));
            case "Expand" -> r.registerTypeAgnostic(Expand.class, (op, c) -> RepeatKernels.expand());
            case "Tile" -> r.registerTypeAgnostic(Tile.class, (op, c) -> RepeatKernels.tile());
            case "Split" -> r.registerTypeAgnostic(Split.class, (op, c) -> RepeatKernels.split(op));
            case "GatherElements" ->
                    r.registerTypeAgnostic(GatherElements.class, (op, c) -> IndexKernels.gatherElements(op));
            case "GatherND" -> r.registerTypeAgnostic(GatherND.class, (op, c) -> IndexKernels.gatherND(op));
            case "Scatter" -> r.registerTypeAgnostic(Scatter.class, (op, c) -> IndexKernels.scatter(op));
            case "OneHot" -> r.registerTypeAgnostic(OneHot.class, (op, c) -> IndexKernels.oneHot(op));
            case "NonZero" -> r.registerTypeAgnostic(NonZero.class, (op, c) -> IndexKernels.nonZero());
            case "Compress" -> r.registerTypeAgnostic(Compress.class, (op, c) -> IndexKernels.compress(op));
            case "DepthSpace" -> r.registerTypeAgnostic(DepthSpace.class, (op, c) -> ArrangeKernels.depthSpace(op));
            case "ReverseSequence" ->
                    r.registerTypeAgnostic(ReverseSequence.class, (op, c) -> ArrangeKernels.reverseSequence(op));
            case "Trilu" -> r.registerTypeAgnostic(Trilu.class, (op, c) -> ArrangeKernels.trilu(op));
            case "EyeLike" -> r.registerTypeAgnostic(EyeLike.class, (op, c) -> ArrangeKernels.eyeLike(op));
            case "Unique" -> r.registerTypeAgnostic(Unique.class, (op, c) -> SearchKernels.unique(op));
            case "TopK" -> r.registerTypeAgnostic(TopK.class, (op, c) -> SearchKernels.topK(op));
            case "CenterCropPad" ->
                    r.registerTypeAgnostic(CenterCropPad.class, (op, c) -> LayoutKernels.centerCropPad(op));
            case "Range" -> r.register(Range.class, (op, c) -> ArrangeKernels.range());
            case "CumSum" -> r.register(CumSum.class, (op, c) -> ArrangeKernels.cumSum(op));
            default -> {
                return false;
            }
        }
        return true;
    }
}
