package dev.minerua.cpu.kernels;

import dev.minerua.backend.Kernel;
import dev.minerua.cpu.CpuThreadPool;
import dev.minerua.cpu.gemm.Sgemm;
import dev.minerua.cpu.testing.TensorAssert;
import dev.minerua.ir.ops.Gather;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.RawData;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Constants that still view a model's bytes: kernels that repack them (SGEMM's B) or copy rows out of them (Gather's
 * table) give the same results as with an array, and never make the view decode its own array.
 */
class WeightViewKernelsTest {
    private static final CpuThreadPool TWO = new CpuThreadPool(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    @Test
    void matMulPacksAConstantBWithoutDecodingTheView() {
        Tensor b = random(1, 37, 29);
        Tensor view = viewOf(b);
        Kernel packed = new SgemmMatMulKernel(MatMulKernel.reference(), Sgemm.standard(), TWO, view);
        assertFalse(view.isMaterialized(), "packing decoded the view for good");
        for (int run = 0; run < 2; run++) {
            Tensor a = random(2 + run, 5, 37);
            Tensor expected = SimdKernelPathsTest.run(MatMulKernel.reference(), 1, a, b)[0];
            TensorAssert.assertClose(expected, SimdKernelPathsTest.run(packed, 1, a, view)[0], 1e-4, 1e-4);
        }
        assertFalse(view.isMaterialized(), "a run decoded the packed constant");
    }

    @Test
    void gatherCopiesRowsStraightFromTheView() {
        Kernel gather = new GatherKernel(new Gather(0), TWO);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.INT64, DataType.FLOAT16, DataType.UINT8}) {
            Tensor table = Tensor.allocate(type, 53, 7);
            for (int i = 0; i < table.size(); i++) {
                table.setDouble(i, (i * 37) % 101);
            }
            Tensor view = viewOf(table);
            Tensor ids = Tensor.of(new long[] {0, 52, -1, 17, 17, 3}, 2, 3);
            Tensor expected = SimdKernelPathsTest.run(gather, 1, table, ids)[0];
            Tensor got = SimdKernelPathsTest.run(gather, 1, view, ids)[0];
            assertArrayEquals(RawData.encode(expected), RawData.encode(got), type.toString());
            assertFalse(view.isMaterialized(), type + ": Gather decoded its table");
        }
    }

    @Test
    void floatConstantsForPackingLeaveTheViewUndecoded() {
        Tensor w = random(4, 8, 3, 3, 3);
        Tensor view = viewOf(w);
        assertArrayEquals(w.floatData(), FloatConstants.forPacking(view));
        Tensor half = Tensor.ofFloat16(w.floatData(), 8, 3, 3, 3);
        Tensor halfView = viewOf(half);
        assertArrayEquals(FloatConstants.of(half), FloatConstants.forPacking(halfView));
        assertFalse(view.isMaterialized());
        assertFalse(halfView.isMaterialized());
    }

    private static Tensor viewOf(Tensor t) {
        return Tensor.viewOf(t.type(), t.shape(), ByteBuffer.wrap(RawData.encode(t)));
    }

    private static Tensor random(long seed, int... shape) {
        return SimdKernelPathsTest.random(seed, 1f, shape);
    }
}
