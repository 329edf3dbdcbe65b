package dev.minerua.opencl;

import dev.minerua.backend.Kernel;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.Partition;
import dev.minerua.backend.PartitionMemory;
import dev.minerua.error.InvalidInputException;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.plan.GraphLifetimes;
import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.InPlaceHints;
import dev.minerua.plan.MemoryPlanner;
import dev.minerua.plan.ValueLifetime;
import dev.minerua.plan.ValueSizes;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one {@link Partition} on the device. At compile time it lowers every node, builds the programs
 * (cached per JVM), uploads the region's constants (weights) and the launches' shape arrays once, and
 * plans the rest of the region's device memory with the static planner ({@link GraphLifetimes} over the
 * nodes in launch order, {@link MemoryPlanner#planUniform} at the device's base address alignment): the
 * partition's uploaded inputs and every value a launch writes get a block (views share their root's, the
 * partition's outputs live to the end), and all blocks are sub-buffers of one arena allocated here. Each
 * run writes the inputs into their sub-buffers, enqueues every launch and downloads only the partition's
 * outputs; in steady state no device buffer is created or released per run.
 *
 * <p>Runs of one device are serialised on its {@link ClRuntime} (kernel objects hold their arguments, and
 * the arena is this partition's only copy of its intermediates).
 */
final class PartitionKernel implements Kernel, AutoCloseable {
    private final ClRuntime rt;
    /** Per value, the value whose buffer it uses (itself unless it is a view). */
    private final int[] root;
    /** Per root value, its buffer for the session: a constant's own buffer or a sub-buffer of the arena. */
    private final cl_mem[] buffers;
    /** Per partition input, the root that is written each run, or -1. */
    private final int[] uploadedInputs;
    /**
     * Per partition input that is a constant with a device buffer, that constant (an initializer default a feed
     * may replace, or a fixed constant), else null; with {@link #holdsFed}, whether its buffer now holds a fed
     * value instead. Constants a lowering consumed at compile time (shapes, axes) have no buffer: see
     * {@link #bakedConstants}.
     */
    private final Tensor[] defaults;
    private final boolean[] holdsFed;
    /** Per partition input, whether it is a constant that a lowering consumed at compile time. */
    private final boolean[] bakedConstants;
    /** Per partition input, its value's index (see {@link #buffers}) and name. */
    private final int[] inputIds;
    private final String[] inputNames;
    private final int[][] inputDims;
    private final DataType[] inputTypes;
    /** Per partition input, a host array reused to convert it to its device form (int64, bool), or null. */
    private final Object[] staging;
    private final int[] outputValues;
    private final int[][] outputDims;
    private final DataType[] outputTypes;
    private final List<BoundLaunch> launches;
    /** Buffers to release on close, in creation order (sub-buffers after their arena). */
    private final List<cl_mem> owned = new ArrayList<>();
    private final GraphMemoryPlan memoryPlan;
    /** Bytes of the arena buffer (the plan's peak), 0 when nothing is planned. */
    private final long arenaBytes;
    /** Bytes the planned blocks would take as separate buffers, as each run allocated them before the plan. */
    private final long separateBytes;
    private final int nodes;
    /** Sub-buffers of the arena (one per planned block). */
    private final int subBuffers;

    /** A launch with its kernel built and its arguments resolved. */
    private record BoundLaunch(cl_kernel kernel, long[] global, long[] local, Object[] args) {
    }

    /** A value's buffer, resolved per run. */
    private record ValueRef(int value) {
    }

    PartitionKernel(ClRuntime rt, Partition p) {
        this.rt = rt;
        this.nodes = p.nodes().size();
        Map<Value, Integer> ids = new HashMap<>();
        List<Value> values = new ArrayList<>();
        for (Value v : p.inputs()) {
            id(v, ids, values);
        }
        Map<Node, Lowered> lowered = new IdentityHashMap<>();
        for (Node n : p.nodes()) {
            Lowered l = NodeLowering.lower(n);
            if (l == null) {
                throw new IllegalStateException(n.describe() + " is in an OpenCL partition but cannot be lowered");
            }
            lowered.put(n, l);
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
        int valueCount = values.size();
        this.root = new int[valueCount];
        for (int i = 0; i < valueCount; i++) {
            root[i] = i;
        }
        Set<Integer> used = new LinkedHashSet<>();
        List<Launch> all = new ArrayList<>();
        List<Node> owners = new ArrayList<>();
        for (Node n : p.nodes()) {
            Lowered l = lowered.get(n);
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
        this.outputValues = p.outputs().stream().mapToInt(ids::get).toArray();
        this.outputDims = p.outputs().stream().map(PartitionKernel::dims).toArray(int[][]::new);
        this.outputTypes = p.outputs().stream().map(PartitionKernel::elementType).toArray(DataType[]::new);
        for (int o : outputValues) {
            used.add(o);
        }
        Set<Integer> roots = new LinkedHashSet<>();
        for (int u : used) {
            roots.add(root[u]);
        }
        Map<Integer, Integer> inputIndex = new HashMap<>();
        for (int i = 0; i < p.inputs().size(); i++) {
            inputIndex.putIfAbsent(ids.get(p.inputs().get(i)), i);
        }
        this.uploadedInputs = new int[p.inputs().size()];
        Arrays.fill(uploadedInputs, -1);
        this.inputDims = new int[p.inputs().size()][];
        this.inputTypes = new DataType[p.inputs().size()];
        this.staging = new Object[p.inputs().size()];
        List<Value> written = new ArrayList<>();
        for (int r : roots) {
            Value v = values.get(r);
            if (!v.isConstant() && inputIndex.containsKey(r)) {
                int i = inputIndex.get(r);
                uploadedInputs[i] = r;
                inputTypes[i] = elementType(v);
                inputDims[i] = dims(v);
                written.add(v);
            }
        }
        this.defaults = new Tensor[p.inputs().size()];
        this.holdsFed = new boolean[p.inputs().size()];
        this.bakedConstants = new boolean[p.inputs().size()];
        this.inputIds = new int[p.inputs().size()];
        this.inputNames = new String[p.inputs().size()];
        for (int i = 0; i < p.inputs().size(); i++) {
            Value v = p.inputs().get(i);
            inputIds[i] = ids.get(v);
            inputNames[i] = v.name();
            if (v.isConstant()) {
                defaults[i] = v.constant();
                bakedConstants[i] = !roots.contains(inputIds[i]);
            }
        }
        Set<Value> needed = new HashSet<>();
        roots.forEach(r -> needed.add(values.get(r)));
        this.memoryPlan = plan(rt, p, lowered, written, needed);
        this.arenaBytes = memoryPlan.plan().plannedPeak();
        this.buffers = new cl_mem[valueCount];
        Map<String, ValueLifetime> rows = new HashMap<>();
        memoryPlan.values().forEach(row -> rows.put(row.name(), row));
        try {
            cl_mem arena = arenaBytes > 0 ? own(rt.allocateBytes(arenaBytes)) : null;
            long separate = 0;
            int blocks = 0;
            for (int r : roots) {
                Value v = values.get(r);
                if (v.isConstant()) {
                    buffers[r] = own(DeviceTypes.upload(rt, v.constant()));
                    continue;
                }
                ValueLifetime row = rows.get(v.name());
                if (row == null || row.block() < 0 || row.viewOf() != null) {
                    throw new IllegalStateException("OpenCL partition value '" + v.name() + "' has no planned block");
                }
                buffers[r] = own(rt.subBuffer(arena, memoryPlan.offsetOf(row), row.bytes()));
                separate += row.bytes();
                blocks++;
            }
            this.separateBytes = separate;
            this.subBuffers = blocks;
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

    /**
     * The partition's device memory plan over its nodes in launch order: {@code written} (the inputs each
     * run uploads) live from step 0, outputs to the end, views share their root's block. Only {@code needed}
     * values (roots a launch touches or that leave the partition) take bytes; the other outputs of lowered
     * nodes get empty blocks. Offsets are aligned for sub-buffers.
     */
    private static GraphMemoryPlan plan(ClRuntime rt, Partition p, Map<Node, Lowered> lowered, List<Value> written,
                                        Set<Value> needed) {
        GraphLifetimes.Views views = (n, o) -> {
            int in = lowered.get(n).viewOf()[o];
            return in >= 0 ? n.input(in) : null;
        };
        ValueSizes sizes = v -> needed.contains(v) ? DeviceTypes.deviceBytes(elementType(v), LoweringSupport.size(dims(v))) : 0;
        int alignment = rt.baseAddressAlignment();
        return GraphLifetimes.plan(p.nodes(), written, p.outputs(), views, sizes, InPlaceHints.NONE,
                blocks -> MemoryPlanner.planUniform(blocks, alignment));
    }

    private static DataType elementType(Value v) {
        return ((ValueType.TensorType) v.type()).elementType();
    }

    /** The static dims of a partition value (lowering admits no other). */
    private static int[] dims(Value v) {
        ValueType.TensorType t = (ValueType.TensorType) v.type();
        if (t.shape() == null || !t.shape().isStatic()) {
            throw new IllegalStateException("OpenCL partition value '" + v.name() + "' has no static shape");
        }
        long[] sizes = t.shape().sizes();
        int[] d = new int[sizes.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(sizes[i]);
        }
        return d;
    }

    /** The partition's arena in numbers. */
    PartitionMemory memory() {
        return new PartitionMemory(nodes, subBuffers, arenaBytes, separateBytes);
    }

    /** The partition's device memory plan (offsets within the arena). */
    GraphMemoryPlan memoryPlan() {
        return memoryPlan;
    }

    /** Bytes of the partition's arena, the plan's peak. */
    long arenaBytes() {
        return arenaBytes;
    }

    /** Bytes the planned values would take as one buffer each (what every run allocated before the plan). */
    long separateBytes() {
        return separateBytes;
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
                        write(i, t, buffers[r]);
                    }
                }
                followFeeds(ctx);
                for (BoundLaunch l : launches) {
                    for (int a = 0; a < l.args.length; a++) {
                        setArg(l.kernel, a, l.args[a], buffers);
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
                    ctx.setOutput(o, DeviceTypes.download(rt, buffers[root[outputValues[o]]], outputTypes[o], out));
                }
            } finally {
                rt.finish();
            }
        }
    }

    /**
     * The constants' buffers hold their initializer defaults; a run that feeds another value for one (an
     * initializer that is also a graph input) writes the fed value over it, and the next run without a feed
     * writes the default back. A constant that a lowering consumed at compile time cannot follow a feed.
     */
    private void followFeeds(KernelContext ctx) {
        for (int i = 0; i < defaults.length; i++) {
            Tensor t = ctx.input(i);
            Tensor d = defaults[i];
            if (bakedConstants[i] && t != null && t != d) {
                throw new InvalidInputException("OpenCL partition input '" + inputNames[i]
                        + "' was built into the device kernels from its initializer and cannot be fed;"
                        + " run this model on the CPU backend to feed it");
            }
            if (d == null || bakedConstants[i] || t == null || (t == d && !holdsFed[i])) {
                continue;
            }
            if (t != d && (t.type() != d.type() || !Arrays.equals(t.dims(), d.dims()))) {
                throw new InvalidInputException("OpenCL partition input '" + inputNames[i] + "' must be "
                        + d.type() + Arrays.toString(d.dims()) + " like its initializer, got "
                        + t.type() + Arrays.toString(t.dims()));
            }
            write(i, t, buffers[inputIds[i]]);
            holdsFed[i] = t != d;
        }
    }

    @Override
    public boolean followsFedDefaults() {
        return true;
    }

    /**
     * Writes partition input {@code i} into its sub-buffer in device form: float32 and float16 bits as they
     * are; int64 and bool converted through a host array kept for the input, so steady-state runs allocate
     * nothing.
     */
    private void write(int i, Tensor t, cl_mem target) {
        switch (DeviceTypes.storage(t.type())) {
            case FLOAT -> rt.write(target, t.floatData());
            case HALF -> rt.write(target, t.shortData());
            case INT -> rt.write(target, t.type() == DataType.INT32 ? t.intData()
                    : (int[]) (staging[i] = DeviceTypes.ints(t, staging[i] instanceof int[] a ? a : null)));
            case BOOL -> rt.write(target,
                    (byte[]) (staging[i] = DeviceTypes.bools(t, staging[i] instanceof byte[] a ? a : null)));
            case null -> throw new IllegalStateException("no device form for " + t.type());
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
        // Sub-buffers before the arena they view.
        for (int i = owned.size() - 1; i >= 0; i--) {
            ClRuntime.release(owned.get(i));
        }
        owned.clear();
    }
}
