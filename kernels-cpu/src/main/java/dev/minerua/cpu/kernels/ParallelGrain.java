package dev.minerua.cpu.kernels;

/**
 * Minimum work per parallel range of the non-GEMM kernels, in elements. Handing a range to a worker costs
 * a few microseconds (more when the worker has to be woken, and a worker descheduled mid-range keeps the
 * caller waiting), so a range must take clearly longer than that: about 32K elements of a memory-bound
 * operation (copy, add, relu) or 8K of a transcendental one. Smaller tensors stay on the calling thread.
 */
final class ParallelGrain {
    /** Elements per range of a cheap, memory-bound elementwise operation. */
    static final int CHEAP = 32 * 1024;
    /** Elements per range of an operation costing tens of cycles per element (exp, tanh, erf, sigmoid). */
    static final int TRANSCENDENTAL = 8 * 1024;

    private ParallelGrain() {
    }

    /** How many items of {@code itemCost} elements each make one range of at least {@code grain} elements. */
    static int items(long itemCost, int grain) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (grain + Math.max(1, itemCost) - 1) / Math.max(1, itemCost)));
    }
}
