package dev.minerua.runtime.exec;

import dev.minerua.backend.Kernel;

import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.KernelContext;
import dev.minerua.backend.OutputRegion;
import dev.minerua.error.ExecutionException;
import dev.minerua.error.MineruaException;
import dev.minerua.error.TensorSizeException;
import dev.minerua.tensor.DataType;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The mutable state of one run of one plan: a value per slot. It is also the {@link KernelContext}
 * of whichever step is running. Confined to the thread that runs it.
 *
 * <p>A top-level frame may be reused by later runs (see {@link #endRun}): with a {@link BufferPool},
 * {@link #allocate} hands out arrays released by earlier steps or runs, and the frames of subgraphs are
 * kept per subgraph plan. Every slot write and release is reported to the pool, which counts how many
 * slots hold each of its arrays.
 */
public final class Frame implements KernelContext {
    /** Sees each step's outputs before any slot is released (used to measure a run's value sizes). */
    @FunctionalInterface
    public interface StepObserver {
        void afterStep(int stepIndex, Frame frame);
    }

    private final ExecutionPlan plan;
    private final RunLimits limits;
    private final OnnxValue[] slots;
    private final BufferPool pool;
    private final boolean topLevel;
    private IdentityHashMap<ExecutionPlan, Frame> children;
    /** Subgraph plans already run during the current top-level step (shared by the whole frame tree). */
    private Set<ExecutionPlan> ranThisStep;
    private StepObserver observer;
    private Step current;
    /** The last region handed out per in-place Concat write (by {@link ConcatInPlace.Write#id}). */
    private OutputRegion[] regions = new OutputRegion[0];

    /** A one-off frame that allocates every tensor afresh. */
    public Frame(ExecutionPlan plan, RunLimits limits) {
        this(plan, limits, null, true);
    }

    private Frame(ExecutionPlan plan, RunLimits limits, BufferPool pool, boolean topLevel) {
        this.plan = plan;
        this.limits = limits;
        this.slots = plan.initialValues().clone();
        this.pool = pool;
        this.topLevel = topLevel;
    }

    /** A reusable top-level frame whose tensors come from its own buffer pool. */
    public static Frame pooled(ExecutionPlan plan, RunLimits limits) {
        return new Frame(plan, limits, new BufferPool(), true);
    }

    /** Calls {@code observer} after every step, subgraph steps included (null: none). */
    public void setObserver(StepObserver observer) {
        this.observer = observer;
    }

    /** The plan this frame runs. */
    public ExecutionPlan plan() {
        return plan;
    }

    /** The value in {@code slot} now (null when empty or released). */
    public OnnxValue slot(int slot) {
        return slots[slot];
    }

    /** Output {@code i} of step {@code stepIndex} as its slot holds it now (null when unused or released). */
    public OnnxValue stepOutput(int stepIndex, int i) {
        int slot = plan.steps().get(stepIndex).outputSlots()[i];
        return slot < 0 ? null : slots[slot];
    }

    /** Sets formal input {@code i}. */
    public void setInput(int i, OnnxValue value) {
        put(plan.inputSlots()[i], value);
    }

    /** Sets every formal input that {@code feeds} names (inputs it leaves out keep their initializer). */
    public void feed(java.util.Map<String, ? extends OnnxValue> feeds) {
        java.util.List<dev.minerua.ir.Value> formal = plan.graph().inputs();
        for (int i = 0; i < formal.size(); i++) {
            OnnxValue v = feeds.get(formal.get(i).name());
            if (v != null) {
                setInput(i, v);
            }
        }
    }

    private void put(int slot, OnnxValue value) {
        if (pool != null) {
            pool.release(slots[slot]);
            pool.retain(value);
        }
        slots[slot] = value;
    }

    private void clear(int slot) {
        if (pool != null) {
            pool.release(slots[slot]);
        }
        slots[slot] = null;
    }

    /**
     * Ends a run of a reusable frame once its outputs have been read: they now belong to the caller, every
     * slot is emptied and the pool keeps what this run used. The frame is then ready for the next run.
     */
    public void endRun() {
        if (pool != null) {
            for (int slot : plan.outputSlots()) {
                pool.disown(slots[slot]);
            }
        }
        clearAll();
        if (pool != null) {
            pool.endRun();
        }
    }

    /** Bytes of the arrays this frame's pool keeps (0 without a pool). */
    public long pooledBytes() {
        return pool == null ? 0 : pool.ownedBytes();
    }

    /** Empties every slot and puts the initializers back. */
    private void clearAll() {
        OnnxValue[] initial = plan.initialValues();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != initial[i]) {
                clear(i);
                slots[i] = initial[i];
            }
        }
    }


    /** The step's kernel for this run: its {@link Step#fedKernel} when a feed replaced one of its defaults. */
    private Kernel kernelFor(Step step) {
        if (step.fedKernel() != null) {
            OnnxValue[] initial = plan.initialValues();
            for (int slot : step.fedSlots()) {
                if (slots[slot] != initial[slot]) {
                    return step.fedKernel();
                }
            }
        }
        return step.kernel();
    }

    /** Output {@code i} after {@link #run()}. */
    public OnnxValue output(int i) {
        return slots[plan.outputSlots()[i]];
    }

    /** Runs every step in order. */
    public void run() {
        java.util.List<Step> steps = plan.steps();
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            current = step;
            try {
                if (step.assembly() != null) {
                    step.assembly().run(this);
                } else {
                    kernelFor(step).execute(this);
                }
            } catch (TensorSizeException e) {
                throw new TensorSizeException(step.node().describe() + ": " + e.getMessage(), e);
            } catch (ExecutionException e) {
                throw e.getMessage().startsWith("node '") ? e
                        : new ExecutionException(step.node().describe() + " failed: " + e.getMessage()
                        + "; inputs " + describeInputs(step), e);
            } catch (MineruaException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                throw new ExecutionException(step.node().describe() + " failed: " + e
                        + "; inputs " + describeInputs(step), e);
            }
            int[] outs = step.outputSlots();
            for (int i = 0; i < outs.length; i++) {
                if (outs[i] >= 0 && slots[outs[i]] == null && !wroteRegion(step, i)) {
                    throw new ExecutionException(step.node().describe() + " did not produce output " + i
                            + " ('" + step.node().output(i).name() + "')");
                }
            }
            if (observer != null) {
                observer.afterStep(index, this);
            }
            for (int slot : step.freeAfter()) {
                clear(slot);
            }
            if (topLevel && pool != null) {
                pool.recycle();
                if (ranThisStep != null) {
                    ranThisStep.clear();
                }
            }
        }
        current = null;
    }

    /** True when output {@code i} of {@code step} went into its Concat's output (which then exists). */
    private boolean wroteRegion(Step step, int i) {
        ConcatInPlace.Write[] regions = step.regions();
        return regions != null && regions[i] != null && slots[regions[i].targetSlot()] != null;
    }

    /**
     * The tensor in {@code slot} (an in-place Concat's output), allocated and put there first when empty. Not
     * zero-filled: the Concat's producers and its step write every element.
     */
    Tensor regionTarget(int slot, DataType type, int[] dims) {
        if (slots[slot] instanceof Tensor t) {
            return t;
        }
        Tensor t = allocate(type, dims, false);
        put(slot, t);
        return t;
    }

    private String describeInputs(Step step) {
        StringBuilder b = new StringBuilder("[");
        int[] in = step.inputSlots();
        for (int i = 0; i < in.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            OnnxValue v = in[i] < 0 ? null : slots[in[i]];
            b.append(v instanceof Tensor t ? t.type() + Arrays.toString(t.dims()) : String.valueOf(v));
        }
        return b.append(']').toString();
    }

    // ---- KernelContext ------------------------------------------------------------------------

    @Override
    public int inputCount() {
        return current.inputSlots().length;
    }

    @Override
    public Tensor input(int i) {
        OnnxValue v = inputValue(i);
        if (v == null || v instanceof Tensor) {
            return (Tensor) v;
        }
        throw new ExecutionException(current.node().describe() + ": input " + i + " is a "
                + v.getClass().getSimpleName() + ", not a tensor");
    }

    @Override
    public OnnxValue inputValue(int i) {
        int[] in = current.inputSlots();
        return i < in.length && in[i] >= 0 ? slots[in[i]] : null;
    }

    @Override
    public int outputCount() {
        return current.outputSlots().length;
    }

    @Override
    public boolean isOutputUsed(int i) {
        return current.outputSlots()[i] >= 0;
    }

    @Override
    public void setOutput(int i, OnnxValue value) {
        int slot = current.outputSlots()[i];
        if (slot >= 0) {
            put(slot, value);
        }
    }

    @Override
    public Tensor allocate(DataType type, int... shape) {
        return allocate(type, shape, true);
    }

    /** As {@link #allocate(DataType, int...)}, zero-filled only when {@code zero} (a new array always is). */
    private Tensor allocate(DataType type, int[] shape, boolean zero) {
        long n = Tensor.elementCount(shape);
        if (n > limits.maxTensorElements()) {
            throw new TensorSizeException("a " + type + " tensor of shape " + Arrays.toString(shape) + " has "
                    + n + " elements, over the session limit of " + limits.maxTensorElements());
        }
        return pool == null ? Tensor.allocate(type, shape) : pool.take(type, shape, zero);
    }

    /**
     * As the default, except that when the step's kernel may write output {@code i} over an input
     * ({@link Step#inPlace}) and that input's array is pooled, has this type and shape and no slot but the
     * input's holds it, the input's tensor itself becomes the output.
     */
    @Override
    public Tensor allocateOutput(int i, DataType type, int... shape) {
        return allocateOutput(i, type, shape, true);
    }

    /** As {@link #allocateOutput}, except that a reused array is not zero-filled: the kernel writes every element. */
    @Override
    public Tensor allocateOutputUnzeroed(int i, DataType type, int... shape) {
        return allocateOutput(i, type, shape, false);
    }

    private Tensor allocateOutput(int i, DataType type, int[] shape, boolean zero) {
        int[][] inPlace = current.inPlace();
        if (pool != null && inPlace != null && i < inPlace.length && inPlace[i] != null) {
            for (int j : inPlace[i]) {
                if (slots[current.inputSlots()[j]] instanceof Tensor t && t.type() == type
                        && Arrays.equals(t.dims(), shape) && pool.heldOnce(t)) {
                    setOutput(i, t);
                    return t;
                }
            }
        }
        Tensor t = allocate(type, shape, zero);
        setOutput(i, t);
        return t;
    }

    /** A region for an output the plan writes into a later Concat's output ({@link ConcatInPlace}), else null. */
    @Override
    public OutputRegion outputRegion(int i, DataType type, int... shape) {
        ConcatInPlace.Write[] writes = current.regions();
        if (writes == null || i >= writes.length || writes[i] == null || !writes[i].fits(type, shape)) {
            return null;
        }
        ConcatInPlace.Write w = writes[i];
        Tensor target = regionTarget(w.targetSlot(), w.type(), w.targetDims());
        if (w.id() >= regions.length) {
            regions = Arrays.copyOf(regions, Math.max(w.id() + 1, 2 * regions.length));
        }
        OutputRegion r = regions[w.id()];
        // Kept per write: in steady state the pool hands out the same target every run, so no region is made.
        r = r == null ? new OutputRegion(target, w.offset(), w.blocks(), w.blockLength(), w.blockStride())
                : r.on(target);
        regions[w.id()] = r;
        return r;
    }

    @Override
    public OnnxValue[] runSubgraph(CompiledSubgraph subgraph, OnnxValue... inputs) {
        ExecutionPlan sub = (ExecutionPlan) subgraph;
        if (inputs.length != sub.inputCount()) {
            throw new ExecutionException("subgraph '" + sub.graph().name() + "' takes " + sub.inputCount()
                    + " inputs, given " + inputs.length);
        }
        Frame child = childFrame(sub);
        int[] cs = sub.captureSlots();
        int[] src = sub.captureSources();
        try {
            for (int k = 0; k < cs.length; k++) {
                child.put(cs[k], slots[src[k]]);
            }
            for (int i = 0; i < inputs.length; i++) {
                child.setInput(i, inputs[i]);
            }
            child.run();
            OnnxValue[] out = new OnnxValue[sub.outputCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = child.output(i);
            }
            return out;
        } finally {
            // The outputs stay alive in the kernel's hands; the pool frees them only between top-level steps.
            child.clearAll();
        }
    }

    /**
     * The frame for a subgraph plan: without a pool a fresh one, with a pool one kept per plan. Pooled arrays
     * are only recycled between top-level steps, so a body that runs again within the same step (a Loop or
     * Scan iteration) gets a fresh unpooled frame: its arrays are left to the garbage collector, and the pool
     * holds at most one iteration's worth however many iterations a model asks for.
     */
    private Frame childFrame(ExecutionPlan sub) {
        if (pool != null && ranThisStep == null) {
            ranThisStep = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        if (pool == null || !ranThisStep.add(sub)) {
            Frame child = new Frame(sub, limits, null, false);
            child.observer = observer;
            return child;
        }
        if (children == null) {
            children = new IdentityHashMap<>();
        }
        Frame child = children.get(sub);
        if (child == null || child.current != null) {
            child = new Frame(sub, limits, pool, false);
            children.put(sub, child);
        }
        child.children = children;
        child.ranThisStep = ranThisStep;
        child.observer = observer;
        return child;
    }

    @Override
    public int intraOpThreads() {
        return limits.intraOpThreads();
    }
}
