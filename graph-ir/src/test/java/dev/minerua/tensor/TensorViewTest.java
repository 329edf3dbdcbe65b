package dev.minerua.tensor;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tensor viewing raw bytes ({@link Tensor#viewOf}) decodes to exactly what the eager decoder makes, only when an
 * array is asked for, once (also when several threads ask at the same time); copies and one-time reads leave it
 * undecoded.
 */
class TensorViewTest {
    private static final long[] SHAPE = {3, 5, 7};

    @Test
    void everyFixedWidthTypeDecodesAsTheEagerDecoderDoes() {
        for (DataType type : DataType.values()) {
            if (type == DataType.STRING || type == DataType.BOOL || type.bitWidth() < 8) {
                continue;
            }
            byte[] bytes = randomBytes(type.ordinal(), (int) RawData.byteLength(type, 3 * 5 * 7));
            Tensor view = Tensor.viewOf(type, SHAPE, ByteBuffer.wrap(bytes));
            Tensor eager = Tensor.fromBytes(type, SHAPE, ByteBuffer.wrap(bytes));
            assertTrue(view.isView(), type.toString());
            assertFalse(view.isMaterialized(), type + " is decoded before anyone asks");
            assertArrayEquals(bytes, bytesOf(view.rawBytes()), type.toString());
            assertTrue(Objects.deepEquals(eager.data(), view.data()), type + " decodes differently");
            assertTrue(view.isMaterialized(), type.toString());
            assertArrayEquals(bytes, RawData.encode(view), type.toString());
            assertSame(view.data(), view.data(), type + " is decoded once");
        }
    }

    @Test
    void copiesAndOneTimeReadsLeaveTheViewUndecoded() {
        byte[] bytes = randomBytes(7, 4 * 3 * 5 * 7);
        Tensor view = Tensor.viewOf(DataType.FLOAT, SHAPE, ByteBuffer.wrap(bytes));
        float[] expected = Tensor.fromBytes(DataType.FLOAT, SHAPE, ByteBuffer.wrap(bytes)).floatData();
        float[] rows = new float[12];
        view.copySlots(30, rows, 2, 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(Float.floatToRawIntBits(expected[30 + i]), Float.floatToRawIntBits(rows[2 + i]));
        }
        assertArrayEquals(expected, view.transientFloatData());
        assertNotSame(view.transientFloatData(), view.transientFloatData(), "a one-time read is not kept");
        assertArrayEquals(expected, view.copy().floatData());
        assertArrayEquals(expected, view.asFloats());
        Tensor reshaped = view.reshape(15, 7);
        assertFalse(view.isMaterialized());
        assertFalse(reshaped.isMaterialized());
        assertEquals(expected.length * 4L, view.rawSegment().byteSize());
        // A reshape shares the view, so either decoding serves both.
        assertSame(reshaped.floatData(), view.floatData());
        assertSame(view.floatData(), view.transientFloatData(), "once decoded, one-time reads take the kept array");
    }

    @Test
    void concurrentFirstAccessesGetOneArray() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                Tensor view = Tensor.viewOf(DataType.INT64, new long[] {4096},
                        ByteBuffer.wrap(randomBytes(round, 8 * 4096)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Object>> got = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    got.add(pool.submit(() -> {
                        start.await();
                        return view.data();
                    }));
                }
                start.countDown();
                Object first = got.getFirst().get();
                for (Future<Object> f : got) {
                    assertSame(first, f.get(), "two decodings of one view");
                }
                assertArrayEquals(Tensor.fromBytes(DataType.INT64, new long[] {4096}, view.rawBytes()).longData(),
                        (long[]) first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void typesWithoutAFixedWidthFormAreDecodedAtOnce() {
        Tensor bools = Tensor.viewOf(DataType.BOOL, new long[] {4}, ByteBuffer.wrap(new byte[] {0, 1, 2, 0}));
        assertFalse(bools.isView());
        assertTrue(bools.isMaterialized());
        assertArrayEquals(new boolean[] {false, true, true, false}, bools.booleanData());
        Tensor int4 = Tensor.viewOf(DataType.INT4, new long[] {3}, ByteBuffer.wrap(new byte[] {(byte) 0xF7, 0x01}));
        assertFalse(int4.isView());
        assertArrayEquals(new byte[] {7, -1, 1}, int4.byteData());
        assertTrue(Tensor.of(new float[] {1}, 1).isMaterialized());
        assertEquals(null, Tensor.of(new float[] {1}, 1).rawBytes());
    }

    @Test
    void aViewOfTheWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.viewOf(DataType.FLOAT, new long[] {4}, ByteBuffer.wrap(new byte[15])));
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
