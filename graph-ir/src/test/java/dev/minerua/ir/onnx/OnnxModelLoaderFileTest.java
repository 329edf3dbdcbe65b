package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import dev.minerua.ir.Model;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files on both sides of {@link OnnxModelLoader#HEAP_READ_BYTES} (read into the heap below it, mapped above):
 * the same model either way, weights still views of the file's bytes, decoded only when asked for.
 */
class OnnxModelLoaderFileTest {

    @Test
    void smallAndLargeFilesLoadTheSameWeightsAsViews(@TempDir Path dir) throws IOException {
        for (int floats : new int[] {300, OnnxModelLoader.HEAP_READ_BYTES / Float.BYTES + 1000}) {
            float[] w = new float[floats];
            for (int i = 0; i < floats; i++) {
                w[i] = (float) Math.sin(i * 0.37);
            }
            float[] packed = {1.5f, -2f, 0.25f};
            byte[] bytes = model(w, packed).toByteArray();
            assertEquals(floats * Float.BYTES > OnnxModelLoader.HEAP_READ_BYTES,
                    bytes.length > OnnxModelLoader.HEAP_READ_BYTES, "the two sizes fall on both sides");
            Path file = dir.resolve("m" + floats + ".onnx");
            Files.write(file, bytes);

            Model m = new OnnxModelLoader().load(file);
            Tensor raw = m.graph().initializers().get(0).constant();
            assertTrue(raw.isView(), "a weight of " + floats + " floats is a view of the file's bytes");
            assertFalse(raw.isMaterialized());
            assertArrayEquals(w, raw.floatData());
            assertArrayEquals(packed, m.graph().initializers().get(1).constant().floatData());
            assertEquals(m.graph().nodes().size(), new OnnxModelLoader().load(bytes).graph().nodes().size());
        }
    }

    private static ModelProto model(float[] w, float[] packed) {
        ByteBuffer b = ByteBuffer.allocate(w.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(w);
        TensorProto raw = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(w.length).setRawData(ByteString.copyFrom(b.array())).build();
        TensorProto.Builder p = TensorProto.newBuilder().setName("p").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(packed.length);
        for (float v : packed) {
            p.addFloatData(v);
        }
        GraphProto g = GraphProto.newBuilder().setName("g").addInitializer(raw).addInitializer(p)
                .addNode(dev.minerua.onnx.NodeProto.newBuilder().setOpType("Identity").addInput("w").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .build();
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build();
    }
}
