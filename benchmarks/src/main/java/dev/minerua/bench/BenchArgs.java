package dev.minerua.bench;

import dev.minerua.runtime.BackendKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The model benchmark's command line. */
final class BenchArgs {
    static final String USAGE = """
            usage: run-models.sh [options] [MODEL_DIR...]
              MODEL_DIR             a directory with model.onnx and test_data_set_0 (default: every shared model,
                                    the light_* backend-test models and fp32 MiniLM at batch 1 and 8)
              --models a,b          only cases whose name contains one of these
              --threads 1,2         intra-op thread counts (default 1,2)
            what to measure (latency side by side is on unless --no-latency):
              --optimizer           also Minerua at optimization level none vs all: node counts and latency
                                    (at the first thread count; adds about the time of one more thread count)
              --memory              also peak RSS of each engine, each in a child JVM of its own
                                    (at the first thread count)
              --no-latency          skip the side-by-side latency and load tables (e.g. with --memory)
              --backend cpu|opencl  Minerua's preferred backend (default cpu; ORT always runs on its CPU provider)
            budgets (defaults keep the full suite near 15 minutes on two cores):
              --warmup-min-rounds N warm-up runs at least (default 1000; waived after half of --warmup-max)
              --warmup-min S        warm-up seconds at least (default 2)
              --warmup-max S        warm-up cap in seconds, stable or not (default 12)
              --window S            stability window: the latest runs that took S seconds (default 0.5;
                                    3 to 200 runs)
              --tolerance PCT       window medians within PCT % count as stable (default 3)
              --runs N              timed runs per engine at most (default 2000)
              --timed S             timed phase in seconds (default 5; at least 3 runs)
              --load-repeats N      warm session creations after the cold one (default 3)
              --quick               a quick check of the runner: 0.3-1 s warm-up, 1 s timed, 1 load repeat
            output:
              --markdown FILE       write the results as Markdown
              --svg FILE            write the ratio chart as SVG
              --into FILE           put the results between the marker lines of FILE (docs/BENCHMARKS.md)
              --shared DIR          the shared data directory (default ../shared, or $MINERUA_SHARED_DIR)
            method (docs/BENCHMARKS.md, "Taking turns"):
              --block S             each round runs ~S seconds of each engine (default 0.4); 0: run by run
              --settle MS           pause after each block for the engine's threads to go idle (default 50)
              --engines E           both (default), minerua or ort: measure one engine alone
              --ort-config K=V      an ORT session config entry (repeatable; default none: ORT as it ships)
              --aot-cache FILE      also measure session creation in one more fresh JVM per model started from
                                    this JDK AOT cache (run-models.sh records FILE first when it is missing
                                    or older than the jars, from a generic workload: the demo and a few
                                    backend-test node cases); its rows are labelled "[AOT cache]"
              --in-process          measure everything in this JVM instead of one child JVM per model and
                                    thread count (latency and optimizer only; cold load figures and the
                                    later thread counts' latency then mean less)
            """;

    final List<Path> modelDirs = new ArrayList<>();
    final List<String> filters = new ArrayList<>();
    List<Integer> threads = List.of(1, 2);
    Integer warmupMinRounds;
    Double warmupMin;
    Double warmupMax;
    Double window;
    Double tolerancePercent;
    Integer runs;
    Double timed;
    Integer loadRepeats;
    boolean quick;
    boolean optimizer;
    boolean memory;
    boolean latency = true;
    BackendKind backend = BackendKind.CPU;
    boolean inProcess;
    Double block;
    Double settle;
    String engines = "both";
    final java.util.Map<String, String> ortConfig = new java.util.LinkedHashMap<>();
    Path markdown;
    Path svg;
    Path into;
    Path shared;
    /** A JDK AOT cache for one more load-only child per model (see {@code --aot-cache}). */
    Path aotCache;
    /** Internal: measure this one case spec and print its records (the parent JVM's child mode). */
    String child;
    String childName;
    /** Internal: "compare", or "memory-minerua" / "memory-ort". */
    String childMode = "compare";
    /** Internal: false in the compare children after a model's first, which measured session creation already. */
    boolean loadTimes = true;

