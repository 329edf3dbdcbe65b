package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import dev.minerua.error.ModelLoadException;
import dev.minerua.error.TensorSizeException;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.RawData;
import dev.minerua.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Converts between {@link TensorProto} and {@link Tensor}. */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** Decodes a tensor held inline (not external data). */
    public static Tensor decode(TensorProto proto, String where, LoadOptions options) {
        return decode(proto, where, options, null);
    }

    /**
     * Decodes a tensor; {@code external} resolves {@code data_location = EXTERNAL} (null: external data is an error).
     *
     * @param where how error messages name the tensor's place in the model
     */
    public static Tensor decode(TensorProto proto, String where, LoadOptions options, ExternalData external) {
        String name = where + " tensor '" + proto.getName() + "'";
        DataType type;
        try {
            type = DataType.fromCode(proto.getDataType());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(name + ": field data_type has unknown value " + proto.getDataType());
        }
        long[] dims = new long[proto.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = proto.getDims(i);
        }
        long count;
        try {
            count = Tensor.elementCount(dims);
        } catch (TensorSizeException e) {
            throw new TensorSizeException(name + ": " + e.getMessage());
        }
        if (count * type.slotsPerElement() > options.maxTensorElements()) {
            throw new TensorSizeException(name + ": dims " + Arrays.toString(dims) + " declare " + count
                    + " elements, over the limit of " + options.maxTensorElements());
        }
        if (proto.hasSegment()) {
            throw new ModelLoadException(name + ": segmented tensors (field segment) are not supported");
        }
        try {
            if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                if (external == null) {
                    throw new ModelLoadException(name + " uses external data, but the model was not loaded from a file");
                }
                return fromRaw(type, dims, external.read(proto, name, RawData.byteLength(type, count)));
            }
            if (!proto.getRawData().isEmpty()) {
                return fromRaw(type, dims, proto.getRawData().asReadOnlyByteBuffer());
            }
            return fromTypedFields(proto, type, dims, (int) count, name);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A tensor over raw bytes: a view of them ({@link Tensor#viewOf}) when they are at least {@link #VIEW_MIN_BYTES}
     * long, so a weight stays in the mapped file until a kernel needs it as an array (and one that repacks it never
     * does); smaller tensors (shapes, scalars, axes) are decoded now, as an array costs less than a view's bookkeeping.
     */
    private static Tensor fromRaw(DataType type, long[] dims, ByteBuffer bytes) {
        return bytes.remaining() >= VIEW_MIN_BYTES ? Tensor.viewOf(type, dims, bytes) : Tensor.fromBytes(type, dims, bytes);
    }

    /**
     * Raw data shorter than this is decoded at load time rather than kept as a view (property
     * {@code minerua.weightViewMinBytes}; a huge value turns views off, to compare).
     */
    static final int VIEW_MIN_BYTES = Integer.getInteger("minerua.weightViewMinBytes", 1024);

    private static Tensor fromTypedFields(TensorProto p, DataType type, long[] dims, int count, String name) {
        int slots = count * type.slotsPerElement();
        Tensor t = Tensor.allocate(type, Tensor.toIntShape(dims));
        switch (type) {
            case FLOAT, COMPLEX64 -> {
                need(p.getFloatDataCount(), slots, "float_data", name);
                float[] d = t.floatData();
                for (int i = 0; i < slots; i++) {
                    d[i] = p.getFloatData(i);
                }
            }
            case DOUBLE, COMPLEX128 -> {
                need(p.getDoubleDataCount(), slots, "double_data", name);
                double[] d = t.doubleData();
                for (int i = 0; i < slots; i++) {
                    d[i] = p.getDoubleData(i);
                }
            }
            case INT64 -> {
                need(p.getInt64DataCount(), slots, "int64_data", name);
                long[] d = t.longData();
                for (int i = 0; i < slots; i++) {
                    d[i] = p.getInt64Data(i);
                }
            }
            case UINT32, UINT64 -> {
                need(p.getUint64DataCount(), slots, "uint64_data", name);
                for (int i = 0; i < slots; i++) {
                    t.setLong(i, p.getUint64Data(i));
                }
            }
            case STRING -> {
                need(p.getStringDataCount(), slots, "string_data", name);
                String[] d = t.stringData();
                for (int i = 0; i < slots; i++) {
                    d[i] = p.getStringData(i).toString(StandardCharsets.UTF_8);
                }
            }
            case FLOAT16, BFLOAT16 -> {
                // 16-bit floats travel as their bit patterns in int32_data.
                need(p.getInt32DataCount(), slots, "int32_data", name);
                short[] d = t.shortData();
                for (int i = 0; i < slots; i++) {
                    d[i] = (short) p.getInt32Data(i);
                }
            }
            case INT4, UINT4, INT2, UINT2, FLOAT4E2M1 -> {
                // Sub-byte types pack several elements into each int32_data entry's low byte.
                int perEntry = 8 / type.bitWidth();
                need(p.getInt32DataCount(), (slots + perEntry - 1) / perEntry, "int32_data", name);
                byte[] packed = new byte[p.getInt32DataCount()];
                for (int i = 0; i < packed.length; i++) {
                    packed[i] = (byte) p.getInt32Data(i);
                }
                return Tensor.fromBytes(type, dims, ByteBuffer.wrap(packed));
            }
            default -> {
                // bool, int8/16/32, uint8/16 and the float8 variants: one element per int32_data entry.
                need(p.getInt32DataCount(), slots, "int32_data", name);
                for (int i = 0; i < slots; i++) {
                    if (type.storage() == DataType.Storage.BYTE && !type.isInteger()) {
                        t.byteData()[i] = (byte) p.getInt32Data(i);
                    } else {
                        t.setLong(i, p.getInt32Data(i));
                    }
                }
            }
        }
        return t;
    }

    private static void need(int have, int want, String field, String name) {
        if (have != want) {
            throw new ModelLoadException(name + ": field " + field + " has " + have + " values, the dims need " + want);
        }
    }

    /** Encodes a tensor as a TensorProto with raw_data (strings use string_data). */
    public static TensorProto encode(Tensor t, String name) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.type().code());
        for (int d : t.dims()) {
            b.addDims(d);
        }
        if (t.type() == DataType.STRING) {
            for (String s : t.stringData()) {
                b.addStringData(ByteString.copyFromUtf8(s));
            }
        } else {
            b.setRawData(ByteString.copyFrom(RawData.encode(t)));
        }
        return b.build();
    }
}
