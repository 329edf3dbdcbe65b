package dev.minerua.ir;

/** A group of related operators that registers its factories with a registry. */
public interface OpFamily {
    void register(OpRegistry registry);

    /**
     * Registers the factories of {@code domain.opType} alone and returns true, or registers nothing and returns
     * false: the family cannot register operators one at a time (the default), or has no such operator. Big
     * families implement it so that a lazy registry links only the factories a model uses (see
     * {@link LazyFamilies}).
     */
    default boolean register(OpRegistry registry, String domain, String opType) {
        return false;
    }
}
