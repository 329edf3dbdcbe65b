package dev.minerua.opencl;

import dev.minerua.backend.BackendOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery never throws: with no OpenCL it reports why; with a device the backend describes it. */
class OpenClBackendProviderTest {
    @Test
    void discoveryReportsDevicesOrTheReasonThereAreNone() {
        OpenClDevices.Discovery d = OpenClDevices.discover();
        if (d.devices().isEmpty()) {
            assertNotNull(d.failure());
            assertFalse(new OpenClBackendProvider().create(new BackendOptions(1, null)).isPresent());
        } else {
            var backend = new OpenClBackendProvider().create(new BackendOptions(1, null)).orElseThrow();
            assertEquals("opencl", backend.name());
            assertFalse(backend.deviceDescription().isBlank());
        }
    }

    @Test
    void aFilterMatchingNoDeviceDeclines() {
        assertFalse(new OpenClBackendProvider().create(new BackendOptions(1, "no-such-device-xyz")).isPresent());
    }

    @Test
    void filtersPickByNameOrByDeviceType() {
        OpenClDevices.Device gpu = new OpenClDevices.Device(null, null, "Some GPU 9000", "P", true);
        OpenClDevices.Device cpu = new OpenClDevices.Device(null, null, "pthread-skylake", "PoCL", false);
        assertTrue(OpenClBackendProvider.matches(gpu, null));
        assertTrue(OpenClBackendProvider.matches(gpu, "gpu"));
        assertFalse(OpenClBackendProvider.matches(cpu, "GPU"));
        assertTrue(OpenClBackendProvider.matches(cpu, "cpu"));
        assertFalse(OpenClBackendProvider.matches(gpu, "cpu"));
        assertTrue(OpenClBackendProvider.matches(cpu, "Skylake"));
        assertFalse(OpenClBackendProvider.matches(gpu, "skylake"));
    }

    @Test
    void theCpuFilterPicksAnOpenClCpuDeviceWhenThereIsOne() {
        boolean hasCpuDevice = OpenClDevices.discover().devices().stream().anyMatch(d -> !d.gpu());
        var backend = new OpenClBackendProvider().create(new BackendOptions(1, "cpu"));
        assertEquals(hasCpuDevice, backend.isPresent());
        backend.ifPresent(b -> assertFalse(b.deviceDescription().endsWith("(GPU)"), b.deviceDescription()));
    }
}