    static BenchArgs parse(String[] args) {
        BenchArgs a = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--models" -> a.filters.addAll(csv(value(args, ++i, arg)));
                case "--threads" -> a.threads = csv(value(args, ++i, arg)).stream().map(Integer::parseInt).toList();
                case "--warmup-min-rounds" -> a.warmupMinRounds = Integer.parseInt(value(args, ++i, arg));
                case "--warmup-min" -> a.warmupMin = Double.parseDouble(value(args, ++i, arg));
                case "--warmup-max" -> a.warmupMax = Double.parseDouble(value(args, ++i, arg));
                case "--window" -> a.window = Double.parseDouble(value(args, ++i, arg));
                case "--tolerance" -> a.tolerancePercent = Double.parseDouble(value(args, ++i, arg));
                case "--runs" -> a.runs = Integer.parseInt(value(args, ++i, arg));
                case "--timed" -> a.timed = Double.parseDouble(value(args, ++i, arg));
                case "--load-repeats" -> a.loadRepeats = Integer.parseInt(value(args, ++i, arg));
                case "--quick" -> a.quick = true;
                case "--optimizer" -> a.optimizer = true;
                case "--memory" -> a.memory = true;
                case "--no-latency" -> a.latency = false;
                case "--backend" -> a.backend = BackendKind.parse(value(args, ++i, arg));
                case "--in-process" -> a.inProcess = true;
                case "--block" -> a.block = Double.parseDouble(value(args, ++i, arg));
                case "--settle" -> a.settle = Double.parseDouble(value(args, ++i, arg));
                case "--engines" -> a.engines = value(args, ++i, arg);
                case "--ort-config" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--ort-config needs KEY=VALUE, got " + kv);
                    }
                    a.ortConfig.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "--markdown" -> a.markdown = Path.of(value(args, ++i, arg));
                case "--svg" -> a.svg = Path.of(value(args, ++i, arg));
                case "--into" -> a.into = Path.of(value(args, ++i, arg));
                case "--shared" -> a.shared = Path.of(value(args, ++i, arg));
                case "--aot-cache" -> a.aotCache = Path.of(value(args, ++i, arg));
                case "--child" -> a.child = value(args, ++i, arg);
                case "--child-name" -> a.childName = value(args, ++i, arg);
                case "--child-mode" -> a.childMode = value(args, ++i, arg);
                case "--child-no-load" -> a.loadTimes = false;
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    a.modelDirs.add(Path.of(arg));
                }
            }
        }
        if (a.threads.isEmpty() || a.threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--threads needs positive numbers");
        }
        if (a.child == null && !a.latency && !a.optimizer && !a.memory) {
            throw new IllegalArgumentException("--no-latency leaves nothing to measure; add --optimizer or --memory");
        }
        if (a.inProcess && a.memory) {
            throw new IllegalArgumentException("--memory needs one child JVM per engine; drop --in-process");
        }
        if (!List.of("both", "minerua", "ort").contains(a.engines)) {
            throw new IllegalArgumentException("--engines takes both, minerua or ort, got " + a.engines);
        }
        a.settings(); // validates the budgets
        a.schedule();
        if (a.into != null && a.child == null) {
            // Fail now, not after the whole run, when the document is missing or has no marked section.
            try {
                MarkedSection.replace(java.nio.file.Files.readString(a.into), "");
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--into " + a.into + ": cannot read it (" + e + ")");
            }
        }
        return a;
    }

    Settings settings() {
        Settings b = quick ? Settings.QUICK : Settings.DEFAULT;
        return new Settings(
                warmupMinRounds != null ? warmupMinRounds : b.warmupMinRounds(),
                warmupMin != null ? warmupMin : b.warmupMinSeconds(),
                warmupMax != null ? warmupMax : b.warmupMaxSeconds(),
                window != null ? window : b.windowSeconds(),
                tolerancePercent != null ? tolerancePercent / 100 : b.stableTolerance(),
                runs != null ? runs : b.runs(),
                timed != null ? timed : b.timedSeconds(),
                loadRepeats != null ? loadRepeats : b.loadRepeats());
    }

    Schedule schedule() {
        return new Schedule(block != null ? block : Schedule.DEFAULT.blockSeconds(),
                settle != null ? settle : Schedule.DEFAULT.settleMillis());
    }

    /** The runner these options describe. */
    CaseRunner runner() {
        return new CaseRunner(settings(), backend, schedule(), ortConfig, engines);
    }

    Path sharedDir() {
        return shared != null ? shared : SharedDir.get();
    }

    /**
     * The compare children of one model, as their options: one child JVM per thread count, so that the JIT
     * compiles each thread count's code paths on a profile of that thread count alone (see docs/BENCHMARKS.md,
     * "Child JVMs"). The first child also measures session creation and the optimizer section, both at the
     * first thread count as before; the others skip session creation.
     */
    List<List<String>> compareChildren() {
        List<Integer> counts = latency ? threads : threads.subList(0, 1);
        List<List<String>> children = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            children.add(childOptions("compare", List.of(counts.get(i)), i == 0 && loadTimes, i == 0 && optimizer));
        }
        return children;
    }

    /** The options a child JVM needs to measure like this one, in the given mode, every thread count in it. */
    List<String> childOptions(String mode) {
        return childOptions(mode, threads, loadTimes, optimizer);
    }

    private List<String> childOptions(String mode, List<Integer> threadCounts, boolean load, boolean withOptimizer) {
        Settings s = settings();
        List<String> o = new ArrayList<>();
        o.addAll(List.of("--child-mode", mode, "--backend", backend.id(),
                "--threads", String.join(",", threadCounts.stream().map(String::valueOf).toList()),
                "--warmup-min-rounds", String.valueOf(s.warmupMinRounds()),
                "--warmup-min", String.valueOf(s.warmupMinSeconds()),
                "--warmup-max", String.valueOf(s.warmupMaxSeconds()),
                "--window", String.valueOf(s.windowSeconds()),
                "--tolerance", String.valueOf(s.stableTolerance() * 100),
                "--runs", String.valueOf(s.runs()),
                "--timed", String.valueOf(s.timedSeconds()),
                "--load-repeats", String.valueOf(s.loadRepeats()),
                "--block", String.valueOf(schedule().blockSeconds()),
                "--settle", String.valueOf(schedule().settleMillis()),
                "--engines", engines));
        ortConfig.forEach((k, v) -> o.addAll(List.of("--ort-config", k + "=" + v)));
        if (withOptimizer) {
            o.add("--optimizer");
        }
        if (!latency) {
            o.add("--no-latency");
        }
        if (!load) {
            o.add("--child-no-load");
        }
        if (aotCache != null) {
            o.addAll(List.of("--aot-cache", aotCache.toString()));
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> csv(String s) {
        return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
