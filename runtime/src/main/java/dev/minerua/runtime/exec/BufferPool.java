package dev.minerua.runtime.exec;

import dev.minerua.tensor.DataType;
import dev.minerua.tensor.MapValue;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.OptionalValue;
import dev.minerua.tensor.Tensor;
import dev.minerua.tensor.TensorSequence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The arrays one run state hands to kernels, kept for the next run. Each array the pool creates is
 * reference-counted by the frame slots that hold a tensor on it (a view shares its input's array, so
 * Reshape and friends count too); once no slot holds it and the step that made it is over, it goes back
 * to a free list keyed by storage kind and length, and the next request of that kind and length takes it
 * (zero-filled, as {@link dev.minerua.backend.KernelContext#allocate} promises). In steady state a run
 * with the same shapes as the last one therefore creates no arrays but its outputs, which
 * {@link #disown} hands to the caller.
 *
 * <p>Arrays become free only at the end of a step of the top-level frame ({@link #recycle}): a kernel
 * running a subgraph may still hold the subgraph's values. Free arrays not taken during a run are dropped
 * at its end ({@link #endRun}), so a session fed varying shapes keeps only the last run's buffers.
 *
 * <p>Used by one run at a time; {@code take} is synchronized only because a kernel could call
 * {@code allocate} from its worker threads.
 */
final class BufferPool {
    /** Tensors kept per array (see {@link Buffer#tensors}). */
    private static final int TENSORS_PER_BUFFER = 4;

    /** Bookkeeping for one array the pool created. */
    private static final class Buffer {
        final Object array;
        final long key;
        int refs;
        boolean free;
        boolean candidate;
        /** Handed to the caller by {@link #disown}. */
        boolean disowned;
        int run;
        /**
         * The last tensors made on this array (one array serves values of several shapes of one size in a run):
         * handed out again when type and shape repeat. Filled round-robin.
         */
        final Tensor[] tensors = new Tensor[TENSORS_PER_BUFFER];
        int nextTensor;

        /** The kept tensor of {@code type} and {@code shape} on this array, made and kept when none is. */
        Tensor tensor(DataType type, int[] shape) {
            for (Tensor t : tensors) {
                if (t != null && t.type() == type && Arrays.equals(t.dims(), shape)) {
                    return t;
                }
            }
            Tensor t = Tensor.wrap(type, shape, array);
            tensors[nextTensor] = t;
            nextTensor = (nextTensor + 1) % tensors.length;
            return t;
        }

        Buffer(Object array, long key) {
            this.array = array;
            this.key = key;
        }
    }

    private final IdentityHashMap<Object, Buffer> owned = new IdentityHashMap<>();
    private final LongObjectMap<ArrayDeque<Buffer>> freeLists = new LongObjectMap<>();
    private final List<Buffer> candidates = new ArrayList<>();
    private int run;
    private long created;
    /**
     * Stands in {@link #lastTakes} for a buffer the last run handed to its caller: that request makes a new array
     * rather than taking a free one, which a later request of the run would miss (its arrays would then rotate
     * between runs and every kernel that remembers its operands' arrays would rebuild its views each run).
     */
    private static final Buffer DISOWNED = new Buffer(new Object(), -1);
    /** Per request of the last run and this one, in order: the buffer it got (see {@link #take}). */
    private final List<Buffer> lastTakes = new ArrayList<>();
    /** Requests so far in this run. */
    private int takes;
    /** {@link #dropStale}, made once rather than as a lambda on every {@link #endRun}. */
    private final LongObjectMap.Visitor<ArrayDeque<Buffer>> dropStale = this::dropStale;
    /** Keys whose free lists {@link #endRun} emptied (the first {@link #emptyKeyCount}), reused across runs. */
    private long[] emptyKeys = new long[0];
    private int emptyKeyCount;

    /** A zero-filled tensor of {@code type} and {@code shape}, on a reused array when one fits. */
    Tensor take(DataType type, int[] shape) {
        return take(type, shape, true);
    }

    /**
     * A tensor of {@code type} and {@code shape}, on a reused array when one fits; a reused array is zeroed only
     * when {@code zero} (the caller may promise to write every element).
     */
    synchronized Tensor take(DataType type, int[] shape, boolean zero) {
        long slots = Tensor.elementCount(shape) * type.slotsPerElement();
        if (slots == 0 || slots > Tensor.MAX_SLOTS || type == DataType.STRING) {
            return Tensor.allocate(type, shape);
        }
        long key = ((long) type.storage().ordinal() << 32) | slots;
        ArrayDeque<Buffer> list = freeLists.get(key);
        Buffer b = null;
        if (list != null) {
            // The buffer the same request (by its number in the run) got last run, when free: a run with the same
            // shapes as the last then gets the very same arrays and tensors, so kernels that remember their last
            // tensors (views, concat copies, GEMM operands) find them again.
            Buffer prev = takes < lastTakes.size() ? lastTakes.get(takes) : null;
            if (prev != null && prev.free && prev.key == key && owned.get(prev.array) == prev && list.remove(prev)) {
                b = prev;
            } else if (prev != DISOWNED) {
                b = list.pollLast();
            }
        }
        if (b != null) {
            if (zero) {
                zero(b.array);
            }
            b.free = false;
        } else {
            Tensor t = Tensor.allocate(type, shape);
            b = new Buffer(t.data(), key);
            b.tensors[0] = t;
            b.nextTensor = 1;
            owned.put(b.array, b);
            created += slots;
        }
        if (takes < lastTakes.size()) {
            lastTakes.set(takes, b);
        } else {
            lastTakes.add(b);
        }
        takes++;
        b.run = run;
        b.refs = 0;
        candidate(b); // unless a slot takes it during this step, it is scratch
        // Tensors are immutable views of (type, shape, array): the earlier ones on this array are dead
        // (its array was free), so one can stand for the new one and the run allocates no wrapper.
        return b.tensor(type, shape);
    }

    /** Counts one more slot holding {@code value}. */
    void retain(OnnxValue value) {
        switch (value) {
            case Tensor t -> {
                // materializedData, not data: a constant still viewing the model's bytes is never the pool's, and
                // looking it up must not decode it.
                Buffer b = owned.get(t.materializedData());
                if (b != null) {
                    b.refs++;
                }
            }
            case null -> { }
            default -> forEachPart(value, this::retain);
        }
    }

    /** Counts one slot fewer holding {@code value}; at zero the array becomes a candidate for reuse. */
    void release(OnnxValue value) {
        switch (value) {
            case Tensor t -> {
                Buffer b = owned.get(t.materializedData());
                if (b != null && --b.refs <= 0) {
                    b.refs = 0;
                    candidate(b);
                }
            }
            case null -> { }
            default -> forEachPart(value, this::release);
        }
    }

    /**
     * True when {@code t}'s array is one of this pool's, in use, and held by exactly one slot: the only
     * reference the run has, so a kernel may overwrite it.
     */
    synchronized boolean heldOnce(Tensor t) {
        Buffer b = owned.get(t.materializedData());
        return b != null && !b.free && b.refs == 1;
    }

    /** Gives {@code value}'s arrays to the caller: the pool forgets them. */
    void disown(OnnxValue value) {
        switch (value) {
            case Tensor t -> {
                Buffer b = owned.remove(t.materializedData());
                if (b != null) {
                    b.disowned = true;
                }
            }
            case null -> { }
            default -> forEachPart(value, this::disown);
        }
    }

    private void candidate(Buffer b) {
        if (!b.candidate) {
            b.candidate = true;
            candidates.add(b);
        }
    }

    /** Returns every candidate no slot holds to its free list; called between top-level steps. */
    void recycle() {
        for (int i = 0; i < candidates.size(); i++) {
            Buffer b = candidates.get(i);
            b.candidate = false;
            if (b.refs == 0 && !b.free && owned.get(b.array) == b) {
                b.free = true;
                ArrayDeque<Buffer> list = freeLists.get(b.key);
                if (list == null) {
                    list = new ArrayDeque<>();
                    freeLists.put(b.key, list);
                }
                list.addLast(b);
            }
        }
        candidates.clear();
    }

    /** Ends a run: drops free arrays this run did not use, so the pool holds one run's worth. */
    void endRun() {
        recycle();
        emptyKeyCount = 0;
        freeLists.forEach(dropStale);
        for (int i = 0; i < emptyKeyCount; i++) {
            freeLists.remove(emptyKeys[i]);
        }
        // Forget buffers the pool no longer owns (outputs handed to the caller, stale arrays dropped above).
        for (int i = 0; i < lastTakes.size(); i++) {
            Buffer b = lastTakes.get(i);
            if (b != null && b != DISOWNED && owned.get(b.array) != b) {
                lastTakes.set(i, b.disowned ? DISOWNED : null);
            }
        }
        takes = 0;
        run++;
    }

    /** Drops the buffers of {@code list} this run did not use; notes {@code key} when none is left. */
    private void dropStale(long key, ArrayDeque<Buffer> list) {
        for (int i = list.size(); i > 0; i--) {
            Buffer b = list.pollFirst();
            if (b.run != run) {
                owned.remove(b.array);
            } else {
                list.addLast(b);
            }
        }
        if (list.isEmpty()) {
            if (emptyKeyCount == emptyKeys.length) {
                emptyKeys = Arrays.copyOf(emptyKeys, Math.max(8, emptyKeyCount * 2));
            }
            emptyKeys[emptyKeyCount++] = key;
        }
    }

    /** Bytes of the arrays the pool holds now, in use or free (outputs handed to callers excluded). */
    synchronized long ownedBytes() {
        long total = 0;
        for (Buffer b : owned.values()) {
            total += bytesOf(b.array);
        }
        return total;
    }

    private static long bytesOf(Object array) {
        return switch (array) {
            case float[] a -> 4L * a.length;
            case double[] a -> 8L * a.length;
            case byte[] a -> a.length;
            case short[] a -> 2L * a.length;
            case int[] a -> 4L * a.length;
            case long[] a -> 8L * a.length;
            case boolean[] a -> a.length;
            default -> throw new IllegalStateException("unexpected pooled array " + array.getClass());
        };
    }

    /** Array slots this pool has created so far (for tests and reports). */
    synchronized long createdSlots() {
        return created;
    }

    private static void forEachPart(OnnxValue value, java.util.function.Consumer<OnnxValue> action) {
        switch (value) {
            case TensorSequence s -> s.elements().forEach(action);
            case OptionalValue o -> {
                if (o.isPresent()) {
                    action.accept(o.value());
                }
            }
            case MapValue m -> m.entries().values().forEach(action);
            default -> { }
        }
    }

    private static void zero(Object array) {
        switch (array) {
            case float[] a -> Arrays.fill(a, 0f);
            case double[] a -> Arrays.fill(a, 0d);
            case byte[] a -> Arrays.fill(a, (byte) 0);
            case short[] a -> Arrays.fill(a, (short) 0);
            case int[] a -> Arrays.fill(a, 0);
            case long[] a -> Arrays.fill(a, 0L);
            case boolean[] a -> Arrays.fill(a, false);
            default -> throw new IllegalStateException("unexpected pooled array " + array.getClass());
        }
    }
}
