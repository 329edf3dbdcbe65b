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
     * A family of one domain that registers its operators one at a time ({@link #registerOne}, a {@code switch}
     * whose cases each link one factory): the domain check and the whole registration are shared here.
     */
    interface OneAtATime extends OpFamily {
        /** The domain of every operator of the family (the default domain, ai.onnx, unless overridden). */
        default String domain() {
            return OpRegistry.ONNX_DOMAIN;
        }

        /** Every operator of the family, in registration order. */
        List<String> operators();

        /** Registers the factories of {@code opType} of {@link #domain()} and returns true, or returns false: none. */
        boolean registerOne(OpRegistry registry, String opType);

        @Override
        default boolean register(OpRegistry registry, String domain, String opType) {
            return domain.equals(domain()) && registerOne(registry, opType);
        }

        /** Each of {@link #operators()} in turn (one the family cannot register is a bug in its list). */
        @Override
        default void register(OpRegistry registry) {
            for (String op : operators()) {
                if (!registerOne(registry, op)) {
                    throw new IllegalStateException(getClass().getSimpleName() + " lists " + op
                            + " but cannot register it");
                }
            }
        }
    }
}
