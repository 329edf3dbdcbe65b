package dev.minerua.conformance;

import dev.minerua.cpu.testing.SharedData;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whether the OpenCL tests can run here. Without an OpenCL device they are skipped with a message, unless
 * OpenCL is required (CI sets {@code MINERUA_REQUIRE_OPENCL=1}, or {@code -Dminerua.opencl.required=true}):
 * then its absence fails them, so a CI machine that lost PoCL cannot go green by skipping.
 */
final class OpenClAvailability {
    private static volatile String device;

    private OpenClAvailability() {
    }

    static boolean required() {
        return "1".equals(System.getenv("MINERUA_REQUIRE_OPENCL")) || Boolean.getBoolean("minerua.opencl.required");
    }

    /** The OpenCL device sessions get, or skips (fails, when required) the calling test. */
    static String requireDevice() {
        String d = device;
        if (d == null) {
            d = probe();
            device = d;
        }
        if (d.isEmpty()) {
            String why = "no usable OpenCL device (install PoCL: apt-get install ocl-icd-libopencl1 pocl-opencl-icd)";
            if (required()) {
                fail(why + ", but MINERUA_REQUIRE_OPENCL / minerua.opencl.required says this machine must have one");
            }
            Assumptions.abort(why + "; OpenCL tests skipped");
        }
        return d;
    }

    private static String probe() {
        var model = SharedData.root().resolve("models/mnist-8/model.onnx");
        try (Environment env = Environment.create();
             Session s = env.createSession(model, new SessionOptions().setBackend(BackendKind.OPENCL))) {
            return s.backendDescriptions().size() > 1 ? s.backendDescriptions().getFirst() : "";
        }
    }
}
