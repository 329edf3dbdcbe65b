package dev.minerua.runtime.exec;

import dev.minerua.backend.Kernel;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.ir.ValueType;
import dev.minerua.ir.ops.Concat;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Concat in place: when every input of a Concat is produced by a kernel that can write into part of a larger
 * tensor ({@link Kernel#writesOutputRegion}), each producer writes straight into its slice of the Concat's output
 * and the Concat step copies nothing. The first producer to run allocates the output and puts it in the Concat's
 * slot; the Concat step then only copies the inputs whose kernel took another path and set a tensor of its own.
 *
 * <p>Chosen at plan time, from static inferred shapes: every input is read by this Concat alone (once), is no
 * graph output, is produced in this graph, and has the Concat's element type; the Concat has a known static
 * shape; the blocks follow the first axis ({@link Kernel#writesOutputRegion}: a Concat along axis 0, or along
 * axis 1, or along a later axis when the axes between are 1). Property {@code minerua.concatInPlace=false} turns
 * it off.
 */
final class ConcatInPlace {
    /**
     * Output {@code output} of a producer step goes into the Concat output held in {@code targetSlot}.
     *
     * @param id         index of this write among the plan's, for the frame's kept regions
     * @param dims       the output's own shape
     * @param targetDims the Concat output's shape
     */
    record Write(int id, int targetSlot, DataType type, int[] dims, int[] targetDims, int offset, int blocks,
                 int blockLength, int blockStride) {
        /** True when an output of {@code type} and {@code shape} fits the planned geometry. */
        boolean fits(DataType type, int[] shape) {
            return type == this.type && Arrays.equals(shape, dims);
        }
    }

    /** The Concat step of an in-place Concat: its inputs' slots and where each goes in the output. */
    record Assembly(int outputSlot, DataType type, int[] dims, Write[] parts, int[] inputSlots) {
        /**
         * Finishes the output: allocates it when no producer did, and copies each input that a producer set as a
         * tensor of its own (its kernel did not use the region).
         */
        void run(Frame frame) {
            Tensor out = frame.regionTarget(outputSlot, type, dims);
            for (int j = 0; j < parts.length; j++) {
                if (frame.slot(inputSlots[j]) instanceof Tensor t) {
                    Write w = parts[j];
                    Object src = t.data();
                    Object dst = out.data();
                    for (int k = 0; k < w.blocks(); k++) {
                        System.arraycopy(src, k * w.blockLength(), dst, w.offset() + k * w.blockStride(),
                                w.blockLength());
                    }
                }
            }
        }
    }

    /** The plan's writes by producing node and output, and the assembly per Concat node. */
    record Choice(Map<Node, Write[]> writes, Map<Node, Assembly> assemblies, Map<Value, Value> regionOf) {
        static final Choice NONE = new Choice(Map.of(), Map.of(), Map.of());
    }

    private ConcatInPlace() {
    }

    static boolean enabled() {
        return !"false".equals(System.getProperty("minerua.concatInPlace"));
    }

    /**
     * The in-place Concats of {@code graph}.
     *
     * @param kernels the kernel compiled for each node
     * @param reads   how many times each value is read in this graph (implicit inputs of subgraph nodes included)
     * @param pinned  values that must keep their own storage (graph outputs)
     */
    static Choice choose(Graph graph, Map<Node, Kernel> kernels, Map<Value, Integer> slots, Map<Value, Integer> reads,
                         Set<Value> pinned) {
        if (!enabled()) {
            return Choice.NONE;
        }
        Map<Node, Write[]> writes = new HashMap<>();
        Map<Node, Assembly> assemblies = new HashMap<>();
        Map<Value, Value> regionOf = new HashMap<>();
        int id = 0;
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof Concat c) || n.outputs().size() != 1 || n.output(0) == null
                    || !slots.containsKey(n.output(0))) {
                continue;
            }
            Value out = n.output(0);
            int[] outDims = staticDims(out);
            DataType type = elementType(out);
            if (outDims == null || type == null || outDims.length == 0) {
                continue;
            }
            int rank = outDims.length;
            int axis = (int) (c.axis() < 0 ? c.axis() + rank : c.axis());
            if (axis < 0 || axis >= rank) {
                continue;
            }
            List<Value> inputs = n.inputs();
            Write[] parts = new Write[inputs.size()];
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= outDims[d];
            }
            int inner = 1;
            for (int d = axis + 1; d < rank; d++) {
                inner *= outDims[d];
            }
            if (outer != 1 && outer != outDims[0]) {
                continue; // a block per index of several leading axes: not a geometry producers take
            }
            int stride = outDims[axis] * inner;
            int at = 0;
            boolean ok = !inputs.isEmpty();
            for (int j = 0; j < inputs.size() && ok; j++) {
                Value v = inputs.get(j);
                int[] dims = v == null ? null : staticDims(v);
                Node producer = v == null ? null : v.producer();
                int index = producer == null ? -1 : producer.outputs().indexOf(v);
                Kernel k = producer == null ? null : kernels.get(producer);
                ok = dims != null && dims.length == rank && elementType(v) == type && k != null && index >= 0
                        && k.writesOutputRegion(index) && reads.getOrDefault(v, 0) == 1 && !pinned.contains(v)
                        && !regionOf.containsKey(v) && sameOffAxis(dims, outDims, axis);
                if (ok) {
                    parts[j] = new Write(id + j, slots.get(out), type, dims, outDims, at * inner, outer,
                            dims[axis] * inner, stride);
                    at += dims[axis];
                }
            }
            if (!ok || at != outDims[axis] || Tensor.elementCount(outDims) > Integer.MAX_VALUE) {
                continue;
            }
            int[] inputSlots = new int[parts.length];
            for (int j = 0; j < parts.length; j++) {
                Value v = inputs.get(j);
                Node producer = v.producer();
                Write[] ws = writes.computeIfAbsent(producer, p -> new Write[p.outputs().size()]);
                ws[producer.outputs().indexOf(v)] = parts[j];
                regionOf.put(v, out);
                inputSlots[j] = slots.get(v);
            }
            id += parts.length;
            assemblies.put(n, new Assembly(slots.get(out), type, outDims, parts, inputSlots));
        }
        return new Choice(writes, assemblies, regionOf);
    }

    private static boolean sameOffAxis(int[] dims, int[] outDims, int axis) {
        for (int d = 0; d < dims.length; d++) {
            if (d != axis && dims[d] != outDims[d]) {
                return false;
            }
        }
        return true;
    }

    private static DataType elementType(Value v) {
        return v.type() instanceof ValueType.TensorType t ? t.elementType() : null;
    }

    /** The value's static shape, or null when any dimension is unknown. */
    private static int[] staticDims(Value v) {
        if (!(v.type() instanceof ValueType.TensorType t) || t.shape() == null || !t.shape().isStatic()) {
            return null;
        }
        long[] sizes = t.shape().sizes();
        int[] dims = new int[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] < 0 || sizes[d] > Integer.MAX_VALUE) {
                return null;
            }
            dims[d] = (int) sizes[d];
        }
        return Tensor.elementCount(dims) > Integer.MAX_VALUE ? null : dims;
    }
}
