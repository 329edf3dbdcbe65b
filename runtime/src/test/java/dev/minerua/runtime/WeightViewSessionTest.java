package dev.minerua.runtime;

import com.google.protobuf.ByteString;
import dev.minerua.ir.Value;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.tensor.RawData;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Initializers stay views of the memory-mapped model file: an embedding table read by Gather is never decoded (its
 * rows are copied from the file's bytes), a MatMul weight is packed and let go, and the results are what the
 * arithmetic says.
 */
class WeightViewSessionTest {
    private static final int VOCAB = 300;
    private static final int DIM = 8;
    private static final int OUT = 64;

    @Test
    void gatherTableAndPackedWeightAreNeverDecoded(@TempDir Path dir) throws Exception {
        float[] table = values(VOCAB * DIM, 0.37);
        float[] w = values(DIM * OUT, 0.71);
        GraphProto g = GraphProto.newBuilder().setName("embed_project")
                .addInput(TestModels.tensorInfo("ids", TensorProto.DataType.INT64, 2, 3))
                .addOutput(TestModels.tensorInfo("y", TensorProto.DataType.FLOAT, 2, 3, OUT))
                .addInitializer(raw("table", Tensor.of(table, VOCAB, DIM)))
                .addInitializer(raw("W", Tensor.of(w, DIM, OUT)))
                .addNode(TestModels.node("Gather", "gather", new String[] {"table", "ids"}, new String[] {"e"}))
                .addNode(TestModels.node("MatMul", "project", new String[] {"e", "W"}, new String[] {"y"}))
                .build();
        Path file = dir.resolve("model.onnx");
        Files.write(file, TestModels.model(g, 17).toByteArray());
        long[] ids = {0, 299, 17, -1, 42, 17};
        try (Environment env = Environment.create(); Session s = env.createSession(file, new SessionOptions())) {
            Tensor kept = initializer(s, "table").constant();
            assertTrue(kept.isView(), "the table is a view of the mapped file");
            assertFalse(kept.isMaterialized());
            assertNull(initializer(s, "W").constant(), "the packed panels stand for W");
            for (int run = 0; run < 3; run++) {
                Tensor y = (Tensor) s.run(Map.of("ids", Tensor.of(ids, 2, 3))).value("y");
                assertArrayEquals(expected(table, w, ids), y.floatData(), 1e-5f);
            }
            assertFalse(kept.isMaterialized(), "a run decoded the Gather table");
        }
    }

    @Test
    void depthwiseFilterAndBiasAreTakenAtCreationAndLetGo(@TempDir Path dir) throws Exception {
        int c = 32;
        int h = 6;
        int wd = 5;
        float[] x = values(c * h * wd, 0.13);
        float[] w = values(c * 9, 0.59); // 1152 bytes: a view of the file
        float[] b = values(c, 0.31);
        GraphProto g = GraphProto.newBuilder().setName("depthwise")
                .addInput(TestModels.tensorInfo("x", TensorProto.DataType.FLOAT, 1, c, h, wd))
                .addOutput(TestModels.tensorInfo("y", TensorProto.DataType.FLOAT, 1, c, h - 2, wd - 2))
                .addInitializer(raw("W", Tensor.of(w, c, 1, 3, 3)))
                .addInitializer(raw("B", Tensor.of(b, c)))
                .addNode(TestModels.node("Conv", "dw", new String[] {"x", "W", "B"}, new String[] {"y"},
                        TestModels.intAttr("group", c)))
                .build();
        Path file = dir.resolve("model.onnx");
        Files.write(file, TestModels.model(g, 17).toByteArray());
        try (Environment env = Environment.create(); Session s = env.createSession(file, new SessionOptions())) {
            // The depthwise kernel keeps its own copy of W and B, so the views are dropped undecoded.
            assertNull(initializer(s, "W").constant(), "the depthwise kernel's copy stands for W");
            assertNull(initializer(s, "B").constant(), "the depthwise kernel's copy stands for B");
            for (int run = 0; run < 3; run++) {
                Tensor y = (Tensor) s.run(Map.of("x", Tensor.of(x, 1, c, h, wd))).value("y");
                assertArrayEquals(depthwise(x, w, b, c, h, wd), y.floatData(), 1e-5f);
            }
        }
    }

    /** A valid (unpadded, stride 1) 3x3 depthwise convolution with bias. */
    private static float[] depthwise(float[] x, float[] w, float[] b, int c, int h, int wd) {
        int oh = h - 2;
        int ow = wd - 2;
        float[] y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double sum = b[ch];
                    for (int ki = 0; ki < 3; ki++) {
                        for (int kj = 0; kj < 3; kj++) {
                            sum += (double) w[ch * 9 + ki * 3 + kj] * x[(ch * h + i + ki) * wd + j + kj];
                        }
                    }
                    y[(ch * oh + i) * ow + j] = (float) sum;
                }
            }
        }
        return y;
    }

    private static float[] expected(float[] table, float[] w, long[] ids) {
        float[] y = new float[ids.length * OUT];
        for (int r = 0; r < ids.length; r++) {
            int row = (int) (ids[r] < 0 ? ids[r] + VOCAB : ids[r]);
            for (int j = 0; j < OUT; j++) {
                double sum = 0;
                for (int k = 0; k < DIM; k++) {
                    sum += (double) table[row * DIM + k] * w[k * OUT + j];
                }
                y[r * OUT + j] = (float) sum;
            }
        }
        return y;
    }

    private static TensorProto raw(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(RawData.encode(t)));
        for (int d : t.dims()) {
            b.addDims(d);
        }
        return b.build();
    }

    private static float[] values(int n, double step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * step);
        }
        return v;
    }

    private static Value initializer(Session s, String name) {
        return s.graph().initializers().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }
}
