package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.minerua.error.ModelLoadException;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.NodeProto;
import dev.minerua.onnx.StringStringEntryProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ModelProtoReader} against protobuf-java's generated parser: the same message, except that packed float and
 * double initializers hold their values in {@code raw_data}; malformed bytes fail cleanly.
 */
class ModelProtoReaderTest {

    // ---- the shared models and every backend-test model ----

    @Test
    void sameAsGeneratedParserOnSharedModelsAndBackendCases() throws IOException {
        Path shared = Path.of(System.getProperty("minerua.shared.dir", "../../shared"));
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("models", "onnx-backend-tests")) {
            try (Stream<Path> s = Files.walk(shared.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".onnx")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 1000, "expected the shared models and backend cases under " + shared);
        int rewritten = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            ModelProto official = ModelProto.parseFrom(bytes);
            ModelProto fast = ModelProtoReader.parse(UnsafeByteOperations.unsafeWrap(bytes));
            assertEquals(canonical(official), canonical(fast), f.toString());
            rewritten += rewrittenInitializers(official, fast);
        }
        // mnist-8 keeps its weights in float_data: the fast path must have been taken there.
        assertTrue(rewritten >= 4, "rewritten initializers: " + rewritten);
    }

    // ---- each storage form of TensorProto ----

    @Test
    void packedFloatAndDoubleBecomeRawDataWithTheSameValues() throws IOException {
        TensorProto f = TensorProto.newBuilder().setName("f").setDataType(1).addDims(2).addDims(3)
                .addAllFloatData(List.of(1f, -2.5f, Float.NaN, 0f, -0f, Float.MIN_VALUE)).build();
        TensorProto d = TensorProto.newBuilder().setName("d").setDataType(11).addDims(2)
                .addAllDoubleData(List.of(Math.PI, -1e300)).build();
        ModelProto fast = roundTrip(model(f, d));
        TensorProto ff = fast.getGraph().getInitializer(0);
        TensorProto fd = fast.getGraph().getInitializer(1);
        assertEquals(0, ff.getFloatDataCount());
        assertEquals(0, fd.getDoubleDataCount());
        assertArrayEquals(decode(f).floatData(), decode(ff).floatData());
        assertArrayEquals(decode(d).doubleData(), decode(fd).doubleData());
        assertEquals(f.toBuilder().clearFloatData().build(), ff.toBuilder().clearRawData().build());
    }

    @Test
    void otherStorageFormsAreLeftToTheGeneratedParser() throws IOException {
        List<TensorProto> tensors = List.of(
                TensorProto.newBuilder().setName("raw").setDataType(1).addDims(1)
                        .setRawData(ByteString.copyFrom(new byte[4])).build(),
                TensorProto.newBuilder().setName("i64").setDataType(7).addDims(3).addAllInt64Data(List.of(1L, -2L, 3L))
                        .build(),
                TensorProto.newBuilder().setName("i32").setDataType(6).addDims(2).addAllInt32Data(List.of(7, -9))
                        .build(),
                TensorProto.newBuilder().setName("s").setDataType(8).addDims(2)
                        .addStringData(ByteString.copyFromUtf8("a")).addStringData(ByteString.copyFromUtf8("bc"))
                        .build(),
                TensorProto.newBuilder().setName("u64").setDataType(13).addDims(1).addUint64Data(-1L).build(),
                TensorProto.newBuilder().setName("c64").setDataType(14).addDims(1).addAllFloatData(List.of(1f, 2f))
                        .build(),
                TensorProto.newBuilder().setName("ext").setDataType(1).addDims(1)
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin"))
                        .build(),
                TensorProto.newBuilder().setName("seg").setDataType(1).addDims(1).addFloatData(1f)
                        .setSegment(TensorProto.Segment.newBuilder().setBegin(0).setEnd(1)).build(),
                // Both raw_data and float_data (invalid): the loader must still see both and complain.
                TensorProto.newBuilder().setName("both").setDataType(1).addDims(1).addFloatData(1f)
                        .setRawData(ByteString.copyFrom(new byte[4])).build(),
                // A count the dims do not declare: the loader's message names float_data.
                TensorProto.newBuilder().setName("short").setDataType(1).addDims(3).addFloatData(1f).build(),
                TensorProto.newBuilder().setName("empty").setDataType(1).addDims(0).build());
        ModelProto m = model(tensors.toArray(TensorProto[]::new));
        assertEquals(m, roundTrip(m));
    }

    @Test
    void unpackedAndSplitFloatDataParseAsTheGeneratedParserDoes() throws IOException {
        // float_data as three unpacked values, then as two packed chunks: both legal encodings.
        ByteArrayOutputStream unpacked = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(unpacked);
        out.writeInt64(1, 3);
        out.writeInt32(2, 1);
        for (float v : new float[]{1f, 2f, 3f}) {
            out.writeFloat(4, v);
        }
        out.writeString(8, "u");
        out.flush();
        ByteArrayOutputStream split = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(split);
        out.writeString(8, "s");
        out.writeInt64(1, 3);
        out.writeInt32(2, 1);
        out.writeByteArray(4, floats(1f, 2f));
        out.writeByteArray(4, floats(3f));
        out.flush();
        byte[] bytes = modelBytes(unpacked.toByteArray(), split.toByteArray());
        ModelProto official = ModelProto.parseFrom(bytes);
        assertEquals(3, official.getGraph().getInitializer(1).getFloatDataCount());
        assertEquals(official, ModelProtoReader.parse(UnsafeByteOperations.unsafeWrap(bytes)));
    }

    @Test
    void overlongKeysFieldsInAnyOrderAndUnknownFieldsAreKept() throws IOException {
        // name last, the packed data's key spelled in two bytes (0xA2 0x00), an unknown field 99 in the tensor,
        // the graph split in two occurrences (protobuf merges them), nodes between initializers.
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(t);
        out.writeInt32(2, 1);
        out.writeInt64(1, 2);
        out.writeRawBytes(new byte[]{(byte) 0xA2, 0x00});
        byte[] data = floats(4f, 5f);
        out.writeUInt32NoTag(data.length);
        out.writeRawBytes(data);
        out.writeString(99, "unknown");
        out.writeString(8, "w");
        out.flush();
        ByteArrayOutputStream g1 = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(g1);
        out.writeMessage(1, NodeProto.newBuilder().setOpType("Relu").addInput("w").addOutput("y").build());
        out.writeByteArray(5, t.toByteArray());
        out.writeString(2, "g");
        out.flush();
        ByteArrayOutputStream g2 = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(g2);
        out.writeByteArray(5, TensorProto.newBuilder().setName("v").setDataType(1).addDims(1).addFloatData(6f).build()
                .toByteArray());
        out.writeMessage(1, NodeProto.newBuilder().setOpType("Relu").addInput("v").addOutput("z").build());
        out.flush();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(m);
        out.writeInt64(1, 8);
        out.writeByteArray(7, g1.toByteArray());
        out.writeString(2, "producer");
        out.writeByteArray(7, g2.toByteArray());
        out.flush();
        byte[] bytes = m.toByteArray();
        ModelProto official = ModelProto.parseFrom(bytes);
        ModelProto fast = ModelProtoReader.parse(UnsafeByteOperations.unsafeWrap(bytes));
        assertEquals(canonical(official), canonical(fast));
        assertEquals(2, rewrittenInitializers(official, fast));
        assertFalse(fast.getGraph().getInitializer(0).getUnknownFields().asMap().isEmpty());
    }

    @Test
    void dimsPackedOrNotRepeatedNamesAndDocStringsAreReadAsTheGeneratedParserDoes() throws IOException {
        // dims unpacked (one varint each) and packed in two runs, the name given twice (the last wins), a doc string
        // and data_type between them: each tensor is still rewritten and otherwise equal to the official parse.
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(a);
        out.writeString(8, "first");
        out.writeInt64(1, 2);
        out.writeString(12, "a doc string");
        out.writeInt64(1, 1);
        out.writeInt32(2, 1);
        out.writeByteArray(4, floats(1f, 2f));
        out.writeString(8, "a");
        out.flush();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(b);
        out.writeByteArray(1, new byte[]{1, 2}); // packed dims 1, 2
        out.writeByteArray(10, doubles(3.0, -4.0));
        out.writeInt32(2, 11);
        out.writeByteArray(1, new byte[]{1}); // a second packed run: dims 1, 2, 1
        out.writeString(8, "b");
        out.flush();
        byte[] bytes = modelBytes(a.toByteArray(), b.toByteArray());
        ModelProto official = ModelProto.parseFrom(bytes);
        ModelProto fast = ModelProtoReader.parse(UnsafeByteOperations.unsafeWrap(bytes));
        assertEquals(canonical(official), canonical(fast));
        assertEquals(2, rewrittenInitializers(official, fast));
        assertEquals("a", fast.getGraph().getInitializer(0).getName());
        assertEquals("a doc string", fast.getGraph().getInitializer(0).getDocString());
        assertEquals(List.of(1L, 2L, 1L), fast.getGraph().getInitializer(1).getDimsList());
    }

    @Test
    void packedDimsRunningPastTheirTensorFailCleanly() throws IOException {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(t);
        out.writeTag(1, 2);
        out.writeUInt32NoTag(100); // 100 bytes of dims in a tensor of a few bytes
        out.writeRawBytes(new byte[]{1, 2});
        out.flush();
        byte[] bad = modelBytes(t.toByteArray());
        assertThrows(IOException.class, () -> ModelProtoReader.parse(ByteString.copyFrom(bad)));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new OnnxModelLoader().load(bad));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
    }

    // ---- malformed input ----

    @Test
    void truncatedModelsFailWithTheByteOffsetNeverOutOfMemory() throws IOException {
        byte[] bytes = model(TensorProto.newBuilder().setName("w").setDataType(1).addDims(64)
                .addAllFloatData(java.util.Collections.nCopies(64, 1.5f)).build()).toByteArray();
        for (int cut = 1; cut < bytes.length; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            try {
                new OnnxModelLoader().load(truncated);
            } catch (ModelLoadException e) {
                assertTrue(e.getMessage().contains("byte offset") || e.getMessage().contains("missing"),
                        "cut at " + cut + ": " + e.getMessage());
            }
        }
    }

    @Test
    void hugeDeclaredLengthsAndWrongWireTypesFailCleanly() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(b);
        out.writeInt64(1, 8);
        out.writeTag(7, 2);
        out.writeUInt32NoTag(Integer.MAX_VALUE - 8); // a graph of 2 GiB in a few bytes
        out.writeTag(5, 2);
        out.writeUInt32NoTag(0x7FFFFFF0);
        out.flush();
        assertThrows(IOException.class, () -> ModelProtoReader.parse(ByteString.copyFrom(b.toByteArray())));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelLoader().load(b.toByteArray()));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());

        // A float_data length running past its tensor, inside a well-formed graph length.
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(t);
        out.writeInt32(2, 1);
        out.writeTag(4, 2);
        out.writeUInt32NoTag(1 << 30);
        out.writeRawBytes(floats(1f));
        out.flush();
        byte[] bad = modelBytes(t.toByteArray());
        e = assertThrows(ModelLoadException.class, () -> new OnnxModelLoader().load(bad));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());

        // The graph field with wire type 5 (fixed32) instead of 2: the generated parser keeps it as an unknown field.
        byte[] wrong = {0x08, 0x08, 0x3D, 0, 0, 0, 0};
        e = assertThrows(ModelLoadException.class, () -> new OnnxModelLoader().load(wrong));
        assertTrue(e.getMessage().contains("graph (7) is missing"), e.getMessage());
        // An end-group tag (wire type 4) with no group open.
        byte[] group = {0x08, 0x08, 0x3C};
        e = assertThrows(ModelLoadException.class, () -> new OnnxModelLoader().load(group));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
    }

    @Test
    void loaderDecodesTheSameTensorsEitherWay() {
        TensorProto f = TensorProto.newBuilder().setName("w").setDataType(1).addDims(300)
                .addAllFloatData(java.util.Collections.nCopies(300, 0.25f)).build();
        Tensor t = new OnnxModelLoader().load(model(f).toByteArray()).graph().initializers().getFirst().constant();
        assertArrayEquals(decode(f).floatData(), t.floatData());
    }

    // ---- helpers ----

    private static ModelProto model(TensorProto... initializers) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        for (TensorProto t : initializers) {
            g.addInitializer(t);
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g).build();
    }

    private static byte[] modelBytes(byte[]... tensors) throws IOException {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(g);
        for (byte[] t : tensors) {
            out.writeByteArray(5, t);
        }
        out.flush();
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        out = CodedOutputStream.newInstance(m);
        out.writeInt64(1, 8);
        out.writeByteArray(7, g.toByteArray());
        out.flush();
        return m.toByteArray();
    }

    private static ModelProto roundTrip(ModelProto m) throws IOException {
        return ModelProtoReader.parse(ByteString.copyFrom(m.toByteArray()));
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private static Tensor decode(TensorProto t) {
        return TensorProtos.decode(t, "test", LoadOptions.DEFAULTS);
    }

    /** The model with every main-graph FLOAT/DOUBLE initializer's packed values moved to raw_data, as the reader does. */
    private static ModelProto canonical(ModelProto m) {
        GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (t.getDataType() == 1 && t.getFloatDataCount() > 0 && t.getRawData().isEmpty()) {
                ByteBuffer b = ByteBuffer.allocate(t.getFloatDataCount() * 4).order(ByteOrder.LITTLE_ENDIAN);
                t.getFloatDataList().forEach(b::putFloat);
                g.setInitializer(i, t.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(b.array())));
            } else if (t.getDataType() == 11 && t.getDoubleDataCount() > 0 && t.getRawData().isEmpty()) {
                ByteBuffer b = ByteBuffer.allocate(t.getDoubleDataCount() * 8).order(ByteOrder.LITTLE_ENDIAN);
                t.getDoubleDataList().forEach(b::putDouble);
                g.setInitializer(i, t.toBuilder().clearDoubleData().setRawData(ByteString.copyFrom(b.array())));
            }
        }
        return m.hasGraph() ? m.toBuilder().setGraph(g).build() : m;
    }

    private static int rewrittenInitializers(ModelProto official, ModelProto fast) {
        int n = 0;
        for (int i = 0; i < official.getGraph().getInitializerCount(); i++) {
            TensorProto o = official.getGraph().getInitializer(i);
            TensorProto f = fast.getGraph().getInitializer(i);
            if (o.getRawData().isEmpty() && !f.getRawData().isEmpty()) {
                n++;
            } else if (!o.equals(f)) {
                fail("initializer " + i + " differs without being rewritten");
            }
        }
        return n;
    }
}
