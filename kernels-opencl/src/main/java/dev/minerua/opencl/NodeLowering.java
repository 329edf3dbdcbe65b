package dev.minerua.opencl;

import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ops.Activation;
import dev.minerua.ir.ops.BatchNormalization;
import dev.minerua.ir.ops.BinaryMath;
import dev.minerua.ir.ops.Cast;
import dev.minerua.ir.ops.Clip;
import dev.minerua.ir.ops.Comparison;
import dev.minerua.ir.ops.Concat;
import dev.minerua.ir.ops.Conv;
import dev.minerua.ir.ops.ConvTranspose;
import dev.minerua.ir.ops.Dropout;
import dev.minerua.ir.ops.Expand;
import dev.minerua.ir.ops.Flatten;
import dev.minerua.ir.ops.Gather;
import dev.minerua.ir.ops.Gemm;
import dev.minerua.ir.ops.GlobalPool;
import dev.minerua.ir.ops.Identity;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.MatMul;
import dev.minerua.ir.ops.Pad;
import dev.minerua.ir.ops.Pool;
import dev.minerua.ir.ops.Reduce;
import dev.minerua.ir.ops.Reshape;
import dev.minerua.ir.ops.Resize;
import dev.minerua.ir.ops.Slice;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.ir.ops.Squeeze;
import dev.minerua.ir.ops.Transpose;
import dev.minerua.ir.ops.UnaryMath;
import dev.minerua.ir.ops.Unsqueeze;
import dev.minerua.ir.ops.VariadicMath;
import dev.minerua.ir.ops.Where;

import java.util.ArrayList;
import java.util.List;

/**
 * Lowers one bound node to OpenCL launches, or returns null when the node is not handled on the device
 * (it then runs on the CPU). It only dispatches to the per-family lowerings, which are strict: device
 * types (float32 as float, float16 as half, int32/int64 as int32, bool as uchar) with static, non-empty shapes,
 * and every attribute combination outside what the kernels implement declines. Shapes and strides travel
 * as an int array uploaded once per partition ({@link Launch.Ints}), so one build of each program serves
 * every shape; only the operation and element type are chosen with {@code -D} options (the storage of
 * float buffers is added last, see {@link #withFloatStorage}).
 *
 * <p>With {@code -Dminerua.opencl.why=true} every decline is printed to standard error with the op and the
 * place in the lowering that refused it (a probe for widening what runs on the device).
 */
final class NodeLowering {
    private NodeLowering() {
    }

    /** The launches of {@code node}, or null when the device does not run it. */
    static Lowered lower(Node node) {
        try {
            Lowered l = dispatch(node);
            if (l != null) {
                l = withFloatStorage(node, l);
            }
            if (l == null && LoweringSupport.WHY) {
                System.err.println("opencl declines " + node.opType() + ": no lowering for " + node.op());
            }
            return l;
        } catch (LoweringSupport.Unsupported e) {
            if (LoweringSupport.WHY) {
                System.err.println("opencl declines " + node.opType() + " at " + where(e));
            }
            return null;
        }
    }

    private static Lowered dispatch(Node node) {
        return switch (node.op()) {
            case UnaryMath u -> ElementwiseLowering.unaryMath(node, u);
            case Activation a -> ElementwiseLowering.unary(node, "OP_" + a.kind().name(), a.alpha(), a.beta());
            case Clip c -> ElementwiseLowering.clip(node, c);
            case BinaryMath b -> ElementwiseLowering.binary(node, b);
            case VariadicMath v -> ElementwiseLowering.variadic(node, v);
            case Comparison c -> ElementwiseLowering.compare(node, c);
            case Where w -> ElementwiseLowering.where(node);
            case Cast c -> ElementwiseLowering.cast(node, c);
            case Conv c -> ConvLowering.conv(node, c);
            case ConvTranspose c -> ConvLowering.convTranspose(node, c);
            case Pool p -> PoolLowering.pool(node, p);
            case GlobalPool g -> PoolLowering.globalPool(node, g);
            case BatchNormalization b -> NormLowering.batchNorm(node, b);
            case Softmax s -> NormLowering.softmax(node, s);
            case LayerNormalization l -> NormLowering.layerNorm(node, l);
            case MatMul m -> MatMulLowering.matMul(node);
            case Gemm g -> MatMulLowering.gemm(node, g);
            case Transpose t -> MovementLowering.transpose(node, t);
            case Concat c -> MovementLowering.concatenate(node, c);
            case Slice s -> MovementLowering.slice(node, s);
            case Gather g -> MovementLowering.gather(node, g);
            case Expand e -> MovementLowering.expand(node);
            case Pad p -> MovementLowering.pad(node, p);
            case Resize r -> ResizeLowering.resize(node, r);
            case Reduce r -> ReduceLowering.reduce(node, r);
            case Reshape r -> MovementLowering.view(node);
            case Flatten f -> MovementLowering.view(node);
            case Squeeze s -> MovementLowering.view(node);
            case Unsqueeze u -> MovementLowering.view(node);
            case Identity i -> MovementLowering.view(node);
            case Dropout d -> MovementLowering.dropout(node);
            default -> null;
        };
    }

    /**
     * Builds each launch for the storage of its floating-point buffers: half storage adds the
     * {@code -DT=half -DT_HALF} options to launches that do not name their type already (the float kernels
     * default to float32). One launch has one element type, so a launch mixing float32 and float16 buffers
     * declines; Cast alone converts between them.
     */
    private static Lowered withFloatStorage(Node node, Lowered l) {
        List<Launch> launches = new ArrayList<>();
        for (Launch launch : l.launches()) {
            DeviceTypes.Storage floats = null;
            for (Launch.Arg a : launch.args()) {
                Value v = switch (a) {
                    case Launch.In(int i) -> node.input(i);
                    case Launch.Out(int o) -> node.output(o);
                    default -> null;
                };
                DeviceTypes.Storage s = LoweringSupport.storage(v);
                if (s != null && s.isFloat() && !launch.kernel().equals("cast")) {
                    LoweringSupport.require(floats == null || floats == s);
                    floats = s;
                }
            }
            launches.add(floats == DeviceTypes.Storage.HALF && !launch.options().contains("-DT=")
                    ? launch.withOptions((LoweringSupport.typeOption(floats) + " " + launch.options()).strip())
                    : launch);
        }
        return new Lowered(List.copyOf(launches), l.viewOf());
    }

    /** The first lowering frame above {@link LoweringSupport}: class, method and line, and the helper that refused. */
    private static String where(Throwable e) {
        String helper = "";
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().equals(LoweringSupport.class.getName())) {
                helper = " (" + f.getMethodName() + ")";
            } else {
                return f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber() + helper;
            }
        }
        return "?";
    }
}
