package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.minerua.error.ModelLoadException;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.RawData;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TensorProto's numeric repeated fields decode the same from the packed and the unpacked encoding; the bytes are
 * written here tag by tag, as other writers put them on the wire.
 */
class NumericFieldsTest {
    private static final float[] FLOATS = {1.5f, -2f, 0f, Float.MIN_VALUE, Float.NaN, 3e38f, -0f};
    private static final double[] DOUBLES = {1.5, -2, Double.MIN_VALUE, 1e300, -0.0};
    private static final long[] LONGS = {0, 1, -1, 127, 128, 300, Long.MAX_VALUE, Long.MIN_VALUE, -123456789012L};
    private static final int[] INTS = {0, 1, -1, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, 65535};

    /** Writes a tensor's header (dims as one packed run, data_type) and then whatever {@code body} adds. */
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static TensorProto tensor(DataType type, int count, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(CodedOutputStream.computeInt64SizeNoTag(count));
        out.writeInt64NoTag(count);
        out.writeInt32(2, type.code());
        body.write(out);
        out.flush();
        return TensorProto.parseFrom(bytes.toByteArray());
    }

    private static Tensor decode(TensorProto p) {
        Tensor t = TensorProtos.decode(p, "test", LoadOptions.DEFAULTS);
        // Whatever was parsed writes back so that it decodes the same.
        Tensor again;
        try {
            again = TensorProtos.decode(TensorProto.parseFrom(p.toByteArray()), "test", LoadOptions.DEFAULTS);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertArrayEquals(RawData.encode(t), RawData.encode(again), "round trip");
        return t;
    }

    /** The packed run of {@code field}: its tag, length, then {@code payload}. */
    private static void packed(CodedOutputStream out, int field, ByteString payload) throws IOException {
        out.writeBytes(field, payload);
    }

    @Test
    void floatDataPackedUnpackedAndSplitRunsAgree() throws IOException {
        Tensor packed = decode(tensor(DataType.FLOAT, FLOATS.length,
                out -> packed(out, 4, TensorProtos.packFloats(FLOATS))));
        Tensor unpacked = decode(tensor(DataType.FLOAT, FLOATS.length, out -> {
            for (float v : FLOATS) {
                out.writeFloat(4, v);
            }
        }));
        // A writer may split one packed field into several runs; the parser concatenates them.
        Tensor split = decode(tensor(DataType.FLOAT, FLOATS.length, out -> {
            packed(out, 4, TensorProtos.packFloats(FLOATS[0], FLOATS[1]));
            packed(out, 4, TensorProtos.packFloats());
            packed(out, 4, TensorProtos.packFloats(java.util.Arrays.copyOfRange(FLOATS, 2, FLOATS.length)));
        }));
        for (Tensor t : new Tensor[] {packed, unpacked, split}) {
            assertArrayEquals(FLOATS, t.floatData());
        }
    }

    @Test
    void doubleDataBothEncodings() throws IOException {
        Tensor packed = decode(tensor(DataType.DOUBLE, DOUBLES.length,
                out -> packed(out, 10, TensorProtos.packDoubles(DOUBLES))));
        Tensor unpacked = decode(tensor(DataType.DOUBLE, DOUBLES.length, out -> {
            for (double v : DOUBLES) {
                out.writeDouble(10, v);
            }
        }));
        assertArrayEquals(DOUBLES, packed.doubleData());
        assertArrayEquals(DOUBLES, unpacked.doubleData());
    }

    @Test
    void int64DataBothEncodings() throws IOException {
        Tensor packed = decode(tensor(DataType.INT64, LONGS.length,
                out -> packed(out, 7, TensorProtos.packVarints(LONGS))));
        Tensor unpacked = decode(tensor(DataType.INT64, LONGS.length, out -> {
            for (long v : LONGS) {
                out.writeInt64(7, v);
            }
        }));
        assertArrayEquals(LONGS, packed.longData());
        assertArrayEquals(LONGS, unpacked.longData());
    }

    @Test
    void int32DataBothEncodingsIncludingNegatives() throws IOException {
        long[] wide = new long[INTS.length];
        for (int i = 0; i < INTS.length; i++) {
            wide[i] = INTS[i];
        }
        Tensor packed = decode(tensor(DataType.INT32, INTS.length,
                out -> packed(out, 5, TensorProtos.packVarints(wide))));
        Tensor unpacked = decode(tensor(DataType.INT32, INTS.length, out -> {
            for (int v : INTS) {
                out.writeInt32(5, v); // negative int32 values take ten bytes on the wire
            }
        }));
        assertArrayEquals(INTS, packed.intData());
        assertArrayEquals(INTS, unpacked.intData());
    }

    @Test
    void float16BitsAndUint64BothEncodings() throws IOException {
        short[] halves = {Float.floatToFloat16(1.5f), Float.floatToFloat16(-2f), (short) 0x7C00};
        long[] bits = {halves[0] & 0xFFFF, halves[1] & 0xFFFF, halves[2] & 0xFFFF};
        Tensor packed = decode(tensor(DataType.FLOAT16, 3, out -> packed(out, 5, TensorProtos.packVarints(bits))));
        Tensor unpacked = decode(tensor(DataType.FLOAT16, 3, out -> {
            for (long v : bits) {
                out.writeInt32(5, (int) v);
            }
        }));
        assertArrayEquals(halves, packed.shortData());
        assertArrayEquals(halves, unpacked.shortData());

        long[] big = {0, 1, -1}; // uint64 max travels as the same 64 bits
        Tensor u = decode(tensor(DataType.UINT64, 3, out -> packed(out, 11, TensorProtos.packVarints(big))));
        Tensor v = decode(tensor(DataType.UINT64, 3, out -> {
            for (long x : big) {
                out.writeUInt64(11, x);
            }
        }));
        assertArrayEquals(big, u.longData());
        assertArrayEquals(big, v.longData());
    }

    @Test
    void badFieldsAreNamed() throws IOException {
        ModelLoadException count = assertThrows(ModelLoadException.class, () -> decode(tensor(DataType.FLOAT, 3,
                out -> packed(out, 4, TensorProtos.packFloats(1f, 2f)))));
        assertTrue(count.getMessage().contains("float_data has 2 values, the dims need 3"), count.getMessage());
        ModelLoadException ragged = assertThrows(ModelLoadException.class, () -> decode(tensor(DataType.FLOAT, 1,
                out -> packed(out, 4, ByteString.copyFrom(new byte[] {0, 0, (byte) 0x80, 0x3F, 1})))));
        assertTrue(ragged.getMessage().contains("not a multiple of 4"), ragged.getMessage());
        ModelLoadException cut = assertThrows(ModelLoadException.class, () -> decode(tensor(DataType.INT64, 1,
                out -> packed(out, 7, ByteString.copyFrom(new byte[] {(byte) 0x81})))));
        assertTrue(cut.getMessage().contains("int64_data ends inside a varint"), cut.getMessage());
        ModelLoadException mixed = assertThrows(ModelLoadException.class, () -> decode(tensor(DataType.FLOAT, 2,
                out -> {
                    packed(out, 4, TensorProtos.packFloats(1f));
                    out.writeFloat(4, 2f);
                })));
        assertTrue(mixed.getMessage().contains("mixes packed and unpacked"), mixed.getMessage());
    }
}
