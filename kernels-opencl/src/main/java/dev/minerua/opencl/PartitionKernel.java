package dev.minerua.opencl;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.Partition;
import dev.minerua.error.InvalidInputException;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one {@link Partition} on the device. At compile time it lowers every node, builds the programs
 * (cached per JVM), uploads the region's float constants (weights) and the launches' shape arrays once,
 * and numbers the region's values; a value that a view produces shares its source's buffer. Each run
 * uploads the partition's non-constant inputs, allocates the intermediate buffers, enqueues every launch,
 * downloads only the partition's outputs and releases the run's buffers.
 *
 * <p>Runs of one device are serialised on its {@link ClRuntime} (kernel objects hold their arguments).
 */
final class PartitionKernel implements Kernel, AutoCloseable {
    private final ClRuntime rt;
    private final int valueCount;
    /** Per value, the value whose buffer it uses (itself unless it is a view). */
    private final int[] root;
    /** Per value, its device buffer size in bytes. */
    private final long[] sizes;
    /** Per root value, its buffer when it lives for the session (constants), else null. */
    private final cl_mem[] persistent;
    /** Per partition input, the root that is uploaded each run, or -1. */
    private final int[] uploadedInputs;
    private final int[][] inputDims;
    private final DataType[] inputTypes;
    private final int[] outputValues;
    private final int[][] outputDims;
    private final DataType[] outputTypes;
    /** Roots that get a fresh buffer each run. */
    private final int[] runBuffers;
    private final List<BoundLaunch> launches;
    private final List<cl_mem> owned = new ArrayList<>();

    /** A launch with its kernel built and its arguments resolved. */
    private record BoundLaunch(cl_kernel kernel, long[] global, long[] local, Object[] args) {
    }

    /** A value's buffer, resolved per run. */
    private record ValueRef(int value) {
    }

