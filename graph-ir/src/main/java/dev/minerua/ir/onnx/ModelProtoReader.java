package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.TensorProto;

import java.io.IOException;

/**
 * Parses a {@link ModelProto} like the generated parser, except for the main graph's initializers that hold their
 * values in packed {@code float_data} or {@code double_data}: those come back with the same values in
 * {@code raw_data} instead, aliasing the model's bytes. A packed fixed-width field is byte for byte the
 * little-endian array {@code raw_data} holds, so nothing is converted here; the generated parser instead reads and
 * appends one element at a time, in a loop the JIT has not compiled by a JVM's first few sessions (mnist-8's 6,000
 * floats were about a fifth of a warm session creation), and {@link TensorProtos} then copied them out one at a time
 * again.
 *
 * <p>Only the top of the message is walked here: every other field (and every byte range between the rewritten
 * initializers) is handed, as a slice of the same bytes, to the generated parser, whose merge semantics make parsing
 * the pieces in order the same as parsing the whole. Any tensor this reader does not recognise as the plain case (a
 * type other than FLOAT or DOUBLE, an unpacked value, a field besides name, dims and data_type such as {@code raw_data},
 * external data or a doc string, a value count the dims do not declare) goes to the generated parser whole. Malformed bytes throw {@link IOException} or a runtime
 * exception; the caller then parses with the generated parser alone, which reports where the bytes went wrong.
 */
final class ModelProtoReader {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_DOC_STRING = 12;
    /** data_location: every TensorProto field up to it says something about where or how the values are stored. */
    private static final int TENSOR_LAST_STORAGE_FIELD = 14;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_DOUBLE_DATA = 10;

    private final ByteString bytes;

    private ModelProtoReader(ByteString bytes) {
        this.bytes = bytes;
    }

    /** Parses {@code bytes}, which must stay unchanged while the model (its {@code raw_data} aliases them) lives. */
    static ModelProto parse(ByteString bytes) throws IOException {
        return new ModelProtoReader(bytes).readModel();
    }

