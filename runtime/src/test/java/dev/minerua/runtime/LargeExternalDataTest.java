package dev.minerua.runtime;

import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.StringStringEntryProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model whose external data file is larger than 2^31 bytes, with a weight stored beyond offset 2^31,
 * loads and runs. The file is sparse (only the weight's 16 bytes are written), so the test needs neither
 * disk space nor heap in proportion to the file.
 */
class LargeExternalDataTest {

    @Test
    void weightBeyondTwoGibibytesLoadsAndRuns(@TempDir Path dir) throws Exception {
        long offset = (1L << 31) + 4096;
        long fileSize = (1L << 31) + (1L << 20);
        Path weights = dir.resolve("weights.bin");
        float[] w = {1.5f, -2f, 0.25f, 8f};
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : w) {
            bytes.putFloat(f);
        }
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(fileSize);
            f.seek(offset);
            f.write(bytes.array());
        }
        try {
            assertTrue(Files.size(weights) > (1L << 31));
            TensorProto init = TensorProto.newBuilder().setName("W").setDataType(TensorProto.DataType.FLOAT.getNumber())
                    .addDims(4).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(entry("location", "weights.bin"))
                    .addExternalData(entry("offset", Long.toString(offset)))
                    .addExternalData(entry("length", "16"))
                    .build();
            GraphProto graph = GraphProto.newBuilder().setName("g")
                    .addInput(TestModels.tensorInfo("X", TensorProto.DataType.FLOAT, 4))
                    .addOutput(TestModels.tensorInfo("Y", TensorProto.DataType.FLOAT, 4))
                    .addInitializer(init)
                    .addNode(TestModels.node("Add", "add", new String[]{"X", "W"}, new String[]{"Y"}))
                    .build();
            ModelProto model = TestModels.model(graph, 17);
            Path file = dir.resolve("model.onnx");
            Files.write(file, model.toByteArray());
            try (Environment env = Environment.create();
                 Session session = env.createSession(file, new SessionOptions())) {
                Tensor y = session.run(Map.of("X", Tensor.of(new float[]{1, 1, 1, 1}, 4))).get("Y");
                assertArrayEquals(new float[]{2.5f, -1f, 1.25f, 9f}, y.floatData());
            }
        } finally {
            Files.deleteIfExists(weights);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
