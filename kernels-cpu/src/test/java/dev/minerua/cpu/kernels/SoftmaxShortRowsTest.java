package dev.minerua.cpu.kernels;

import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Softmax;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Softmax over rows shorter than one vector ({@link FloatPrimitives#softmaxRows}' block path: one vector exp over
 * many rows), through the kernel and in place, gives bit for bit what {@link FloatPrimitives#softmaxRow} gives
 * row by row, on every tier, at awkward row lengths and row
 * counts (one row, primes, more rows than one block holds) and with extreme values.
 */
class SoftmaxShortRowsTest {
    static Stream<FloatPrimitives> primitives() {
        return SimdKernelPathsTest.primitives();
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void matchesRowByRow(FloatPrimitives p) {
        int[] lengths = {1, 2, 3, 5, 7, 12, 13, 15};
        int[] rowCounts = {1, 2, 11, 144, 301};
        for (int n : lengths) {
            for (int rows : rowCounts) {
                Tensor x = SimdKernelPathsTest.random(31L * n + rows, 6, rows, n);
                float[] in = x.floatData();
                if (rows > 2) {
                    in[n] = Float.NEGATIVE_INFINITY;
                    in[2 * n - 1] = 88f;
                    in[2 * n] = -90f;
                }
                float[] want = new float[in.length];
                for (int r = 0; r < rows; r++) {
                    p.softmaxRow(in, r * n, want, r * n, n, false);
                }
                SoftmaxKernel kernel = new SoftmaxKernel(new Softmax(Softmax.Kind.SOFTMAX, -1, false), p);
                Tensor got = SimdKernelPathsTest.run(kernel, 1, x)[0];
                assertArrayEquals(want, got.floatData(), "rows " + rows + " x " + n + " on " + p);
                float[] copy = in.clone();
                p.softmaxRows(copy, 0, copy, 0, rows, n);
                assertArrayEquals(want, copy, "in place, rows " + rows + " x " + n + " on " + p);
                assertArrayEquals(in, x.floatData(), "input untouched");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("primitives")
    void referencePathAgrees(FloatPrimitives p) {
        Tensor x = SimdKernelPathsTest.random(5, 3, 2, 12, 12);
        Tensor fast = SimdKernelPathsTest.run(new SoftmaxKernel(new Softmax(Softmax.Kind.SOFTMAX, -1, false), p), 1, x)[0];
        Tensor ref = SimdKernelPathsTest.run(new SoftmaxKernel(new Softmax(Softmax.Kind.SOFTMAX, -1, false), null), 1, x)[0];
        TensorAssert.assertClose(ref, fast, 1e-5, 1e-6);
        assertArrayEquals(new int[] {2, 12, 12}, fast.dims());
        assertEquals(DataType.FLOAT, fast.type());
    }
}
