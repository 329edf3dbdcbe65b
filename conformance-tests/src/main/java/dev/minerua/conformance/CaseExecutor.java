package dev.minerua.conformance;

import dev.minerua.runtime.Environment;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.runtime.ValueInfo;
import dev.minerua.runtime.io.OutputComparator;
import dev.minerua.runtime.io.ProtoValues;
import dev.minerua.runtime.io.TestDataSet;
import dev.minerua.runtime.io.Tolerance;
import dev.minerua.tensor.OnnxValue;
import dev.minerua.tensor.OptionalValue;
import dev.minerua.tensor.Tensor;
import dev.minerua.tensor.TensorSequence;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one case on the calling thread, with no timeout: load, prepare, feed each data set, compare every
 * expected output. Exceptions propagate; {@link ConformanceRunner} turns them into reasons.
 */
final class CaseExecutor implements CaseBody {
    private final Environment env;
    private final RunOptions options;

    CaseExecutor(Environment env, RunOptions options) {
        this.env = env;
        this.options = options;
    }

    /**
     * The outcome: null reason when every output matched; a {@code mismatch:} reason for the first output
     * that did not. For data sets whose outputs are random ({@link ModelFacts#randomFor}) only each output's
     * kind, element type and shape are checked, and a passing result carries a note saying so.
     */
    @Override
    public Outcome execute(ConformanceCase c, ModelFacts facts) throws Exception {
        Tolerance tol = CaseTolerances.of(c);
        try (Session session = env.createSession(c.model(), options.sessionOptions())) {
            Outcome o = run(c, facts, session, tol);
            int total = session.nodesPerBackend().values().stream().mapToInt(Integer::intValue).sum();
            int onDevice = session.nodesPerBackend().entrySet().stream().filter(e -> !e.getKey().equals("cpu"))
                    .mapToInt(Map.Entry::getValue).sum();
            return o.placed(onDevice, total);
        }
    }

    private Outcome run(ConformanceCase c, ModelFacts facts, Session session, Tolerance tol) throws Exception {
        boolean anyRandom = false;
        if (c.isLight()) {
            Map<String, OnnxValue> feeds = new LinkedHashMap<>();
            for (ValueInfo in : session.inputs()) {
                feeds.put(in.name(), LightInputs.generate(in));
            }
            ValueInfo out = session.outputs().getFirst();
            Map<String, OnnxValue> expected = Map.of(out.name(), ProtoValues.read(c.expectedOutput(), out.type()));
            anyRandom = facts.randomFor(feeds);
            String bad = compare(session, feeds, expected, tol, anyRandom, "");
            if (bad != null) {
                return Outcome.failed(bad);
            }
        } else {
            for (var dir : c.dataSets()) {
                TestDataSet data = TestDataSet.load(dir, session.inputs(), session.outputs());
                String where = c.dataSets().size() > 1 ? dir.getFileName() + ": " : "";
                boolean random = facts.randomFor(data.inputs());
                anyRandom |= random;
                String bad = compare(session, data.inputs(), data.expectedOutputs(), tol, random, where);
                if (bad != null) {
                    return Outcome.failed(bad);
                }
            }
        }
        return anyRandom ? Outcome.passed("nondeterministic op: checked output types and shapes only")
                : Outcome.passed(null);
    }

    /** Runs twice: the second run reuses the first one's buffers, so both must match. */
    private static String compare(Session session, Map<String, OnnxValue> feeds, Map<String, OnnxValue> expected,
                                  Tolerance tol, boolean shapesOnly, String where) {
        String bad = compareOnce(session, feeds, expected, tol, shapesOnly, where);
        return bad != null ? bad : compareOnce(session, feeds, expected, tol, shapesOnly, where + "second run: ");
    }

    private static String compareOnce(Session session, Map<String, OnnxValue> feeds, Map<String, OnnxValue> expected,
                                      Tolerance tol, boolean shapesOnly, String where) {
        try (Result result = session.run(feeds, List.copyOf(expected.keySet()))) {
            for (var e : expected.entrySet()) {
                OnnxValue actual = result.value(e.getKey());
                if (shapesOnly) {
                    String problem = structure(e.getValue(), actual);
                    if (problem != null) {
                        return "mismatch: " + where + "output '" + e.getKey() + "' " + problem;
                    }
                    continue;
                }
                String bad = valueMismatch(e.getKey(), e.getValue(), actual, tol);
                if (bad != null) {
                    return "mismatch: " + where + bad;
                }
            }
        }
        return null;
    }

