package dev.minerua.ir;

import java.util.List;

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

    /**
     * The whole registration of a family that registers operators one at a time: each of {@code operators} of
     * {@code domain} in turn (one the family cannot register is a bug in its list).
     */
    static void registerEach(OpFamily family, OpRegistry registry, String domain, List<String> operators) {
        for (String op : operators) {
            if (!family.register(registry, domain, op)) {
                throw new IllegalStateException(family.getClass().getSimpleName() + " lists " + op
                        + " but cannot register it");
            }
        }
    }
}
