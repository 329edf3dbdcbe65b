package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.simd.FloatPrimitives;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.LayerNormalization;
import dev.minerua.ir.ops.ShapeOf;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Kernels that keep per-call operands (row-loop tasks, batch operands, output dims) for the next call: one kernel
 * instance fed shapes and values that change between calls must give what a fresh reference kernel gives.
 */
class KeptOperandsAcrossCallsTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    @Test
    void layerNormalizationFollowsChangingShapesAndValues() {
        LayerNormalization op = new LayerNormalization(-1, 1e-5f, DataType.FLOAT);
        Kernel kept = new LayerNormalizationKernel(op, FloatPrimitives.preferred(), TWO, true);
        Tensor scale = random(1, 31);
        Tensor bias = random(2, 31);
        for (Tensor x : new Tensor[] {random(3, 64, 31), random(4, 5, 31), random(5, 64, 31), random(6, 64, 31)}) {
            Tensor expected = SimdKernelPathsTest.run(new LayerNormalizationKernel(op, null), 1, x, scale, bias)[0];
            TensorAssert.assertClose(expected, SimdKernelPathsTest.run(kept, 1, x, scale, bias)[0], 1e-4, 1e-5);
        }
    }

    @Test
    void batchedMatMulFollowsChangingShapesAndValues() {
        Kernel kept = new SgemmMatMulKernel(MatMulKernel.reference(), Sgemm.standard(), TWO, null);
        int[][][] shapes = {
            {{12, 7, 5}, {12, 5, 3}}, {{3, 2, 4}, {3, 4, 9}}, {{12, 7, 5}, {12, 5, 3}}, {{2, 12, 7, 5}, {12, 5, 3}},
        };
        long seed = 10;
        for (int[][] s : shapes) {
            Tensor a = random(seed++, s[0]);
            Tensor b = random(seed++, s[1]);
            Tensor expected = SimdKernelPathsTest.run(MatMulKernel.reference(), 1, a, b)[0];
            TensorAssert.assertClose(expected, SimdKernelPathsTest.run(kept, 1, a, b)[0], 1e-4, 1e-4);
        }
    }

    @Test
    void shapeFollowsChangingRanks() {
        Kernel kept = ViewKernels.shape(new ShapeOf(1, null));
        assertArrayEquals(new long[] {3, 4}, SimdKernelPathsTest.run(kept, 1,
                Tensor.allocate(DataType.FLOAT, 2, 3, 4))[0].longData());
        assertArrayEquals(new long[] {5}, SimdKernelPathsTest.run(kept, 1,
                Tensor.allocate(DataType.FLOAT, 2, 5))[0].longData());
        assertArrayEquals(new long[] {6, 7, 8}, SimdKernelPathsTest.run(kept, 1,
                Tensor.allocate(DataType.FLOAT, 1, 6, 7, 8))[0].longData());
    }

    private static Tensor random(long seed, int... shape) {
        return SimdKernelPathsTest.random(seed, 1f, shape);
    }
}
