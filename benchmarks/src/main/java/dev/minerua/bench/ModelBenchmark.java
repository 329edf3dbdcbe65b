package dev.minerua.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Compares Minerua with ONNX Runtime on real models: session creation (cold and warm), then median and p90
 * run latency at each intra-op thread count with both engines in interleaved rounds after a warm-up that
 * waits for stable latency, whether the outputs agree; optionally Minerua's optimizer off vs on, and each
 * engine's peak resident memory.
 *
 * <p>By default each model is measured in child JVMs of its own, one per thread count (and, for memory, one
 * per engine), so that a model that exhausts memory, crashes ORT or runs far past its time budget is reported
 * and killed instead of ending the benchmark, and so that the JIT profile of one model or thread count does
 * not shape the code the next one runs.
 * See {@link BenchArgs#USAGE}.
 */
public final class ModelBenchmark {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    /** Session creation, preparing the case and JVM start come on top of the budgets; allow generously. */
    private static final double SLACK_SECONDS = 90;

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a;
        try {
            a = BenchArgs.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("run-models: " + e.getMessage());
            }
            System.err.print(BenchArgs.USAGE);
            System.exit(2);
            return;
        }
        if (a.child != null) {
            childMain(a);
            System.exit(0); // ORT keeps non-daemon threads around
        }
        System.exit(parentMain(a, args));
    }

    private static int parentMain(BenchArgs a, String[] args) throws Exception {
        List<BenchCase> cases = selectCases(a);
        if (cases.isEmpty()) {
            System.err.println("run-models: no model selected (shared dir " + a.sharedDir().toAbsolutePath() + ")");
            return 1;
        }
        Settings s = a.settings();
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        String ortVersion = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR).getVersion();
        System.out.println("Minerua vs ONNX Runtime " + ortVersion + " — " + started);
        System.out.println(MachineInfo.describe());
        System.out.println(cases.size() + " cases, threads " + a.threads + ", Minerua backend " + a.backend.id()
                + ", sections " + sections(a));
        System.out.println(s.describe());
        System.out.println(describeMethod(a));
        String loadBefore = MachineInfo.loadAverage();
        System.out.println("load average (1/5/15 min): " + loadBefore);
        long t0 = System.nanoTime();
        Results results = new Results();
        CaseRunner inProcessRunner = a.inProcess ? a.runner() : null;
        for (BenchCase c : cases) {
            if ((a.latency || a.optimizer) && a.inProcess) {
                results.addAll(measureHere(inProcessRunner, c, a, ModelBenchmark::printRecord));
            } else if (a.latency || a.optimizer) {
                for (List<String> child : a.compareChildren()) {
                    results.addAll(measureInChild(c, child));
                }
                if (a.aotCache != null && a.latency && a.loadTimes) {
                    // One more fresh JVM started from the AOT cache: its session creation is a row of its own.
                    results.addAll(measureInChild(c, a.childOptions("load-aot")));
                }
            }
            if (a.memory) {
                results.addAll(measureInChild(c, a.childOptions("memory-minerua")));
                results.addAll(measureInChild(c, a.childOptions("memory-ort")));
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        String loadAfter = MachineInfo.loadAverage();
        System.out.printf(Locale.ROOT, "%ntotal time %.1f min%n%n", minutes);
        String tables = MarkdownReport.render(results);
        System.out.print(tables);
        if (a.markdown != null || a.into != null) {
            String header = "- Date: " + started + "\n"
                    + "- Machine: " + MachineInfo.describe() + "\n"
                    + "- ONNX Runtime: " + ortVersion + " (Java API, CPU execution provider, default graph optimizations, "
                    + "inter-op threads 1)\n"
                    + "- Minerua: backend " + a.backend.id() + ", optimization level all\n"
                    + "- Load average (1/5/15 min) at start: " + loadBefore + "; at end: " + loadAfter + "\n"
                    + "- Command: `benchmarks/run-models.sh " + String.join(" ", args) + "`\n"
                    + "- Settings: " + s.describe() + "; " + describeMethod(a) + "\n"
                    + String.format(Locale.ROOT, "- Total time %.1f min%n", minutes);
            if (a.markdown != null) {
                write(a.markdown, "# Minerua vs ONNX Runtime — model benchmark results\n\n" + header + "\n" + tables);
            }
            if (a.into != null) {
                String doc = Files.readString(a.into, StandardCharsets.UTF_8);
                write(a.into, MarkedSection.replace(doc, "\n" + header + "\n" + tables));
            }
        }
        if (a.svg != null && !results.rows.isEmpty()) {
            write(a.svg, SvgChart.render(results.rows, "Minerua vs ONNX Runtime " + ortVersion + " — "
                    + MachineInfo.cpuModel() + ", " + started.substring(0, 10)));
        }
        return 0;
    }

    /** How the engines took turns, and anything that departs from the defaults. */
    static String describeMethod(BenchArgs a) {
        String m = a.schedule().describe();
        if (!a.engines.equals("both")) {
            m += "; " + a.engines + " only";
        }
        if (!a.ortConfig.isEmpty()) {
            m += "; ORT config " + a.ortConfig;
        }
        return m;
    }

    private static List<BenchCase> selectCases(BenchArgs a) {
        List<BenchCase> cases = new ArrayList<>();
        if (a.modelDirs.isEmpty()) {
            cases.addAll(CaseCatalog.defaults(a.sharedDir()));
        } else {
            for (Path p : a.modelDirs) {
                cases.add(CaseCatalog.fromPath(p));
            }
        }
        if (!a.filters.isEmpty()) {
            cases.removeIf(c -> a.filters.stream().noneMatch(f -> c.name().contains(f)));
        }
        return cases;
    }

    private static String sections(BenchArgs a) {
        List<String> s = new ArrayList<>();
        if (a.latency) {
            s.add("latency+load");
        }
        if (a.optimizer) {
            s.add("optimizer");
        }
        if (a.memory) {
            s.add("memory");
        }
        return String.join(",", s);
    }

    /** Appended to the model name of the session-creation row measured in a JVM started from the AOT cache. */
    static final String AOT_LABEL = " [AOT cache]";

    private static void childMain(BenchArgs a) {
        CaseRunner runner = a.runner();
        BenchCase c = new BenchCase(a.childName != null ? a.childName : a.child, a.child);
        Consumer<Record> emit = r -> {
            System.out.println(RecordLines.encode(r));
            System.out.flush();
        };
        switch (a.childMode) {
            case "compare" -> measureHere(runner, c, a, emit);
            case "load-aot" -> {
                String label = c.name() + AOT_LABEL;
                try {
                    emit.accept(runner.loadTimes(label, c.prepare(), a.threads.getFirst()));
                } catch (Throwable e) {
                    emit.accept(LoadTimes.failed(label, a.threads.getFirst(),
                            "cannot read the model or its inputs: " + CaseRunner.describe(e)));
                }
            }
            case "memory-minerua", "memory-ort" -> {
                String engine = a.childMode.substring("memory-".length());
                int t = a.threads.getFirst();
                try {
                    emit.accept(runner.memory(c.name(), c.prepare(), t, engine));
                } catch (Throwable e) {
                    emit.accept(new MemRow(c.name(), engine, t, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN,
                            "cannot read the model or its inputs: " + CaseRunner.describe(e)));
                }
            }
            default -> throw new IllegalArgumentException("unknown child mode " + a.childMode);
        }
    }

    /** Measures one case in this JVM; each record goes to {@code emit} as soon as it is measured. */
    private static List<Record> measureHere(CaseRunner runner, BenchCase c, BenchArgs a, Consumer<Record> emit) {
        List<Record> got = new ArrayList<>();
        Consumer<Record> both = r -> {
            got.add(r);
            emit.accept(r);
        };
        BenchCase.Prepared p;
        try {
            p = c.prepare();
        } catch (Throwable e) {
            String why = "cannot read the model or its inputs: " + CaseRunner.describe(e);
            missing(c, a, "compare", List.of(), why).forEach(both);
            return got;
        }
        runner.compare(c.name(), p, a.threads, a.latency, a.loadTimes, a.optimizer, both);
        return got;
    }

    /** Failure records for what a child in {@code mode} should have sent but did not. */
    private static List<Record> missing(BenchCase c, BenchArgs a, String mode, List<Record> got, String why) {
        List<Record> out = new ArrayList<>();
        if (mode.equals("compare")) {
            if (a.latency) {
                for (int t : a.threads) {
                    if (got.stream().noneMatch(r -> r instanceof Row row && row.threads() == t)) {
                        out.add(Row.failed(c.name(), t, "–", why));
                    }
                }
            }
            if (a.optimizer && got.stream().noneMatch(r -> r instanceof OptRow)) {
                out.add(new OptRow(c.name(), a.threads.getFirst(), -1, -1, null, null, false, "–", why));
            }
        } else if (mode.equals("load-aot")) {
            if (got.isEmpty()) {
                out.add(LoadTimes.failed(c.name() + AOT_LABEL, a.threads.getFirst(), why));
            }
        } else if (got.isEmpty()) {
            out.add(new MemRow(c.name(), mode.substring("memory-".length()), a.threads.getFirst(), Double.NaN,
                    Double.NaN, null, Double.NaN, Double.NaN, why));
        }
        return out;
    }

    /**
     * Runs one case in a child JVM given its {@code options} ({@link BenchArgs#childOptions}), with a hard
     * time limit; what never came back is reported as such.
     */
    private static List<Record> measureInChild(BenchCase c, List<String> options)
            throws IOException, InterruptedException {
        List<String> childArgs = new ArrayList<>(List.of("--child", c.spec(), "--child-name", c.name()));
        childArgs.addAll(options);
        BenchArgs a = BenchArgs.parse(childArgs.toArray(String[]::new)); // what the child will measure
        String mode = a.childMode;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (mode.equals("load-aot")) {
            // AOTMode=on: a cache the JVM cannot use (other jars, JDK or options) fails the child, which is then
            // reported as missing, rather than measuring without the cache under the cache's label.
            cmd.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + a.aotCache.toAbsolutePath()));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ModelBenchmark.class.getName()));
        cmd.addAll(childArgs);
        long limitSeconds = (long) childLimitSeconds(a, mode);
        Process proc = new ProcessBuilder(cmd).start();
        List<Record> got = Collections.synchronizedList(new ArrayList<>());
        Thread out = Thread.ofPlatform().daemon().start(() -> pump(proc, got));
        Thread err = Thread.ofPlatform().daemon().start(() -> pumpErr(proc));
        boolean finished = proc.waitFor(limitSeconds, TimeUnit.SECONDS);
        if (!finished) {
            proc.destroyForcibly();
            proc.waitFor();
        }
        out.join(5000);
        err.join(5000);
        List<Record> result = new ArrayList<>(got);
        String why = finished ? "the measuring JVM ended with exit code " + proc.exitValue()
                : "exceeded the hard time limit of " + limitSeconds + " s and was stopped";
        for (Record r : missing(c, a, mode, result, why)) {
            printRecord(r);
            result.add(r);
        }
        return result;
    }

    /** Generous: every timed phase at its caps, plus slack per phase for sessions and start-up. */
    static double childLimitSeconds(BenchArgs a, String mode) {
        Settings s = a.settings();
        double phase = s.warmupMaxSeconds() + s.timedSeconds() + SLACK_SECONDS;
        if (!mode.equals("compare")) {
            return phase;
        }
        double total = 0;
        if (a.latency) {
            total += a.threads.size() * phase + (a.loadTimes ? CaseRunner.LOAD_REPEAT_SECONDS + SLACK_SECONDS : 0);
        }
        if (a.optimizer) {
            total += phase;
        }
        return total;
    }

    private static void pump(Process proc, List<Record> got) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Record rec = RecordLines.decode(line);
                if (rec != null) {
                    got.add(rec);
                    printRecord(rec);
                } else {
                    System.out.println("  | " + line);
                }
            }
        } catch (IOException ignored) {
            // the child was stopped
        }
    }

    private static void pumpErr(Process proc) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.equals(INCUBATOR_WARNING)) {
                    System.err.println("  | " + line);
                }
            }
        } catch (IOException ignored) {
            // the child was stopped
        }
    }

    private static void printRecord(Record r) {
        System.out.println(ConsoleLines.of(r));
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }
}
