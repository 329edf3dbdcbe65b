package dev.minerua.cpu.kernels;

import dev.minerua.error.ExecutionException;
import dev.minerua.ir.ops.ConvGeometry;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The run-time shape checks and shape arithmetic that Conv, ConvTranspose and the pooling kernels share.
 * Each check throws {@link ExecutionException} with a message led by the op's name; the kernels call them
 * in their own order.
 */
final class ConvShapes {
    private ConvShapes() {
    }

    /** X and W must both have rank 3, 4 or 5 (batch, channels and one to three spatial axes). */
    static void requireRanks(String opName, Tensor x, Tensor w) {
        int rank = x.rank();
        if (rank < 3 || rank > 5 || w.rank() != rank) {
            throw new ExecutionException(opName + ": X " + Arrays.toString(x.dims()) + " and W "
                    + Arrays.toString(w.dims()) + " must both have rank 3, 4 or 5");
        }
    }

    /** X, W and the optional bias B must have one element type. */
    static void requireOneType(String opName, Tensor x, Tensor w, Tensor b) {
        if (x.type() != w.type() || (b != null && b.type() != x.type())) {
            throw new ExecutionException(opName + ": inputs must share one element type");
        }
    }

    /** The optional bias B must hold one value per output channel. */
    static void requireBiasSize(String opName, Tensor b, int outChannels) {
        if (b != null && b.size() != outChannels) {
            throw new ExecutionException(opName + ": B has " + b.size() + " elements, expected " + outChannels);
        }
    }

    /** W's spatial dims, checked against the kernel_shape attribute when one is declared. */
    static int[] kernelOf(String opName, ConvGeometry geometry, Tensor w) {
        return kernelOf(opName, geometry, w.dims());
    }

    /** As {@link #kernelOf(String, ConvGeometry, Tensor)} from W's dims alone. */
    static int[] kernelOf(String opName, ConvGeometry geometry, int[] wDims) {
        int[] kernel = Arrays.copyOfRange(wDims, 2, wDims.length);
        long[] declared = geometry.kernelShape();
        if (declared != null && !Arrays.equals(declared, Arrays.stream(kernel).asLongStream().toArray())) {
            throw new ExecutionException(opName + ": kernel_shape " + Arrays.toString(declared)
                    + " does not match W " + Arrays.toString(wDims));
        }
        return kernel;
    }

    /**
     * Whether a conv is pointwise whatever its input size: W's spatial dims all 1 (and kernel_shape, when
     * declared, too), unit strides and no padding.
     */
    static boolean pointwise(ConvGeometry g, int[] wDims) {
        for (int i = 2; i < wDims.length; i++) {
            if (wDims[i] != 1) {
                return false;
            }
        }
        return g.unitStridesNoPads() && ConvGeometry.absentOrAll(g.kernelShape(), 1);
    }

    /** The spatial dims of X (those after batch and channels). */
    static int[] spatial(Tensor x) {
        return Arrays.copyOfRange(x.dims(), 2, x.rank());
    }

    /** Runs a geometry resolution, reporting its complaint about the shapes as an execution error. */
    static ConvGeometry.Resolved resolve(String prefix, Supplier<ConvGeometry.Resolved> resolution) {
        try {
            return resolution.get();
        } catch (IllegalArgumentException e) {
            throw new ExecutionException(prefix + ": " + e.getMessage());
        }
    }

    /** The output shape {@code [n, channels, spatial out...]}. */
    static int[] outputShape(int n, int channels, ConvGeometry.Resolved g) {
        int[] out = g.out();
        int[] shape = new int[out.length + 2];
        shape[0] = n;
        shape[1] = channels;
        System.arraycopy(out, 0, shape, 2, out.length);
        return shape;
    }
}
