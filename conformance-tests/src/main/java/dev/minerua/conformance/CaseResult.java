package dev.minerua.conformance;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What happened to one case.
 *
 * @param suite        the suite (the folder the case was found in, e.g. {@code node})
 * @param name         the case name (e.g. {@code test_abs} or {@code light_resnet50})
 * @param status       passed, failed or skipped
 * @param reason       why it failed or was skipped, one line starting with its category
 *                     ({@code unsupported:}, {@code mismatch:}, {@code error:}, {@code load:}, {@code timeout:});
 *                     for passed cases null, or a note such as the shape-only check of a random op
 * @param opTypes      operator types used anywhere in the model, subgraphs included (sorted; {@code domain::Op}
 *                     for domains other than ai.onnx)
 * @param elementTypes element types of the graph's inputs and outputs (sorted, e.g. {@code float32},
 *                     {@code seq(int64)})
 * @param millis       wall time of the case, loading included
 * @param nodesOnDevice top-level nodes a device backend (not the CPU) ran, 0 on the CPU backend
 * @param nodeCount    top-level nodes of the session's graph, 0 when no session was made
 */
public record CaseResult(String suite, String name, CaseStatus status, String reason,
                         Set<String> opTypes, Set<String> elementTypes, long millis, int nodesOnDevice, int nodeCount) {

    /** A result without placement figures (CPU runs, cases that made no session). */
    public CaseResult(String suite, String name, CaseStatus status, String reason,
                      Set<String> opTypes, Set<String> elementTypes, long millis) {
        this(suite, name, status, reason, opTypes, elementTypes, millis, 0, 0);
    }

    public CaseResult {
        opTypes = Collections.unmodifiableSortedSet(new TreeSet<>(opTypes));
        elementTypes = Collections.unmodifiableSortedSet(new TreeSet<>(elementTypes));
    }

    /** The case id used in the manifest and reports: {@code suite/name}. */
    public String id() {
        return suite + "/" + name;
    }

    public boolean passed() {
        return status == CaseStatus.PASSED;
    }

    /** True when the case passed with every node on a device backend. */
    public boolean passedOnDevice() {
        return passed() && nodeCount > 0 && nodesOnDevice == nodeCount;
    }

    public boolean failed() {
        return status == CaseStatus.FAILED;
    }
}