    private ModelProto readModel() throws IOException {
        CodedInputStream in = slice(0, bytes.size());
        ModelProto.Builder model = ModelProto.newBuilder();
        int pending = 0;
        while (true) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag != lengthDelimited(MODEL_GRAPH)) {
                in.skipField(tag);
                continue;
            }
            mergeSlice(model, pending, start);
            int length = in.readRawVarint32();
            int from = in.getTotalBytesRead();
            checkLength(length, from, bytes.size());
            model.mergeGraph(readGraph(from, from + length));
            in.skipRawBytes(length);
            pending = in.getTotalBytesRead();
        }
        mergeSlice(model, pending, in.getTotalBytesRead());
        return model.build();
    }

    private GraphProto readGraph(int from, int to) throws IOException {
        CodedInputStream in = slice(from, to);
        GraphProto.Builder graph = GraphProto.newBuilder();
        int pending = from;
        while (true) {
            int start = from + in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag != lengthDelimited(GRAPH_INITIALIZER)) {
                in.skipField(tag);
                continue;
            }
            int length = in.readRawVarint32();
            checkLength(length, from + in.getTotalBytesRead(), to);
            int outer = in.pushLimit(length);
            TensorProto packed = readPackedTensor(in, from);
            in.skipRawBytes(in.getBytesUntilLimit());
            in.popLimit(outer);
            if (packed != null) {
                mergeSlice(graph, pending, start);
                graph.addInitializer(packed);
                pending = from + in.getTotalBytesRead();
            }
        }
        mergeSlice(graph, pending, to);
        return graph.buildPartial();
    }

    /**
     * The tensor {@code in} is at (its length pushed as the limit; {@code base} is the offset of {@code in}'s first
     * byte in the model) with its packed float or double values moved into {@code raw_data}, or null when it is not
     * that plain case. Name, dims, data_type and the data are read here, in the graph's stream (the generated parser
     * over a slice per field was most of this in a JVM's first sessions, which run it interpreted); any other field
     * is merged by the generated parser from its own bytes. On null the caller skips the rest of the tensor and the
     * generated parser reads it with the graph.
     */
    private TensorProto readPackedTensor(CodedInputStream in, int base) throws IOException {
        TensorProto.Builder tensor = TensorProto.newBuilder();
        int dataField = 0;
        int dataFrom = -1;
        int dataTo = -1;
        int dataType = 0;
        while (true) {
            int start = base + in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = tag >>> 3;
            if (tag == varint(TENSOR_DATA_TYPE)) {
                dataType = in.readInt32();
                if (dataType != TensorProto.DataType.FLOAT_VALUE && dataType != TensorProto.DataType.DOUBLE_VALUE) {
                    return null; // most initializers of most models: given up at once
                }
            } else if (tag == varint(TENSOR_DIMS)) {
                tensor.addDims(in.readInt64());
            } else if (tag == lengthDelimited(TENSOR_DIMS)) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    tensor.addDims(in.readInt64());
                }
                in.popLimit(limit);
            } else if (tag == lengthDelimited(TENSOR_NAME)) {
                tensor.setName(in.readStringRequireUtf8());
            } else if (field == TENSOR_FLOAT_DATA || field == TENSOR_DOUBLE_DATA) {
                if (dataField != 0 || tag != lengthDelimited(field)) {
                    return null; // several chunks, or unpacked values: rare, left to the generated parser
                }
                dataField = field;
                int length = in.readRawVarint32();
                dataFrom = base + in.getTotalBytesRead();
                dataTo = dataFrom + length;
                in.skipRawBytes(length);
            } else if (field <= TENSOR_LAST_STORAGE_FIELD && field != TENSOR_DOC_STRING) {
                return null; // another storage form (raw_data, int64_data, external data, a segment...)
            } else {
                in.skipField(tag); // a doc string, metadata, an unknown field: the generated parser merges it alone
                mergeSlice(tensor, start, base + in.getTotalBytesRead());
            }
        }
        boolean floats = dataField == TENSOR_FLOAT_DATA;
        int wanted = (floats ? TensorProto.DataType.FLOAT : TensorProto.DataType.DOUBLE).getNumber();
        if (dataField == 0 || dataType != wanted || !tensor.getRawData().isEmpty() || tensor.hasSegment()
                || tensor.getFloatDataCount() > 0 || tensor.getDoubleDataCount() > 0
                || tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL
                || declaredBytes(tensor, floats ? Float.BYTES : Double.BYTES) != dataTo - dataFrom) {
            return null;
        }
        return tensor.setDataType(dataType).setRawData(bytes.substring(dataFrom, dataTo)).buildPartial();
    }

    /** The bytes the tensor's dims declare at {@code elementBytes} each, or -1 when that is not a sane int. */
    private static long declaredBytes(TensorProto.Builder tensor, int elementBytes) {
        long count = elementBytes;
        for (int i = 0; i < tensor.getDimsCount(); i++) {
            long d = tensor.getDims(i);
            if (d < 0 || (d > 0 && count > Integer.MAX_VALUE / d)) {
                return -1;
            }
            count *= d;
        }
        return count;
    }

    private static int lengthDelimited(int field) {
        return field << 3 | 2;
    }

    private static int varint(int field) {
        return field << 3;
    }

    private static void checkLength(int length, int from, int to) throws InvalidProtocolBufferException {
        if (length < 0 || length > to - from) {
            throw new InvalidProtocolBufferException("a length of " + length + " bytes runs past its enclosing message (" + (to - from) + " bytes left)");
        }
    }

    private CodedInputStream slice(int from, int to) throws InvalidProtocolBufferException {
        CodedInputStream in = bytes.substring(from, to).newCodedInput();
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        return in;
    }

    /** Parses {@code [from, to)} into {@code builder} with the generated parser (merging, as protobuf does). */
    private void mergeSlice(com.google.protobuf.Message.Builder builder, int from, int to) throws IOException {
        if (to > from) {
            builder.mergeFrom(slice(from, to));
        }
    }
}
