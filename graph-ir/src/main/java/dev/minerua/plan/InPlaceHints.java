package dev.minerua.plan;

import dev.minerua.ir.Node;

/**
 * Which inputs of a node an output may overwrite, as its kernel declares
 * ({@link dev.minerua.backend.Kernel#inPlaceInputs}); the planner decides which declarations it can honour.
 */
@FunctionalInterface
public interface InPlaceHints {
    /** No output overwrites an input. */
    InPlaceHints NONE = new NoInPlaceHints(); // a class, not a lambda: a fresh JVM's first session would spin one

    /** Candidate input indices for {@code node}'s output {@code output}, in order of preference. */
    int[] inputsFor(Node node, int output);

    /**
     * The value whose storage output {@code output} of {@code node} is written into (the output of a Concat
     * that reads it, when its producer writes it straight into its part of the Concat's output), or null.
     */
    default dev.minerua.ir.Value regionOf(Node node, int output) {
        return null;
    }
}
