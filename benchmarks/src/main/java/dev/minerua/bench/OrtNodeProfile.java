package dev.minerua.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONNX Runtime's own time per node on a model, to set beside Minerua's {@code --profile} table when looking for the
 * nodes where we lose. ORT's profiler records every run from session creation on, so the warm-up runs are counted
 * by their {@code model_run} events and left out; each node's figure is its mean kernel time over the timed runs.
 * Node names are those ORT reports: its graph optimizations fuse and rename nodes (e.g. a Conv that absorbed a
 * Relu), so match them to ours by output shape and position, not blindly by name.
 *
 * <p>Usage: {@code java ... dev.minerua.bench.OrtNodeProfile MODEL_DIR|LIGHT_MODEL_FILE THREADS WARMUP RUNS}.
 */
public final class OrtNodeProfile {
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern DUR = Pattern.compile("\"dur\"\\s*:\\s*(\\d+)");
    private static final Pattern OP = Pattern.compile("\"op_name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SHAPE = Pattern.compile("\"output_type_shape\"\\s*:\\s*(\\[[^]]*\\]\\s*\\]?)");
    private static final String KERNEL_SUFFIX = "_kernel_time";

    private OrtNodeProfile() {
    }

    /** One node's accumulated kernel time over the timed runs. */
    private static final class NodeTime {
        final String op;
        final String shape;
        long totalMicros;
        int count;

        NodeTime(String op, String shape) {
            this.op = op;
            this.shape = shape;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: OrtNodeProfile MODEL_DIR|LIGHT_MODEL_FILE THREADS WARMUP RUNS");
            System.exit(2);
        }
        BenchCase.Prepared prep = CaseCatalog.fromPath(Path.of(args[0])).prepare();
        int threads = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        Path prefix = Files.createTempDirectory("ort-profile").resolve("ort");
        opts.enableProfiling(prefix.toString());
        OrtSession session = env.createSession(prep.model(), opts);
        String file;
        double runMillis = 0;
        try (Engine.Ort engine = new Engine.Ort(env, session, prep.feeds())) {
            for (int i = 0; i < warmup; i++) {
                engine.timedRun();
            }
            for (int i = 0; i < runs; i++) {
                runMillis += engine.timedRun();
            }
            file = session.endProfiling();
        }
        Map<String, NodeTime> nodes = readNodeTimes(Path.of(file), warmup);
        Files.deleteIfExists(Path.of(file));
        print(nodes, runs, runMillis / runs);
    }

    /** Kernel times of the nodes in runs after the first {@code skipRuns}, in the order ORT ran them. */
    private static Map<String, NodeTime> readNodeTimes(Path file, int skipRuns) throws IOException {
        Map<String, NodeTime> nodes = new LinkedHashMap<>();
        int runsSeen = 0;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher name = NAME.matcher(line);
                if (!name.find()) {
                    continue;
                }
                String n = name.group(1);
                if (n.equals("model_run")) {
                    runsSeen++; // written after the run's node events
                    continue;
                }
                if (runsSeen < skipRuns || !n.endsWith(KERNEL_SUFFIX)) {
                    continue;
                }
                Matcher dur = DUR.matcher(line);
                if (!dur.find()) {
                    continue;
                }
                String node = n.substring(0, n.length() - KERNEL_SUFFIX.length());
                NodeTime t = nodes.get(node);
                if (t == null) {
                    t = new NodeTime(group(OP, line), group(SHAPE, line));
                    nodes.put(node, t);
                }
                t.totalMicros += Long.parseLong(dur.group(1));
                t.count++;
            }
        }
        return nodes;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : "?";
    }

    private static void print(Map<String, NodeTime> nodes, int runs, double runMillis) {
        double sum = 0;
        Map<String, Double> byOp = new HashMap<>();
        List<Map.Entry<String, NodeTime>> list = new ArrayList<>(nodes.entrySet());
        for (Map.Entry<String, NodeTime> e : list) {
            double ms = e.getValue().totalMicros / 1000.0 / runs;
            sum += ms;
            byOp.merge(e.getValue().op, ms, Double::sum);
        }
        System.out.printf(Locale.ROOT, "ORT mean run %.3f ms over %d runs; node kernel times sum to %.3f ms%n",
                runMillis, runs, sum);
        System.out.println("order  node                                     op                    ms/run   output");
        int i = 0;
        for (Map.Entry<String, NodeTime> e : list) {
            NodeTime t = e.getValue();
            System.out.printf(Locale.ROOT, "%5d  %-40s %-20s %8.4f   %s%n", i++, e.getKey(), t.op,
                    t.totalMicros / 1000.0 / runs, t.shape.replaceAll("\\s+", ""));
        }
        System.out.println("by op:");
        byOp.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-20s %8.4f ms%n", e.getKey(), e.getValue()));
    }
}