    PartitionKernel(ClRuntime rt, Partition p) {
        this.rt = rt;
        Map<Value, Integer> ids = new HashMap<>();
        List<Value> values = new ArrayList<>();
        for (Value v : p.inputs()) {
            id(v, ids, values);
        }
        List<Lowered> lowered = new ArrayList<>();
        for (Node n : p.nodes()) {
            Lowered l = NodeLowering.lower(n);
            if (l == null) {
                throw new IllegalStateException(n.describe() + " is in an OpenCL partition but cannot be lowered");
            }
            lowered.add(l);
            for (Value v : n.inputs()) {
                if (v != null) {
                    id(v, ids, values);
                }
            }
            for (Value v : n.outputs()) {
                if (v != null) {
                    id(v, ids, values);
                }
            }
        }
        this.valueCount = values.size();
        this.root = new int[valueCount];
        this.sizes = new long[valueCount];
        for (int i = 0; i < valueCount; i++) {
            root[i] = i;
        }
        Set<Integer> used = new LinkedHashSet<>();
        List<Launch> all = new ArrayList<>();
        List<Node> owners = new ArrayList<>();
        for (int k = 0; k < p.nodes().size(); k++) {
            Node n = p.nodes().get(k);
            Lowered l = lowered.get(k);
            for (int o = 0; o < l.viewOf().length; o++) {
                if (l.viewOf()[o] >= 0 && n.output(o) != null) {
                    root[ids.get(n.output(o))] = root[ids.get(n.input(l.viewOf()[o]))];
                }
            }
            for (Launch launch : l.launches()) {
                all.add(launch);
                owners.add(n);
                for (Launch.Arg a : launch.args()) {
                    if (a instanceof Launch.In(int i)) {
                        used.add(ids.get(n.input(i)));
                    } else if (a instanceof Launch.Out(int i)) {
                        used.add(ids.get(n.output(i)));
                    }
                }
            }
        }
        for (int i = 0; i < valueCount; i++) {
            Value v = values.get(i);
            if (v.type() instanceof dev.minerua.ir.ValueType.TensorType t && t.shape() != null && t.shape().isStatic()
                    && DeviceTypes.storage(t.elementType()) != null) {
                sizes[i] = DeviceTypes.deviceBytes(t.elementType(), (int) Tensor.elementCount(t.shape().sizes()));
            }
        }
        this.outputValues = p.outputs().stream().mapToInt(ids::get).toArray();
        this.outputDims = p.outputs().stream().map(LoweringSupport::deviceDims).toArray(int[][]::new);
        this.outputTypes = p.outputs().stream().map(v -> ((dev.minerua.ir.ValueType.TensorType) v.type()).elementType())
                .toArray(DataType[]::new);
        for (int o : outputValues) {
            used.add(o);
        }
        Set<Integer> roots = new LinkedHashSet<>();
        for (int u : used) {
            roots.add(root[u]);
        }
        this.persistent = new cl_mem[valueCount];
        Map<Integer, Integer> inputIndex = new HashMap<>();
        for (int i = 0; i < p.inputs().size(); i++) {
            inputIndex.putIfAbsent(ids.get(p.inputs().get(i)), i);
        }
        this.uploadedInputs = new int[p.inputs().size()];
        Arrays.fill(uploadedInputs, -1);
        this.inputDims = new int[p.inputs().size()][];
        this.inputTypes = new DataType[p.inputs().size()];
        List<Integer> perRun = new ArrayList<>();
        try {
            for (int r : roots) {
                Value v = values.get(r);
                if (v.isConstant()) {
                    persistent[r] = own(DeviceTypes.upload(rt, v.constant()));
                } else if (inputIndex.containsKey(r)) {
                    int i = inputIndex.get(r);
                    uploadedInputs[i] = r;
                    inputTypes[i] = ((dev.minerua.ir.ValueType.TensorType) v.type()).elementType();
                    inputDims[i] = LoweringSupport.deviceDims(v);
                } else {
                    perRun.add(r);
                }
            }
            this.runBuffers = perRun.stream().mapToInt(Integer::intValue).toArray();
            List<BoundLaunch> bound = new ArrayList<>();
            for (int k = 0; k < all.size(); k++) {
                bound.add(bind(all.get(k), owners.get(k), ids));
            }
            this.launches = List.copyOf(bound);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int id(Value v, Map<Value, Integer> ids, List<Value> values) {
        return ids.computeIfAbsent(v, x -> {
            values.add(x);
            return values.size() - 1;
        });
    }

    private cl_mem own(cl_mem m) {
        owned.add(m);
        return m;
    }

    private BoundLaunch bind(Launch l, Node n, Map<Value, Integer> ids) {
        cl_kernel k = rt.kernel(l.program(), l.options(), l.kernel());
        Object[] args = new Object[l.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (l.args().get(i)) {
                case Launch.In(int in) -> new ValueRef(root[ids.get(n.input(in))]);
                case Launch.Out(int out) -> new ValueRef(root[ids.get(n.output(out))]);
                case Launch.IntArg(int v) -> new int[] {v};
                case Launch.FloatArg(float v) -> new float[] {v};
                case Launch.Ints(int[] v) -> own(rt.upload(v));
            };
        }
        return new BoundLaunch(k, l.global(), l.local(), args);
    }

    @Override
    public void execute(KernelContext ctx) {
        cl_mem[] mems = persistent.clone();
        List<cl_mem> temporary = new ArrayList<>();
        synchronized (rt.lock()) {
            try {
                for (int i = 0; i < uploadedInputs.length; i++) {
                    int r = uploadedInputs[i];
                    if (r >= 0) {
                        Tensor t = ctx.input(i);
                        if (t == null || t.type() != inputTypes[i] || !Arrays.equals(t.dims(), inputDims[i])) {
                            throw new InvalidInputException("OpenCL partition input " + i + " must be "
                                    + inputTypes[i] + Arrays.toString(inputDims[i]) + ", got "
                                    + (t == null ? "nothing" : t.type() + Arrays.toString(t.dims())));
                        }
                        mems[r] = DeviceTypes.upload(rt, t);
                        temporary.add(mems[r]);
                    }
                }
                for (int r : runBuffers) {
                    mems[r] = rt.allocateBytes(sizes[r]);
                    temporary.add(mems[r]);
                }
                for (BoundLaunch l : launches) {
                    for (int a = 0; a < l.args.length; a++) {
                        setArg(l.kernel, a, l.args[a], mems);
                    }
                    if (l.local == null) {
                        rt.enqueue(l.kernel, l.global);
                    } else {
                        rt.enqueue(l.kernel, l.global, l.local);
                    }
                }
                for (int o = 0; o < outputValues.length; o++) {
                    if (!ctx.isOutputUsed(o)) {
                        continue;
                    }
                    Tensor out = ctx.allocate(outputTypes[o], outputDims[o]);
                    ctx.setOutput(o, DeviceTypes.download(rt, mems[root[outputValues[o]]], outputTypes[o], out));
                }
            } finally {
                rt.finish();
                for (cl_mem m : temporary) {
                    ClRuntime.release(m);
                }
            }
        }
    }

    private static void setArg(cl_kernel k, int index, Object arg, cl_mem[] mems) {
        switch (arg) {
            case ValueRef(int v) -> CL.clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(mems[v]));
            case cl_mem m -> CL.clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(m));
            case int[] i -> CL.clSetKernelArg(k, index, Sizeof.cl_int, Pointer.to(i));
            case float[] f -> CL.clSetKernelArg(k, index, Sizeof.cl_float, Pointer.to(f));
            default -> throw new IllegalStateException("unexpected kernel argument " + arg);
        }
    }

    @Override
    public void close() {
        for (cl_mem m : owned) {
            ClRuntime.release(m);
        }
        owned.clear();
    }
}
