package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.DequantizeLinear;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

/**
 * DequantizeLinear: {@code y = (x - zero_point) * scale}, computed in float32 and stored to the output type
 * (float32, or rounded to float16/bfloat16). Handles every element type itself: integer inputs of all widths,
 * float8/float4 inputs (decoded exactly), and float16/bfloat16/float8e8m0 scales.
 */
final class DequantizeLinearKernel implements Kernel {
    private final DequantizeLinear op;
    private final ShapeMemo<Layout> layouts = new ShapeMemo<>();

    DequantizeLinearKernel(DequantizeLinear op) {
        this.op = op;
    }

    @Override
    public void execute(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor scale = ctx.input(1);
        Tensor zp = ctx.input(2);
        if (zp != null && zp.type() != x.type()) {
            throw new ExecutionException("DequantizeLinear: zero point type " + zp.type() + " differs from input type "
                    + x.type());
        }
        if (x.type() == DataType.INT32 && zp != null && hasNonZero(zp)) {
            throw new ExecutionException("DequantizeLinear: int32 input takes no (non-zero) zero point");
        }
        DataType outType = op.outputType() != null ? op.outputType() : scale.type();
        if (outType != DataType.FLOAT && outType != DataType.FLOAT16 && outType != DataType.BFLOAT16) {
            throw new ExecutionException("DequantizeLinear: unsupported output type " + outType);
        }
        int[] param = paramIndices(x, scale, zp);
        // Scratch and output from the context (pooled across runs) rather than fresh arrays; shaped by the tensors'
        // own dims (same element counts), so no varargs shape array is made per call.
        float[] s = toFloats(scale, ctx.allocate(DataType.FLOAT, scale.dims()).floatData());
        float[] z = zp == null ? null : toFloats(zp, ctx.allocate(DataType.FLOAT, zp.dims()).floatData());
        float[] xv = toFloats(x, ctx.allocate(DataType.FLOAT, x.dims()).floatData());
        Tensor out = ctx.allocate(outType, x.dims());
        float[] y = outType == DataType.FLOAT ? out.floatData() : ctx.allocate(DataType.FLOAT, x.dims()).floatData();
        for (int idx = 0; idx < y.length; idx++) {
            int p = param[idx];
            float q = z == null ? xv[idx] : xv[idx] - z[p];
            y[idx] = q * s[p];
        }
        if (outType != DataType.FLOAT) {
            for (int i = 0; i < y.length; i++) {
                out.setDouble(i, y[i]);
            }
        }
        ctx.setOutput(0, out);
    }

    /** The layout's parameter index per element of X: remembered for the last shapes of X, scale and zero point. */
    private int[] paramIndices(Tensor x, Tensor scale, Tensor zp) {
        int[] zpDims = zp == null ? null : zp.dims();
        Layout l = layouts.get(x.dims(), scale.dims());
        if (l == null || !java.util.Arrays.equals(l.zeroPointDims(), zpDims)) {
            QuantLayout q = QuantLayout.of("DequantizeLinear", x.dims(), scale.dims(), zpDims, op.axis(),
                    op.blockSize());
            l = layouts.put(x.dims(), scale.dims(), new Layout(zpDims == null ? null : zpDims.clone(),
                    q.paramIndices()));
        }
        return l.param();
    }

    /** The zero point's shape a layout was made with, and its parameter index per element. */
    private record Layout(int[] zeroPointDims, int[] param) {
    }

    /** Elements as float32: exact for every quantized type (integers up to 2^24 and all small floats). */
    static float[] toFloats(Tensor t) {
        return toFloats(t, new float[t.size()]);
    }

    /** {@link #toFloats(Tensor)} into {@code out} (at least {@code t.size()} long); returns {@code out}. */
    static float[] toFloats(Tensor t, float[] out) {
        int n = t.size();
        switch (t.type()) {
            case FLOAT -> System.arraycopy(t.floatData(), 0, out, 0, n);
            case INT8, INT4, INT2 -> {
                byte[] b = t.byteData();
                for (int i = 0; i < n; i++) {
                    out[i] = b[i];
                }
            }
            case UINT8, UINT4, UINT2 -> {
                byte[] b = t.byteData();
                for (int i = 0; i < n; i++) {
                    out[i] = b[i] & 0xFF;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) t.getDouble(i);
                }
            }
        }
        return out;
    }

    private static boolean hasNonZero(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.getLong(i) != 0) {
                return true;
            }
        }
        return false;
    }
}
