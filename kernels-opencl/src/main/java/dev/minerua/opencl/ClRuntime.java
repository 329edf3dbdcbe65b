package dev.minerua.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_buffer_region;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenCL context and in-order command queue per device, shared by every session of the JVM, with
 * the programs built on it. Program builds are slow (PoCL compiles through LLVM), so each distinct
 * (source, options) pair is built once per JVM and its kernels are cached too.
 *
 * <p>Kernel objects hold their arguments, so everything that sets arguments and enqueues work runs while
 * holding this runtime's monitor ({@link #lock()}).
 */
final class ClRuntime {
    private static final Map<cl_device_id, ClRuntime> RUNTIMES = new ConcurrentHashMap<>();
    /** Device buffers (sub-buffers included) created and released in this JVM, for tests and reports. */
    private static final AtomicLong CREATED = new AtomicLong();
    private static final AtomicLong RELEASED = new AtomicLong();
    private static final Pattern INCLUDE = Pattern.compile("(?m)^#include \"([\\w.]+)\"$");

    private final OpenClDevices.Device device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
    private final Map<String, cl_kernel> kernels = new ConcurrentHashMap<>();
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    /** CL_DEVICE_MEM_BASE_ADDR_ALIGN in bytes: sub-buffer origins must be multiples of it. */
    private final int baseAddressAlignment;
    /** Build options every program gets before its own (see {@link #commonBuildOptions}). */
    private final String commonOptions;

