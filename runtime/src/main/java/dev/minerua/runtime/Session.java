package dev.minerua.runtime;

import dev.minerua.backend.Backend;
import dev.minerua.backend.BackendOptions;
import dev.minerua.backend.BackendProvider;
import dev.minerua.backend.DeviceBackend;
import dev.minerua.backend.PartitionMemory;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Model;
import dev.minerua.ir.Value;
import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.plan.GraphLifetimes;
import dev.minerua.plan.GraphMemoryPlan;
import dev.minerua.plan.InPlaceHints;
import dev.minerua.plan.ValueSizes;
import dev.minerua.runtime.exec.ExecutionPlan;
import dev.minerua.runtime.exec.Frame;
import dev.minerua.runtime.exec.FramePool;
import dev.minerua.runtime.exec.MeasuredSizes;
import dev.minerua.runtime.exec.PlanCompiler;
import dev.minerua.runtime.exec.RunLimits;
import dev.minerua.runtime.exec.ShapeKeyedCache;
import dev.minerua.runtime.profile.OpProfile;
import dev.minerua.runtime.profile.ProfilingBackend;
import dev.minerua.tensor.OnnxValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A model prepared for running: operators bound, types inferred, graph optimized, kernels chosen.
 * All of that happens once, in the constructor. {@link #run} is safe to call from many threads at once;
 * each call works on its own frame.
 */
public final class Session implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.minerua");
    /** How many input-shape signatures {@link #memoryPlan} remembers. */
    static final int PLAN_CACHE_SIGNATURES = 8;

    private final Model model;
    private final ExecutionPlan plan;
    private final Partitioner.Report partitioning;
    private final List<Backend> backends;
    private final InputValidator validator;
    private final RunLimits limits;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final OpProfile profile;
    private final FramePool frames;
    private final CreationTimes creationTimes;
    /** Which outputs each kernel may write over an input, for the memory plans. */
    private final InPlaceHints inPlace;
    /** Measured memory plans of the last few input-shape signatures. */
    private final ShapeKeyedCache<GraphMemoryPlan> memoryPlans = new ShapeKeyedCache<>(PLAN_CACHE_SIGNATURES);
    private volatile boolean closed;

    /**
     * @param times the recorder that timed loading {@code model}; the constructor adds its own phases
     */
    Session(Model model, SessionOptions options, List<BackendProvider> providers, CreationTimes.Recorder times) {
        this.model = model;
        Graph graph = model.graph();
        DimensionOverrides.apply(graph, options.dimensions());
        this.backends = chooseBackends(options, providers);
        times.lap("other");
        GraphPreparation.prepare(graph, effectiveLevel(options.optimizationLevel(), backends),
                options.disabledPasses(), new OptimizerLog(options.debugOptimizer()), times);
        this.limits = new RunLimits(options.maxTensorElements(), options.intraOpThreads());
        this.partitioning = backends.getFirst() instanceof DeviceBackend device
                ? Partitioner.partition(graph, device) : null;
        this.profile = options.profiling() ? new OpProfile() : null;
        List<Backend> compiling = backends;
        if (profile != null) {
            compiling = new ArrayList<>();
            for (Backend b : backends) {
                compiling.add(new ProfilingBackend(b, profile));
            }
        }
        times.lap("other");
        PlanCompiler compiler = new PlanCompiler(compiling, options.intraOpThreads());
        this.plan = compiler.compile(graph);
        this.inPlace = compiler.inPlaceHints();
        times.lap("compile");
        this.frames = new FramePool(plan, limits);
        Set<Value> optional = new HashSet<>(graph.initializers());
        this.validator = new InputValidator(graph.inputs(), optional);
        this.inputs = valueInfos(graph.feedInputs());
        this.outputs = valueInfos(graph.outputs());
        times.lap("other");
        this.creationTimes = times.done();
    }

    // Session creation avoids lambdas and streams: the first session of a JVM links each call site in interpreted
    // code (a hidden class spun per site), which costs more than the loops it would replace.

    private static List<ValueInfo> valueInfos(List<Value> values) {
        List<ValueInfo> infos = new ArrayList<>(values.size());
        for (Value v : values) {
            infos.add(new ValueInfo(v.name(), v.type()));
        }
        return List.copyOf(infos);
    }

    /** The optimizer's change lines, logged when the session's debug switch is on. */
    private record OptimizerLog(boolean enabled) implements Consumer<String> {
        @Override
        public void accept(String line) {
            if (enabled) {
                LOG.log(System.Logger.Level.INFO, line);
            }
        }
    }

    /** Where this session's creation spent its time, phase by phase (see {@link CreationTimes}). */
    public CreationTimes creationTimes() {
        return creationTimes;
    }

    /**
     * The extended fusions produce ops of our own domain that only the CPU kernels implement: with a device
     * backend in front they would pull nodes off the device and split its partitions, so such a session stops
     * at the basic level (fused kernels for the device are still to come).
     */
    private static OptimizationLevel effectiveLevel(OptimizationLevel requested, List<Backend> backends) {
        return backends.getFirst() instanceof DeviceBackend && requested.compareTo(OptimizationLevel.BASIC) > 0
                ? OptimizationLevel.BASIC : requested;
    }

    private static List<Backend> chooseBackends(SessionOptions options, List<BackendProvider> providers) {
        List<Backend> chosen = new ArrayList<>();
        BackendOptions bo = new BackendOptions(options.intraOpThreads(), options.deviceFilter());
        if (options.backend() != BackendKind.CPU) {
            BackendProvider p = provider(providers, options.backend().id());
            if (p == null) {
                LOG.log(System.Logger.Level.WARNING, "backend " + options.backend().id()
                        + " is not on the class path; running on the CPU");
            } else {
                Optional<Backend> device = p.create(bo);
                if (device.isPresent()) {
                    chosen.add(device.get());
                }
            }
        }
        BackendProvider cpu = provider(providers, "cpu");
        if (cpu == null) {
            throw new IllegalStateException("the CPU backend (minerua-kernels-cpu) is not on the class path");
        }
        chosen.add(cpu.create(bo).orElseThrow());
        return chosen;
    }

    /** The provider named {@code name}, or null. */
    private static BackendProvider provider(List<BackendProvider> providers, String name) {
        for (BackendProvider p : providers) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Inputs the caller feeds (initializer-backed inputs are optional and not listed). */
    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    public ModelMetadata metadata() {
        return new ModelMetadata(model.producerName(), model.producerVersion(), model.domain(), model.modelVersion(),
                model.docString(), model.graph().name(), model.irVersion(), model.opsetImports(), model.metadata());
    }

    /** How many top-level nodes each backend runs, e.g. {cpu=131} or {cpu=11, opencl=120}. */
    public Map<String, Integer> nodesPerBackend() {
        Map<String, Integer> perStep = plan.nodesPerBackend();
        if (partitioning == null) {
            return perStep;
        }
        // A device partition is one step but stands for the nodes it holds.
        Map<String, Integer> m = new java.util.TreeMap<>(perStep);
        String device = backends.getFirst().name();
        m.remove(device);
        if (partitioning.nodesOnDevice() > 0) {
            m.put(device, partitioning.nodesOnDevice());
        }
        return m;
    }

    /** The device memory of each partition the session's device backend runs; empty without one. */
    public List<PartitionMemory> partitionMemory() {
        return backends.getFirst() instanceof DeviceBackend device ? device.partitionMemory() : List.of();
    }

    /** Descriptions of the backends in use, preferred first. */
    public List<String> backendDescriptions() {
        return backends.stream().map(b -> b.name() + " (" + b.deviceDescription() + ")").toList();
    }

    /**
     * Time per op type over the runs so far.
     *
     * @throws IllegalStateException when the session was created without {@code SessionOptions.setProfiling(true)}
     */
    public OpProfile profile() {
        if (profile == null) {
            throw new IllegalStateException("profiling is off: create the session with SessionOptions.setProfiling(true)");
        }
        return profile;
    }

    /** The graph as it runs (after optimization), for inspection. */
    public Graph graph() {
        return model.graph();
    }

    /** Runs the model and returns every output. */
    public Result run(Map<String, ? extends OnnxValue> feeds) {
        return run(feeds, null);
    }

    /**
     * Runs the model and returns the named outputs, in the order given.
     *
     * @param outputNames the outputs wanted, or null for all
     */
    public Result run(Map<String, ? extends OnnxValue> feeds, Collection<String> outputNames) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        validator.validate(feeds);
        Frame frame = frames.acquire();
        frame.feed(feeds);
        frame.run();
        List<ValueInfo> outs = outputs; // the graph's outputs in order, without a list view per run
        LinkedHashMap<String, OnnxValue> result = new LinkedHashMap<>();
        if (outputNames == null) {
            for (int i = 0; i < outs.size(); i++) {
                result.put(outs.get(i).name(), frame.output(i));
            }
        } else {
            for (String name : outputNames) {
                int i = indexOfOutput(name);
                result.put(name, frame.output(i));
            }
        }
        frames.release(frame);
        return new Result(result);
    }

    /**
     * The static memory plan of the main graph: sizes from the inferred shapes when {@code feeds} is null
     * (values whose shape is not static are reported as dynamic), else from one run on {@code feeds}. Outputs
     * that their kernels write over a dying input share its block. Plans measured on feeds are cached per
     * input-shape signature (names, element types and dimensions; the last {@value #PLAN_CACHE_SIGNATURES}
     * signatures), so sizes that depend on the input data (NonZero, Loop trip counts) are those of the first
     * feeds seen with that signature.
     */
    public GraphMemoryPlan memoryPlan(Map<String, ? extends OnnxValue> feeds) {
        if (feeds == null) {
            return GraphLifetimes.plan(model.graph(), ValueSizes.fromInferredShapes(), inPlace);
        }
        validator.validate(feeds);
        return memoryPlans.get(feeds, () -> MeasuredSizes.plan(plan, limits, feeds, inPlace));
    }

    /** The compiled plan (for tests). */
    ExecutionPlan executionPlan() {
        return plan;
    }

    /** The run limits of this session (for tests). */
    RunLimits runLimits() {
        return limits;
    }

    /** Memory plans cached now (for tests). */
    int cachedMemoryPlans() {
        return memoryPlans.size();
    }

    /** Bytes of arrays the idle run states keep for later runs (for tests and reports). */
    long pooledBytes() {
        return frames.pooledBytes();
    }

    private int indexOfOutput(String name) {
        List<Value> outs = model.graph().outputs();
        for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new dev.minerua.error.InvalidInputException("unknown output '" + name + "'; the model's outputs are "
                + outs.stream().map(Value::name).toList());
    }

    @Override
    public void close() {
        closed = true;
        for (Backend b : backends) {
            b.close();
        }
    }
}
