package dev.minerua.opencl;

import dev.minerua.backend.Backend;
import dev.minerua.backend.BackendOptions;
import dev.minerua.backend.BackendProvider;

import java.util.Comparator;
import java.util.Optional;

/**
 * Creates the OpenCL backend on the preferred device: one whose name contains the device filter if given,
 * else the first GPU, else the first device. Without OpenCL it logs one line and declines.
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
                .filter(x -> filter == null || x.name().toLowerCase().contains(filter.toLowerCase()))
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
}
