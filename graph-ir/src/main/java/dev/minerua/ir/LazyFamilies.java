package dev.minerua.ir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Registers families of factories into a registry one family at a time, on the first lookup of a key the
 * family provides, so that a JVM pays only for the families its models use. Registering is most of a cold
 * session's creation time: every factory is a lambda or method reference, and linking one spins a hidden
 * class and loads the op or kernel class it names, all in interpreted code.
 *
 * <p>Which families provide which key comes from an index resource that lists, one line per key,
 * {@code key<TAB>Family[,Family...]} (families by simple class name). The index is made from the families
 * themselves ({@link #indexText}) at every build: {@link FamilyIndexWriter} writes it into the compiled classes
 * (exec-maven-plugin, phase {@code process-classes}), so it is never checked in and cannot go stale. A key the
 * index does not know makes every family register, and so does a key its families turn out not to provide
 * (the registries call {@link #ensureAll} when a lookup still misses), so a missing entry costs time only.
 *
 * <p>A family may also register one key at a time ({@link KeyRegistrar}): then a lookup links only that key's
 * factories, not its whole family's. The big families do this, since a model uses a few of their operators.
 *
 * @param <F> the family type
 */
public final class LazyFamilies<F> {
    private final List<F> families;
    private final Consumer<F> register;
    private final KeyRegistrar<F> registerKey;
    private final Map<String, int[]> index;
    private final boolean[] registered;
    /** Per family, the keys registered one at a time (a family with some is registered key by key to the end). */
    private final List<Set<String>> keysRegistered = new ArrayList<>();
    private boolean allRegistered;

    /** Registers the factories of one key of a family, when the family can register keys one at a time. */
    @FunctionalInterface
    public interface KeyRegistrar<F> {
        /**
         * Registers {@code key}'s factories of {@code family} alone and returns true, or registers nothing and
         * returns false (the family registers whole).
         */
        boolean register(F family, String key);
    }

    /**
     * @param families      every family, in the order they register when all of them do
     * @param register      registers one family into the registry
     * @param indexResource the index, a resource path next to {@code owner}
     */
    public LazyFamilies(List<F> families, Consumer<F> register, Class<?> owner, String indexResource) {
        this(families, register, (f, key) -> false, owner, indexResource);
    }

    /**
     * @param registerKey registers one key of a family where the family can (see {@link KeyRegistrar})
     */
    public LazyFamilies(List<F> families, Consumer<F> register, KeyRegistrar<F> registerKey, Class<?> owner,
                        String indexResource) {
        this.families = List.copyOf(families);
        this.register = register;
        this.registerKey = registerKey;
        this.registered = new boolean[families.size()];
        for (int i = 0; i < families.size(); i++) {
            keysRegistered.add(new HashSet<>());
        }
        this.index = readIndex(owner, indexResource, this.families);
    }

    /** Registers the families that provide {@code key} (every family when the index does not know it). */
    public synchronized void ensure(String key) {
        if (allRegistered) {
            return;
        }
        int[] providers = index.get(key);
        if (providers == null) {
            ensureAll();
            return;
        }
        for (int f : providers) {
            registerKey(f, key);
        }
    }

    /** Registers every family not registered yet. */
    public synchronized void ensureAll() {
        for (int f = 0; f < families.size(); f++) {
            if (keysRegistered.get(f).isEmpty()) {
                registerOnce(f);
            } else {
                finishKeyByKey(f);
            }
        }
        allRegistered = true;
    }

    private void registerKey(int f, String key) {
        if (registered[f] || keysRegistered.get(f).contains(key)) {
            return;
        }
        if (registerKey.register(families.get(f), key)) {
            keysRegistered.get(f).add(key);
        } else if (keysRegistered.get(f).isEmpty()) {
            registerOnce(f);
        } else {
            throw new IllegalStateException(families.get(f).getClass().getSimpleName()
                    + " registered some keys one at a time but cannot register " + key);
        }
    }

    /** Registers the rest of a family that registered some keys alone: the index lists every key it has. */
    private void finishKeyByKey(int f) {
        if (registered[f]) {
            return;
        }
        for (Map.Entry<String, int[]> e : index.entrySet()) {
            for (int provider : e.getValue()) {
                if (provider == f) {
                    registerKey(f, e.getKey());
                }
            }
        }
        registered[f] = true;
    }

    private void registerOnce(int f) {
        if (!registered[f]) {
            registered[f] = true;
            register.accept(families.get(f));
        }
    }

    /**
     * The index text for {@code families}: each family's keys (what registering it alone adds), sorted by key.
     *
     * @param keysOf registers one family into a fresh registry and returns the keys it added
     */
    public static <F> String indexText(List<F> families, Function<F, Collection<String>> keysOf) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (F f : families) {
            for (String k : keysOf.apply(f)) {
                List<String> names = byKey.computeIfAbsent(k, x -> new ArrayList<>());
                if (!names.contains(f.getClass().getSimpleName())) {
                    names.add(f.getClass().getSimpleName());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        byKey.forEach((k, names) -> sb.append(k).append('\t').append(String.join(",", names)).append('\n'));
        return sb.toString();
    }

    /** The index resource {@code owner} carries, or "" when it has none (for the tests that check it). */
    public static String indexResource(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Parses the index with plain string scans: it is read once per JVM, in interpreted code, where a reader stack
     * (charset decoder, buffered line reader) and regex splitting cost more than the few hundred lines themselves.
     */
    private static <F> Map<String, int[]> readIndex(Class<?> owner, String resource, List<F> families) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < families.size(); i++) {
            position.put(families.get(i).getClass().getSimpleName(), i);
        }
        Map<String, int[]> index = new HashMap<>();
        String text;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return index; // no index: the first lookup registers every family
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry index " + resource, e);
        }
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int tab = text.indexOf('\t', start, end);
            if (tab >= 0) {
                int[] providers = providers(text, tab + 1, end, position);
                if (providers != null) {
                    index.put(text.substring(start, tab), providers);
                }
            }
            start = end + 1;
        }
        return index;
    }

    /** The positions of the comma-separated family names in {@code text[from, to)}, or null if one is unknown. */
    private static int[] providers(String text, int from, int to, Map<String, Integer> position) {
        int count = 1;
        for (int i = text.indexOf(',', from, to); i >= 0; i = text.indexOf(',', i + 1, to)) {
            count++;
        }
        int[] providers = new int[count];
        for (int k = 0; k < count; k++) {
            int comma = text.indexOf(',', from, to);
            int stop = comma < 0 ? to : comma;
            Integer p = position.get(text.substring(from, stop).trim());
            if (p == null) {
                return null;
            }
            providers[k] = p;
            from = stop + 1;
        }
        return providers;
    }
}