    /**
     * Compares values within {@code tol}; null when they agree, else {@code output 'y' ...}: the first
     * structural problem (kind, type, shape; sequence elements are named {@code y[i]}), or the worst errors.
     */
    private static String valueMismatch(String name, OnnxValue expected, OnnxValue actual, Tolerance tol) {
        List<OutputComparator.Comparison> parts = OutputComparator.compare(name, expected, actual, tol);
        if (OutputComparator.allPassed(parts)) {
            return null;
        }
        for (OutputComparator.Comparison c : parts) {
            if (c.problem() != null) {
                return "output '" + c.name() + "' " + c.problem();
            }
        }
        double maxAbs = 0;
        double maxRel = 0;
        long bad = 0;
        for (OutputComparator.Comparison c : parts) {
            maxAbs = Math.max(maxAbs, c.maxAbs());
            maxRel = Math.max(maxRel, c.maxRel());
            bad += c.mismatches();
        }
        return String.format(Locale.ROOT, "output '%s' max_abs_err=%.3g max_rel_err=%.3g, %d of %d elements outside"
                + " rtol=%g atol=%g", name, maxAbs, maxRel, bad, elementCount(expected), tol.rtol(), tol.atol());
    }

    /** Compares kind, element type and shape only; null when they agree. */
    static String structure(OnnxValue expected, OnnxValue actual) {
        if (expected instanceof Tensor e && actual instanceof Tensor a) {
            if (e.type() != a.type()) {
                return "element type " + a.type() + ", expected " + e.type();
            }
            if (!Arrays.equals(e.dims(), a.dims())) {
                return "shape " + Arrays.toString(a.dims()) + ", expected " + Arrays.toString(e.dims());
            }
            return null;
        }
        if (expected instanceof TensorSequence e && actual instanceof TensorSequence a) {
            if (e.size() != a.size()) {
                return "sequence length " + a.size() + ", expected " + e.size();
            }
            for (int i = 0; i < e.size(); i++) {
                String p = structure(e.elements().get(i), a.elements().get(i));
                if (p != null) {
                    return "element " + i + ": " + p;
                }
            }
            return null;
        }
        if (expected instanceof OptionalValue e && actual instanceof OptionalValue a) {
            if (e.isPresent() != a.isPresent()) {
                return "optional is " + (a.isPresent() ? "present" : "empty") + ", expected the opposite";
            }
            return e.isPresent() ? structure(e.value(), a.value()) : null;
        }
        return "got " + kind(actual) + ", expected " + kind(expected);
    }

    private static String kind(OnnxValue v) {
        return v == null ? "nothing" : v.getClass().getSimpleName();
    }

    private static long elementCount(OnnxValue v) {
        if (v instanceof Tensor t) {
            return t.size();
        }
        if (v instanceof TensorSequence s) {
            long n = 0;
            for (OnnxValue x : s.elements()) {
                n += elementCount(x);
            }
            return n;
        }
        if (v instanceof OptionalValue o && o.isPresent()) {
            return elementCount(o.value());
        }
        return 0;
    }

    /** A case's verdict before timing and facts are attached. */
    record Outcome(CaseStatus status, String reason, int nodesOnDevice, int nodeCount) {
        Outcome(CaseStatus status, String reason) {
            this(status, reason, 0, 0);
        }

        /** The same outcome with where the top-level nodes ran. */
        Outcome placed(int onDevice, int total) {
            return new Outcome(status, reason, onDevice, total);
        }

        static Outcome passed(String note) {
            return new Outcome(CaseStatus.PASSED, note);
        }

        static Outcome failed(String reason) {
            return new Outcome(CaseStatus.FAILED, reason);
        }

        static Outcome skipped(String reason) {
            return new Outcome(CaseStatus.SKIPPED, reason);
        }
    }
}
