package dev.minerua.plan;

import dev.minerua.ir.Node;

/** {@link InPlaceHints#NONE}: no output overwrites an input. */
final class NoInPlaceHints implements InPlaceHints {
    @Override
    public int[] inputsFor(Node node, int output) {
        return new int[0];
    }
}
