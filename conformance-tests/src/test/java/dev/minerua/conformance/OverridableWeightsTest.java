package dev.minerua.conformance;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.onnx.GraphProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.TensorProto;
import dev.minerua.onnx.ValueInfoProto;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.ValueInfo;
import dev.minerua.runtime.io.Comparison;
import dev.minerua.runtime.io.ProtoValues;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weight that is an initializer and also a graph input (IR 4 and later) is only a default: a feed replaces it.
 * Each case's second input becomes such an input with an all-zero default. Fed the case's weight, the session must
 * give the case's expected output; not fed, the zero default must give zeros (zero weights, no bias). Both backends,
 * since kernels may pack a default weight at session creation.
 */
class OverridableWeightsTest {

    @ParameterizedTest
    @CsvSource({"test_matmul_2d,cpu", "test_matmul_2d,opencl", "test_conv_with_strides_padding,cpu",
            "test_conv_with_strides_padding,opencl", "test_gemm_default_no_bias,cpu",
            "test_gemm_default_no_bias,opencl"})
    void aFedWeightReplacesItsDefault(String name, String backend) throws IOException {
        BackendKind kind = backend.equals("opencl") ? BackendKind.OPENCL : BackendKind.CPU;
        if (kind == BackendKind.OPENCL) {
            OpenClAvailability.requireDevice();
        }
        Path dir = SharedData.root().resolve("onnx-backend-tests/node").resolve(name);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        Path data = dir.resolve("test_data_set_0");
        ValueInfoProto weightInfo = model.getGraph().getInput(1);
        TensorProto weight = TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_1.pb")));
        TensorProto.Builder zeros = TensorProto.newBuilder().setName(weightInfo.getName())
                .setDataType(TensorProto.DataType.FLOAT_VALUE).addAllDims(weight.getDimsList());
        long count = weight.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
        for (long i = 0; i < count; i++) {
            zeros.addFloatData(0f);
        }
        GraphProto graph = model.getGraph().toBuilder().addInitializer(zeros).build();
        byte[] bytes = model.toBuilder().setIrVersion(Math.max(4, model.getIrVersion())).setGraph(graph).build()
                .toByteArray();
        try (Environment env = Environment.create();
             Session s = env.createSession(bytes, new SessionOptions().setBackend(kind))) {
            ValueInfo x = s.inputs().getFirst();
            OnnxValue xValue = ProtoValues.read(data.resolve("input_0.pb"), x.type());
            OnnxValue wValue = ProtoValues.read(data.resolve("input_1.pb"), x.type());
            ValueInfo out = s.outputs().getFirst();
            OnnxValue expected = ProtoValues.read(data.resolve("output_0.pb"), out.type());
            for (int run = 0; run < 2; run++) {
                try (Result fed = s.run(Map.of(x.name(), xValue, weightInfo.getName(), wValue))) {
                    Comparison cmp = Comparison.of(expected, fed.value(out.name()), new Tolerance(1e-4, 1e-4));
                    assertTrue(cmp.passed(), name + " on " + backend + " with the fed weight: " + cmp);
                }
                try (Result defaulted = s.run(Map.of(x.name(), xValue))) {
                    float[] y = ((Tensor) defaulted.value(out.name())).floatData();
                    for (int i = 0; i < y.length; i++) {
                        assertEquals(0f, y[i], name + " on " + backend + " with the zero default, output " + i);
                    }
                }
            }
        }
    }
}
