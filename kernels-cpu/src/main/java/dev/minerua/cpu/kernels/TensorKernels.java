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

/**
 * Registers the tensor-manipulation kernels. Data-movement kernels and Cast are type agnostic: they
 * copy or convert every element type themselves (no float16 widening around them).
 */
public final class TensorKernels implements KernelFamily {
    @Override
    public void register(CpuKernelRegistry r) {
        r.registerTypeAgnostic(Cast.class, (op, c) -> new CastKernel(op));
        r.registerTypeAgnostic(Constant.class, (op, c) -> ctx -> ctx.setOutput(0, op.value()));
        r.registerTypeAgnostic(ConstantOfShape.class, (op, c) -> LayoutKernels.constantOfShape(op));
        r.registerTypeAgnostic(Identity.class, (op, c) -> ViewKernels.identity());
        r.registerTypeAgnostic(Reshape.class, (op, c) -> ViewKernels.reshape(op));
        r.registerTypeAgnostic(Flatten.class, (op, c) -> ViewKernels.flatten(op));
        r.registerTypeAgnostic(Squeeze.class, (op, c) -> ViewKernels.squeeze(op));
        r.registerTypeAgnostic(Unsqueeze.class, (op, c) -> ViewKernels.unsqueeze(op));
        r.registerTypeAgnostic(ShapeOf.class, (op, c) -> ViewKernels.shape(op));
        r.registerTypeAgnostic(Size.class, (op, c) -> ViewKernels.size());
        r.registerTypeAgnostic(Concat.class, (op, c) -> LayoutKernels.concat(op, CpuCompileContext.threadPool(c)));
        r.registerTypeAgnostic(Gather.class, (op, c) -> LayoutKernels.gather(op));
        r.registerTypeAgnostic(Slice.class, LayoutKernels::slice);
        r.registerTypeAgnostic(Transpose.class, (op, c) -> LayoutKernels.transpose(op, CpuCompileContext.threadPool(c)));
        r.registerTypeAgnostic(Pad.class, (op, c) -> LayoutKernels.pad(op));
        r.register(Resize.class, (op, c) -> new ResizeKernel(op, CpuCompileContext.threadPool(c)));
        r.registerTypeAgnostic(Expand.class, (op, c) -> RepeatKernels.expand());
        r.registerTypeAgnostic(Tile.class, (op, c) -> RepeatKernels.tile());
        r.registerTypeAgnostic(Split.class, (op, c) -> RepeatKernels.split(op));
        r.registerTypeAgnostic(GatherElements.class, (op, c) -> IndexKernels.gatherElements(op));
        r.registerTypeAgnostic(GatherND.class, (op, c) -> IndexKernels.gatherND(op));
        r.registerTypeAgnostic(Scatter.class, (op, c) -> IndexKernels.scatter(op));
        r.registerTypeAgnostic(OneHot.class, (op, c) -> IndexKernels.oneHot(op));
        r.registerTypeAgnostic(NonZero.class, (op, c) -> IndexKernels.nonZero());
        r.registerTypeAgnostic(Compress.class, (op, c) -> IndexKernels.compress(op));
        r.registerTypeAgnostic(DepthSpace.class, (op, c) -> ArrangeKernels.depthSpace(op));
        r.registerTypeAgnostic(ReverseSequence.class, (op, c) -> ArrangeKernels.reverseSequence(op));
        r.registerTypeAgnostic(Trilu.class, (op, c) -> ArrangeKernels.trilu(op));
        r.registerTypeAgnostic(EyeLike.class, (op, c) -> ArrangeKernels.eyeLike(op));
        r.registerTypeAgnostic(Unique.class, (op, c) -> SearchKernels.unique(op));
        r.registerTypeAgnostic(TopK.class, (op, c) -> SearchKernels.topK(op));
        r.registerTypeAgnostic(CenterCropPad.class, (op, c) -> LayoutKernels.centerCropPad(op));
        r.register(Range.class, (op, c) -> ArrangeKernels.range());
        r.register(CumSum.class, (op, c) -> ArrangeKernels.cumSum(op));
    }
}
