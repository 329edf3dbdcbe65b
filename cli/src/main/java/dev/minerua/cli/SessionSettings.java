package dev.minerua.cli;

import dev.minerua.optimizer.OptimizationLevel;
import dev.minerua.backend.PartitionMemory;
import dev.minerua.runtime.BackendKind;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.SessionOptions;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The session options shared by {@code run} and {@code bench}: {@code --backend}, {@code --threads},
 * {@code --opt} and the symbolic dimension sizes of {@code --dim}.
 *
 * @param backend    preferred backend
 * @param threads    intra-op threads, or 0 for the runtime's default
 * @param level      optimization level
 * @param dimensions sizes for symbolic dimensions, by symbol
 */
public record SessionSettings(BackendKind backend, int threads, OptimizationLevel level, Map<String, Integer> dimensions,
                              String device) {
    public SessionSettings {
        dimensions = Map.copyOf(dimensions);
    }

    /** The value options {@link #from} reads. */
    static final Set<String> OPTIONS = Set.of("--backend", "--device", "--threads", "--opt", "--dim");

    /**
     * Parses the command line of a command that takes these session options plus value options of its own
     * (and no flags).
     */
    static Args parseArgs(List<String> argv, String... commandOptions) {
        return parseArgs(argv, Set.of(), commandOptions);
    }

    /** As {@link #parseArgs(List, String...)}, for a command that also takes the given flags. */
    static Args parseArgs(List<String> argv, Set<String> flags, String... commandOptions) {
        Set<String> valueOptions = new HashSet<>(OPTIONS);
        valueOptions.addAll(Set.of(commandOptions));
        return Args.parse(argv, valueOptions, flags);
    }

    /**
     * The line that reports which backends a created session uses and how many nodes each runs: with a
     * device backend in front of the CPU, e.g. {@code backend: opencl (device), nodes on device: 120/131}.
     */
    static String backendLine(Session session) {
        List<String> backends = session.backendDescriptions();
        Map<String, Integer> nodes = session.nodesPerBackend();
        if (backends.size() > 1) {
            String device = backends.getFirst();
            String name = device.substring(0, device.indexOf(' '));
            int total = nodes.values().stream().mapToInt(Integer::intValue).sum();
            return "backend: " + device + ", nodes on device: " + nodes.getOrDefault(name, 0) + "/" + total;
        }
        return "backend: " + String.join(", ", backends) + ", nodes: " + nodes;
    }

    /**
     * The device memory a session's partitions hold, one summary line (null without a device backend), e.g.
     * {@code device memory: 2 partitions, arenas 1,048,576 bytes for 40 blocks (one buffer per value: 3,145,728 bytes)}.
     */
    static String deviceMemoryLine(Session session) {
        List<PartitionMemory> parts = session.partitionMemory();
        if (parts.isEmpty()) {
            return null;
        }
        return String.format(Locale.ROOT, "device memory: %d partition%s, arenas %,d bytes for %d blocks"
                        + " (one buffer per value: %,d bytes)", parts.size(), parts.size() == 1 ? "" : "s",
                parts.stream().mapToLong(PartitionMemory::arenaBytes).sum(),
                parts.stream().mapToInt(PartitionMemory::blocks).sum(),
                parts.stream().mapToLong(PartitionMemory::separateBytes).sum());
    }

    /** One line per partition: its nodes, arena and blocks. */
    static List<String> partitionMemoryLines(Session session) {
        List<PartitionMemory> parts = session.partitionMemory();
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            PartitionMemory m = parts.get(i);
            lines.add(String.format(Locale.ROOT, "  partition %d: %d nodes, arena %,d bytes, %d blocks"
                    + " (one buffer per value: %,d bytes)", i, m.nodes(), m.arenaBytes(), m.blocks(), m.separateBytes()));
        }
        return lines;
    }

    /** Reads the options from parsed arguments (absent ones take defaults). */
    public static SessionSettings from(Args args) {
        BackendKind backend;
        try {
            backend = BackendKind.parse(args.value("--backend", "cpu"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int threads = args.intValue("--threads", 0, 1);
        OptimizationLevel level = parseLevel(args.value("--opt", "all"));
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : args.keyValues("--dim").entrySet()) {
            try {
                int n = Integer.parseInt(e.getValue().trim());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                dims.put(e.getKey(), n);
            } catch (NumberFormatException ex) {
                throw new UsageException("--dim " + e.getKey() + " needs a non-negative integer, got '" + e.getValue() + "'");
            }
        }
        return new SessionSettings(backend, threads, level, dims, args.value("--device", null));
    }

    static OptimizationLevel parseLevel(String s) {
        try {
            return OptimizationLevel.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown optimization level '" + s + "'; expected none, basic, extended or all");
        }
    }

    /** The runtime options these settings describe. */
    public SessionOptions toOptions() {
        SessionOptions o = new SessionOptions().setBackend(backend).setOptimizationLevel(level);
        if (threads > 0) {
            o.setIntraOpThreads(threads);
        }
        if (device != null) {
            o.setDeviceFilter(device);
        }
        if (backend != BackendKind.CPU) {
            // A device runs static shapes only: fix the symbols given with --dim in the session too.
            dimensions.forEach((symbol, size) -> o.setDimension(symbol, size));
        }
        return o;
    }
}
