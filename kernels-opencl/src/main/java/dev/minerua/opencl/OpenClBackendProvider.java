package dev.minerua.opencl;

import dev.minerua.backend.Backend;
import dev.minerua.backend.BackendOptions;
import dev.minerua.backend.BackendProvider;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates the OpenCL backend on the preferred device: with a device filter, the first device whose name
 * contains it, or for the filters {@code gpu} and {@code cpu} the first device of that type (so a machine
 * with a GPU can still be forced onto an OpenCL CPU device such as PoCL's); without one, the first GPU,
 * else the first device. Without OpenCL, or when no device matches, it logs one line and declines.
 */
public final class OpenClBackendProvider implements BackendProvider {
    private static final System.Logger LOG = System.getLogger("dev.minerua");

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Optional<Backend> create(BackendOptions options) {
        OpenClDevices.Discovery d = OpenClDevices.discover();
        if (d.devices().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, d.failure() + "; running on the CPU");
            return Optional.empty();
        }
        String filter = options.deviceFilter();
        Optional<OpenClDevices.Device> chosen = d.devices().stream()
                .filter(x -> matches(x, filter))
                .min(Comparator.comparing(x -> !x.gpu()));
        if (chosen.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no OpenCL device matches '" + filter + "'; running on the CPU");
            return Optional.empty();
        }
        try {
            return Optional.of(new OpenClBackend(chosen.get()));
        } catch (Throwable t) {
            // A device that is listed but cannot get a context or queue (driver trouble) is no device.
            LOG.log(System.Logger.Level.WARNING, "OpenCL device " + chosen.get() + " is unusable (" + t
                    + "); running on the CPU");
            return Optional.empty();
        }
    }

    /** Whether {@code device} passes {@code filter}: a device type keyword, or a part of its name (any case). */
    static boolean matches(OpenClDevices.Device device, String filter) {
        if (filter == null) {
            return true;
        }
        String f = filter.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "gpu" -> device.gpu();
            case "cpu" -> !device.gpu();
            default -> device.name().toLowerCase(Locale.ROOT).contains(f);
        };
    }
}