    private ClRuntime(OpenClDevices.Device device) {
        this.device = device;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        this.context = CL.clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, null);
        this.queue = CL.clCreateCommandQueueWithProperties(context, device.id(), null, null);
        int[] bits = new int[1];
        CL.clGetDeviceInfo(device.id(), CL.CL_DEVICE_MEM_BASE_ADDR_ALIGN, Sizeof.cl_uint, Pointer.to(bits), null);
        // The planner wants a power of two; OpenCL reports bits (1024 on PoCL, 4096 on some GPUs).
        this.baseAddressAlignment = Integer.highestOneBit(Math.max(bits[0] / 8, 4) * 2 - 1);
        this.commonOptions = commonBuildOptions(device.id());
    }

    /**
     * OpenCL C lets float division and sqrt be off by up to 2.5 and 3 ulp unless the program is built with
     * {@code -cl-fp32-correctly-rounded-divide-sqrt}, and NVIDIA's compiler takes that licence: ONNX's Div
     * is IEEE division, and a quotient one ulp off changes what Round or a Cast to an integer gives (the
     * expanded DynamicQuantizeLinear case failed on an H100 without it). The option is only legal where the
     * device reports the capability, so it is asked for only then.
     */
    private static String commonBuildOptions(cl_device_id id) {
        long[] config = new long[1];
        CL.clGetDeviceInfo(id, CL.CL_DEVICE_SINGLE_FP_CONFIG, Sizeof.cl_ulong, Pointer.to(config), null);
        return (config[0] & CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0
                ? "-cl-fp32-correctly-rounded-divide-sqrt " : "";
    }

    /** The runtime of {@code device}, created on first use. */
    static ClRuntime of(OpenClDevices.Device device) {
        return RUNTIMES.computeIfAbsent(device.id(), id -> new ClRuntime(device));
    }

    /** The monitor that serialises argument setting and enqueueing. */
    Object lock() {
        return this;
    }

    OpenClDevices.Device device() {
        return device;
    }

    /** Kernel {@code name} of resource program {@code program} built with {@code options}; cached. */
    cl_kernel kernel(String program, String options, String name) {
        String key = program + '\u0000' + options + '\u0000' + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            synchronized (this) {
                k = kernels.get(key);
                if (k == null) {
                    k = CL.clCreateKernel(program(program, options), name, null);
                    kernels.put(key, k);
                }
            }
        }
        return k;
    }

    private cl_program program(String resource, String options) {
        String source = sources.computeIfAbsent(resource, ClRuntime::readResource);
        String key = source + '\u0000' + options;
        return programs.computeIfAbsent(key, x -> build(resource, source, options));
    }

    private cl_program build(String resource, String source, String options) {
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(p, 1, new cl_device_id[] {device.id()}, commonOptions + options, null, null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("OpenCL program " + resource + " (" + commonOptions + options
                    + ") did not build: "
                    + buildLog(p), e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(p, device.id(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(p, device.id(), CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
        return new String(buf, StandardCharsets.UTF_8).trim();
    }

    private static String readResource(String name) {
        try (InputStream in = ClRuntime.class.getResourceAsStream("/dev/minerua/opencl/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenCL source " + name);
            }
            return inlineIncludes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces each {@code #include "name"} line with that resource's text: the sources are read from the
     * class path, where the device compiler could not find them itself.
     */
    private static String inlineIncludes(String source) {
        return INCLUDE.matcher(source).replaceAll(r -> Matcher.quoteReplacement(readResource(r.group(1))));
    }

    /** Bytes to which sub-buffer origins are aligned (the device's base address alignment). */
    int baseAddressAlignment() {
        return baseAddressAlignment;
    }

    /** A device buffer of {@code bytes} bytes (at least one, as OpenCL rejects empty buffers). */
    cl_mem allocateBytes(long bytes) {
        return created(CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(1, bytes), null, null));
    }

    /** A view of bytes {@code [origin, origin + bytes)} of {@code parent}; origin must be aligned. */
    cl_mem subBuffer(cl_mem parent, long origin, long bytes) {
        return created(CL.clCreateSubBuffer(parent, CL.CL_MEM_READ_WRITE, CL.CL_BUFFER_CREATE_TYPE_REGION,
                new cl_buffer_region(origin, Math.max(1, bytes)), null));
    }

    /** A device buffer holding a copy of {@code data}. */
    cl_mem upload(byte[] data) {
        return upload(Pointer.to(data), data.length);
    }

    /** A device buffer holding a copy of {@code data}. */
    cl_mem upload(float[] data) {
        return upload(Pointer.to(data), (long) data.length * Sizeof.cl_float);
    }

    /** A device buffer holding a copy of {@code data} (float16 bits). */
    cl_mem upload(short[] data) {
        return upload(Pointer.to(data), (long) data.length * Sizeof.cl_short);
    }

    /** A device buffer holding a copy of {@code data}. */
    cl_mem upload(int[] data) {
        return upload(Pointer.to(data), (long) data.length * Sizeof.cl_int);
    }

    /** A read-only buffer of the {@code bytes} bytes at {@code host} (one zero byte when empty: OpenCL rejects empty buffers). */
    private cl_mem upload(Pointer host, long bytes) {
        return created(CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR, Math.max(1, bytes),
                bytes == 0 ? Pointer.to(new byte[1]) : host, null));
    }

    /** Copies {@code data} into the start of {@code mem}, returning once the host array may be reused. */
    void write(cl_mem mem, float[] data) {
        write(mem, Pointer.to(data), (long) data.length * Sizeof.cl_float);
    }

    /** Copies {@code data} into the start of {@code mem}, returning once the host array may be reused. */
    void write(cl_mem mem, short[] data) {
        write(mem, Pointer.to(data), (long) data.length * Sizeof.cl_short);
    }

    /** Copies {@code data} into the start of {@code mem}, returning once the host array may be reused. */
    void write(cl_mem mem, int[] data) {
        write(mem, Pointer.to(data), (long) data.length * Sizeof.cl_int);
    }

    /** Copies {@code data} into the start of {@code mem}, returning once the host array may be reused. */
    void write(cl_mem mem, byte[] data) {
        write(mem, Pointer.to(data), data.length);
    }

    private void write(cl_mem mem, Pointer host, long bytes) {
        CL.clEnqueueWriteBuffer(queue, mem, CL.CL_TRUE, 0, bytes, host, 0, null, null);
    }

    /** Copies {@code mem} into {@code data}, waiting for the queue to reach this point. */
    void read(cl_mem mem, float[] data) {
        read(mem, Pointer.to(data), (long) data.length * Sizeof.cl_float);
    }

    /** Copies {@code mem} into {@code data}, waiting for the queue to reach this point. */
    void read(cl_mem mem, short[] data) {
        read(mem, Pointer.to(data), (long) data.length * Sizeof.cl_short);
    }

    /** Copies {@code mem} into {@code data}, waiting for the queue to reach this point. */
    void read(cl_mem mem, int[] data) {
        read(mem, Pointer.to(data), (long) data.length * Sizeof.cl_int);
    }

    /** Copies {@code mem} into {@code data}, waiting for the queue to reach this point. */
    void read(cl_mem mem, byte[] data) {
        read(mem, Pointer.to(data), data.length);
    }

    private void read(cl_mem mem, Pointer host, long bytes) {
        CL.clEnqueueReadBuffer(queue, mem, CL.CL_TRUE, 0, bytes, host, 0, null, null);
    }

    void enqueue(cl_kernel kernel, long[] global) {
        CL.clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, null, 0, null, null);
    }

    void enqueue(cl_kernel kernel, long[] global, long[] local) {
        CL.clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, local, 0, null, null);
    }

    void finish() {
        CL.clFinish(queue);
    }

    static void release(cl_mem mem) {
        CL.clReleaseMemObject(mem);
        RELEASED.incrementAndGet();
    }

    private static cl_mem created(cl_mem mem) {
        CREATED.incrementAndGet();
        return mem;
    }

    /** Device buffers and sub-buffers created so far in this JVM. */
    static long buffersCreated() {
        return CREATED.get();
    }

    /** Device buffers and sub-buffers released so far in this JVM. */
    static long buffersReleased() {
        return RELEASED.get();
    }
}
