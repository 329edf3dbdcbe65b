package dev.minerua.cpu;

import java.util.List;

/** A group of related CPU kernels that registers its factories. */
public interface KernelFamily {
    /** Where the op records live: families that register one op at a time name them by simple name. */
    String OP_RECORDS = "dev.minerua.ir.ops.";

    void register(CpuKernelRegistry registry);

    /**
     * Registers the kernel of the op record class named {@code opClass} alone and returns true, or registers
     * nothing and returns false: the family cannot register kernels one at a time (the default), or has none
     * for that op. Big families implement it so that a lazy registry links only the factories a model uses
     * (see {@code LazyFamilies}).
     */
    default boolean register(CpuKernelRegistry registry, String opClass) {
        return false;
    }

    /** The simple name of an op record class of {@link #OP_RECORDS}, or null for a class elsewhere. */
    static String opRecordName(String opClass) {
        return opClass.startsWith(OP_RECORDS) && opClass.indexOf('.', OP_RECORDS.length()) < 0
                ? opClass.substring(OP_RECORDS.length()) : null;
    }

    /**
     * A family that registers its kernels one at a time ({@link #registerOne}, a {@code switch} on the op record's
     * simple name whose cases each link one factory): the class-name check and the whole registration are
     * shared here.
     */
    interface OneAtATime extends KernelFamily {
        /** The op records (simple names in {@link #OP_RECORDS}) the family has kernels for. */
        List<String> operators();

        /** Registers the kernel of the op record named {@code name} (simple name) and returns true, or false: none. */
        boolean registerOne(CpuKernelRegistry registry, String name);

        @Override
        default boolean register(CpuKernelRegistry registry, String opClass) {
            String name = opRecordName(opClass);
            return name != null && registerOne(registry, name);
        }

        /** Each of {@link #operators()} in turn (one the family cannot register is a bug in its list). */
        @Override
        default void register(CpuKernelRegistry registry) {
            for (String op : operators()) {
                if (!registerOne(registry, op)) {
                    throw new IllegalStateException(getClass().getSimpleName() + " lists " + op
                            + " but cannot register it");
                }
            }
        }
    }
}
