package dev.minerua.conformance;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX node cases built only from operators the OpenCL backend implements, run with {@code --backend
 * opencl}: every one passes (apart from the CPU manifest's expected failures), and most run with every node on
 * the device (cases whose shapes are dynamic or whose element types are not float32 stay on the CPU).
 * The report lands in {@code target/conformance/report-opencl.md}.
 */
class OpenClConformanceTest {
    /** The ONNX operators with an OpenCL lowering (see kernels-opencl's NodeLowering). */
    static final Set<String> DEVICE_OPS = Set.of(
            "MatMul", "Gemm", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "BatchNormalization", "Softmax", "LogSoftmax", "LayerNormalization",
            "Add", "Sub", "Mul", "Div", "Pow", "PRelu",
            "Neg", "Abs", "Sign", "Reciprocal", "Ceil", "Floor", "Round", "Exp", "Log", "Sqrt", "Erf", "Sigmoid",
            "Relu", "Tanh", "Softplus", "Softsign", "Mish", "HardSwish", "Sin", "Cos", "Tan", "Asin", "Acos",
            "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "HardSigmoid", "LeakyRelu", "Elu", "Selu", "Celu",
            "ThresholdedRelu", "Shrink", "Gelu", "Clip",
            "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
            "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare",
            "Transpose", "Concat", "Slice", "Gather", "Expand", "Pad", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
            "Identity", "Dropout", "Cast",
            "Max", "Min", "Sum", "Mean", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or",
            "Xor", "Not", "Where", "Mod");

    private static Set<String> opTypes(ConformanceCase c) {
        try {
            return ModelFacts.read(c.model()).opTypes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void nodeCasesOfTheDeviceOperatorsPassOnOpenCl() {
        String device = OpenClAvailability.requireDevice();
        Path node = SharedData.root().resolve("onnx-backend-tests/node");
        List<ConformanceCase> cases = CaseDiscovery.discover(List.of(node)).stream()
                .filter(c -> DEVICE_OPS.containsAll(opTypes(c))).toList();
        ExpectedFailures manifest = ExpectedFailures.load(Path.of(System.getProperty("minerua.conformance.manifest",
                "src/test/resources/expected-failures-cpu.txt")));
        RunOptions options = RunOptions.of(OptimizationLevel.ALL).withBackend(BackendKind.OPENCL).withThreads(1);
        List<CaseResult> results = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        try (Environment env = Environment.create()) {
            ConformanceRunner runner = new ConformanceRunner(env, options);
            for (ConformanceCase c : cases) {
                CaseResult r = runner.run(c);
                results.add(r);
                if (r.failed() && manifest.entry(r.id(), "all") == null) {
                    unexpected.add(r.id() + ": " + r.reason());
                }
            }
        }
        Path reportDir = Path.of(System.getProperty("minerua.conformance.reportDir", "target/conformance"));
        RunInfo info = new RunInfo(LocalDate.now(), RunInfo.dataVersion(List.of(node)), "OpenClConformanceTest",
                options.describe());
        Report.writeMarkdown(reportDir.resolve("report-opencl.md"), info, results);
        Report.writeJson(reportDir.resolve("report-opencl.json"), info, results);
        long onDevice = results.stream().filter(CaseResult::passedOnDevice).count();
        System.out.println("conformance opencl (" + device + "), node cases of device operators: "
                + Report.summaryLine(results));
        assertTrue(unexpected.isEmpty(), unexpected.size() + " cases failed on OpenCL:\n" + String.join("\n", unexpected));
        // Cases over other element types (int, double, bool; Cast from them) and cases that feed shape-like
        // parameters (axes, pads, starts) as graph inputs stay on the CPU; float cases must use the device.
        List<CaseResult> floatCases = results.stream()
                .filter(r -> Set.of("float32", "float16").containsAll(r.elementTypes())).toList();
        long floatOnDevice = floatCases.stream().filter(CaseResult::passedOnDevice).count();
        System.out.println("  " + onDevice + " cases entirely on the device; of the float-only cases "
                + floatOnDevice + "/" + floatCases.size());
        assertTrue(floatOnDevice * 10 >= floatCases.size() * 9, "only " + floatOnDevice + " of " + floatCases.size()
                + " float-only cases ran entirely on the device");
    }
}
