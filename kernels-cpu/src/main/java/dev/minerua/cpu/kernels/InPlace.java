package dev.minerua.cpu.kernels;

/**
 * The in-place declarations ({@link dev.minerua.backend.Kernel#inPlaceInputs}) the CPU kernels share. A kernel
 * returns one of these only after checking that every path it takes reads an element of the input before it
 * writes that element of the output (vector loops over the same offsets qualify) and writes every element.
 */
final class InPlace {
    private InPlace() {
    }

    /** Output 0 may take input 0's storage (unary maps, row-wise normalizations). */
    static int[] firstInput(int output) {
        return output == 0 ? new int[] {0} : new int[0];
    }

    /** Output 0 may take input 0's storage, else input 1's (element-wise binary ops with broadcasting). */
    static int[] eitherInput(int output) {
        return output == 0 ? new int[] {0, 1} : new int[0];
    }
}
