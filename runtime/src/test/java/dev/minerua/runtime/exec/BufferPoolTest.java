package dev.minerua.runtime.exec;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import dev.minerua.tensor.TensorSequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class BufferPoolTest {

    @Test
    void releasedArrayComesBackZeroFilledAfterTheStep() {
        BufferPool pool = new BufferPool();
        Tensor a = pool.take(DataType.FLOAT, new int[]{2, 3});
        pool.retain(a);
        a.floatData()[4] = 7f;
        pool.release(a);
        // Still the same step: a kernel may hold it, so a new request gets another array.
        Tensor b = pool.take(DataType.FLOAT, new int[]{6});
        assertNotSame(a.floatData(), b.floatData());
        pool.retain(b); // b stays in a slot
        pool.recycle();
        Tensor c = pool.take(DataType.FLOAT, new int[]{3, 2});
        assertSame(a.floatData(), c.floatData(), "same storage kind and length: reused");
        assertEquals(0f, c.floatData()[4]);
        assertEquals(List.of(3, 2), List.of(c.dim(0), c.dim(1)));
    }

    @Test
    void anArrayHeldByAViewOrASequenceIsNotReused() {
        BufferPool pool = new BufferPool();
        Tensor a = pool.take(DataType.INT64, new int[]{4});
        pool.retain(a);
        Tensor view = a.reshape(2, 2);
        pool.retain(view);
        pool.retain(new TensorSequence(DataType.INT64, List.of(a)));
        pool.release(a);
        pool.release(view);
        pool.recycle();
        assertNotSame(a.longData(), pool.take(DataType.INT64, new int[]{4}).longData());
    }

    @Test
    void disownedOutputsAndOtherKindsAreNeverHandedOut() {
        BufferPool pool = new BufferPool();
        Tensor out = pool.take(DataType.FLOAT, new int[]{8});
        pool.retain(out);
        pool.disown(out);
        pool.release(out);
        pool.endRun();
        Tensor ints = pool.take(DataType.INT32, new int[]{8});
        Tensor floats = pool.take(DataType.FLOAT, new int[]{8});
        assertNotSame(out.floatData(), floats.floatData());
        assertEquals(8, ints.intData().length);
    }

    @Test
    void freeArraysUnusedByARunAreDroppedAtItsEnd() {
        BufferPool pool = new BufferPool();
        Tensor a = pool.take(DataType.FLOAT, new int[]{5}); // scratch, never held by a slot
        pool.endRun(); // run 0 used it: kept
        pool.endRun(); // run 1 did not: dropped
        assertNotSame(a.floatData(), pool.take(DataType.FLOAT, new int[]{5}).floatData());
        long created = pool.createdSlots();
        assertEquals(10, created);
    }

    /**
     * A run repeating the last run's requests gets the very same tensors, in the same order, whatever order the
     * arrays came free in: kernels that remember their last tensors (views, concat copies, GEMM operands) then
     * find them again, and a steady-state run makes no tensor objects.
     */
    @Test
    void aRunLikeTheLastGetsTheSameTensorsInTheSameOrder() {
        BufferPool pool = new BufferPool();
        Tensor[] first = runOf(pool);
        Tensor[] second = runOf(pool);
        Tensor[] third = runOf(pool);
        for (int i = 0; i < first.length; i++) {
            assertSame(second[i], third[i], "request " + i);
        }
        assertEquals(first.length * 6L, pool.createdSlots(), "no array created after the first run");
    }

    /** One run: three tensors of one size and two shapes, released in request order, one per step. */
    private static Tensor[] runOf(BufferPool pool) {
        Tensor[] t = {pool.take(DataType.FLOAT, new int[]{2, 3}), pool.take(DataType.FLOAT, new int[]{6}),
                pool.take(DataType.FLOAT, new int[]{3, 2})};
        for (Tensor x : t) {
            pool.retain(x);
        }
        pool.recycle();
        for (Tensor x : t) {
            pool.release(x);
            pool.recycle();
        }
        pool.endRun();
        return t;
    }

    /**
     * An output handed to the caller leaves a gap in the pool every run. The request that made it must not fill the
     * gap with a free array a later request of the run got last time, or that request's array (and every kernel memo
     * keyed by it) would change on every run.
     */
    @Test
    void anOutputTakingAFreedArrayDoesNotMakeLaterRequestsRotate() {
        BufferPool pool = new BufferPool();
        Tensor[][] runs = new Tensor[4][];
        for (int r = 0; r < runs.length; r++) {
            runs[r] = runWithOutput(pool);
        }
        long before = pool.createdSlots();
        Tensor[] fifth = runWithOutput(pool);
        assertSame(runs[3][0], fifth[0], "the value requested before the output");
        assertSame(runs[3][2], fifth[2], "the value requested after the output");
        assertNotSame(runs[3][1].floatData(), fifth[1].floatData(), "the output is the caller's");
        assertEquals(before + 6, pool.createdSlots(), "a steady run creates only its output");
    }

    /** One run: a scratch value, freed before the output is made, then the output, then another value. */
    private static Tensor[] runWithOutput(BufferPool pool) {
        Tensor a = pool.take(DataType.FLOAT, new int[]{6});
        pool.retain(a);
        pool.recycle();
        pool.release(a);
        pool.recycle();
        Tensor out = pool.take(DataType.FLOAT, new int[]{2, 3});
        pool.retain(out);
        pool.recycle();
        Tensor b = pool.take(DataType.FLOAT, new int[]{3, 2});
        pool.retain(b);
        pool.recycle();
        pool.release(b);
        pool.recycle();
        pool.disown(out);
        pool.release(out);
        pool.endRun();
        return new Tensor[] {a, out, b};
    }
}
