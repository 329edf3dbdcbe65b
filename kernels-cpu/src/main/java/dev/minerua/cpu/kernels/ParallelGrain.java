package dev.minerua.cpu.kernels;

/**
 * Minimum work per parallel range of the non-GEMM kernels, in elements. Handing a range to a worker costs
 * a few microseconds (more when the worker has to be woken), so a range must take longer than that:
 * about 16K elements of a memory-bound operation (copy, add, relu) or 4K of a transcendental one.
 */
final class ParallelGrain {
    /** Elements per range of a cheap, memory-bound elementwise operation. */
    static final int CHEAP = 16 * 1024;
    /** Elements per range of an operation costing tens of cycles per element (exp, tanh, erf, sigmoid). */
    static final int TRANSCENDENTAL = 4 * 1024;

    private ParallelGrain() {
    }

    /** How many items of {@code itemCost} elements each make one range of at least {@code grain} elements. */
    static int items(long itemCost, int grain) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (grain + Math.max(1, itemCost) - 1) / Math.max(1, itemCost)));
    }
}
