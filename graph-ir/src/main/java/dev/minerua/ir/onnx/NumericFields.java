package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.minerua.error.ModelLoadException;
import dev.minerua.onnx.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads the numeric repeated fields of a {@link TensorProto} ({@code float_data}, {@code int32_data},
 * {@code int64_data}, {@code double_data}, {@code uint64_data}). Minerua's .proto declares them as {@code bytes}
 * so that the usual packed encoding arrives as aliased runs of bytes that are read here straight into the
 * destination array; the unpacked encoding (one tagged value per element, which the wire-type mismatch sends to
 * the unknown fields) is read from there. Packed and unpacked values of one field in one tensor would need their
 * interleaving on the wire, which the parse does not keep: such a tensor is refused with a clear error.
 */
final class NumericFields {
    static final int FLOAT_DATA = 4;
    static final int INT32_DATA = 5;
    static final int INT64_DATA = 7;
    static final int DOUBLE_DATA = 10;
    static final int UINT64_DATA = 11;

    private NumericFields() {
    }

    /** The 32-bit floats of {@code float_data} into {@code dest}, which must be exactly as long as the field. */
    static void floats(TensorProto p, float[] dest, String name) {
        List<ByteString> packed = p.getFloatDataPackedList();
        UnknownFieldSet.Field unpacked = unpacked(p, FLOAT_DATA, packed, "float_data", name);
        if (unpacked != null) {
            List<Integer> bits = unpacked.getFixed32List();
            need(bits.size(), dest.length, "float_data", name);
            for (int i = 0; i < dest.length; i++) {
                dest[i] = Float.intBitsToFloat(bits.get(i));
            }
            return;
        }
        need(fixedCount(packed, Float.BYTES, "float_data", name), dest.length, "float_data", name);
        int at = 0;
        for (ByteString run : packed) {
            int n = run.size() / Float.BYTES;
            little(run).asFloatBuffer().get(dest, at, n);
            at += n;
        }
    }

    /** The 64-bit floats of {@code double_data} into {@code dest}, which must be exactly as long as the field. */
    static void doubles(TensorProto p, double[] dest, String name) {
        List<ByteString> packed = p.getDoubleDataPackedList();
        UnknownFieldSet.Field unpacked = unpacked(p, DOUBLE_DATA, packed, "double_data", name);
        if (unpacked != null) {
            List<Long> bits = unpacked.getFixed64List();
            need(bits.size(), dest.length, "double_data", name);
            for (int i = 0; i < dest.length; i++) {
                dest[i] = Double.longBitsToDouble(bits.get(i));
            }
            return;
        }
        need(fixedCount(packed, Double.BYTES, "double_data", name), dest.length, "double_data", name);
        int at = 0;
        for (ByteString run : packed) {
            int n = run.size() / Double.BYTES;
            little(run).asDoubleBuffer().get(dest, at, n);
            at += n;
        }
    }

    /**
     * The values of a varint field ({@code int32_data}, {@code int64_data} or {@code uint64_data}, by field
     * number) as 64-bit two's complement, as many as the field holds.
     */
    static long[] varints(TensorProto p, int number, String field, String name) {
        List<ByteString> packed = switch (number) {
            case INT32_DATA -> p.getInt32DataPackedList();
            case INT64_DATA -> p.getInt64DataPackedList();
            case UINT64_DATA -> p.getUint64DataPackedList();
            default -> throw new IllegalArgumentException("field " + number + " is not a varint field");
        };
        UnknownFieldSet.Field unpacked = unpacked(p, number, packed, field, name);
        if (unpacked != null) {
            List<Long> values = unpacked.getVarintList();
            long[] out = new long[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
        int count = 0;
        for (ByteString run : packed) {
            int size = run.size();
            if (size > 0 && run.byteAt(size - 1) < 0) {
                throw new ModelLoadException(name + ": field " + field + " ends inside a varint");
            }
            ByteBuffer b = run.asReadOnlyByteBuffer();
            for (int i = b.position(), end = b.limit(); i < end; i++) {
                count += b.get(i) >>> 31 ^ 1; // a byte without its continuation bit ends one value
            }
        }
        long[] out = new long[count];
        int at = 0;
        for (ByteString run : packed) {
            ByteBuffer b = run.asReadOnlyByteBuffer();
            int i = b.position();
            int end = b.limit();
            while (i < end) {
                long v = 0;
                int shift = 0;
                byte x;
                do {
                    if (shift > 63) {
                        throw new ModelLoadException(name + ": field " + field + " holds a varint over 10 bytes");
                    }
                    x = b.get(i++);
                    v |= (long) (x & 0x7F) << shift;
                    shift += 7;
                } while (x < 0);
                out[at++] = v;
            }
        }
        return out;
    }

    /** The field's unpacked values, or null when it has none; refuses a field that mixes both encodings. */
    private static UnknownFieldSet.Field unpacked(TensorProto p, int number, List<ByteString> packed, String field,
                                                 String name) {
        UnknownFieldSet unknown = p.getUnknownFields();
        if (!unknown.hasField(number)) {
            return null;
        }
        if (!packed.isEmpty()) {
            throw new ModelLoadException(name + ": field " + field
                    + " mixes packed and unpacked encodings, whose order Minerua does not keep");
        }
        return unknown.getField(number);
    }

    private static int fixedCount(List<ByteString> packed, int width, String field, String name) {
        long bytes = 0;
        for (ByteString run : packed) {
            if (run.size() % width != 0) {
                throw new ModelLoadException(name + ": field " + field + " has a packed run of " + run.size()
                        + " bytes, not a multiple of " + width);
            }
            bytes += run.size();
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes / width);
    }

    private static ByteBuffer little(ByteString run) {
        return run.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    static void need(int have, int want, String field, String name) {
        if (have != want) {
            throw new ModelLoadException(name + ": field " + field + " has " + have + " values, the dims need " + want);
        }
    }
}
