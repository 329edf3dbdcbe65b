package dev.minerua.runtime.exec;

import dev.minerua.backend.Backend;
import dev.minerua.backend.CompileContext;
import dev.minerua.backend.CompiledSubgraph;
import dev.minerua.backend.Kernel;
import dev.minerua.error.ExecutionException;
import dev.minerua.error.InvalidModelException;
import dev.minerua.error.MineruaException;
import dev.minerua.error.UnsupportedOperatorException;
import dev.minerua.ir.Graph;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.plan.InPlaceHints;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Compiles a bound, type-inferred graph into an {@link ExecutionPlan}: assigns frame slots, asks the
 * backends (in preference order) for each node's kernel, and computes when each slot can be released.
 */
public final class PlanCompiler {
    private final List<Backend> backends;
    private final int intraOpThreads;
    /** The kernel compiled for each node, for {@link #inPlaceHints}. */
    private final Map<Node, Kernel> declared = new IdentityHashMap<>();
    /**
     * Initializers that are also graph inputs (from IR 4 on): only defaults, which a feed may replace. Kernels
     * compiled normally may pack them as constants; nodes reading one also get a kernel that treats it as a
     * run-time value (see {@link Step#fedKernel}).
     */
    private final Set<Value> overridable = new HashSet<>();
    /** Values written straight into a Concat's output, to that output ({@link ConcatInPlace}). */
    private final Map<Value, Value> regionOf = new HashMap<>();

    /** @param backends in preference order; the last should accept every op (the CPU backend) */
    public PlanCompiler(List<Backend> backends, int intraOpThreads) {
        this.backends = List.copyOf(backends);
        this.intraOpThreads = intraOpThreads;
    }

    /** Compiles the main graph. */
    public ExecutionPlan compile(Graph graph) {
        return compile(graph, Map.of());
    }

