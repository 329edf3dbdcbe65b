package dev.minerua.opencl;

import dev.minerua.backend.CompileContext;
import dev.minerua.backend.DeviceBackend;
import dev.minerua.backend.Kernel;
import dev.minerua.backend.Partition;
import dev.minerua.backend.PartitionMemory;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL backend. It runs partitions: {@link #supports} says which nodes the device handles (see
 * {@link NodeLowering}), the session groups them, and {@link #compile} turns each partition node into a
 * {@link PartitionKernel}. Single nodes outside partitions are declined, so they run on the CPU.
 */
final class OpenClBackend implements DeviceBackend {
    private final OpenClDevices.Device device;
    private final ClRuntime runtime;
    private final List<PartitionKernel> kernels = new ArrayList<>();

    OpenClBackend(OpenClDevices.Device device) {
        this.device = device;
        this.runtime = ClRuntime.of(device);
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String deviceDescription() {
        return device.toString();
    }

    @Override
    public boolean supports(CompileContext ctx) {
        return ctx.node().op() != null && NodeLowering.lower(ctx.node()) != null;
    }

    @Override
    public Kernel compile(CompileContext ctx) {
        if (!(ctx.node().op() instanceof Partition p) || !p.backend().equals(name())) {
            return null;
        }
        PartitionKernel k = new PartitionKernel(runtime, p);
        synchronized (kernels) {
            kernels.add(k);
        }
        return k;
    }

    @Override
    public List<PartitionMemory> partitionMemory() {
        synchronized (kernels) {
            return kernels.stream().map(PartitionKernel::memory).toList();
        }
    }

    @Override
    public void close() {
        synchronized (kernels) {
            kernels.forEach(PartitionKernel::close);
            kernels.clear();
        }
    }
}
