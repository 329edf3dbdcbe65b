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
     * The whole registration of a family that registers kernels one at a time: each of {@code opRecords}
     * (simple names in {@link #OP_RECORDS}) in turn (one the family cannot register is a bug in its list).
     */
    static void registerEach(KernelFamily family, CpuKernelRegistry registry, List<String> opRecords) {
        for (String op : opRecords) {
            if (!family.register(registry, OP_RECORDS + op)) {
                throw new IllegalStateException(family.getClass().getSimpleName() + " lists " + op
                        + " but cannot register it");
            }
        }
    }
}
