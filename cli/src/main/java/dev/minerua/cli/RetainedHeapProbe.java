package dev.minerua.cli;

import dev.minerua.ir.Graph;
import dev.minerua.ir.Model;
import dev.minerua.ir.Node;
import dev.minerua.ir.Value;
import dev.minerua.plan.ValueSizes;
import dev.minerua.runtime.Environment;
import dev.minerua.runtime.GraphPreparation;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.tensor.Tensor;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

/**
 * Measures the heap a session retains after creation, next to the bytes of its constant tensors (a developer
 * tool, not a subcommand): {@code java -cp 'cli/target/minerua-cli-*.jar:cli/target/lib/*'
 * dev.minerua.cli.RetainedHeapProbe MODEL [THREADS [histogram]]}. Retained = used heap after full GCs with
 * the session alive, minus the same before loading (after a first session on the same model was created and
 * dropped, so loaded classes and static tables do not count). Constants = every distinct tensor the graph holds
 * as a value's constant after the session's optimization level (initializers and folded values, subgraphs
 * included), counted on a separately prepared copy. Live = the same difference over the live-object class
 * histogram (the sum of its objects' sizes, G1's filler arrays left out): used heap also counts the unused tails
 * of the regions that large arrays occupy alone, which live does not. With {@code histogram}
 * it also prints the top of the live-object class histogram.
 *
 * <p>It also prints the constants the session's plan keeps (those no kernel repacked): how many bytes are still
 * views of the model's bytes (never decoded) and how many are Java arrays, after creation and, when a
 * {@code test_data_set_0} directory lies beside the model, after one run on it.
 */
public final class RetainedHeapProbe {
    private RetainedHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean histogram = args.length > 2 && args[2].equals("histogram");
        // A first session loads the classes and static tables, which are not the session's to retain. It is made
        // in its own method: a dead local of this frame could still keep it reachable.
        createAndDrop(model, threads);
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long constants = optimizedConstantBytes(model, seen);
        int count = seen.size();
        seen = null;
        long base = usedAfterGc();
        long baseLive = liveBytes(classHistogram());
        try (Environment env = Environment.create();
             Session session = env.createSession(model, new SessionOptions().setIntraOpThreads(threads))) {
            long retained = usedAfterGc() - base;
            String h = classHistogram();
            long live = liveBytes(h) - baseLive;
            System.out.printf(Locale.ROOT, "%s retained_bytes=%d constant_bytes=%d constants=%d ratio=%.2f"
                            + " live_bytes=%d live_ratio=%.2f%n", model.getFileName(), retained, constants, count,
                    (double) retained / constants, live, (double) live / constants);
            if (histogram) {
                h.lines().limit(25).forEach(System.out::println);
            }
            printKeptConstants("after creation", session);
            Path data = model.toAbsolutePath().getParent().resolve("test_data_set_0");
            if (Files.isDirectory(data)) {
                session.run(TestDataSet.load(data, session.inputs(), session.outputs()).inputs()).close();
                printKeptConstants("after a run", session);
            }
        }
    }

    /** The session's kept constants: bytes still viewing the model's bytes versus bytes held in Java arrays. */
    private static void printKeptConstants(String when, Session session) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        constantBytes(session.graph(), seen);
        long viewBytes = 0;
        long arrayBytes = 0;
        for (Tensor t : seen) {
            long b = ValueSizes.bytesOf(t.type(), t.size());
            if (t.isMaterialized()) {
                arrayBytes += b;
            } else {
                viewBytes += b;
            }
        }
        System.out.printf(Locale.ROOT, "  kept constants %s: %d tensors, %d bytes undecoded views, %d bytes arrays%n",
                when, seen.size(), viewBytes, arrayBytes);
    }

    /** The live-object class histogram (the diagnostic command runs a full GC first). */
    private static String classHistogram() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
    }

    /** The bytes of a class histogram's rows ({@code "  1:  count  bytes  class"}), G1's filler arrays left out. */
    private static long liveBytes(String histogram) {
        long total = 0;
        for (String line : histogram.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && !f[3].contains("FillerElement")) {
                total += Long.parseLong(f[2]);
            }
        }
        return total;
    }

    private static void createAndDrop(Path model, int threads) {
        try (Environment env = Environment.create();
             Session warm = env.createSession(model, new SessionOptions().setIntraOpThreads(threads))) {
            warm.inputs();
        }
    }

    /**
     * The bytes of the constants of the model optimized as a session optimizes it (the session itself lets go of
     * the constants its kernels repacked, so they are counted on a separate copy).
     */
    private static long optimizedConstantBytes(Path model, Set<Tensor> seen) {
        Model m;
        try (Environment env = Environment.create()) {
            m = env.loadModel(model);
        }
        GraphPreparation.prepare(m.graph(), new SessionOptions().optimizationLevel(), Set.of(), line -> { });
        return constantBytes(m.graph(), seen);
    }

    private static long constantBytes(Graph g, Set<Tensor> seen) {
        long total = 0;
        for (Value v : g.initializers()) {
            total += bytes(v, seen);
        }
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                total += v == null ? 0 : bytes(v, seen);
            }
            for (Graph sub : n.subgraphs()) {
                total += constantBytes(sub, seen);
            }
        }
        return total;
    }

    private static long bytes(Value v, Set<Tensor> seen) {
        Tensor t = v.constant();
        return t != null && seen.add(t) ? ValueSizes.bytesOf(t.type(), t.size()) : 0;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