    private ExecutionPlan compile(Graph graph, Map<Value, Integer> enclosingSlots) {
        for (Value v : graph.inputs()) {
            if (v.isConstant()) {
                overridable.add(v);
            }
        }
        Map<Value, Integer> slots = new HashMap<>();
        List<Value> captures = new ArrayList<>(graph.outerScopeValues());
        for (Value v : graph.inputs()) {
            slots.putIfAbsent(v, slots.size());
        }
        for (Value v : graph.initializers()) {
            slots.putIfAbsent(v, slots.size());
        }
        for (Value v : captures) {
            slots.putIfAbsent(v, slots.size());
        }
        for (Node n : graph.nodes()) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    slots.putIfAbsent(v, slots.size());
                }
            }
        }
        OnnxValue[] initial = new OnnxValue[slots.size()];
        for (Value v : graph.initializers()) {
            initial[slots.get(v)] = v.constant();
        }
        int[] captureSlots = new int[captures.size()];
        int[] captureSources = new int[captures.size()];
        for (int i = 0; i < captures.size(); i++) {
            Value v = captures.get(i);
            Integer src = enclosingSlots.get(v);
            if (src == null) {
                throw new InvalidModelException("graph '" + graph.name() + "' reads '" + v.name()
                        + "', which no enclosing graph defines");
            }
            captureSlots[i] = slots.get(v);
            captureSources[i] = src;
        }

        Set<Integer> pinned = new HashSet<>();
        for (Value v : graph.outputs()) {
            pinned.add(slots.get(v));
        }
        for (Value v : graph.initializers()) {
            pinned.add(slots.get(v));
        }
        int[] lastUse = new int[slots.size()];
        Arrays.fill(lastUse, -1);
        List<Node> nodes = graph.nodes();
        for (int s = 0; s < nodes.size(); s++) {
            for (Value v : nodes.get(s).inputs()) {
                if (v != null) {
                    lastUse[slots.get(v)] = s;
                }
            }
            for (Value v : nodes.get(s).implicitInputs()) {
                Integer slot = slots.get(v);
                if (slot != null) {
                    lastUse[slot] = s;
                }
            }
        }
        // Slots released after each step, in slot order; one pass over the slots, not one per step.
        List<List<Integer>> freeAfter = new ArrayList<>(nodes.size());
        for (int s = 0; s < nodes.size(); s++) {
            freeAfter.add(new ArrayList<>());
        }
        for (int slot = 0; slot < lastUse.length; slot++) {
            if (lastUse[slot] >= 0 && !pinned.contains(slot)) {
                freeAfter.get(lastUse[slot]).add(slot);
            }
        }
        Set<Value> produced = new HashSet<>();
        for (Node n : nodes) {
            for (Value v : n.outputs()) {
                if (v != null) {
                    produced.add(v);
                }
            }
        }
        List<Step> steps = new ArrayList<>(nodes.size());
        ConstantReleases releases = new ConstantReleases(graph, initial, slots, overridable);
        for (int s = 0; s < nodes.size(); s++) {
            Node n = nodes.get(s);
            int[] in = new int[n.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                Value v = n.input(i);
                in[i] = v == null ? -1 : slots.get(v);
            }
            int[] out = new int[n.outputs().size()];
            for (int i = 0; i < out.length; i++) {
                Value v = n.output(i);
                out[i] = v == null || (lastUse[slots.get(v)] < 0 && !pinned.contains(slots.get(v))) ? -1 : slots.get(v);
            }
            List<Integer> free = freeAfter.get(s);
            BackendChoice choice = kernelFor(n, slots, false);
            declared.put(n, choice.kernel);
            int[] fedSlots = overridableSlots(n, slots);
            Kernel fed = fedSlots.length == 0 || choice.kernel.followsFedDefaults() ? null : fedKernel(n, slots);
            int[][] inPlace = inPlaceTable(n, s, choice.kernel, slots, produced, lastUse, pinned);
            if (fed != null && !Arrays.deepEquals(inPlace, inPlaceTable(n, s, fed, slots, produced, lastUse, pinned))) {
                inPlace = null; // either kernel may run, so only what both declare could be shared; keep it simple
            }
            steps.add(new Step(n, choice.kernel, choice.backend, in, out,
                    toInts(free), inPlace, fed, fedSlots, null, null));
            releases.compiled(n, i -> overridable.contains(n.input(i))
                    // A fed kernel reads such an input only in runs that feed it (ConstantReleases keeps defaults
                    // that share a reader with another one); a kernel that follows fed values itself may compare.
                    ? fed == null || choice.kernel.readsConstantInput(i)
                    : choice.kernel.readsConstantInput(i) || (fed != null && fed.readsConstantInput(i)));
        }
        withConcatsInPlace(graph, slots, steps);
        int[] inputSlots = slotsOf(graph.inputs(), slots);
        int[] outputSlots = slotsOf(graph.outputs(), slots);
        return new ExecutionPlan(graph, slots.size(), initial, inputSlots, outputSlots, captureSlots, captureSources,
                List.copyOf(steps));
    }

    /**
     * Adds one to {@code v}'s count; a plain get and put rather than {@code merge(v, 1, Integer::sum)}, whose method
     * reference the first session of a JVM would link in interpreted code.
     */
    private static void countRead(Map<Value, Integer> counts, Value v) {
        Integer before = counts.get(v);
        counts.put(v, before == null ? 1 : before + 1);
    }

    /** Gives the steps of {@code graph} their roles in Concats done in place ({@link ConcatInPlace}). */
    private void withConcatsInPlace(Graph graph, Map<Value, Integer> slots, List<Step> steps) {
        Map<Value, Integer> reads = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Value v : n.inputs()) {
                if (v != null) {
                    countRead(reads, v);
                }
            }
            for (Value v : n.implicitInputs()) {
                countRead(reads, v);
            }
        }
        ConcatInPlace.Choice choice = ConcatInPlace.choose(graph, declared, slots, reads, new HashSet<>(graph.outputs()));
        if (choice.assemblies().isEmpty()) {
            return;
        }
        regionOf.putAll(choice.regionOf());
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            ConcatInPlace.Write[] writes = choice.writes().get(step.node());
            ConcatInPlace.Assembly assembly = choice.assemblies().get(step.node());
            if (writes != null || assembly != null) {
                steps.set(s, step.withConcat(writes, assembly));
            }
        }
    }

    /**
     * Lets go of the initializers that every reading kernel has turned into its own form (packed weights, see
     * {@link Kernel#readsConstantInput}): their slots start empty and the graph forgets their contents, so the
     * decoded arrays can be collected. Each goes as soon as its last reader is compiled, not after the whole plan,
     * so session creation does not hold every decoded weight next to every packed one. Graph outputs and
     * initializers read by a subgraph are kept.
     *
     * <p>An initializer that is also a graph input (a default a feed may replace) can go too: its empty slot still
     * tells a run that keeps the default (empty) from one that feeds it (the fed value), which is all the choice of
     * {@link Step#fedKernel} needs, and the fed kernel then reads the fed value. Only where a reader has a second
     * such default is it kept: a run feeding the other one runs the fed kernel, which reads this default unpacked.
     */
    private static final class ConstantReleases {
        private final OnnxValue[] initial;
        private final Map<Value, Integer> slots;
        /** Per droppable initializer, how many of its reads have not been compiled yet. */
        private final Map<Value, Integer> pendingReads = new HashMap<>();

        ConstantReleases(Graph graph, OnnxValue[] initial, Map<Value, Integer> slots, Set<Value> overridable) {
            this.initial = initial;
            this.slots = slots;
            Set<Value> keep = new HashSet<>(graph.outputs());
            for (Node n : graph.nodes()) {
                keep.addAll(n.implicitInputs());
                Set<Value> defaults = new HashSet<>(n.inputs());
                defaults.retainAll(overridable);
                if (defaults.size() > 1) {
                    keep.addAll(defaults);
                }
            }
            Set<Value> initializers = new HashSet<>(graph.initializers());
            for (Node n : graph.nodes()) {
                for (Value v : n.inputs()) {
                    if (v != null && initializers.contains(v) && !keep.contains(v)) {
                        countRead(pendingReads, v);
                    }
                }
            }
        }

        /**
         * Counts {@code n}'s reads as compiled; drops each constant whose readers all hold their own form of it.
         * {@code reads} says which inputs the node's kernels read at run time.
         */
        void compiled(Node n, IntPredicate reads) {
            for (int i = 0; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                Integer left = v == null ? null : pendingReads.get(v);
                if (left == null) {
                    continue;
                }
                if (reads.test(i)) {
                    pendingReads.remove(v); // read at run time: kept
                } else if (left > 1) {
                    pendingReads.put(v, left - 1);
                } else {
                    pendingReads.remove(v);
                    initial[slots.get(v)] = null;
                    v.setConstant(null);
                }
            }
        }
    }

    /**
     * Per output of {@code n} (step {@code s}), the declared inputs it may overwrite that pass the static
     * checks ({@link Step#inPlace}); null when none does.
     */
    private static int[][] inPlaceTable(Node n, int s, Kernel kernel, Map<Value, Integer> slots, Set<Value> produced,
                                        int[] lastUse, Set<Integer> pinned) {
        int[][] table = null;
        for (int o = 0; o < n.outputs().size(); o++) {
            int[] declared = kernel.inPlaceInputs(o);
            int[] ok = new int[declared.length];
            int count = 0;
            for (int j : declared) {
                Value v = j < n.inputs().size() ? n.input(j) : null;
                if (v != null && produced.contains(v) && lastUse[slots.get(v)] == s
                        && !pinned.contains(slots.get(v)) && readsOf(n, v) == 1) {
                    ok[count++] = j;
                }
            }
            if (count > 0) {
                if (table == null) {
                    table = new int[n.outputs().size()][];
                }
                table[o] = Arrays.copyOf(ok, count);
            }
        }
        return table;
    }

    private static int readsOf(Node n, Value v) {
        int count = 0;
        for (Value x : n.inputs()) {
            count += x == v ? 1 : 0;
        }
        for (Value x : n.implicitInputs()) {
            count += x == v ? 1 : 0;
        }
        return count;
    }

    /**
     * The in-place declarations of every kernel compiled so far (subgraphs included) and the Concats done in place,
     * for the memory planner.
     */
    public InPlaceHints inPlaceHints() {
        return new InPlaceHints() {
            @Override
            public int[] inputsFor(Node node, int output) {
                Kernel k = declared.get(node);
                return k == null ? new int[0] : k.inPlaceInputs(output);
            }

            @Override
            public Value regionOf(Node node, int output) {
                return regionOf.get(node.output(output));
            }
        };
    }

    private record BackendChoice(Kernel kernel, String backend) {
    }

    /** The slots of {@code n}'s inputs that are {@link #overridable} defaults. */
    private int[] overridableSlots(Node n, Map<Value, Integer> slots) {
        if (overridable.isEmpty()) {
            return new int[0];
        }
        int[] out = new int[n.inputs().size()];
        int count = 0;
        for (Value v : n.inputs()) {
            if (v != null && overridable.contains(v)) {
                int slot = slots.get(v);
                boolean seen = false;
                for (int i = 0; i < count && !seen; i++) {
                    seen = out[i] == slot;
                }
                if (!seen) {
                    out[count++] = slot;
                }
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    // Plain loops rather than streams on the per-node paths: session creation runs mostly in the interpreter
    // (a JVM's first few sessions), where each stream pipeline costs far more than its loop.
    private static int[] toInts(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static int[] slotsOf(List<Value> values, Map<Value, Integer> slots) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = slots.get(values.get(i));
        }
        return out;
    }

    /**
     * The kernel for a run that feeds one of {@code n}'s {@link #overridable} inputs: compiled with those inputs
     * as run-time values. A backend that cannot run the node so gets a kernel that says so when it runs.
     */
    private Kernel fedKernel(Node n, Map<Value, Integer> slots) {
        try {
            return kernelFor(n, slots, true).kernel;
        } catch (RuntimeException e) {
            String why = e.getMessage();
            return ctx -> {
                throw new ExecutionException(n.describe() + ": cannot run with a fed value for an"
                        + " initializer-backed input (" + why + ")");
            };
        }
    }

    /**
     * @param fed whether the kernel is for runs that feed the node's {@link #overridable} inputs, which it must
     *            then not treat as constants
     */
    private BackendChoice kernelFor(Node node, Map<Value, Integer> slots, boolean fed) {
        CompileContext ctx = new CompileContext() {
            @Override
            public Node node() {
                return node;
            }

            @Override
            public Tensor constantInput(int i) {
                Value v = node.input(i);
                return v == null || (fed && overridable.contains(v)) ? null : v.constant();
            }

            @Override
            public CompiledSubgraph compileSubgraph(Graph subgraph) {
                return compile(subgraph, slots);
            }

            @Override
            public int intraOpThreads() {
                return intraOpThreads;
            }
        };
        for (Backend b : backends) {
            Kernel k;
            try {
                k = b.compile(ctx);
            } catch (MineruaException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InvalidModelException(node.describe() + ": the " + b.name()
                        + " backend could not prepare a kernel: " + e, e);
            }
            if (k != null) {
                return new BackendChoice(k, b.name());
            }
        }
        throw new UnsupportedOperatorException("no kernel for " + node.describe() + " on backends "
                + backends.stream().map(Backend::name).toList());
    }
}
